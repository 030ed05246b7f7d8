import type { Kysely } from 'kysely';
import { amountAt, ELIGIBLE } from '../../core/rules/compile.ts';
import type { Policy } from '../../core/rules/types.ts';
import { recordAudit } from '../../db/audit.repository.ts';
import * as pushRepo from '../../db/push.repository.ts';
import * as rules from '../../db/rules.repository.ts';
import type { NotificationKind, Schema } from '../../db/schema.ts';
import { stored } from '../rules/bulk.ts';
import { countChanges, diffMatches, type MatchState } from '../rules/match-diff.ts';
import { recordChanges, type ChangeInput, type RecordedBatch } from './changes.ts';
import { matchEnterprises } from './scope.ts';
import { changeText } from './texts.ts';

// The facts trigger: after an import or a profile edit changed some enterprises' facts, those enterprises are matched
// again against every published policy with the bulk engine (就高不重复 across all of them, as a full refresh does),
// their stored matches of the year are compared with the new ones and replaced, and every change is recorded and
// queued for delivery (changes.ts). It runs inside the caller's transaction, so the facts, the matches and the
// deliveries land together or not at all.

export const REFRESH_ENTERPRISES_ACTION = 'match.refresh_enterprises';

export interface EnterpriseRefreshOutcome extends RecordedBatch {
  enterprises: number;
  notified: Record<NotificationKind, number>;
}

function stateOf(row: {
  enterprise_id: number;
  status: string;
  amount_min?: number | null;
  amount_max?: number | null;
}): MatchState {
  const amount =
    row.amount_min === null || row.amount_min === undefined || row.amount_max === null || row.amount_max === undefined
      ? null
      : { min: row.amount_min, max: row.amount_max };
  return { enterpriseId: row.enterprise_id, status: row.status === 'eligible' ? 'eligible' : 'unknown', amount };
}

/** Refreshes the stored matches of these enterprises for `year` and records what changed. */
export async function refreshEnterpriseMatches(
  trx: Kysely<Schema>,
  enterpriseIds: readonly number[],
  options: {
    year: number;
    cause: 'facts' | 'profile';
    subject: string | null;
    actor: string;
    at?: string;
    maxAttempts: number;
  },
): Promise<EnterpriseRefreshOutcome> {
  const at = options.at ?? new Date().toISOString();
  const none: EnterpriseRefreshOutcome = {
    batchId: null,
    changes: 0,
    enterprises: enterpriseIds.length,
    notified: { eligible: 0, amount_changed: 0, ineligible: 0 },
  };
  const ids = [...new Set(enterpriseIds)].sort((a, b) => a - b);
  if (ids.length === 0) return none;
  const published = await rules.currentJson(trx, 'published');
  if (published.length === 0) return none;
  const policies = published.map((row) => JSON.parse(row.json) as Policy);

  const after: rules.NewPolicyMatch[] = [];
  for await (const page of matchEnterprises(trx, policies, options.year, ids)) {
    page.matches.forEach((m, p) => {
      const missingJson = m.missingLists.map((list) => JSON.stringify(list));
      for (let j = 0; j < m.count; j++) {
        const amount = amountAt(m, j);
        after.push({
          policy_id: m.policy.id,
          policy_version: published[p]!.version,
          enterprise_id: page.rows[m.rows[j]!]!.id,
          year: options.year,
          status: m.status[j] === ELIGIBLE ? 'eligible' : 'unknown',
          amount_min: amount === null ? null : stored(amount.min),
          amount_max: amount === null ? null : stored(amount.max),
          missing: missingJson[m.missing[j]!]!,
          computed_at: at,
        });
      }
    });
  }
  const before = await pushRepo.matchesOfEnterprises(trx, ids, options.year);

  const group = <T extends { policy_id: string }>(rows: readonly T[]) => {
    const out = new Map<string, T[]>();
    for (const row of rows) {
      let list = out.get(row.policy_id);
      if (list === undefined) out.set(row.policy_id, (list = []));
      list.push(row);
    }
    return out;
  };
  const beforeBy = group(before);
  const afterBy = group(after);
  const changes: ChangeInput[] = [];
  for (const policy of policies) {
    const diff = diffMatches((beforeBy.get(policy.id) ?? []).map(stateOf), (afterBy.get(policy.id) ?? []).map(stateOf));
    for (const change of diff) {
      changes.push({
        enterpriseId: change.enterpriseId,
        policyId: policy.id,
        kind: change.kind,
        amount: change.amount,
        before: change.before,
        ...changeText(change, policy.title, options.cause),
      });
    }
  }

  await pushRepo.deleteMatchesOfEnterprises(trx, ids, options.year);
  await rules.insertMatches(trx, after);
  const batch = await recordChanges(trx, changes, {
    cause: options.cause,
    subject: options.subject,
    actor: options.actor,
    year: options.year,
    at,
    maxAttempts: options.maxAttempts,
    policies: new Map(policies.map((p) => [p.id, p])),
  });
  const notified = countChanges(
    changes.map((c) => ({
      enterpriseId: c.enterpriseId,
      kind: c.kind as NotificationKind,
      amount: null,
      before: null,
    })),
  );
  await recordAudit(
    trx,
    {
      actor: options.actor,
      action: REFRESH_ENTERPRISES_ACTION,
      entity: 'policy_match',
      entityId: options.year,
      detail: { cause: options.cause, subject: options.subject, enterprises: ids.length, rows: after.length, notified },
    },
    at,
  );
  return { ...batch, enterprises: ids.length, notified };
}
