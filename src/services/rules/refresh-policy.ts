import type { Kysely } from 'kysely';
import { errors } from '../../core/errors.ts';
import { amountAt, ELIGIBLE } from '../../core/rules/compile.ts';
import type { Policy } from '../../core/rules/types.ts';
import { recordAudit } from '../../db/audit.repository.ts';
import type { Database } from '../../db/database.ts';
import * as repo from '../../db/rules.repository.ts';
import type { NotificationKind, Schema } from '../../db/schema.ts';
import { recordChanges, type ChangeInput } from '../push/changes.ts';
import { pushConfigFromEnv } from '../push/config.ts';
import { flushInbox } from '../push/inbox.ts';
import { scopedMatchPages } from '../push/scope.ts';
import { changeText } from '../push/texts.ts';
import { wakePushWorkers } from '../push/worker.ts';
import { stored } from './bulk.ts';
import { countChanges, diffMatches, type MatchChange, type MatchState } from './match-diff.ts';

// After one policy is published or withdrawn: its stored matches of the year are recomputed with the bulk engine
// (with the published policies of its stacking group, whose sums 就高不重复 weighs against its own, and whose rows
// it may change), compared with the stored ones, replaced, and every enterprise whose match changed is notified.
// One transaction with one audit row: the matches and the changes never disagree. The changes are recorded and
// their deliveries queued in the push outbox (services/push/changes.ts) in that transaction; the inbox deliveries
// are written right after it commits (the outbox worker delivers e-mails and webhooks, and anything left behind).
// Only the enterprises the policies can reach are read (services/push/scope.ts: a regional policy's region).

export const REFRESH_POLICY_ACTION = 'match.refresh_policy';

export interface PolicyRefreshOutcome {
  policyId: string;
  year: number;
  /** the policy's rows written for the year (0 when it is no longer published) */
  rows: number;
  /** notifications written, by kind (over the policy and its stacking partners) */
  notified: Record<NotificationKind, number>;
  /** what changed, per policy */
  changes: { policyId: string; changes: MatchChange[] }[];
  /** the push batch the changes were recorded in (null: nothing changed) */
  batchId: number | null;
}

function stateOf(row: repo.PolicyMatchRow | repo.NewPolicyMatch): MatchState {
  const amount =
    row.amount_min === null || row.amount_min === undefined || row.amount_max === null || row.amount_max === undefined
      ? null
      : { min: row.amount_min, max: row.amount_max };
  return { enterpriseId: row.enterprise_id, status: row.status === 'eligible' ? 'eligible' : 'unknown', amount };
}

/** The matches of `policies` (matched together) as policy_match rows, by policy id. */
async function computeRows(
  trx: Kysely<Schema>,
  policies: readonly Policy[],
  year: number,
  computedAt: string,
): Promise<Map<string, repo.NewPolicyMatch[]>> {
  const rows = new Map<string, repo.NewPolicyMatch[]>(policies.map((p) => [p.id, []]));
  for await (const page of scopedMatchPages(trx, policies, year)) {
    page.matches.forEach((m, p) => {
      const out = rows.get(policies[p]!.id)!;
      const missingJson = m.missingLists.map((list) => JSON.stringify(list));
      for (let j = 0; j < m.count; j++) {
        const amount = amountAt(m, j);
        out.push({
          policy_id: m.policy.id,
          policy_version: m.policy.version,
          enterprise_id: page.rows[m.rows[j]!]!.id,
          year,
          status: m.status[j] === ELIGIBLE ? 'eligible' : 'unknown',
          amount_min: amount === null ? null : stored(amount.min),
          amount_max: amount === null ? null : stored(amount.max),
          missing: missingJson[m.missing[j]!]!,
          computed_at: computedAt,
        });
      }
    });
  }
  return rows;
}

/**
 * Recomputes the stored matches of policy `policyId` for `year` and notifies the enterprises whose match changed:
 * newly eligible, amount changed, no longer eligible. A policy that is not published (withdrawn) loses its rows
 * of every year and its eligible enterprises of `year` are told. Throws policy.not_found for an unknown id.
 */
export async function refreshPolicyMatches(
  database: Database,
  policyId: string,
  year: number,
  actor: string,
  /** inbox: false leaves the inbox deliveries to the outbox worker (the push bench times the two apart) */
  options: { inbox?: boolean } = {},
): Promise<PolicyRefreshOutcome> {
  const { maxAttempts } = pushConfigFromEnv();
  const outcome = await database.db.transaction().execute(async (trx) => {
    const row = await repo.findPolicy(trx, policyId);
    if (row === undefined) throw errors.policyNotFound(policyId);
    const subjectJson = await repo.findVersion(trx, policyId, row.current_version);
    if (subjectJson === undefined) throw errors.policyNotFound(policyId);
    const subject = JSON.parse(subjectJson.json) as Policy;
    const published = row.status === 'published';
    const partners =
      subject.stackingGroup === undefined
        ? []
        : (await repo.currentJson(trx, 'published'))
            .map((r) => JSON.parse(r.json) as Policy)
            .filter((p) => p.stackingGroup === subject.stackingGroup && p.id !== subject.id);
    const matched = published ? [subject, ...partners] : partners;
    const ids = [subject.id, ...partners.map((p) => p.id)];
    const at = new Date().toISOString();

    const before = await repo.matchesOfPolicies(trx, ids, year);
    const after = await computeRows(trx, matched, year, at);
    const titles = new Map([subject, ...partners].map((p) => [p.id, p.title]));
    const changes: PolicyRefreshOutcome['changes'] = [];
    const notifications: ChangeInput[] = [];
    for (const id of ids) {
      const diff = diffMatches(
        before.filter((r) => r.policy_id === id).map(stateOf),
        (after.get(id) ?? []).map(stateOf),
      );
      changes.push({ policyId: id, changes: diff });
      const withdrawn = id === subject.id && !published;
      for (const change of diff) {
        notifications.push({
          enterpriseId: change.enterpriseId,
          policyId: id,
          kind: change.kind,
          amount: change.amount,
          before: change.before,
          ...changeText(change, titles.get(id)!, withdrawn ? 'withdraw' : 'policy'),
        });
      }
    }

    await repo.deleteMatchesOfPolicies(trx, ids, year);
    if (!published) await repo.deleteMatchesOfPolicies(trx, [subject.id], null);
    await repo.insertMatches(trx, [...after.values()].flat());
    const batch = await recordChanges(trx, notifications, {
      cause: published ? 'policy' : 'withdraw',
      subject: policyId,
      actor,
      year,
      at,
      maxAttempts,
      policies: new Map([subject, ...partners].map((p) => [p.id, p])),
    });
    const notified = countChanges(changes.flatMap((c) => c.changes));
    const rows = after.get(subject.id)?.length ?? 0;
    await recordAudit(
      trx,
      {
        actor,
        action: REFRESH_POLICY_ACTION,
        entity: 'policy',
        entityId: policyId,
        detail: { year, status: row.status, version: row.current_version, rows, partners: partners.length, notified },
      },
      at,
    );
    return { policyId, year, rows, notified, changes, batchId: batch.batchId };
  });
  if (options.inbox !== false) await flushInbox(database, outcome.batchId);
  if (outcome.batchId !== null) wakePushWorkers();
  return outcome;
}
