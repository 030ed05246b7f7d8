import { errors } from '../../core/errors.ts';
import { isIsoDate, profileToFacts, validateProfile } from '../../core/profile/facts.ts';
import { METRIC_NAMES } from '../../core/profile/metrics.ts';
import type { EnterpriseProfile, Provenance } from '../../core/profile/types.ts';
import { recordAudit } from '../../db/audit.repository.ts';
import type { Database } from '../../db/database.ts';
import { findEnterpriseByUscc } from '../../db/enterprises.repository.ts';
import type { NotificationKind } from '../../db/schema.ts';
import { getProfile, storeFacts, type ProfileView } from '../enterprises/profiles.ts';
import { pushConfigFromEnv } from './config.ts';
import { refreshEnterpriseMatches } from './enterprise-trigger.ts';
import { flushInbox } from './inbox.ts';
import { wakePushWorkers } from './worker.ts';

// An enterprise reports facts about itself (POST /api/enterprises/{uscc}/facts): its industry, founding date,
// headcount, qualifications and yearly figures. They are stored as facts with the provenance "self-reported",
// never authoritative (so 免申即享 does not rest on them), checked with the profile contract's validator first, and
// merged into the profile like any other facts (the latest as-of date wins; on the same date an authoritative fact
// beats a self-reported one). Name, region and code are the registry's and cannot be self-reported. The enterprise
// is matched again and told what changed (the profile trigger), all in one transaction with its audit row.

export const SELF_REPORT_SOURCE = 'self-reported';

export type SelfReport = Pick<
  EnterpriseProfile,
  'industry' | 'founded' | 'employees' | 'qualifications' | 'metrics'
> & {
  /** the date the facts are true as of (default today) */
  asOf?: string;
};

export interface SelfReportOutcome {
  profile: ProfileView;
  facts: number;
  /** what changed in the enterprise's matches of this year */
  notified: Record<NotificationKind, number>;
}

export async function reportFacts(
  database: Database,
  uscc: string,
  report: SelfReport,
  actor: string,
  now = new Date(),
): Promise<SelfReportOutcome> {
  const enterprise = await findEnterpriseByUscc(database.db, uscc);
  if (enterprise === undefined) throw errors.enterpriseNotFound(uscc);
  const { asOf = now.toISOString().slice(0, 10), ...fields } = report;
  const problems: string[] = [];
  if (!isIsoDate(asOf)) problems.push(`asOf: ${asOf} is not a date written YYYY-MM-DD`);
  const checked = validateProfile({ uscc, name: enterprise.name, region: enterprise.region, ...fields });
  if ('errors' in checked) problems.push(...checked.errors.map((e) => `${e.path}: ${e.reason}`));
  for (const [year, figures] of Object.entries(fields.metrics ?? {})) {
    for (const key of Object.keys(figures)) {
      if (!Object.hasOwn(METRIC_NAMES, key)) problems.push(`metrics.${year}.${key}: not a metric Zhida knows`);
    }
  }
  const provenance: Provenance = { source: SELF_REPORT_SOURCE, asOf, authoritative: false };
  const facts = profileToFacts({ name: '', region: '', ...fields }, provenance);
  if (facts.length === 0 && problems.length === 0) problems.push('nothing to report: give at least one fact');
  if (problems.length > 0) throw errors.invalidEnterprise(uscc, problems.join('; '));

  const { maxAttempts } = pushConfigFromEnv();
  const at = now.toISOString();
  const outcome = await database.db.transaction().execute(async (trx) => {
    const stored = await storeFacts(trx, [{ uscc, facts }], { now: at });
    const refusal = stored.refused[0];
    if (refusal !== undefined) throw errors.invalidEnterprise(uscc, refusal.reason);
    await recordAudit(
      trx,
      {
        actor,
        action: 'enterprise.self_report',
        entity: 'enterprise',
        entityId: uscc,
        detail: { facts: facts.length, keys: [...new Set(facts.map((f) => f.key))], asOf },
      },
      at,
    );
    return refreshEnterpriseMatches(trx, [enterprise.id], {
      year: now.getFullYear(),
      cause: 'profile',
      subject: uscc,
      actor,
      at,
      maxAttempts,
    });
  });
  await flushInbox(database, outcome.batchId);
  if (outcome.batchId !== null) wakePushWorkers();
  const profile = await getProfile(database, uscc);
  return { profile: profile!, facts: facts.length, notified: outcome.notified };
}
