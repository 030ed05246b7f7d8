import { mergeFacts } from '../../core/profile/facts.ts';
import { amountAt, ELIGIBLE, supersededAt } from '../../core/rules/compile.ts';
import type { AmountRange, Policy } from '../../core/rules/types.ts';
import type { Database } from '../../db/database.ts';
import { listFacts } from '../../db/enterprises.repository.ts';
import { profilesByIds } from '../../db/push.repository.ts';
import { stackingPartners, stored } from '../rules/bulk.ts';
import { matchEnterprises, type ProfileLoader } from '../push/scope.ts';

// 免申即享 may rely only on authoritative facts. Each enterprise is evaluated on the profile its authoritative facts
// make (facts.ts mergeFacts over those facts alone; a self-reported or non-authoritative import is dropped), with the
// bulk engine, so an enterprise whose eligibility rests on a self-reported fact is unknown here and not listed.
// Every enterprise is read (not only those whose stored region a regional policy reaches: the stored region may be
// a later non-authoritative one).

/** Profiles made of authoritative facts only. */
export const authoritativeProfiles: ProfileLoader = async (db, ids) => {
  const rows = await profilesByIds(db, ids);
  const facts = await listFacts(db, ids);
  const profiles = rows.map(
    (row) =>
      mergeFacts(
        row.uscc,
        (facts.get(row.id) ?? []).filter((fact) => fact.provenance.authoritative),
      ).profile,
  );
  // The list shows the registry's name and region (what a 公示 prints), not a later self-report.
  const shown = rows.map((row, i) => ({
    ...row,
    name: profiles[i]!.name || row.name,
    region: profiles[i]!.region || row.region,
    industry: profiles[i]!.industry ?? null,
  }));
  return { rows: shown, profiles };
};

export interface GrantCandidate {
  enterpriseId: number;
  uscc: string;
  name: string;
  region: string;
  industry: string | null;
  amount: AmountRange | null;
}

/**
 * The enterprises eligible for `policy` in `year` on authoritative facts alone, largest sum first. 就高不重复: one
 * whose larger sum comes from another published policy of the stacking group is left out (it is paid there).
 */
export async function authoritativeCandidates(
  database: Database,
  policy: Policy,
  year: number,
): Promise<GrantCandidate[]> {
  const policies = [policy, ...(await stackingPartners(database.db, policy))];
  const ids = (await database.db.selectFrom('enterprise').select('id').orderBy('id').execute()).map((r) => r.id);
  const out: GrantCandidate[] = [];
  for await (const page of matchEnterprises(database.db, policies, year, ids, { load: authoritativeProfiles })) {
    const m = page.matches[0];
    if (m === undefined) continue;
    for (let j = 0; j < m.count; j++) {
      if (m.status[j] !== ELIGIBLE || supersededAt(m, j) >= 0) continue;
      const row = page.rows[m.rows[j]!]!;
      const amount = amountAt(m, j);
      out.push({
        enterpriseId: row.id,
        uscc: row.uscc,
        name: row.name,
        region: row.region,
        industry: row.industry,
        amount: amount === null ? null : { min: stored(amount.min)!, max: stored(amount.max)! },
      });
    }
  }
  return out.sort(
    (a, b) => (b.amount?.max ?? -1) - (a.amount?.max ?? -1) || (a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0),
  );
}
