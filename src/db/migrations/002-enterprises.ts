import type { Kysely } from 'kysely';
import { notNull, numberType, withId, type DialectName } from '../dialect.ts';

// Enterprise profiles: the facts each source gave (never overwritten, each with its provenance), the merged
// profile they make (one row per enterprise, with the columns matching filters on), and the import batches.

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const num = numberType(dialect);

  await withId(db.schema.createTable('enterprise_import'), dialect)
    .addColumn('file_name', 'text', notNull)
    .addColumn('sha256', 'text', notNull)
    .addColumn('source', 'text', notNull)
    .addColumn('as_of', 'text', notNull)
    .addColumn('authoritative', 'integer', notNull)
    .addColumn('started_at', 'text', notNull)
    .addColumn('rows', 'integer', notNull)
    .addColumn('accepted', 'integer', notNull)
    .addColumn('rejected', 'integer', notNull)
    .addColumn('actor', 'text', notNull)
    .execute();
  await db.schema.createIndex('enterprise_import_sha256').on('enterprise_import').column('sha256').execute();

  await withId(db.schema.createTable('enterprise'), dialect)
    .addColumn('uscc', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', notNull)
    .addColumn('region', 'text', notNull)
    .addColumn('industry', 'text')
    .addColumn('founded', 'text')
    .addColumn('employees', 'integer')
    .addColumn('size_class', 'text')
    .addColumn('profile', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('enterprise_region').on('enterprise').column('region').execute();
  await db.schema.createIndex('enterprise_industry').on('enterprise').column('industry').execute();

  await withId(db.schema.createTable('enterprise_fact'), dialect)
    .addColumn('enterprise_id', 'integer', (col) => col.notNull().references('enterprise.id'))
    .addColumn('key', 'text', notNull)
    .addColumn('year', 'integer')
    .addColumn('value_num', num)
    .addColumn('value_text', 'text')
    .addColumn('source', 'text', notNull)
    .addColumn('as_of', 'text', notNull)
    .addColumn('authoritative', 'integer', notNull)
    .addColumn('batch_id', 'integer', (col) => col.references('enterprise_import.id'))
    .addColumn('recorded_at', 'text', notNull)
    .execute();
  await db.schema
    .createIndex('enterprise_fact_enterprise_key')
    .on('enterprise_fact')
    .columns(['enterprise_id', 'key'])
    .execute();
}
