import { Timeline, Typography } from 'antd';
import type { AmountRange, MatchReport, Policy, Status } from '../../server/api.ts';
import { stepInWords } from '../format/traceStep.ts';
import { useFormat } from '../format/useFormat.ts';
import { StatusTag } from './StatusTag.tsx';

type TraceStep = MatchReport['matches'][number]['trace'][number];

const STATUS_COLORS: Record<Status, string> = { eligible: 'green', unknown: 'orange', ineligible: 'gray' };

function isStatus(value: unknown): value is Status {
  return value === 'eligible' || value === 'unknown' || value === 'ineligible';
}

function isAmount(value: unknown): value is AmountRange {
  return typeof value === 'object' && value !== null && 'min' in value && 'max' in value;
}

/** Which part of the policy a trace path is: validity, a condition, the sum, or 就高不重复. */
function partOf(path: string): 'validity' | 'eligibility' | 'benefit' | 'stacking' {
  if (path.startsWith('eligibility')) return 'eligibility';
  if (path.startsWith('benefit')) return 'benefit';
  return path === 'stacking' ? 'stacking' : 'validity';
}

/**
 * Why a policy came out as it did: every step the engine took, the facts it read, and the sentence it rests on.
 * With the policy's rule, each step is said as the policy page says it; the engine's own words stay as a tooltip.
 */
export function TraceView({ trace, policy }: { trace: TraceStep[]; policy?: Policy }) {
  const { t, language, amount, fact, factValue } = useFormat();
  const result = (value: TraceStep['result']) => {
    if (isStatus(value)) return <StatusTag status={value} />;
    if (isAmount(value)) return <Typography.Text strong>{amount(value)}</Typography.Text>;
    if (typeof value === 'number') return <Typography.Text>{t('trace.index', { index: value + 1 })}</Typography.Text>;
    return <Typography.Text type="secondary">{t('trace.noResult')}</Typography.Text>;
  };
  return (
    <Timeline
      items={trace.map((step, i) => ({
        key: i,
        color: isStatus(step.result) ? STATUS_COLORS[step.result] : 'blue',
        content: (
          // Nested conditions are indented by their depth in the policy (the brackets of their path).
          <div style={{ marginLeft: Math.min(4, (step.path.match(/\[/g) ?? []).length) * 16 }}>
            <Typography.Text type="secondary">{t(`trace.part.${partOf(step.path)}`)}</Typography.Text>{' '}
            <Typography.Text title={step.description}>{stepInWords(step, policy, t, language)}</Typography.Text>{' '}
            {result(step.result)}
            {Object.keys(step.values).length > 0 && (
              <div>
                {Object.entries(step.values).map(([key, value]) => (
                  <Typography.Text key={key} type="secondary" style={{ marginRight: 12 }}>
                    {t(`trace.values.${key}`, { defaultValue: fact(key) })}: {factValue(key, value)}
                  </Typography.Text>
                ))}
              </div>
            )}
            {step.source && <blockquote className="source-quote">{step.source}</blockquote>}
          </div>
        ),
      }))}
    />
  );
}
