import { ZhidaError } from '../../core/errors.ts';
import { needsEscalation } from '../../core/requests/overdue.ts';
import type { Database } from '../../db/database.ts';
import { overdueCandidates } from '../../db/requests.repository.ts';
import { JobRunner, scheduleRecurring, type JobRunnerOptions } from '../jobs/runner.ts';
import { SYSTEM_CALLER } from './access.ts';
import { applyActions } from './requests.ts';

// Overdue detection (督办) as a durable recurring job. Each run escalates every request that is past its deadline
// and not yet escalated for that deadline, one transition each (event and audit row included) under the request's
// optimistic lock. It never escalates one request twice for one deadline, however runs overlap or restart:
//   - the query skips requests whose last_escalated_for is their deadline, and the state machine refuses them
//     (request.already_escalated);
//   - two runs that pick the same request race on its version: one escalates, the other gets request.conflict and
//     skips it;
//   - a run killed halfway leaves the escalations it committed; the job's lease runs out and the next run (here or
//     in another process) does the rest.

export const OVERDUE_JOB = 'requests.overdue';
/** Every minute unless configured (`zhida serve --overdue-every SECONDS`, ZHIDA_OVERDUE_EVERY_SECONDS). */
export const DEFAULT_OVERDUE_EVERY_MS = 60_000;

export interface OverdueReport {
  escalated: number[];
  /** refused by the machine or overtaken by another writer: escalated already, or no longer overdue */
  skipped: number[];
}

const SKIPPED = new Set(['request.conflict', 'request.already_escalated', 'request.illegal_transition']);

/** Escalates every overdue request not yet escalated for its deadline, most overdue first, in batches. */
export async function escalateOverdue(
  database: Database,
  now = new Date(),
  options: { batch?: number; signal?: AbortSignal; onBatch?: () => Promise<unknown> } = {},
): Promise<OverdueReport> {
  const batch = options.batch ?? 200;
  const report: OverdueReport = { escalated: [], skipped: [] };
  const seen = new Set<number>();
  for (;;) {
    const candidates = (await overdueCandidates(database.db, now.toISOString(), batch)).filter(
      (row) => !seen.has(Number(row.id)),
    );
    if (candidates.length === 0) break;
    for (const row of candidates) {
      const id = Number(row.id);
      seen.add(id);
      const snapshot = { state: row.state, deadline: row.deadline, lastEscalatedFor: row.last_escalated_for };
      if (!needsEscalation(snapshot, now)) continue;
      try {
        await applyActions(database, SYSTEM_CALLER, id, () => [{ type: 'escalate', deadline: row.deadline! }], {
          expectedVersion: row.version,
          now,
        });
        report.escalated.push(id);
      } catch (error) {
        if (!(error instanceof ZhidaError) || !SKIPPED.has(error.id)) throw error;
        report.skipped.push(id);
      }
    }
    await options.onBatch?.();
    if (options.signal?.aborted) break;
  }
  return report;
}

/** The handlers of the request loop's jobs, for a JobRunner. */
export function requestJobHandlers(database: Database): JobRunnerOptions['handlers'] {
  return {
    [OVERDUE_JOB]: async (_payload, context) => {
      await escalateOverdue(database, context.now, {
        signal: context.signal,
        onBatch: () => context.extendLease(),
      });
    },
  };
}

/**
 * What `zhida serve` starts: the overdue job scheduled every `everyMs` (one row, shared by every process on the
 * database) and a runner for it. stop() lets a run in progress finish its current request.
 */
export async function startRequestJobs(
  database: Database,
  options: { everyMs?: number; log?: JobRunnerOptions['log'] } = {},
): Promise<JobRunner> {
  const everyMs = options.everyMs ?? DEFAULT_OVERDUE_EVERY_MS;
  await scheduleRecurring(database, OVERDUE_JOB, everyMs);
  const runner = new JobRunner(database, {
    handlers: requestJobHandlers(database),
    pollMs: Math.min(1000, everyMs),
    ...(options.log ? { log: options.log } : {}),
  });
  runner.start();
  return runner;
}
