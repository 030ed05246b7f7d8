import type { Kysely } from 'kysely';
import type { Policy } from '../../core/rules/types.ts';
import type { Database } from '../../db/database.ts';
import * as repo from '../../db/rules.repository.ts';
import type { Schema } from '../../db/schema.ts';

// The published policies, parsed once and kept in memory: the feed evaluates all of them on every request, and
// reading and parsing their JSON each time would cost more than the evaluation. A change made through this process
// (publish, withdraw, the pack) drops the entry at once; a change made by another process is seen by comparing
// the policy table's stamp (one small aggregate over the policies), done at most every REVALIDATE_MS and shared
// by the requests that arrive meanwhile.

/** How long another process's publish may go unseen here. */
export const REVALIDATE_MS = 1000;

export interface PublishedPolicies {
  /** the policy table's stamp when they were read: a cache built on them keys on it */
  stamp: string;
  policies: readonly Policy[];
}

interface Entry {
  held: PublishedPolicies;
  checkedAt: number;
}

// Keyed by the Kysely instance: one per opened database, shared by the Database objects made from it.
const cache = new WeakMap<Kysely<Schema>, Entry>();
const pending = new WeakMap<Kysely<Schema>, Promise<PublishedPolicies>>();
/** Bumped by each invalidation: a check that began before one must not store what it read. */
const generation = new WeakMap<Kysely<Schema>, number>();

async function revalidate(database: Database, entry: Entry | undefined): Promise<PublishedPolicies> {
  const checkedAt = Date.now();
  const began = generation.get(database.db) ?? 0;
  const stamp = await repo.policyStamp(database.db);
  if (entry !== undefined && entry.held.stamp === stamp && began === (generation.get(database.db) ?? 0)) {
    entry.checkedAt = checkedAt;
    return entry.held;
  }
  const rows = await repo.currentJson(database.db, 'published');
  const held: PublishedPolicies = { stamp, policies: rows.map((row) => JSON.parse(row.json) as Policy) };
  if (began === (generation.get(database.db) ?? 0)) cache.set(database.db, { held, checkedAt });
  return held;
}

/** The version in force of every published policy (ordered by id), read again only when the table changed. */
export async function cachedPublishedPolicies(database: Database): Promise<PublishedPolicies> {
  const entry = cache.get(database.db);
  if (entry !== undefined && Date.now() - entry.checkedAt < REVALIDATE_MS) return entry.held;
  let check = pending.get(database.db);
  if (check === undefined) {
    check = revalidate(database, entry).finally(() => pending.delete(database.db));
    pending.set(database.db, check);
  }
  return check;
}

/** Drops the cached policies: called after this process publishes, updates or withdraws one. */
export function invalidatePublishedPolicies(database: Database): void {
  generation.set(database.db, (generation.get(database.db) ?? 0) + 1);
  cache.delete(database.db);
  pending.delete(database.db);
}
