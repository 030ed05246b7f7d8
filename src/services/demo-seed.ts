import { readdirSync, readFileSync } from 'node:fs';
import type { Database } from '../db/database.ts';
import { countEnterprises } from '../db/enterprises.repository.ts';
import { countMatches } from '../db/rules.repository.ts';
import { ensureDemoAccounts, type DemoAccount } from './accounts/demo-accounts.ts';
import { buildDemo } from './enterprises/demo.ts';
import { ingestDocument, type IngestOutcome } from './policies/ingest.ts';
import { refreshMatches } from './rules/bulk.ts';
import { seedDemoRequests } from './requests/demo.ts';

/** The documents the product ships: the bundled bulletin (data/corpus). */
export const CORPUS_DIR = new URL('../../data/corpus/', import.meta.url);

export const DEMO_ACTOR = 'system:demo';

export interface SeedOutcome {
  documents: IngestOutcome[];
  /** enterprises generated now; 0 when the table already held some */
  enterprises: number;
  /** one account per role with its fixed demo password, created on the first start */
  accounts: DemoAccount[];
  /** the year whose matches were computed now (this year), or null when they were in place already */
  refreshed: number | null;
  /** demo requests (诉求) filed now: a few in every stage, on a database that has none */
  requests: number;
}

/**
 * What `zhida serve` starts with on a fresh database: the bundled documents in the library (re-ingesting
 * unchanged bytes writes nothing), a synthetic enterprise population when there is none, one demo account per
 * role (the enterprise user bound to the population's first enterprise) and this year's stored matches. The
 * policy pack is loaded by the database itself. Idempotent: a second start finds everything in place.
 */
export async function seedDemo(
  database: Database,
  options: { enterprises: number; seed?: number },
): Promise<SeedOutcome> {
  const documents: IngestOutcome[] = [];
  for (const name of readdirSync(CORPUS_DIR).sort()) {
    const bytes = readFileSync(new URL(name, CORPUS_DIR));
    documents.push(await ingestDocument(database, { name, bytes }, DEMO_ACTOR));
  }
  let enterprises = 0;
  if (options.enterprises > 0 && (await countEnterprises(database.db)) === 0) {
    const outcome = await buildDemo(database, {
      enterprises: options.enterprises,
      seed: options.seed ?? 1,
      actor: DEMO_ACTOR,
    });
    enterprises = outcome.enterprises;
  }
  // The dashboard and the qualifying lists read stored matches: compute this year's when the population is new
  // or the year has none yet (a database that has lived into a new year).
  const year = new Date().getFullYear();
  let refreshed: number | null = null;
  if ((await countEnterprises(database.db)) > 0 && (enterprises > 0 || (await countMatches(database.db, year)) === 0)) {
    await refreshMatches(database, year, { actor: DEMO_ACTOR });
    refreshed = year;
  }
  const accounts = await ensureDemoAccounts(database, DEMO_ACTOR, options.seed ?? 1);
  const requests = await seedDemoRequests(database, options.seed ?? 1);
  return { documents, enterprises, accounts, refreshed, requests };
}
