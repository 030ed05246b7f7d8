import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, DIALECTS, openTestDatabase, type TestDatabase } from '../../../test/helpers/databases.ts';
import { regionAward } from '../../../test/helpers/policies.ts';
import type { Policy } from '../../core/rules/types.ts';
import { listMatches } from '../../db/rules.repository.ts';
import { buildDemo } from '../enterprises/demo.ts';
import { refreshMatches } from './bulk.ts';
import { publishPolicy, withdrawPolicy } from './publish.ts';
import { REFRESH_POLICY_ACTION, refreshPolicyMatches } from './refresh-policy.ts';

// Refreshing one policy must leave the stored matches exactly as a full refresh would, its stacking partners'
// rows included (就高不重复 moves sums between them), and notify exactly the changes.

const YEAR = 2026;

/** Two awards of one stacking group: 苏州 enterprises get both and keep the larger; other 江苏 ones only B. */
const A = (amount: number, version = 1): Policy => ({
  ...regionAward('test.award-a', '320500', amount, version),
  stackingGroup: 'test.awards',
});
const B: Policy = { ...regionAward('test.award-b', '320000', 50_000), stackingGroup: 'test.awards' };

describe.each(DIALECTS)('refreshing one policy on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    await buildDemo(database, { enterprises: 120, actor: 'test' });
    for (const policy of [A(100_000), B])
      expect(await publishPolicy(database, policy, 'test')).toMatchObject({ ok: true });
    await refreshMatches(database, YEAR, { actor: 'test' });
  });
  afterAll(() => database.drop());

  /** The stored rows of the year without their ids and times. */
  async function stored() {
    return (await listMatches(database.db, { year: YEAR })).map(({ id: _id, computed_at: _at, ...row }) => row);
  }

  /** What a full refresh stores, compared with what is stored now; the stored rows are put back after. */
  async function expectAsFullRefresh(): Promise<void> {
    const now = await stored();
    await refreshMatches(database, YEAR, { actor: 'test' });
    expect(now).toEqual(await stored());
  }

  it("moves the group's sums to the partner when the policy's own drops, and notifies both changes", async () => {
    const suzhou = (await listMatches(database.db, { year: YEAR, policyId: 'test.award-a' })).length;
    expect(suzhou).toBeGreaterThan(0);
    expect(await publishPolicy(database, A(10_000, 2), 'test')).toMatchObject({ status: 'updated' });
    const outcome = await refreshPolicyMatches(database, 'test.award-a', YEAR, 'account:tester');
    // A's sum is now the smaller: A loses its amount (superseded) and B gains it, for every 苏州 enterprise.
    expect(outcome.rows).toBe(suzhou);
    expect(outcome.notified).toEqual({ eligible: 0, amount_changed: 2 * suzhou, ineligible: 0 });
    const [a, b] = outcome.changes;
    expect(a!.changes.every((c) => c.amount === null && c.before?.max === 100_000)).toBe(true);
    expect(b!.changes.every((c) => c.amount?.max === 50_000 && c.before === null)).toBe(true);
    expect(await countRows(database.db, 'notification')).toBe(2 * suzhou);
    await expectAsFullRefresh();
  });

  it("removes a withdrawn policy's rows and tells its eligible enterprises; the partner wins again", async () => {
    expect(await withdrawPolicy(database, 'test.award-b', 'test')).toMatchObject({ changed: true });
    const before = await countRows(database.db, 'notification');
    const bRows = (await listMatches(database.db, { year: YEAR, policyId: 'test.award-b' })).length;
    const outcome = await refreshPolicyMatches(database, 'test.award-b', YEAR, 'account:tester');
    expect(outcome.rows).toBe(0);
    const suzhou = (await listMatches(database.db, { year: YEAR, policyId: 'test.award-a' })).length;
    expect(outcome.notified).toEqual({ eligible: 0, amount_changed: suzhou, ineligible: bRows });
    expect(await listMatches(database.db, { year: YEAR, policyId: 'test.award-b' })).toEqual([]);
    expect(await countRows(database.db, 'notification')).toBe(before + suzhou + bRows);
    const texts = await database.db
      .selectFrom('notification')
      .select(['kind', 'body'])
      .where('policy_id', '=', 'test.award-b')
      .where('kind', '=', 'ineligible')
      .execute();
    expect(texts.every((t) => t.body.includes('已撤回'))).toBe(true);
    await expectAsFullRefresh();
  });

  it('changes nothing and tells no one when nothing changed, and audits each refresh', async () => {
    const before = await countRows(database.db, 'notification');
    const outcome = await refreshPolicyMatches(database, 'test.award-a', YEAR, 'account:tester');
    expect(outcome.notified).toEqual({ eligible: 0, amount_changed: 0, ineligible: 0 });
    expect(await countRows(database.db, 'notification')).toBe(before);
    const audited = await database.db
      .selectFrom('audit_log')
      .select(['entity_id'])
      .where('action', '=', REFRESH_POLICY_ACTION)
      .where('actor', '=', 'account:tester')
      .execute();
    expect(audited.map((r) => r.entity_id)).toEqual(['test.award-a', 'test.award-b', 'test.award-a']);
    await expect(refreshPolicyMatches(database, 'no.such-policy', YEAR, 'test')).rejects.toMatchObject({
      id: 'policy.not_found',
    });
  });
});
