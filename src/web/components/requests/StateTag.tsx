import { Tag } from 'antd';
import type { RequestState } from './types.ts';
import { useRequestText } from './useRequestText.ts';

const COLORS: Record<RequestState, string> = {
  submitted: 'blue',
  accepted: 'cyan',
  assigned: 'geekblue',
  in_progress: 'processing',
  escalated: 'volcano',
  resolved: 'green',
  confirmed: 'success',
  reopened: 'orange',
  rejected: 'default',
  duplicate: 'default',
};

export function StateTag({ state }: { state: RequestState }) {
  const { state: label } = useRequestText();
  return (
    <Tag color={COLORS[state]} data-testid="state-tag" data-state={state}>
      {label(state)}
    </Tag>
  );
}

/** The deadline, with a red flag when a department owes a resolution past it. */
export function Deadline({ deadline, overdue }: { deadline: string | null; overdue: boolean }) {
  const { t, time } = useRequestText();
  if (deadline === null) return <span>—</span>;
  return (
    <span>
      {time(deadline)}
      {overdue && (
        <Tag color="red" style={{ marginInlineStart: 6 }} data-testid="overdue-tag">
          {t('requests.overdue')}
        </Tag>
      )}
    </span>
  );
}
