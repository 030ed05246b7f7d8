import { Flex, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { GrantStateTag } from './tags.tsx';
import type { GrantHistoryItem, GrantState } from './types.ts';
import { useGrantText } from './useGrantText.ts';

const COLORS: Record<string, string> = {
  compare: 'blue',
  exclude: 'gray',
  include: 'blue',
  confirm: 'green',
  respond: 'blue',
  open_confirmation: 'green',
  start_payment: 'green',
  payment: 'orange',
  publish: 'green',
  archive: 'gray',
};

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const count = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/** A list's audit trail, oldest first: each step and entry change, who made it, when, and what it set. */
export function GrantHistory({ history }: { history: GrantHistoryItem[] }) {
  const g = useGrantText();
  return (
    <Timeline
      data-testid="grant-history"
      items={history.map((item, i) => {
        const action = item.action.replace(/^grant\./, '');
        const to = text(item.detail.to) as GrantState | null;
        return {
          key: i,
          color: COLORS[action] ?? 'blue',
          content: (
            <div data-testid="history-item" data-action={action}>
              <Flex wrap gap={6} align="center">
                <Typography.Text strong>
                  {g.t(`grants.history.actions.${action}`, { defaultValue: item.action })}
                </Typography.Text>
                {to !== null && <GrantStateTag state={to} />}
                <Typography.Text type="secondary">{g.time(item.at)}</Typography.Text>
              </Flex>
              <div>
                <Typography.Text type="secondary">{g.t('grants.history.by')}</Typography.Text>
                <Tag variant="filled" style={{ marginInlineStart: 6 }} data-testid="history-actor">
                  {g.actor(item.actor)}
                </Tag>
              </div>
              {detailLines(action, item.detail, g).map((line, j) => (
                <div key={j}>
                  <Typography.Text type="secondary">{line}</Typography.Text>
                </div>
              ))}
            </div>
          ),
        };
      })}
    />
  );
}

/** What a step set, in words. */
function detailLines(action: string, detail: Record<string, unknown>, g: ReturnType<typeof useGrantText>): ReactNode[] {
  const { t } = g;
  const lines: ReactNode[] = [];
  const uscc = text(detail.uscc);
  switch (action) {
    case 'compare':
      lines.push(
        t('grants.history.compared', {
          count: count(detail.entries) ?? 0,
          year: detail.year,
          version: detail.version,
        }),
      );
      break;
    case 'exclude':
    case 'include':
      if (uscc) lines.push(t('grants.history.enterprise', { uscc }));
      break;
    case 'confirm':
      if (count(detail.notified) !== null) lines.push(t('grants.history.notified', { count: detail.notified }));
      break;
    case 'open_confirmation':
      if (text(detail.respondBy)) lines.push(t('grants.history.respondBy', { date: g.day(text(detail.respondBy)!) }));
      break;
    case 'respond':
      if (uscc) {
        lines.push(
          t('grants.history.answered', {
            uscc,
            answer: g.response(detail.answer === 'declined' ? 'declined' : 'accepted'),
          }),
        );
      }
      break;
    case 'start_payment': {
      const counts = detail.counts as { accepted?: number } | undefined;
      if (typeof counts?.accepted === 'number') lines.push(t('grants.history.accepted', { count: counts.accepted }));
      break;
    }
    case 'payment':
      if (uscc) lines.push(t('grants.history.enterprise', { uscc }));
      if (detail.status === 'paid') {
        lines.push(
          t('grants.history.paid', {
            amount: typeof detail.amount === 'number' ? g.yuan(detail.amount) : '—',
            date: text(detail.paidOn) ? g.day(text(detail.paidOn)!) : '—',
            reference: text(detail.reference) ?? '—',
          }),
        );
      } else if (detail.status === 'failed') {
        lines.push(t('grants.history.failed'));
      }
      break;
  }
  if (text(detail.reason)) lines.push(t('grants.history.reason', { reason: text(detail.reason) }));
  if (text(detail.note)) lines.push(t('grants.history.note', { note: text(detail.note) }));
  return lines;
}
