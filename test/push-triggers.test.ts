import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Policy } from '../src/core/rules/types.ts';
import { listMatches } from '../src/db/rules.repository.ts';
import { buildDemo } from '../src/services/enterprises/demo.ts';
import { importEnterprises } from '../src/services/enterprises/import.ts';
import { reportFacts } from '../src/services/push/self-report.ts';
import { refreshMatches } from '../src/services/rules/bulk.ts';
import { publishPolicy, withdrawPolicy } from '../src/services/rules/publish.ts';
import { refreshPolicyMatches } from '../src/services/rules/refresh-policy.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from './helpers/databases.ts';
import { regionAward } from './helpers/policies.ts';
import { expectedChanges, lastBatch, oneByOne, recordedChanges } from './helpers/push.ts';

// Every trigger must record exactly the changes that evaluating each enterprise one by one, before and after, gives
// (diffed as match-diff.ts does), leave the stored matches as a full refresh would, and put one inbox notification
// per change in the inboxes (the inbox deliveries are written as soon as the trigger commits).

const YEAR = 2026;

const SOURCE = [{ document: null, article: '测试', measure: null, text: '测试政策。' }];

/** 上海: a fixed award and, for the larger ones, a tiered sum by last year's revenue; one stacking group. */
const SH_AWARD: Policy = { ...regionAward('t.sh-award', '310000', 100_000), stackingGroup: 't.sh' };
const SH_TIERS = (version = 1, top = 1_000_000): Policy => ({
  id: 't.sh-tiers',
  version,
  title: '上海规模企业奖励（测试）',
  regions: ['310000'],
  stackingGroup: 't.sh',
  eligibility: { all: [{ regionWithin: ['310000'] }, { fact: 'employees', op: '>=', value: 50 }] },
  benefit: {
    kind: 'tiers',
    of: 'metrics.revenue@-1',
    tiers: [
      { min: 0, max: 50_000_000, inclusive: [true, false], benefit: { kind: 'fixed', amount: 50_000 } },
      { min: 50_000_000, max: null, benefit: { kind: 'fixed', amount: top } },
    ],
  },
  sources: SOURCE,
});
/** Issued by 上海 but for anyone: a share of last year's R&D spend from 200 persons up (no region narrows it). */
const RD: Policy = {
  id: 't.rd',
  version: 1,
  title: '研发投入补助（测试）',
  regions: ['310000'],
  eligibility: { fact: 'employees', op: '>=', value: 200 },
  benefit: { kind: 'rate', of: 'metrics.rdSpend@-1', rate: 10, cap: 5_000_000 },
  sources: SOURCE,
};
/** 高新技术企业 in 江苏 or 上海. */
const HIGH_TECH: Policy = {
  id: 't.high-tech',
  version: 1,
  title: '高新技术企业奖励（测试）',
  regions: ['320000', '310000'],
  eligibility: { all: [{ regionWithin: ['320000', '310000'] }, { qualification: ['高新技术企业'] }] },
  benefit: { kind: 'fixed', amount: 200_000 },
  sources: SOURCE,
};

