import { sql, type Kysely } from 'kysely';
import { DEFAULT_CATEGORIES } from '../../core/requests/categories.ts';
import { CHINA_2026 } from '../../core/requests/china-2026.ts';
import { DEFAULT_REOPEN_WINDOW_DAYS } from '../../core/requests/state-machine.ts';
import { bytesType, notNull, numberType, withId, type DialectName } from '../dialect.ts';

// The request loop (诉求, issue 6): major projects and their milestones, the configuration (categories, the
// working-day calendar, settings; seeded with the demo's categories and China's 2026 calendar), requests with their
// timeline and attachments (bytes stored once per SHA-256), and the durable job table the overdue job runs from.
//
// A department's open list is the hot read: (department, open, deadline, id) answers "the open requests of X, most
// urgent first" from the index alone, at any table size. `open` is kept by the service with the state (1 until
// resolved or closed) because a partial index on state IN (…) is used by SQLite only when the query spells the
// same literal list, which a parameterised query does not.

const STATES = `'submitted', 'accepted', 'assigned', 'in_progress', 'escalated', 'resolved', 'confirmed', 'reopened', 'rejected', 'duplicate'`;

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const num = numberType(dialect);

  await withId(db.schema.createTable('project'), dialect)
    .addColumn('name', 'text', notNull)
    .addColumn('owner', 'text', notNull)
    .addColumn('department', 'text', notNull)
    .addColumn('uscc', 'text')
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('planning', 'active', 'suspended', 'completed')`),
    )
    .addColumn('description', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();

  await withId(db.schema.createTable('project_milestone'), dialect)
    .addColumn('project_id', 'integer', (col) => col.notNull().references('project.id'))
    .addColumn('name', 'text', notNull)
    .addColumn('owner', 'text', notNull)
    .addColumn('due_date', 'text', notNull)
    .addColumn('done_at', 'text')
    .addColumn('created_at', 'text', notNull)
    .execute();
  await db.schema
    .createIndex('project_milestone_project')
    .on('project_milestone')
    .columns(['project_id', 'due_date'])
    .execute();

  await db.schema
    .createTable('request_category')
    .addColumn('code', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', notNull)
    .addColumn('department', 'text', notNull)
    .addColumn('deadline_working_days', 'integer', notNull)
    .addColumn('description', 'text', notNull)
    .addColumn('keywords', 'text', notNull)
    .addColumn('group_name', 'text')
    .addColumn('position', 'integer', notNull)
    .addColumn('active', 'integer', notNull)
    .execute();

  await db.schema
    .createTable('request_calendar_day')
    .addColumn('date', 'text', (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('holiday', 'workday')`))
    .execute();

  await db.schema
    .createTable('request_setting')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('value', 'text', notNull)
    .execute();

  await withId(db.schema.createTable('request'), dialect)
    .addColumn('uscc', 'text', notNull)
    .addColumn('enterprise_id', 'integer', (col) => col.references('enterprise.id'))
    .addColumn('category', 'text', (col) => col.notNull().references('request_category.code'))
    .addColumn('title', 'text', notNull)
    .addColumn('description', 'text', notNull)
    .addColumn('channel', 'text', (col) => col.notNull().check(sql`channel in ('web', 'open311', 'phone', 'visit')`))
    .addColumn('state', 'text', (col) => col.notNull().check(sql.raw(`state in (${STATES})`)))
    .addColumn('open', 'integer', notNull)
    .addColumn('department', 'text')
    .addColumn('deadline', 'text')
    .addColumn('last_escalated_for', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('rating', 'integer', (col) => col.check(sql`rating between 1 and 5`))
    .addColumn('rating_comment', 'text')
    .addColumn('duplicate_of', 'integer', (col) => col.references('request.id'))
    .addColumn('project_id', 'integer', (col) => col.references('project.id'))
    .addColumn('status_notes', 'text')
    .addColumn('address', 'text')
    .addColumn('address_id', 'text')
    .addColumn('zipcode', 'text')
    .addColumn('lat', num)
    .addColumn('long', num)
    .addColumn('media_url', 'text')
    .addColumn('contact', 'text')
    .addColumn('attributes', 'text', notNull)
    .addColumn('public_token', 'text', (col) => col.notNull().unique())
    .addColumn('created_by', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .addColumn('version', 'integer', notNull)
    .execute();
  await db.schema
    .createIndex('request_department_open')
    .on('request')
    .columns(['department', 'open', 'deadline', 'id'])
    .execute();
  await db.schema.createIndex('request_open').on('request').columns(['open', 'id']).execute();
  // the overdue job: assigned or in progress, past the deadline
  await db.schema.createIndex('request_state_deadline').on('request').columns(['state', 'deadline']).execute();
  await db.schema.createIndex('request_uscc').on('request').columns(['uscc', 'id']).execute();
  await db.schema.createIndex('request_project').on('request').column('project_id').execute();

  await withId(db.schema.createTable('request_event'), dialect)
    .addColumn('request_id', 'integer', (col) => col.notNull().references('request.id'))
    .addColumn('action', 'text', notNull)
    .addColumn('from_state', 'text', notNull)
    .addColumn('to_state', 'text', notNull)
    .addColumn('actor', 'text', notNull)
    .addColumn('actor_kind', 'text', notNull)
    .addColumn('actor_name', 'text', notNull)
    .addColumn('at', 'text', notNull)
    .addColumn('note', 'text')
    .addColumn('data', 'text', notNull)
    .execute();
  await db.schema.createIndex('request_event_request').on('request_event').columns(['request_id', 'id']).execute();

  await db.schema
    .createTable('request_blob')
    .addColumn('sha256', 'text', (col) => col.primaryKey())
    .addColumn('size', 'integer', notNull)
    .addColumn('content', bytesType(dialect), notNull)
    .addColumn('created_at', 'text', notNull)
    .execute();

  await withId(db.schema.createTable('request_attachment'), dialect)
    .addColumn('request_id', 'integer', (col) => col.notNull().references('request.id'))
    .addColumn('sha256', 'text', (col) => col.notNull().references('request_blob.sha256'))
    .addColumn('name', 'text', notNull)
    .addColumn('content_type', 'text', notNull)
    .addColumn('size', 'integer', notNull)
    .addColumn('created_by', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('request_attachment_request').on('request_attachment').column('request_id').execute();

  await withId(db.schema.createTable('job'), dialect)
    .addColumn('kind', 'text', notNull)
    .addColumn('key', 'text', (col) => col.notNull().unique())
    .addColumn('payload', 'text', notNull)
    .addColumn('run_at', 'text', notNull)
    .addColumn('attempts', 'integer', notNull)
    .addColumn('max_attempts', 'integer', notNull)
    .addColumn('every_ms', 'integer')
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('done_at', 'text')
    .addColumn('failed', 'integer', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();
  // what a claim scans: the jobs not done, by when they are due
  await db.schema.createIndex('job_due').on('job').column('run_at').where(sql.ref('done_at'), 'is', null).execute();

  // Seeds: the demo's categories, China's 2026 calendar, the default reopen window. An administrator changes them.
  const loose = db as Kysely<Record<string, Record<string, unknown>>>;
  await loose
    .insertInto('request_category')
    .values(
      DEFAULT_CATEGORIES.map((c, i) => ({
        code: c.code,
        name: c.name,
        department: c.department,
        deadline_working_days: c.deadlineWorkingDays,
        description: c.description,
        keywords: JSON.stringify(c.keywords ?? []),
        group_name: c.group ?? null,
        position: i,
        active: 1,
      })),
    )
    .execute();
  await loose
    .insertInto('request_calendar_day')
    .values([
      ...CHINA_2026.holidays.map((date) => ({ date, kind: 'holiday' })),
      ...CHINA_2026.workdays.map((date) => ({ date, kind: 'workday' })),
    ])
    .execute();
  await loose
    .insertInto('request_setting')
    .values({ key: 'reopen_window_days', value: JSON.stringify(DEFAULT_REOPEN_WINDOW_DAYS) })
    .execute();
}
