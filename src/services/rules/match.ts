import type { EnterpriseProfile } from '../../core/profile/types.ts';
import { matchReport } from '../../core/rules/report.ts';
import type { MatchReport } from '../../core/rules/types.ts';
import type { Database } from '../../db/database.ts';
import { publishedPolicies } from './policies.ts';

/** The contract's MatchReport of one profile for one year, against every published policy. */
export async function matchProfile(database: Database, profile: EnterpriseProfile, year: number): Promise<MatchReport> {
  return matchReport(await publishedPolicies(database), profile, year);
}
