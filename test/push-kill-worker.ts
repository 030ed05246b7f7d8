import { openDatabase } from '../src/db/database.ts';
import { PushWorker } from '../src/services/push/worker.ts';

// The outbox worker as its own process, for test/push-kill.test.ts to kill: delivers until nothing is pending,
// failed or held (it waits for the leases a killed worker left to run out), then exits 0. ZHIDA_KILL_DB names the
// database (a SQLite file, or the PostgreSQL URL with the schema in PGOPTIONS), ZHIDA_KILL_LEASE_MS the lease.

const database = await openDatabase(process.env.ZHIDA_KILL_DB!);
const worker = new PushWorker(database, {
  config: { batch: 40, concurrency: 4, leaseMs: Number(process.env.ZHIDA_KILL_LEASE_MS ?? 1500) },
  log: () => {},
});
for (;;) {
  const report = await worker.runDue();
  process.stdout.write(`${JSON.stringify(report)}\n`);
  if (report.claimed > 0) continue;
  const open = await database.db
    .selectFrom('push_outbox')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('state', 'in', ['pending', 'failed', 'delivering'])
    .executeTakeFirstOrThrow();
  if (Number(open.n) === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
await database.close();
