import { Flex, Rate, Tag, Timeline, Typography } from 'antd';
import { Link } from 'react-router';
import { requestPath } from './loop.ts';
import { StateTag } from './StateTag.tsx';
import type { RequestActionType, RequestEventView } from './types.ts';
import { useRequestText } from './useRequestText.ts';

const COLORS: Partial<Record<RequestActionType | 'submit', string>> = {
  submit: 'blue',
  resolve: 'green',
  confirm: 'green',
  reject: 'gray',
  mark_duplicate: 'gray',
  escalate: 'red',
  reopen: 'orange',
};

/** A request's life, oldest first: who did what and when, the state it led to, the note and what it set. */
export function RequestTimeline({ events }: { events: RequestEventView[] }) {
  const text = useRequestText();
  const { t } = text;
  return (
    <Timeline
      data-testid="timeline"
      items={events.map((event) => ({
        key: event.id,
        color: COLORS[event.action] ?? 'blue',
        content: (
          <div data-testid="timeline-event" data-action={event.action}>
            <Flex wrap gap={6} align="center">
              <Typography.Text strong>{text.action(event.action)}</Typography.Text>
              {event.from !== event.to && <StateTag state={event.to} />}
              <Typography.Text type="secondary">{text.time(event.at)}</Typography.Text>
            </Flex>
            <div>
              <Typography.Text>{event.actorName}</Typography.Text>
              <Tag variant="filled" style={{ marginInlineStart: 6 }}>
                {text.actorKind(event.actorKind)}
              </Tag>
            </div>
            <EventData event={event} />
            {event.note && (
              <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }} data-testid="event-note">
                {event.note}
              </Typography.Paragraph>
            )}
            {event.action === 'comment' && event.note === null && (
              <Typography.Text type="secondary">{t('requests.timeline.noNote')}</Typography.Text>
            )}
          </div>
        ),
      }))}
    />
  );
}

/** What the action set, in words: the department and deadline, the rating, the original, the channel. */
function EventData({ event }: { event: RequestEventView }) {
  const text = useRequestText();
  const { t } = text;
  const data = event.data;
  const lines: React.ReactNode[] = [];
  if (event.action === 'submit' && typeof data.channel === 'string') {
    lines.push(t('requests.timeline.channel', { channel: text.channel(data.channel as never) }));
  }
  if (typeof data.department === 'string') {
    lines.push(
      typeof data.fromDepartment === 'string' && data.fromDepartment !== data.department
        ? t('requests.timeline.reassignedTo', { from: data.fromDepartment, to: data.department })
        : t('requests.timeline.assignedTo', { department: data.department }),
    );
  }
  if (typeof data.deadline === 'string') {
    lines.push(
      event.action === 'escalate'
        ? t('requests.timeline.escalatedFor', { deadline: text.time(data.deadline) })
        : t('requests.timeline.deadline', { deadline: text.time(data.deadline) }),
    );
  }
  if (data.originalId !== undefined && data.originalId !== null) {
    lines.push(
      <span key="original">
        {t('requests.timeline.duplicateOf')} <Link to={requestPath(Number(data.originalId))}>#{data.originalId}</Link>
      </span>,
    );
  }
  if (typeof data.rating === 'number') {
    lines.push(
      <span key="rating">
        {t('requests.timeline.rating')} <Rate disabled value={data.rating} style={{ fontSize: 14 }} />
      </span>,
    );
  }
  if (lines.length === 0) return null;
  return (
    <div>
      {lines.map((line, i) => (
        <div key={i}>
          <Typography.Text type="secondary">{line}</Typography.Text>
        </div>
      ))}
    </div>
  );
}
