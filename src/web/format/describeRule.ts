import type { TFunction } from 'i18next';
import type { Policy } from '../../server/api.ts';
import type { Language } from '../i18n/i18n.ts';
import { factLabel, formatFactValue, qualificationName } from './facts.ts';
import { formatAmount } from './money.ts';
import { industryName, regionName } from './places.ts';

// A policy's eligibility and benefit in words, as a tree a page shows as nested lists: each line says one node,
// with the sentence of the policy it was written from.

type Condition = Policy['eligibility'];
type Benefit = NonNullable<Policy['benefit']>;

export interface RuleLine {
  text: string;
  source?: string;
  children?: RuleLine[];
}

interface Words {
  t: TFunction;
  language: Language;
}

function value(ref: string, v: number | string | null, { t, language }: Words): string {
  return formatFactValue(ref, v, t, language);
}

function bound(ref: string, v: number, inclusive: boolean, words: Words): string {
  return `${value(ref, v, words)}${words.t(inclusive ? 'rule.inclusive' : 'rule.exclusive')}`;
}

/** "5000万元（含）至1亿元（不含）", "不低于 1000万元" — a between node's or a tier's bounds. */
function range(
  ref: string,
  [lo, hi]: [number | null, number | null],
  [loIn, hiIn]: [boolean, boolean],
  words: Words,
): string {
  const { t } = words;
  if (lo !== null && hi !== null) {
    return t('rule.between', { lo: bound(ref, lo, loIn, words), hi: bound(ref, hi, hiIn, words) });
  }
  if (lo !== null) return t(loIn ? 'rule.atLeast' : 'rule.above', { value: value(ref, lo, words) });
  if (hi !== null) return t(hiIn ? 'rule.atMost' : 'rule.below', { value: value(ref, hi, words) });
  return t('rule.unbounded');
}

function yearWord(offset: number, t: TFunction): string {
  return offset === 0 ? t('rule.thisYear') : t('rule.yearsAgo', { count: -offset });
}

export function describeCondition(condition: Condition, words: Words): RuleLine {
  const { t, language } = words;
  const line = (text: string, children?: RuleLine[]): RuleLine => ({
    text,
    ...(condition.source ? { source: condition.source } : {}),
    ...(children ? { children } : {}),
  });
  if ('all' in condition)
    return line(
      t('rule.all'),
      condition.all.map((c) => describeCondition(c, words)),
    );
  if ('any' in condition)
    return line(
      t('rule.anyOf'),
      condition.any.map((c) => describeCondition(c, words)),
    );
  if ('not' in condition) return line(t('rule.not'), [describeCondition(condition.not, words)]);
  if ('qualification' in condition) {
    const names = condition.qualification.map((n) => qualificationName(n, language)).join(t('common.or'));
    const { fromYear, toYear, relative } = condition;
    let window = '';
    if (fromYear !== undefined || toYear !== undefined) {
      const from = fromYear === undefined ? '…' : relative ? yearWord(fromYear, t) : String(fromYear);
      const to = toYear === undefined ? '…' : relative ? yearWord(toYear, t) : String(toYear);
      window = t('rule.awardedWithin', { from, to });
    }
    return line(t('rule.holds', { names }) + window);
  }
  if ('regionWithin' in condition) {
    return line(t('rule.regionWithin', { regions: condition.regionWithin.map(regionName).join('、') }));
  }
  if ('industryWithin' in condition) {
    return line(t('rule.industryWithin', { industries: condition.industryWithin.map(industryName).join('、') }));
  }
  const fact = factLabel(condition.fact, t, language);
  if ('between' in condition) {
    return line(`${fact} ${range(condition.fact, condition.between, condition.inclusive ?? [true, true], words)}`);
  }
  if ('in' in condition) {
    const values = condition.in.map((v) => value(condition.fact, v, words)).join('、');
    return line(t('rule.in', { fact, values }));
  }
  return line(`${fact} ${t(`rule.op.${condition.op}`)} ${value(condition.fact, condition.value, words)}`);
}

function percent(rate: number | [number, number]): string {
  return Array.isArray(rate) ? `${rate[0]}%–${rate[1]}%` : `${rate}%`;
}

function perUnit(rate: number | [number, number], words: Words): string {
  const [min, max] = Array.isArray(rate) ? rate : [rate, rate];
  return formatAmount({ min, max }, words.language);
}

export function describeBenefit(benefit: Benefit, words: Words): RuleLine {
  const { t, language } = words;
  const line = (text: string, children?: RuleLine[]): RuleLine => ({
    text,
    ...(benefit.source ? { source: benefit.source } : {}),
    ...(children ? { children } : {}),
  });
  const cap = (c: number | undefined) =>
    c === undefined ? '' : t('rule.cap', { cap: formatAmount({ min: c, max: c }, language) });
  switch (benefit.kind) {
    case 'fixed': {
      const amount = formatAmount({ min: benefit.upTo ? 0 : benefit.amount, max: benefit.amount }, language);
      return line(t('rule.fixed', { amount }));
    }
    case 'rate':
      return line(
        t(benefit.upTo ? 'rule.rateUpTo' : 'rule.rate', {
          of: factLabel(benefit.of, t, language),
          rate: percent(benefit.rate),
        }) + cap(benefit.cap),
      );
    case 'perUnit':
      return line(
        t(benefit.upTo ? 'rule.perUnitUpTo' : 'rule.perUnit', {
          of: factLabel(benefit.of, t, language),
          rate: perUnit(benefit.perUnit, words),
        }) + cap(benefit.cap),
      );
    case 'tiers':
      return line(
        t('rule.tiers', { of: factLabel(benefit.of, t, language) }),
        benefit.tiers.map((tier) => {
          const inner = describeBenefit(tier.benefit, words);
          const when = range(benefit.of, [tier.min, tier.max], tier.inclusive ?? [true, true], words);
          return { ...inner, text: `${when} → ${inner.text}`, ...(tier.source ? { source: tier.source } : {}) };
        }),
      );
    case 'schedule':
      return line(
        benefit.start ? t('rule.programme', { start: factLabel(benefit.start, t, language) }) : t('rule.schedule'),
        benefit.byYear.map((entry) => {
          const inner = describeBenefit(entry.benefit, words);
          const when = benefit.start
            ? t('rule.programmeYear', { year: entry.year })
            : t('rule.calendarYear', { year: entry.year });
          return { ...inner, text: `${when}: ${inner.text}` };
        }),
      );
    case 'sum':
      return line(t('rule.sum'), [
        ...benefit.parts.map((part) => describeBenefit(part, words)),
        ...(benefit.less ?? []).map((part) => {
          const inner = describeBenefit(part, words);
          return { ...inner, text: t('rule.less', { part: inner.text }) };
        }),
      ]);
  }
}
