import { sql, type Kysely } from 'kysely';
import { notNull, numberType, withId, type DialectName } from '../dialect.ts';

// Push and 免申即享 (issue 7).
//
// - push_subscription: what an enterprise wants to be told (topics, regions, minimum amount), where (its contact
//   e-mail, a webhook URL and secret; the inbox always) and how often (immediate, daily or weekly digests).
// - push_batch / push_change: every change a trigger found (a policy published or withdrawn, facts imported, a
//   profile edited, a grant list pushed), one row per enterprise and policy, with the words it is told in.
// - push_outbox: one delivery per (change or digest, channel, recipient), unique by its idempotency key. A row is
//   due while next_attempt_at ≤ now: pending and failed rows wait for it, a delivering row's next_attempt_at is the
//   end of its worker's lease (a killed worker's rows come due again). Delivered and dead rows have none, so the
//   claim reads one index range.
// - notification.idempotency_key: an inbox delivery inserts at most one notification per key.
// - grant_list / grant_entry: 免申即享 lists, one per run of an auto-grant policy version, with their entries.
//
// push_change and push_outbox carry no foreign keys: a publish that reaches 100,000 enterprises writes 100,000 rows
// to each, and PostgreSQL checks a foreign key with a trigger per row (measured: recording 100,000 changes and their
// inbox deliveries took 8.2 s with them, 3.0 s without). Their rows are written only from ids read in the same
// transaction (matched enterprises, published policies), and enterprises and policies are never deleted.

const CHANGE_KINDS = `'eligible', 'amount_changed', 'ineligible', 'grant'`;

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const num = numberType(dialect);

  await withId(db.schema.createTable('push_subscription'), dialect)
    .addColumn('enterprise_id', 'integer', (col) => col.notNull().unique().references('enterprise.id'))
    .addColumn('topics', 'text', notNull)
    .addColumn('regions', 'text', notNull)
    .addColumn('min_amount', num)
    .addColumn('email', 'text')
    .addColumn('webhook_url', 'text')
    .addColumn('webhook_secret', 'text')
    .addColumn('frequency', 'text', (col) => col.notNull().check(sql`frequency in ('immediate', 'daily', 'weekly')`))
    .addColumn('digest_from', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();

  await withId(db.schema.createTable('push_batch'), dialect)
    .addColumn('cause', 'text', (col) =>
      col.notNull().check(sql`cause in ('policy', 'withdraw', 'facts', 'profile', 'grant')`),
    )
    .addColumn('subject', 'text')
    .addColumn('actor', 'text', notNull)
    .addColumn('year', 'integer')
    .addColumn('changes', 'integer', notNull)
    .addColumn('created_at', 'text', notNull)
    .execute();

  await withId(db.schema.createTable('push_change'), dialect)
    .addColumn('batch_id', 'integer', notNull)
    .addColumn('enterprise_id', 'integer', notNull)
    .addColumn('policy_id', 'text', notNull)
    .addColumn('kind', 'text', (col) => col.notNull().check(sql.raw(`kind in (${CHANGE_KINDS})`)))
    .addColumn('year', 'integer')
    .addColumn('title', 'text', notNull)
    .addColumn('body', 'text', notNull)
    .addColumn('amount_min', num)
    .addColumn('amount_max', num)
    .addColumn('before_min', num)
    .addColumn('before_max', num)
    .addColumn('created_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('push_change_batch').on('push_change').column('batch_id').execute();
  // A digest reads one enterprise's changes of a period.
  await db.schema
    .createIndex('push_change_enterprise')
    .on('push_change')
    .columns(['enterprise_id', 'created_at'])
    .execute();

  await withId(db.schema.createTable('push_outbox'), dialect)
    .addColumn('key', 'text', (col) => col.notNull().unique())
    .addColumn('channel', 'text', (col) => col.notNull().check(sql`channel in ('inbox', 'email', 'webhook')`))
    .addColumn('enterprise_id', 'integer', notNull)
    .addColumn('change_id', 'integer')
    .addColumn('payload', 'text')
    .addColumn('recipient', 'text', notNull)
    .addColumn('state', 'text', (col) =>
      col.notNull().check(sql`state in ('pending', 'delivering', 'delivered', 'failed', 'dead')`),
    )
    .addColumn('attempts', 'integer', notNull)
    .addColumn('max_attempts', 'integer', notNull)
    .addColumn('next_attempt_at', 'text')
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .addColumn('delivered_at', 'text')
    .execute();
  await db.schema.createIndex('push_outbox_due').on('push_outbox').column('next_attempt_at').execute();
  await db.schema.createIndex('push_outbox_change').on('push_outbox').column('change_id').execute();
  // Dead letters, for the administrator's list: a partial index, so the many live rows never maintain it.
  await db.schema
    .createIndex('push_outbox_dead')
    .on('push_outbox')
    .column('id')
    .where(sql.ref('state'), '=', sql.lit('dead'))
    .execute();

  await db.schema.alterTable('notification').addColumn('idempotency_key', 'text').execute();
  await db.schema
    .createIndex('notification_idempotency_key')
    .on('notification')
    .column('idempotency_key')
    .unique()
    .execute();

  await withId(db.schema.createTable('grant_list'), dialect)
    .addColumn('policy_id', 'text', (col) => col.notNull().references('policy.id'))
    .addColumn('policy_version', 'integer', notNull)
    .addColumn('run', 'integer', notNull)
    .addColumn('year', 'integer', notNull)
    .addColumn('title', 'text', notNull)
    .addColumn('regions', 'text', notNull)
    .addColumn('state', 'text', (col) =>
      col.notNull().check(sql`state in ('compared', 'pushed', 'confirming', 'paying', 'published', 'archived')`),
    )
    .addColumn('respond_by', 'text')
    .addColumn('created_by', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .addColumn('frozen_at', 'text')
    .addColumn('published_at', 'text')
    .addColumn('archived_at', 'text')
    .addColumn('version', 'integer', notNull)
    .addUniqueConstraint('grant_list_run', ['policy_id', 'policy_version', 'run'])
    .execute();

  await withId(db.schema.createTable('grant_entry'), dialect)
    .addColumn('list_id', 'integer', (col) => col.notNull().references('grant_list.id'))
    .addColumn('enterprise_id', 'integer', (col) => col.notNull().references('enterprise.id'))
    .addColumn('uscc', 'text', notNull)
    .addColumn('name', 'text', notNull)
    .addColumn('region', 'text', notNull)
    .addColumn('industry', 'text')
    .addColumn('amount_min', num)
    .addColumn('amount_max', num)
    .addColumn('excluded', 'integer', notNull)
    .addColumn('exclude_reason', 'text')
    .addColumn('response', 'text', (col) =>
      col.notNull().check(sql`response in ('pending', 'accepted', 'declined', 'no_response')`),
    )
    .addColumn('response_reason', 'text')
    .addColumn('responded_at', 'text')
    .addColumn('responded_by', 'text')
    .addColumn('payment', 'text', (col) => col.notNull().check(sql`payment in ('none', 'pending', 'paid', 'failed')`))
    .addColumn('paid_amount', num)
    .addColumn('paid_on', 'text')
    .addColumn('payment_reference', 'text')
    .addColumn('payment_reason', 'text')
    .addColumn('payment_at', 'text')
    .addColumn('updated_at', 'text', notNull)
    .addUniqueConstraint('grant_entry_enterprise', ['list_id', 'enterprise_id'])
    .execute();
  await db.schema.createIndex('grant_entry_enterprise_id').on('grant_entry').column('enterprise_id').execute();
}
