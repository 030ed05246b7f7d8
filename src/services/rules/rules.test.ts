import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../test/helpers/databases.ts';
import type { Policy } from '../../core/rules/types.ts';
import { openDatabase } from '../../db/database.ts';
import { matchProfile } from './match.ts';
import { BUNDLED_PACKS, PACK_ACTOR, syncPack, type Pack } from './pack.ts';
import { getPolicy, listPolicies, publishedPolicies } from './policies.ts';
import { publishPolicy, withdrawPolicy } from './publish.ts';

const packPolicies = JSON.parse(readFileSync(BUNDLED_PACKS[0]!, 'utf8')) as Policy[];

describe.each(DIALECTS)('rules storage on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(dialect, { pack: true });
  });
  afterAll(() => database.drop());

  const audit = () => database.db.selectFrom('audit_log').selectAll().orderBy('id').execute();

  it('holds the bundled pack, published, audited as system:pack', async () => {
    const published = await publishedPolicies(database);
    expect(published.map((p) => p.id)).toEqual(packPolicies.map((p) => p.id).sort());
    expect(published.find((p) => p.id === 'sh-mfg.basic-research')).toEqual(
      packPolicies.find((p) => p.id === 'sh-mfg.basic-research'),
    );
    const rows = await audit();
    expect(rows).toHaveLength(packPolicies.length);
    expect(new Set(rows.map((r) => `${r.actor} ${r.action} ${r.entity}`))).toEqual(
      new Set([`${PACK_ACTOR} policy.publish policy`]),
    );
    expect(JSON.parse(rows[0]!.detail)).toEqual({ version: 1, status: 'published', pack: 'bulletin-2026-sample' });
    const list = await listPolicies(database, 'published');
    expect(list.find((p) => p.id === 'sh-mfg.basic-research')).toMatchObject({
      title: '基础研究投入财政补助',
      version: 1,
      regions: ['310000'],
      validFrom: '2026-01-01',
      validTo: '2028-12-31',
      autoGrant: false,
      stackingGroup: null,
    });
  });

  it('does not re-version an unchanged pack when the database is opened again', async () => {
    const before = (await audit()).length;
    const again = await openDatabase(database.target, {
      ...(dialect === 'postgres' ? { schema: database.env.PGOPTIONS!.split('=')[1]! } : {}),
    });
    await again.close();
    const outcome = await syncPack(database, { name: 'bulletin-2026-sample', policies: packPolicies });
    expect(outcome).toEqual({ published: [], updated: [], unchanged: packPolicies.length });
    expect((await audit()).length).toBe(before);
    const versions = await database.db.selectFrom('policy_version').select('id').execute();
    expect(versions).toHaveLength(packPolicies.length);
  });

  it('stores a changed pack policy as a new version and keeps the old one', async () => {
    const changed = structuredClone(packPolicies);
    const green = changed.find((p) => p.id === 'sh-mfg.green-factory')!;
    green.benefit = { kind: 'fixed', amount: 300_000 };
    const pack: Pack = { name: 'bulletin-2026-sample', policies: changed };
    expect(await syncPack(database, pack)).toEqual({
      published: [],
      updated: ['sh-mfg.green-factory'],
      unchanged: packPolicies.length - 1,
    });
    expect((await getPolicy(database, 'sh-mfg.green-factory'))?.policy.benefit).toEqual({
      kind: 'fixed',
      amount: 300_000,
    });
    expect((await getPolicy(database, 'sh-mfg.green-factory'))?.policy.version).toBe(2);
    expect((await getPolicy(database, 'sh-mfg.green-factory', 1))?.policy.benefit).toMatchObject({ amount: 200_000 });
    const last = (await audit()).at(-1)!;
    expect([last.actor, last.action, last.entity_id]).toEqual([PACK_ACTOR, 'policy.update', 'sh-mfg.green-factory']);
    // Back to the bundled pack: a third version, equal to the first.
    await syncPack(database, { name: 'bulletin-2026-sample', policies: packPolicies });
    expect((await getPolicy(database, 'sh-mfg.green-factory'))?.summary.version).toBe(3);
  });

  it('refuses an invalid pack without storing any of it', async () => {
    const broken = structuredClone(packPolicies) as unknown as Record<string, unknown>[];
    broken[0]!.regions = ['999999'];
    broken[1]!.title = 'changed';
    const before = (await audit()).length;
    await expect(syncPack(database, { name: 'broken', policies: broken })).rejects.toThrow(
      'the policy pack broken is invalid:\n[0].regions[0]: "999999" is not a GB/T 2260 region code',
    );
    expect((await audit()).length).toBe(before);
  });

  it('publishes a policy, refuses an invalid one with the node named, and withdraws', async () => {
    const policy: Policy = {
      id: 'test.manual',
      version: 1,
      title: '手工政策',
      regions: ['310000'],
      eligibility: { regionWithin: ['310000'] },
      benefit: { kind: 'fixed', amount: 1000 },
      sources: [{ document: null, article: '测试', measure: null, text: '给予1000元。' }],
    };
    expect(await publishPolicy(database, policy, 'user:a')).toEqual({
      ok: true,
      id: 'test.manual',
      version: 1,
      status: 'new',
    });
    expect(await publishPolicy(database, policy, 'user:a')).toMatchObject({ status: 'unchanged', version: 1 });
    const invalid = { ...policy, eligibility: { all: [] } };
    expect(await publishPolicy(database, invalid, 'user:a')).toEqual({
      ok: false,
      errors: [{ path: 'eligibility.all', message: 'empty "all": list at least one condition' }],
    });
    expect(await withdrawPolicy(database, 'test.manual', 'user:b', 'expired')).toEqual({ ok: true, changed: true });
    expect(await withdrawPolicy(database, 'nope', 'user:b')).toEqual({ ok: false, reason: 'not_found' });
    expect((await publishedPolicies(database)).map((p) => p.id)).not.toContain('test.manual');
    const last = (await audit()).at(-1)!;
    expect([last.actor, last.action, JSON.parse(last.detail)]).toEqual([
      'user:b',
      'policy.withdraw',
      { version: 1, reason: 'expired' },
    ]);
    expect(await publishPolicy(database, policy, 'user:a')).toMatchObject({ status: 'republished', version: 1 });
  });

  it('keeps a withdrawn pack policy withdrawn when the pack changes it', async () => {
    await withdrawPolicy(database, 'js-ai.models', 'user:c');
    const changed = structuredClone(packPolicies);
    changed.find((p) => p.id === 'js-ai.models')!.title = '人工智能＋：加速算法模型研发（修订）';
    await syncPack(database, { name: 'bulletin-2026-sample', policies: changed });
    const stored = await getPolicy(database, 'js-ai.models');
    expect(stored?.summary).toMatchObject({
      status: 'withdrawn',
      version: 2,
      title: '人工智能＋：加速算法模型研发（修订）',
    });
  });

  it('matches a profile against the published policies', async () => {
    const report = await matchProfile(
      database,
      {
        uscc: '91310115MA1H7GXXXX',
        name: '测试企业',
        region: '310115',
        metrics: { '2026': { basicResearchSpend: 100_000_000 } },
      },
      2026,
    );
    expect(report.matches[0]).toMatchObject({
      policy: { id: 'sh-mfg.basic-research' },
      status: 'eligible',
      amount: { min: 10_000_000, max: 10_000_000 },
    });
  });

  it('stores computed matches, one per policy, enterprise and year', async () => {
    const now = new Date().toISOString();
    const enterprise = await database.db
      .insertInto('enterprise')
      .values({
        uscc: '91310115MA1H7GXXXX',
        name: '测试企业',
        region: '310115',
        industry: null,
        founded: null,
        employees: null,
        size_class: null,
        profile: '{}',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = {
      policy_id: 'sh-mfg.basic-research',
      policy_version: 1,
      enterprise_id: enterprise.id,
      year: 2026,
      status: 'eligible' as const,
      amount_min: 10_000_000,
      amount_max: 10_000_000,
      missing: '[]',
      computed_at: now,
    };
    await database.db.insertInto('policy_match').values(row).execute();
    await expect(database.db.insertInto('policy_match').values(row).execute()).rejects.toThrow();
  });
});
