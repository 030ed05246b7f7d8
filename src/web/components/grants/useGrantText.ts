import { useFormat } from '../../format/useFormat.ts';
import type { GrantPayment, GrantResponse, GrantState, ListAction } from './types.ts';

// 免申即享 in the reader's language: states, steps, answers and payments from the app's texts, times on China's
// clock (an answer-by date is a Chinese calendar day, whatever the browser's zone), and who did a step.

const ZONE = 'Asia/Shanghai';

/** The five states a list goes through, as the steps show them (archived is the last one, finished). */
export const GRANT_STEPS: readonly GrantState[] = ['compared', 'pushed', 'confirming', 'paying', 'published'];

export function useGrantText() {
  const format = useFormat();
  const { t, language } = format;
  const dateTimeFormat = new Intl.DateTimeFormat(language, {
    timeZone: ZONE,
    dateStyle: 'medium',
    timeStyle: 'short',
    hourCycle: 'h23',
  });
  const dateFormat = new Intl.DateTimeFormat(language, { timeZone: ZONE, dateStyle: 'medium' });
  return {
    ...format,
    state: (state: GrantState) => t(`grants.states.${state}`),
    action: (action: ListAction) => t(`grants.actions.${action}`),
    response: (response: GrantResponse) => t(`grants.response.${response}`),
    payment: (payment: GrantPayment) => t(`grants.payment.${payment}`),
    /** an instant on China's clock, to the minute */
    time: (iso: string) => dateTimeFormat.format(new Date(iso)),
    /** a YYYY-MM-DD date, or the calendar day of an instant in China */
    day: (iso: string) => dateFormat.format(new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00+08:00` : iso)),
    /** who took a step: an account's username, or the system's job */
    actor: (actor: string) => {
      const [kind, ...rest] = actor.split(':');
      const name = rest.join(':');
      if (kind === 'account' && name) return name;
      if (kind === 'system') return t('grants.history.system', { name });
      return actor;
    },
  };
}
