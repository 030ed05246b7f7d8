import { useQuery } from '@tanstack/react-query';
import type { MatchReport, Policy, PolicySummary } from '../../../server/api.ts';
import { getQuery } from '../../api/client.ts';
import { TraceView } from '../../components/TraceView.tsx';

type Match = MatchReport['matches'][number];

/**
 * A match's reasons, read when opened: the trace, said in words with the policy's rule (fetched once per policy
 * and cached; until it arrives, or if it cannot be read, the engine's steps show with their facts in words).
 */
export function WhyPanel({ match }: { match: Match }) {
  const rule = useQuery(
    getQuery<{ summary: PolicySummary; policy: Policy }>(`/api/rules/${encodeURIComponent(match.policy.id)}`),
  );
  return <TraceView trace={match.trace} policy={rule.data?.policy} />;
}
