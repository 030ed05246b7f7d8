import { useTranslation } from 'react-i18next';
import type { AmountRange } from '../../server/api.ts';
import type { Language } from '../i18n/i18n.ts';
import { factLabel, formatFactValue } from './facts.ts';
import { formatAmount, formatYuan } from './money.ts';

/** The formatters of the current language, re-rendered when the language changes. */
export function useFormat() {
  const { t, i18n } = useTranslation();
  const language: Language = i18n.language === 'en' ? 'en' : 'zh-CN';
  return {
    t,
    language,
    amount: (amount: AmountRange | null) => (amount === null ? t('amount.none') : formatAmount(amount, language)),
    yuan: (yuan: number) => formatYuan(yuan, language),
    fact: (ref: string) => factLabel(ref, t, language),
    factValue: (ref: string, value: unknown) => formatFactValue(ref, value, t, language),
    date: (iso: string) => new Date(iso).toLocaleDateString(language),
    dateTime: (iso: string) =>
      new Date(iso).toLocaleString(language, { dateStyle: 'medium', timeStyle: 'short', hour12: false }),
  };
}
