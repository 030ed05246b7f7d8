import { useTranslation } from 'react-i18next';
import { ACTION_LABELS, STATE_LABELS } from '../../../core/requests/labels.ts';
import type { ActorKind, RequestActionType, RequestChannel, RequestState } from './types.ts';

// The request loop in the reader's language: states and actions as the core names them (labels.ts, Chinese and
// English), channels and actors from the app's own texts, and times on China's clock (deadlines end at 23:59:59
// China time, whatever the browser's zone).

const ZONE = 'Asia/Shanghai';

export function useRequestText() {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'zh-CN';
  const lang = language === 'en' ? 'en' : 'zh';
  const dateTimeFormat = new Intl.DateTimeFormat(language, {
    timeZone: ZONE,
    dateStyle: 'medium',
    timeStyle: 'short',
    hourCycle: 'h23',
  });
  const dateFormat = new Intl.DateTimeFormat(language, { timeZone: ZONE, dateStyle: 'medium' });
  return {
    t,
    language,
    state: (state: RequestState) => STATE_LABELS[state]?.[lang] ?? state,
    action: (action: RequestActionType | 'submit') =>
      action === 'submit' ? t('requests.timeline.submit') : (ACTION_LABELS[action]?.[lang] ?? action),
    channel: (channel: RequestChannel) => t(`requests.channels.${channel}`, { defaultValue: channel }),
    actorKind: (kind: ActorKind) => t(`requests.actorKinds.${kind}`, { defaultValue: kind }),
    /** an instant on China's clock, to the minute */
    time: (iso: string) => dateTimeFormat.format(new Date(iso)),
    /** the calendar day of an instant in China; a YYYY-MM-DD date as that day */
    day: (iso: string) => dateFormat.format(new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00+08:00` : iso)),
    /** a duration in hours, as hours under two days and days above */
    hours: (hours: number) =>
      hours < 48
        ? t('requests.duration.hours', { count: Math.round(hours * 10) / 10 })
        : t('requests.duration.days', { count: Math.round((hours / 24) * 10) / 10 }),
  };
}
