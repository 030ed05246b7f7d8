import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/helpers/databases.ts';
import { regionAward } from '../../../test/helpers/policies.ts';
import { openDatabase, type Database } from '../../db/database.ts';
import { publishPolicy, withdrawPolicy } from './publish.ts';
import { cachedPublishedPolicies, REVALIDATE_MS } from './published-cache.ts';

// The cache of published policies: a change through this process shows at once, another process's within
// REVALIDATE_MS. Another process is a second connection to the same SQLite file (its own cache entry).

describe('the published policies cache', () => {
  let database: TestDatabase;
  let other: Database;
  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    other = await openDatabase(database.target);
  });
  afterAll(async () => {
    await other.close();
    await database.drop();
  });

  const ids = async (db: Database) => (await cachedPublishedPolicies(db)).policies.map((p) => p.id);

  it('reads the policies once, and sees this process publish and withdraw at once', async () => {
    expect(await ids(database)).toEqual([]);
    const first = await cachedPublishedPolicies(database);
    expect(await cachedPublishedPolicies(database)).toBe(first);
    await publishPolicy(database, regionAward('cache.a', '320500', 1000), 'test');
    expect(await ids(database)).toEqual(['cache.a']);
    await withdrawPolicy(database, 'cache.a', 'test');
    expect(await ids(database)).toEqual([]);
  });

  it("sees another process's publish within REVALIDATE_MS", async () => {
    expect(await ids(database)).toEqual([]);
    await publishPolicy(other, regionAward('cache.b', '320500', 1000), 'test');
    await new Promise((resolve) => setTimeout(resolve, REVALIDATE_MS + 50));
    expect(await ids(database)).toEqual(['cache.b']);
  });
});
