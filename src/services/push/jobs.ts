import type { Database } from '../../db/database.ts';
import { JobRunner, scheduleRecurring, type JobRunnerOptions } from '../jobs/runner.ts';
import { pushConfigFromEnv, type PushConfig } from './config.ts';
import { DIGEST_JOB, runDigests } from './digests.ts';
import { PushWorker, wakePushWorkers, type PushWorkerOptions } from './worker.ts';

// What `zhida serve` starts for push: the outbox worker, and the digest job on the durable job runner
// (services/jobs) every few minutes (one row shared by every process on the database).

export const DEFAULT_DIGEST_EVERY_MS = 5 * 60_000;

export interface PushJobs {
  worker: PushWorker;
  runner: JobRunner;
  stop(): Promise<void>;
}

export async function startPushJobs(
  database: Database,
  options: {
    config?: PushConfig;
    digestEveryMs?: number;
    log?: JobRunnerOptions['log'];
    worker?: Omit<PushWorkerOptions, 'config' | 'log'>;
  } = {},
): Promise<PushJobs> {
  const config = options.config ?? pushConfigFromEnv();
  const everyMs = options.digestEveryMs ?? DEFAULT_DIGEST_EVERY_MS;
  await scheduleRecurring(database, DIGEST_JOB, everyMs);
  const runner = new JobRunner(database, {
    handlers: {
      [DIGEST_JOB]: async (_payload, context) => {
        const report = await runDigests(database, context.now, { maxAttempts: config.maxAttempts });
        if (report.deliveries > 0) wakePushWorkers();
      },
    },
    pollMs: Math.min(1000, everyMs),
    ...(options.log ? { log: options.log } : {}),
  });
  const worker = new PushWorker(database, { ...options.worker, config, ...(options.log ? { log: options.log } : {}) });
  runner.start();
  worker.start();
  return {
    worker,
    runner,
    stop: async () => {
      await Promise.all([runner.stop(), worker.stop()]);
    },
  };
}
