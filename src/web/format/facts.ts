import type { TFunction } from 'i18next';
import { METRICS, QUALIFICATIONS } from '../../core/rules/facts.ts';
import type { Language } from '../i18n/i18n.ts';
import { formatYuan } from './money.ts';
import { industryName, regionName } from './places.ts';

// Fact keys ("metrics.basicResearchSpend@-1", "qualifications.高新技术企业", "sizeClass") in words, and their
// values formatted by what they measure. The vocabulary is the rules engine's own (src/core/rules/facts.ts).

const METRIC_REF = /^metrics\.([A-Za-z][A-Za-z0-9]*)(?:@-(\d+))?$/;

function metricName(key: string, t: TFunction): string {
  return t(`facts.metrics.${key}`, { defaultValue: METRICS[key]?.meaning ?? key });
}

/** Qualifications are named in Chinese by the policies; English readers get the vocabulary's gloss. */
export function qualificationName(name: string, language: Language): string {
  return language === 'en' ? (QUALIFICATIONS[name] ?? name) : name;
}

/** A fact reference of a rule or a missing-fact key in words: 基础研究投入（上一年度）. */
export function factLabel(ref: string, t: TFunction, language: Language): string {
  const metric = METRIC_REF.exec(ref);
  if (metric) {
    const name = metricName(metric[1]!, t);
    return metric[2] === undefined ? name : t('facts.yearsBefore', { name, count: Number(metric[2]) });
  }
  if (ref.startsWith('qualifications.')) {
    return t('facts.qualificationYear', { name: qualificationName(ref.slice('qualifications.'.length), language) });
  }
  return t(`facts.plain.${ref}`, { defaultValue: ref });
}

/** Every fact reference inside an engine description replaced by its words. */
export function factsInWords(text: string, t: TFunction, language: Language): string {
  return text.replace(/metrics\.[A-Za-z][A-Za-z0-9]*(?:@-\d+)?|qualifications\.[^\s,)\]]+/g, (ref) =>
    factLabel(ref, t, language),
  );
}

/** A fact's value as its reader expects it: money in 万元, tonnes with their unit, region and industry names. */
export function formatFactValue(ref: string, value: unknown, t: TFunction, language: Language): string {
  if (value === null || value === undefined) return t('facts.missing');
  const metric = METRIC_REF.exec(ref);
  if (metric && typeof value === 'number') {
    const unit = METRICS[metric[1]!]?.unit;
    return unit === '元' ? formatYuan(value, language) : `${value.toLocaleString()} ${t(`units.${unit ?? 'none'}`)}`;
  }
  if (ref.startsWith('qualifications.')) return t('common.yearValue', { year: value });
  if (ref === 'age') return t('facts.age', { count: Number(value) });
  if (typeof value !== 'string') return typeof value === 'number' ? value.toLocaleString() : JSON.stringify(value);
  if (ref === 'region') return regionName(value);
  if (ref === 'industry') return industryName(value);
  if (ref === 'sizeClass') return t(`sizeClass.${value}`, { defaultValue: value });
  return value;
}
