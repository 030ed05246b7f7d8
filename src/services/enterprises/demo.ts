import { errors } from '../../core/errors.ts';
import { recordAudit } from '../../db/audit.repository.ts';
import type { Database } from '../../db/database.ts';
import { countEnterprises } from '../../db/enterprises.repository.ts';
import { generatePopulation } from './population.ts';
import { storeFacts } from './profiles.ts';

export { DEMO_YEARS, generateEnterprises, generatePopulation } from './population.ts';

export interface DemoOutcome {
  enterprises: number;
  facts: number;
  seed: number;
  seconds: number;
}

/** Enterprises per storeFacts call: bounds memory whatever N, while keeping each INSERT large. */
const BATCH = 5000;

/**
 * Fills an empty enterprise table with `n` synthetic enterprises (population.ts), their facts and merged
 * profiles, in one transaction with one audit entry. Refuses a database that already holds enterprises: the same
 * seed would give the same codes twice.
 */
export async function buildDemo(
  database: Database,
  options: { enterprises: number; seed?: number; actor: string; onProgress?: (done: number) => void },
): Promise<DemoOutcome> {
  const seed = options.seed ?? 1;
  const started = performance.now();
  let facts = 0;
  await database.db.transaction().execute(async (trx) => {
    const existing = await countEnterprises(trx);
    if (existing > 0) throw errors.demoNotEmpty(existing);
    const now = new Date().toISOString();
    let batch: { uscc: string; facts: import('../../core/profile/facts.ts').Fact[] }[] = [];
    let done = 0;
    const flush = async (): Promise<void> => {
      const outcome = await storeFacts(trx, batch, { now });
      // The generator makes valid profiles only; a refusal here is a bug in it, not bad input.
      if (outcome.refused.length > 0)
        throw new Error(`demo generator made an invalid profile: ${outcome.refused[0]!.reason}`);
      done += batch.length;
      options.onProgress?.(done);
      batch = [];
    };
    for (const enterprise of generatePopulation(options.enterprises, seed)) {
      batch.push({ uscc: enterprise.profile.uscc, facts: enterprise.facts });
      facts += enterprise.facts.length;
      if (batch.length === BATCH) await flush();
    }
    if (batch.length > 0) await flush();
    await recordAudit(trx, {
      actor: options.actor,
      action: 'enterprise.demo',
      entity: 'enterprise',
      entityId: null,
      detail: { enterprises: options.enterprises, facts, seed },
    });
  });
  return { enterprises: options.enterprises, facts, seed, seconds: (performance.now() - started) / 1000 };
}
