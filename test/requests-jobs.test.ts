import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimJobs, finishJob } from '../src/db/jobs.repository.ts';
import { enqueueJob, JobRunner, recurringKey, scheduleRecurring } from '../src/services/jobs/runner.ts';
import { SYSTEM_CALLER } from '../src/services/requests/access.ts';
import {
  escalateOverdue,
  OVERDUE_JOB,
  requestJobHandlers,
  startRequestJobs,
} from '../src/services/requests/overdue.ts';
import { applyActions, fileRequest, requestDetail, transitionRequest } from '../src/services/requests/requests.ts';
import { countRows, DIALECTS } from './helpers/databases.ts';
import { DAY, later, MONDAY, requestsFixture, type RequestsFixture } from './helpers/requests.ts';

// The durable job runner (src/services/jobs/runner.ts) and the overdue job on it: idempotent enqueueing, claims
// that never hand one job to two workers, leases that let another worker take over a dead one's job, retries with
// backoff, recurring jobs — and escalations that happen once per deadline however the job is run.

describe.each(DIALECTS)('jobs and the overdue job on %s', (dialect) => {
  let f: RequestsFixture;
  let db: RequestsFixture['database'];

  beforeAll(async () => {
    f = await requestsFixture(dialect);
    db = f.database;
  });
  afterAll(async () => {
    await db.drop();
  });

  const quiet = () => {};

  function clockAt(start: Date) {
    let now = start.getTime();
    return {
      clock: () => new Date(now),
      advance: (ms: number) => {
        now += ms;
      },
    };
  }

  it('enqueues a key once', async () => {
    expect(await enqueueJob(db.db, 'test.once', { n: 1 }, { key: 'once:1' })).toEqual({ created: true, key: 'once:1' });
    expect(await enqueueJob(db.db, 'test.once', { n: 2 }, { key: 'once:1' })).toEqual({
      created: false,
      key: 'once:1',
    });
    const rows = await db.db.selectFrom('job').selectAll().where('kind', '=', 'test.once').execute();
    expect(rows.map((r) => JSON.parse(r.payload))).toEqual([{ n: 1 }]);
  });

  it('hands each job to one of two workers claiming at once', async () => {
    for (let i = 0; i < 30; i++) await enqueueJob(db.db, 'test.share', { i });
    const ran: number[] = [];
    const handler = async (payload: unknown) => {
      ran.push((payload as { i: number }).i);
      await new Promise((resolve) => setTimeout(resolve, 1));
    };
    const runners = ['a', 'b'].map(
      (id) => new JobRunner(db, { handlers: { 'test.share': handler }, workerId: id, batch: 4, log: quiet }),
    );
    const drain = async (runner: JobRunner) => {
      let claimed = 0;
      for (;;) {
        const report = await runner.runDue();
        claimed += report.claimed;
        if (report.claimed === 0) return claimed;
      }
    };
    const claimed = await Promise.all(runners.map(drain));
    expect(claimed[0]! + claimed[1]!).toBe(30);
    expect([...ran].sort((x, y) => x - y)).toEqual([...Array(30).keys()]);
    const left = await db.db
      .selectFrom('job')
      .select('id')
      .where('kind', '=', 'test.share')
      .where('done_at', 'is', null)
      .execute();
    expect(left).toEqual([]);
  });

  it("takes over a dead worker's job when its lease runs out; the dead worker's late finish changes nothing", async () => {
    const start = new Date('2026-05-11T00:00:00Z');
    await enqueueJob(db.db, 'test.lease', { x: 1 }, { key: 'lease:1', runAt: start });
    const [taken] = await claimJobs(db.db, db.dialect, {
      worker: 'dead',
      now: start.toISOString(),
      leaseUntil: later(start, 60_000).toISOString(),
      limit: 1,
      kinds: ['test.lease'],
    });
    expect(taken).toMatchObject({ key: 'lease:1', locked_by: 'dead', attempts: 1 });
    const time = clockAt(later(start, 30_000));
    const ran: string[] = [];
    const runner = new JobRunner(db, {
      handlers: { 'test.lease': async () => void ran.push('ran') },
      workerId: 'alive',
      clock: time.clock,
      log: quiet,
    });
    expect((await runner.runDue()).claimed).toBe(0);
    time.advance(31_000);
    expect(await runner.runDue()).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(ran).toEqual(['ran']);
    const late = await finishJob(db.db, Number(taken!.id), 'dead', {
      doneAt: null,
      failed: true,
      resetAttempts: false,
      lastError: 'late',
      at: later(start, 90_000).toISOString(),
    });
    expect(late).toBe(false);
    const row = await db.db.selectFrom('job').selectAll().where('key', '=', 'lease:1').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ attempts: 2, failed: 0, locked_by: null, last_error: null });
    expect(row.done_at).not.toBeNull();
  });

  it('retries a failing job with backoff, then marks it failed after its attempts', async () => {
    const start = new Date('2026-05-11T01:00:00Z');
    const time = clockAt(start);
    let calls = 0;
    const runner = new JobRunner(db, {
      handlers: {
        'test.flaky': async () => {
          calls += 1;
          if (calls < 3) throw new Error(`failure ${calls}`);
        },
        'test.broken': async () => {
          throw new Error('always');
        },
      },
      clock: time.clock,
      backoffMs: (attempt) => attempt * 1000,
      log: quiet,
    });
    await enqueueJob(db.db, 'test.flaky', null, { key: 'flaky', runAt: start });
    await enqueueJob(db.db, 'test.broken', null, { key: 'broken', runAt: start, maxAttempts: 2 });
    expect(await runner.runDue()).toMatchObject({ claimed: 2, failed: 2 });
    expect(await runner.runDue()).toMatchObject({ claimed: 0 });
    time.advance(1000);
    // both again: flaky fails a second time (next try in 2 s), broken has had its two attempts
    expect(await runner.runDue()).toMatchObject({ claimed: 2, failed: 2 });
    time.advance(1000);
    expect((await runner.runDue()).claimed).toBe(0);
    time.advance(1000);
    expect(await runner.runDue()).toMatchObject({ claimed: 1, succeeded: 1 });
    const rows = await db.db
      .selectFrom('job')
      .selectAll()
      .where('key', 'in', ['flaky', 'broken'])
      .orderBy('key')
      .execute();
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey.flaky).toMatchObject({ attempts: 3, failed: 0, last_error: 'Error: failure 2' });
    expect(byKey.flaky!.done_at).not.toBeNull();
    expect(byKey.broken).toMatchObject({ attempts: 2, failed: 1, last_error: 'Error: always' });
    expect(byKey.broken!.done_at).not.toBeNull();
    expect(calls).toBe(3);
  });

  it('keeps one row per recurring kind and runs it again each interval', async () => {
    const start = new Date('2026-05-11T02:00:00Z');
    await scheduleRecurring(db, 'test.tick', 60_000, { now: start });
    await scheduleRecurring(db, 'test.tick', 60_000, { now: start });
    const time = clockAt(start);
    let ticks = 0;
    const runner = new JobRunner(db, {
      handlers: { 'test.tick': async () => void (ticks += 1) },
      clock: time.clock,
      log: quiet,
    });
    await runner.runDue();
    await runner.runDue();
    time.advance(30_000);
    await runner.runDue();
    time.advance(31_000);
    await runner.runDue();
    expect(ticks).toBe(2);
    const rows = await db.db.selectFrom('job').selectAll().where('kind', '=', 'test.tick').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ key: recurringKey('test.tick'), done_at: null, every_ms: 60_000, attempts: 0 });
    // a restart with a shorter interval takes effect at once
    await scheduleRecurring(db, 'test.tick', 5_000, { now: time.clock() });
    time.advance(5_000);
    await runner.runDue();
    expect(ticks).toBe(3);
  });

  /** Requests assigned on Monday with a deadline on Tuesday (one of them started), and one resolved in time. */
  async function overdueRequests(count: number) {
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const request = await fileRequest(db, f.callers.entA, { category: 'land', description: `超期 ${i}` }, MONDAY);
      await transitionRequest(db, f.callers.coordinator, request.id, { action: 'accept' }, MONDAY);
      await transitionRequest(
        db,
        f.callers.coordinator,
        request.id,
        { action: 'assign', deadline: later(MONDAY, DAY).toISOString() },
        MONDAY,
      );
      if (i % 2 === 1) await transitionRequest(db, f.callers.land, request.id, { action: 'start' }, MONDAY);
      ids.push(request.id);
    }
    return ids;
  }

  async function escalations(ids: number[]) {
    const rows = await db.db
      .selectFrom('request_event')
      .select(['request_id', 'data', 'actor'])
      .where('action', '=', 'escalate')
      .where('request_id', 'in', ids)
      .execute();
    return rows;
  }

  it('escalates each overdue request once per deadline, however often it runs', async () => {
    const ids = await overdueRequests(4);
    const done = await fileRequest(db, f.callers.entA, { category: 'land', description: '按期办结' }, MONDAY);
    await transitionRequest(db, f.callers.coordinator, done.id, { action: 'accept' }, MONDAY);
    await transitionRequest(db, f.callers.coordinator, done.id, { action: 'assign' }, MONDAY);
    await transitionRequest(db, f.callers.land, done.id, { action: 'resolve', note: '已办结' }, MONDAY);
    const before = later(MONDAY, DAY / 2);
    expect((await escalateOverdue(db, before)).escalated.filter((id) => ids.includes(id))).toEqual([]);
    const after = later(MONDAY, 2 * DAY);
    const first = await escalateOverdue(db, after);
    expect(first.escalated.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
    expect(first.escalated).not.toContain(done.id);
    expect((await escalateOverdue(db, after)).escalated).toEqual([]);
    expect((await escalateOverdue(db, later(after, DAY))).escalated).toEqual([]);
    const events = await escalations(ids);
    expect(events).toHaveLength(4);
    expect(events.every((e) => e.actor === 'system:overdue')).toBe(true);
    const detail = await requestDetail(db, f.callers.coordinator, ids[0]!, after);
    expect(detail).toMatchObject({ state: 'escalated', lastEscalatedFor: later(MONDAY, DAY).toISOString() });
    expect(detail.events.at(-1)).toMatchObject({ action: 'escalate', actorKind: 'system', actorName: '超期督办任务' });
    const audit = await db.db
      .selectFrom('audit_log')
      .select('actor')
      .where('action', '=', 'request.escalate')
      .where('entity_id', 'in', ids.map(String))
      .execute();
    expect(audit).toHaveLength(4);
    // a new deadline (reassigned, then overdue again): escalated once more, for that deadline
    await transitionRequest(
      db,
      f.callers.coordinator,
      ids[0]!,
      { action: 'reassign', deadline: later(after, DAY).toISOString() },
      after,
    );
    const again = await escalateOverdue(db, later(after, 2 * DAY));
    expect(again.escalated).toEqual([ids[0]]);
    expect(await escalations(ids)).toHaveLength(5);
  });

  it('never escalates twice when two runs overlap, or two runners race for the job', async () => {
    const ids = await overdueRequests(6);
    const at = later(MONDAY, 2 * DAY);
    const [a, b] = await Promise.all([escalateOverdue(db, at), escalateOverdue(db, at)]);
    const mine = (list: number[]) => list.filter((id) => ids.includes(id));
    expect([...mine(a.escalated), ...mine(b.escalated)].sort()).toEqual([...ids].sort());
    expect(await escalations(ids)).toHaveLength(6);

    const more = await overdueRequests(4);
    const start = later(MONDAY, 3 * DAY);
    await scheduleRecurring(db, OVERDUE_JOB, 60_000, { now: start });
    const runners = ['one', 'two'].map(
      (id) => new JobRunner(db, { handlers: requestJobHandlers(db), workerId: id, clock: () => start, log: quiet }),
    );
    const reports = await Promise.all(runners.map((r) => r.runDue()));
    expect(reports.map((r) => r.claimed).sort()).toEqual([0, 1]);
    expect(await escalations(more)).toHaveLength(4);
  });

  it('finishes after a crash: the next runner takes the expired lease and escalates only what is left', async () => {
    const ids = await overdueRequests(4);
    const start = later(MONDAY, 10 * DAY);
    await scheduleRecurring(db, OVERDUE_JOB, 60_000, { now: start });
    await db.db
      .updateTable('job')
      .set({ run_at: start.toISOString() })
      .where('key', '=', recurringKey(OVERDUE_JOB))
      .execute();
    // a worker claims the job, escalates one request and dies without finishing
    const [claimed] = await claimJobs(db.db, db.dialect, {
      worker: 'crashed',
      now: start.toISOString(),
      leaseUntil: later(start, 60_000).toISOString(),
      limit: 1,
      kinds: [OVERDUE_JOB],
    });
    expect(claimed?.kind).toBe(OVERDUE_JOB);
    const row = await db.db.selectFrom('request').selectAll().where('id', '=', ids[0]!).executeTakeFirstOrThrow();
    await applyActions(db, SYSTEM_CALLER, ids[0]!, () => [{ type: 'escalate', deadline: row.deadline! }], {
      now: start,
    });
    const time = clockAt(later(start, 10_000));
    const runner = new JobRunner(db, { handlers: requestJobHandlers(db), clock: time.clock, log: quiet });
    expect((await runner.runDue()).claimed).toBe(0); // still leased
    time.advance(60_000);
    expect(await runner.runDue()).toMatchObject({ claimed: 1, succeeded: 1 });
    const events = await escalations(ids);
    expect(events.map((e) => e.request_id).sort()).toEqual([...ids].sort());
    time.advance(60_000);
    expect(await runner.runDue()).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(await escalations(ids)).toHaveLength(4);
    const job = await db.db
      .selectFrom('job')
      .selectAll()
      .where('key', '=', recurringKey(OVERDUE_JOB))
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ locked_by: null, done_at: null, attempts: 0 });
  });

  it('runs as zhida serve starts it, and stops cleanly', async () => {
    const ids = await overdueRequests(2);
    const runner = await startRequestJobs(db, { everyMs: 1000, log: quiet });
    try {
      for (let i = 0; i < 100 && (await escalations(ids)).length < 2; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await runner.stop();
    }
    expect(await escalations(ids)).toHaveLength(2);
    expect(await countRows(db.db, 'job')).toBeGreaterThan(0);
  });
});
