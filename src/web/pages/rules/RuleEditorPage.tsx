import { useQuery } from '@tanstack/react-query';
import { useLocation, useParams } from 'react-router';
import type { Policy, PolicySummary } from '../../../server/api.ts';
import { getQuery } from '../../api/client.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { useFormat } from '../../format/useFormat.ts';
import { useAccount } from '../../session/SessionProvider.tsx';
import type { Detected } from './editor/draftFromMeasure.ts';
import { blankPolicy } from './editor/nodes.ts';
import { RuleEditor } from './editor/RuleEditor.tsx';

/** A new policy (blank, or drafted from an uploaded measure) or the next version of a published one. */
export function RuleEditorPage() {
  const { id } = useParams();
  const { t } = useFormat();
  const account = useAccount();
  const location = useLocation();
  const state = location.state as { draft?: Policy; detected?: Detected } | null;
  const stored = useQuery({
    ...getQuery<{ summary: PolicySummary; policy: Policy }>(`/api/rules/${encodeURIComponent(id ?? '')}`),
    enabled: id !== undefined,
  });

  if (id === undefined) {
    return (
      <>
        <PageTitle title={t('editor.newTitle')} sub={t('editor.newSub')} />
        {/* A new visit (another measure, or the menu's blank form) starts a new form. */}
        <RuleEditor
          key={location.key}
          initial={state?.draft ?? blankPolicy(account.region)}
          editing={false}
          detected={state?.detected}
        />
      </>
    );
  }
  return (
    <>
      <PageTitle title={t('editor.editTitle')} sub={id} />
      <QueryState query={stored}>{({ policy }) => <RuleEditor key={policy.id} initial={policy} editing />}</QueryState>
    </>
  );
}
