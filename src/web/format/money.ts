import type { AmountRange } from '../../server/api.ts';
import type { Language } from '../i18n/i18n.ts';

// Sums of yuan as people read them: 200万元, 1.5亿元, 8,000元 in Chinese; CN¥2M in English. A range shares its
// unit when it can (100–200万元), and {0, X} — what "最高X" gives — reads "最高200万元".

const UNITS = [
  { size: 1e8, suffix: '亿元' },
  { size: 1e4, suffix: '万元' },
  { size: 1, suffix: '元' },
] as const;

function unitOf(yuan: number) {
  return UNITS.find((unit) => Math.abs(yuan) >= unit.size) ?? UNITS[2];
}

function decimals(value: number): string {
  return new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2, useGrouping: false }).format(value);
}

const english = new Intl.NumberFormat('en', {
  style: 'currency',
  currency: 'CNY',
  notation: 'compact',
  maximumFractionDigits: 2,
});

export function formatYuan(yuan: number, language: Language): string {
  if (language === 'en') return english.format(yuan);
  const unit = unitOf(yuan);
  return decimals(yuan / unit.size) + unit.suffix;
}

export function formatAmount(amount: AmountRange, language: Language): string {
  const { min, max } = amount;
  if (min === max) return formatYuan(max, language);
  if (min === 0) return language === 'en' ? `up to ${formatYuan(max, language)}` : `最高${formatYuan(max, language)}`;
  if (language === 'en') return `${formatYuan(min, language)}–${formatYuan(max, language)}`;
  const unit = unitOf(min);
  if (unit === unitOf(max)) return `${decimals(min / unit.size)}–${decimals(max / unit.size)}${unit.suffix}`;
  return `${formatYuan(min, language)}–${formatYuan(max, language)}`;
}
