import { describe, expect, it } from 'vitest';
import {
  industryByCode,
  industryClasses,
  industryPath,
  industryTable,
  industryWithin,
  isIndustryCode,
  normaliseIndustryCode,
} from './industries.ts';

describe('GB/T 4754-2017 industry codes', () => {
  it('ships the whole 2017 edition: 20 sections, 97 divisions, 473 groups, 1381 classes', () => {
    const counts = { section: 0, division: 0, group: 0, class: 0 };
    for (const industry of industryTable().values()) counts[industry.level]++;
    expect(counts).toEqual({ section: 20, division: 97, group: 473, class: 1381 });
  });

  it('has the classes the 2017 edition added', () => {
    expect(industryByCode('C3961')).toMatchObject({ name: '可穿戴智能设备制造', level: 'class', parent: 'C396' });
    expect(industryByCode('C3962')?.name).toBe('智能车载设备制造');
    expect(industryByCode('I6450')?.name).toBe('互联网数据服务');
    expect(industryByCode('C3911')?.name).toBe('计算机整机制造');
  });

  it('gives a one-class group back its place: C3340 within C334 within C33', () => {
    expect(industryByCode('C334')).toMatchObject({ name: '金属丝绳及其制品制造', level: 'group', parent: 'C33' });
    expect(industryPath('C3340').map((i) => i.code)).toEqual(['C3340', 'C334', 'C33', 'C']);
  });

  it.each([
    ['C3911', 'C3911', true],
    ['C3911', 'C391', true],
    ['C3911', 'C39', true],
    ['C3911', 'C', true],
    ['C3911', 'C392', false],
    ['C3911', 'I', false],
    ['C39', 'C3911', false],
    ['C3999', 'C39', false], // not a code
    ['C3911', 'C3', false], // not a code either, though a prefix
  ])('industryWithin(%s, %s) is %s', (code, ancestor, expected) => {
    expect(industryWithin(code, ancestor)).toBe(expected);
  });

  it('normalises what people write, and only to real codes', () => {
    expect(normaliseIndustryCode('c3911')).toBe('C3911');
    expect(normaliseIndustryCode(' 3911 ')).toBe('C3911');
    expect(normaliseIndustryCode('6450')).toBe('I6450');
    expect(normaliseIndustryCode('39')).toBe('C39');
    expect(normaliseIndustryCode('3999')).toBeUndefined();
    expect(normaliseIndustryCode('I3911')).toBeUndefined();
    expect(isIndustryCode('3911')).toBe(false);
  });

  it('lists the classes within a code', () => {
    expect(industryClasses('C396').map((i) => i.code)).toEqual(['C3961', 'C3962', 'C3963', 'C3964', 'C3969']);
    expect(industryClasses()).toHaveLength(1381);
  });
});
