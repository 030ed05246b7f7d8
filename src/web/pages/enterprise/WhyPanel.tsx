import { useQuery } from '@tanstack/react-query';
import type { Match, Policy, PolicySummary } from '../../../server/api.ts';
import { getQuery } from '../../api/client.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { TraceView } from '../../components/TraceView.tsx';

/**
 * A match's reasons, read when opened (the feed lists the policies without them): the enterprise's match of this one
 * policy with its trace, said in words with the policy's rule (fetched once per policy and cached; until the rule
 * arrives, or if it cannot be read, the engine's steps show with their facts in words).
 */
export function WhyPanel({ uscc, year, policyId }: { uscc: string; year: number; policyId: string }) {
  const id = encodeURIComponent(policyId);
  const match = useQuery(getQuery<Match>(`/api/enterprises/${encodeURIComponent(uscc)}/policies/${id}`, { year }));
  const rule = useQuery(getQuery<{ summary: PolicySummary; policy: Policy }>(`/api/rules/${id}`));
  return <QueryState query={match}>{(data) => <TraceView trace={data.trace} policy={rule.data?.policy} />}</QueryState>;
}