describe.each(DIALECTS)('push triggers on %s', (dialect) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    await buildDemo(database, { enterprises: 400, seed: 7, actor: 'test' });
    for (const policy of [SH_AWARD, RD])
      expect(await publishPolicy(database, policy, 'test')).toMatchObject({ ok: true });
    await refreshMatches(database, YEAR, { actor: 'test' });
  });
  afterAll(() => database.drop());

  /** The stored rows of the year without ids and times. */
  async function stored() {
    return (await listMatches(database.db, { year: YEAR })).map(
      ({ id: _id, computed_at: _at, policy_version: _v, ...row }) => row,
    );
  }

  /** The stored matches are what a full refresh stores (put back by it). */
  async function expectAsFullRefresh(): Promise<void> {
    const now = await stored();
    await refreshMatches(database, YEAR, { actor: 'test' });
    expect(now).toEqual(await stored());
  }

  /** Each change of the batch is in its enterprise's inbox exactly once, under its delivery key. */
  async function expectInboxes(batchId: number | null): Promise<void> {
    if (batchId === null) return;
    const changes = await database.db
      .selectFrom('push_change')
      .select(['id', 'enterprise_id'])
      .where('batch_id', '=', batchId)
      .execute();
    const notes = await database.db
      .selectFrom('notification')
      .select(['enterprise_id', 'idempotency_key'])
      .where(
        'idempotency_key',
        'in',
        changes.map((c) => `inbox:${c.id}`),
      )
      .execute();
    expect(notes).toHaveLength(changes.length);
    const owner = new Map(changes.map((c) => [`inbox:${c.id}`, c.enterprise_id]));
    for (const note of notes) expect(note.enterprise_id).toBe(owner.get(note.idempotency_key!));
    const states = await database.db
      .selectFrom('push_outbox')
      .select('state')
      .distinct()
      .where(
        'change_id',
        'in',
        changes.map((c) => c.id),
      )
      .execute();
    expect(states).toEqual([{ state: 'delivered' }]);
  }

  async function publishAndCompare(policy: Policy, expectSome = true): Promise<void> {
    const before = await oneByOne(database, YEAR);
    expect(await publishPolicy(database, policy, 'test')).toMatchObject({ ok: true });
    const outcome = await refreshPolicyMatches(database, policy.id, YEAR, 'test');
    const expected = expectedChanges(before, await oneByOne(database, YEAR));
    if (expectSome) expect(expected.length).toBeGreaterThan(0);
    expect(await recordedChanges(database, outcome.batchId)).toEqual(expected);
    const counts = { eligible: 0, amount_changed: 0, ineligible: 0 };
    for (const c of expected) counts[c.kind as keyof typeof counts]++;
    expect(outcome.notified).toEqual(counts);
    await expectInboxes(outcome.batchId);
    await expectAsFullRefresh();
  }

  it('records exactly the changes of publishing a regional policy with a stacking partner', async () => {
    await publishAndCompare(SH_TIERS());
  });

  it('records the changes of a new version whose sums move within the stacking group', async () => {
    await publishAndCompare(SH_TIERS(2, 60_000));
  });

  it('records the changes of a policy that no region narrows, and of a qualification policy', async () => {
    await publishAndCompare({ ...RD, version: 2, eligibility: { fact: 'employees', op: '>=', value: 100 } });
    await publishAndCompare(HIGH_TECH);
  });

  it('records every eligible enterprise of a withdrawn policy as no longer eligible', async () => {
    const before = await oneByOne(database, YEAR);
    expect(await withdrawPolicy(database, 't.sh-award', 'test')).toMatchObject({ changed: true });
    const outcome = await refreshPolicyMatches(database, 't.sh-award', YEAR, 'test');
    const expected = expectedChanges(before, await oneByOne(database, YEAR));
    expect(expected.filter((c) => c.policyId === 't.sh-award').every((c) => c.kind === 'ineligible')).toBe(true);
    expect(await recordedChanges(database, outcome.batchId)).toEqual(expected);
    const texts = await database.db
      .selectFrom('push_change')
      .select('body')
      .where('batch_id', '=', outcome.batchId!)
      .where('policy_id', '=', 't.sh-award')
      .execute();
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((t) => t.body.includes('已撤回'))).toBe(true);
    await expectInboxes(outcome.batchId);
    await expectAsFullRefresh();
  });

  it('records the changes of imported facts for exactly the enterprises they changed', async () => {
    const rows = await database.db
      .selectFrom('enterprise')
      .select(['uscc', 'region', 'employees'])
      .orderBy('id')
      .execute();
    const shanghai = rows.filter((r) => r.region.startsWith('31')).slice(0, 12);
    const others = rows.filter((r) => !r.region.startsWith('31')).slice(0, 12);
    expect(shanghai.length).toBeGreaterThan(5);
    const lines = ['uscc,employees,qualifications,revenue:2025,rdSpend:2025'];
    shanghai.forEach((r, i) =>
      lines.push(
        `${r.uscc},${i % 2 === 0 ? 500 : 10},${i % 3 === 0 ? '高新技术企业:2024' : ''},${i * 20_000_000},${i * 1_000_000}`,
      ),
    );
    others.forEach((r, i) => lines.push(`${r.uscc},${i % 2 === 0 ? 300 : 5},高新技术企业:2023,,${i * 3_000_000}`));
    const before = await oneByOne(database, YEAR);
    const outcome = await importEnterprises(
      database,
      { name: 'survey.csv', bytes: new TextEncoder().encode(lines.join('\n')) },
      { actor: 'test', asOf: '2026-02-01', now: new Date('2026-03-01T08:00:00Z') },
    );
    expect(outcome).toMatchObject({ accepted: shanghai.length + others.length, rejected: 0 });
    const expected = expectedChanges(before, await oneByOne(database, YEAR));
    expect(expected.length).toBeGreaterThan(5);
    const batch = await lastBatch(database, 'facts');
    expect(await recordedChanges(database, batch)).toEqual(expected);
    const recordedFor = new Set(expected.map((c) => c.enterpriseId));
    const imported = await database.db
      .selectFrom('enterprise')
      .select('id')
      .where(
        'uscc',
        'in',
        [...shanghai, ...others].map((r) => r.uscc),
      )
      .execute();
    for (const id of recordedFor) expect(imported.map((r) => r.id)).toContain(id);
    await expectInboxes(batch);
    await expectAsFullRefresh();
  });

  it('records the changes of a self-reported profile edit, whose facts are not authoritative', async () => {
    const row = await database.db
      .selectFrom('enterprise')
      .select(['id', 'uscc'])
      .where('region', 'like', '31%')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const before = await oneByOne(database, YEAR);
    const outcome = await reportFacts(
      database,
      row.uscc,
      {
        employees: 900,
        metrics: { '2025': { revenue: 80_000_000, rdSpend: 4_000_000 } },
        qualifications: [{ name: '高新技术企业', year: 2025 }],
      },
      'account:tester',
      new Date('2026-03-02T08:00:00Z'),
    );
    const expected = expectedChanges(before, await oneByOne(database, YEAR));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.every((c) => c.enterpriseId === row.id)).toBe(true);
    const batch = await lastBatch(database, 'profile');
    expect(await recordedChanges(database, batch)).toEqual(expected);
    expect(outcome.profile.provenance.employees).toEqual({
      source: 'self-reported',
      asOf: '2026-03-02',
      authoritative: false,
    });
    await expectInboxes(batch);
    await expectAsFullRefresh();
  });

  it('records nothing when nothing changed', async () => {
    const batches = await database.db.selectFrom('push_batch').select('id').execute();
    const outcome = await refreshPolicyMatches(database, 't.high-tech', YEAR, 'test');
    expect(outcome.batchId).toBeNull();
    expect(outcome.notified).toEqual({ eligible: 0, amount_changed: 0, ineligible: 0 });
    expect(await database.db.selectFrom('push_batch').select('id').execute()).toEqual(batches);
  });
});
