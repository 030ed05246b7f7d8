import { sql, type Kysely } from 'kysely';
import { notNull, numberType, withId, type DialectName } from '../dialect.ts';

// Rules: each policy with its status and the columns lists filter on, every published version of its JSON (old
// versions are kept), and the matches the bulk matcher computes (one row per policy, enterprise and year).

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const num = numberType(dialect);

  await db.schema
    .createTable('policy')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('title', 'text', notNull)
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('draft', 'published', 'withdrawn')`))
    .addColumn('current_version', 'integer', notNull)
    .addColumn('regions', 'text', notNull)
    .addColumn('stacking_group', 'text')
    .addColumn('auto_grant', 'integer', notNull)
    .addColumn('valid_from', 'text')
    .addColumn('valid_to', 'text')
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('policy_status').on('policy').column('status').execute();

  await withId(db.schema.createTable('policy_version'), dialect)
    .addColumn('policy_id', 'text', (col) => col.notNull().references('policy.id'))
    .addColumn('version', 'integer', notNull)
    .addColumn('json', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('created_by', 'text', notNull)
    .addUniqueConstraint('policy_version_number', ['policy_id', 'version'])
    .execute();

  await withId(db.schema.createTable('policy_match'), dialect)
    .addColumn('policy_id', 'text', (col) => col.notNull().references('policy.id'))
    .addColumn('policy_version', 'integer', notNull)
    .addColumn('enterprise_id', 'integer', (col) => col.notNull().references('enterprise.id'))
    .addColumn('year', 'integer', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('amount_min', num)
    .addColumn('amount_max', num)
    .addColumn('missing', 'text', notNull)
    .addColumn('computed_at', 'text', notNull)
    .addUniqueConstraint('policy_match_subject', ['policy_id', 'enterprise_id', 'year'])
    .execute();
  await db.schema
    .createIndex('policy_match_enterprise')
    .on('policy_match')
    .columns(['enterprise_id', 'year'])
    .execute();
}
