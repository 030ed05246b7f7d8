import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DialectName } from './dialect.ts';
import type { JobTable, Schema } from './schema.ts';

// All SQL of the durable job table (src/services/jobs/runner.ts explains the protocol). A claim is one statement
// that takes due, unleased jobs and writes the lease: on PostgreSQL the inner SELECT … FOR UPDATE SKIP LOCKED lets
// several workers claim at once without waiting on each other or taking the same job; on SQLite the UPDATE …
// RETURNING is atomic by itself (one writer at a time). Finishing a job is guarded by the lease holder, so a worker
// whose lease expired (and whose job another worker took) changes nothing.

type Db = Kysely<Schema>;

export type JobRow = Selectable<JobTable>;

/** Adds a job unless one with its key exists; the id when it was added. */
export async function insertJob(db: Db, row: Insertable<JobTable>): Promise<number | undefined> {
  const inserted = await db
    .insertInto('job')
    .values(row)
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted === undefined ? undefined : Number(inserted.id);
}

export async function findJobByKey(db: Db, key: string): Promise<JobRow | undefined> {
  return db.selectFrom('job').selectAll().where('key', '=', key).executeTakeFirst();
}

/** A recurring job's interval changed (a restart with another setting): take the new one, and run no later than
 *  one new interval from now. */
export async function updateRecurring(db: Db, key: string, everyMs: number, latest: string, at: string): Promise<void> {
  await db.updateTable('job').set({ every_ms: everyMs, updated_at: at }).where('key', '=', key).execute();
  await db
    .updateTable('job')
    .set({ run_at: latest, updated_at: at })
    .where('key', '=', key)
    .where('run_at', '>', latest)
    .execute();
}

export interface ClaimOptions {
  worker: string;
  now: string;
  leaseUntil: string;
  limit: number;
  kinds: readonly string[];
}

/** Leases up to `limit` due jobs of these kinds to the worker (attempts + 1), oldest due first. */
export async function claimJobs(db: Db, dialect: DialectName, options: ClaimOptions): Promise<JobRow[]> {
  if (options.kinds.length === 0 || options.limit <= 0) return [];
  let due = db
    .selectFrom('job')
    .select('id')
    .where('done_at', 'is', null)
    .where('run_at', '<=', options.now)
    .where('kind', 'in', options.kinds)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', options.now)]))
    .orderBy('run_at')
    .orderBy('id')
    .limit(options.limit);
  if (dialect === 'postgres') due = due.forUpdate().skipLocked();
  return db
    .updateTable('job')
    .set((eb) => ({
      locked_by: options.worker,
      locked_until: options.leaseUntil,
      attempts: eb('attempts', '+', 1),
      updated_at: options.now,
    }))
    .where('id', 'in', due)
    .returningAll()
    .execute();
}

/** Moves the lease on, if the worker still holds it. */
export async function extendLease(db: Db, id: number, worker: string, until: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('job')
    .set({ locked_until: until, updated_at: at })
    .where('id', '=', id)
    .where('locked_by', '=', worker)
    .where('done_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface JobOutcome {
  /** set: finished for good (done or failed for the last time) */
  doneAt: string | null;
  failed: boolean;
  /** when it runs next (retry or next recurrence); ignored when done */
  runAt?: string;
  /** reset to 0 for the next recurrence */
  resetAttempts: boolean;
  lastError: string | null | undefined;
  at: string;
}

/** Releases the worker's lease with the outcome; false when the lease was lost (another worker has the job). */
export async function finishJob(db: Db, id: number, worker: string, outcome: JobOutcome): Promise<boolean> {
  const result = await db
    .updateTable('job')
    .set({
      locked_by: null,
      locked_until: null,
      done_at: outcome.doneAt,
      failed: outcome.failed ? 1 : 0,
      updated_at: outcome.at,
      ...(outcome.runAt !== undefined ? { run_at: outcome.runAt } : {}),
      ...(outcome.resetAttempts ? { attempts: 0 } : {}),
      ...(outcome.lastError !== undefined ? { last_error: outcome.lastError } : {}),
    })
    .where('id', '=', id)
    .where('locked_by', '=', worker)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes jobs that succeeded before `before` (failed ones stay for an operator to read). */
export async function deleteFinishedJobs(db: Db, before: string): Promise<number> {
  const result = await db.deleteFrom('job').where('done_at', '<', before).where('failed', '=', 0).executeTakeFirst();
  return Number(result.numDeletedRows);
}
