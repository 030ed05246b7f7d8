import { sql, type Kysely } from 'kysely';
import { notNull, numberType, withId, type DialectName } from '../dialect.ts';

// Notifications to an enterprise: written when a published or withdrawn policy changes its match (newly eligible,
// amount changed, no longer eligible). Read newest first per enterprise, hence the (enterprise_id, id) index.

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const num = numberType(dialect);
  await withId(db.schema.createTable('notification'), dialect)
    .addColumn('enterprise_id', 'integer', (col) => col.notNull().references('enterprise.id'))
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('eligible', 'amount_changed', 'ineligible')`))
    .addColumn('policy_id', 'text', (col) => col.notNull().references('policy.id'))
    .addColumn('title', 'text', notNull)
    .addColumn('body', 'text', notNull)
    .addColumn('amount_min', num)
    .addColumn('amount_max', num)
    .addColumn('created_at', 'text', notNull)
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notification_enterprise').on('notification').columns(['enterprise_id', 'id']).execute();
}
