import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../test/helpers/databases.ts';
import { openDatabase, maskUrl, resolveDatabaseTarget } from './database.ts';

describe.each(DIALECTS)('database on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
  });
  afterAll(() => database.drop());

  it('creates every table of the policy library', async () => {
    const counts = await Promise.all(
      (['policy_source', 'policy_article', 'policy_measure', 'policy_search', 'audit_log'] as const).map((table) =>
        database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ),
    );
    expect(counts.map((c) => Number(c.n))).toEqual([0, 0, 0, 0, 0]);
  });

  it('migrates again without change', async () => {
    const count = async (db: typeof database.db) =>
      Number((await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(db)).rows[0]!.n);
    const before = await count(database.db);
    expect(before).toBeGreaterThan(0);
    const again = await openDatabase(database.target, {
      ...(dialect === 'postgres' ? { schema: database.env.PGOPTIONS!.split('=')[1]! } : {}),
    });
    expect(await count(again.db)).toBe(before);
    await again.close();
  });

  it('stores bytes and reads them back unchanged', async () => {
    const content = new Uint8Array([0, 1, 2, 255, 0xe4, 0xb8, 0x80]);
    await database.db
      .insertInto('policy_blob')
      .values({ sha256: 'x'.repeat(64), size: content.length, content, created_at: new Date().toISOString() })
      .execute();
    const row = await database.db.selectFrom('policy_blob').selectAll().executeTakeFirstOrThrow();
    expect(new Uint8Array(row.content)).toEqual(content);
  });
});

describe('database target', () => {
  it('prefers --db, then ZHIDA_DATABASE_URL, then the embedded default', () => {
    expect(resolveDatabaseTarget('a.db', { ZHIDA_DATABASE_URL: 'postgres://x' })).toBe('a.db');
    expect(resolveDatabaseTarget(undefined, { ZHIDA_DATABASE_URL: 'postgres://x' })).toBe('postgres://x');
    expect(resolveDatabaseTarget(undefined, {})).toBe('./zhida-data/zhida.db');
  });

  it('never shows a password', () => {
    expect(maskUrl('postgres://zhida:s3cret@db:5432/zhida')).toBe('postgres://zhida:***@db:5432/zhida');
  });
});
