import { describe, expect, it } from 'vitest';
import { factKey, mergeFacts, profileToFacts, validateProfile, type Fact } from './facts.ts';
import type { Provenance } from './types.ts';
import { makeUscc } from './uscc.ts';

const USCC = makeUscc({ region: '320505', body: 'MA1X2Y3Q' });
const feed = (asOf: string, source = '市场监管局'): Provenance => ({ source, asOf, authoritative: true });
const self = (asOf: string): Provenance => ({ source: 'self-reported', asOf, authoritative: false });

describe('mergeFacts', () => {
  it('builds the profile of the contract with the provenance of each value', () => {
    const facts: Fact[] = [
      { key: 'name', value: '苏州示例精密机械有限公司', provenance: feed('2025-01-01') },
      { key: 'region', value: '320505', provenance: feed('2025-01-01') },
      { key: 'industry', value: 'C3484', provenance: feed('2025-01-01') },
      { key: 'founded', value: '2016-05-20', provenance: feed('2025-01-01') },
      { key: 'employees', value: 120, provenance: feed('2025-12-31', '人社局') },
      { key: 'qualification:高新技术企业', value: 2023, provenance: feed('2023-12-01', '科技局') },
      { key: 'qualification:专精特新中小企业', value: null, provenance: self('2025-03-01') },
      { key: 'metrics.revenue', year: 2025, value: 85_000_000, provenance: feed('2026-05-31', '税务局') },
      { key: 'metrics.rdSpend', year: 2025, value: 4_000_000, provenance: self('2026-03-01') },
      { key: 'metrics.revenue', year: 2024, value: 70_000_000, provenance: feed('2025-05-31', '税务局') },
    ];
    const merged = mergeFacts(USCC, facts);
    expect(merged.missing).toEqual([]);
    expect(merged.profile).toEqual({
      uscc: USCC,
      name: '苏州示例精密机械有限公司',
      region: '320505',
      industry: 'C3484',
      founded: '2016-05-20',
      employees: 120,
      qualifications: [{ name: '专精特新中小企业' }, { name: '高新技术企业', year: 2023 }],
      metrics: { '2024': { revenue: 70_000_000 }, '2025': { rdSpend: 4_000_000, revenue: 85_000_000 } },
    });
    expect(merged.provenance['metrics.2025.revenue']).toEqual(feed('2026-05-31', '税务局'));
    expect(merged.provenance['metrics.2025.rdSpend']).toEqual(self('2026-03-01'));
    expect(merged.provenance['qualification:高新技术企业']?.source).toBe('科技局');
    expect('metrics.2026.revenue' in merged.provenance).toBe(false);
    expect(validateProfile(merged.profile)).toEqual({ profile: merged.profile });
  });

  it('takes the latest as-of date, whatever the authority', () => {
    const merged = mergeFacts(USCC, [
      { key: 'employees', value: 100, provenance: feed('2025-06-30') },
      { key: 'employees', value: 140, provenance: self('2025-12-31') },
      { key: 'employees', value: 90, provenance: feed('2024-12-31') },
    ]);
    expect(merged.profile.employees).toBe(140);
    expect(merged.provenance.employees).toEqual(self('2025-12-31'));
  });

  it('prefers an authoritative fact to a self-reported one of the same date, in either order', () => {
    const a: Fact = { key: 'employees', value: 100, provenance: feed('2025-12-31') };
    const s: Fact = { key: 'employees', value: 140, provenance: self('2025-12-31') };
    expect(mergeFacts(USCC, [a, s]).profile.employees).toBe(100);
    expect(mergeFacts(USCC, [s, a]).profile.employees).toBe(100);
    // Same date and authority: the later record wins (a correction).
    const b: Fact = { key: 'employees', value: 101, provenance: feed('2025-12-31', '统计局') };
    expect(mergeFacts(USCC, [a, b]).profile.employees).toBe(101);
  });

  it('keeps metrics of different years apart', () => {
    expect(factKey({ key: 'metrics.revenue', year: 2025 })).toBe('metrics.2025.revenue');
    const merged = mergeFacts(USCC, [
      { key: 'metrics.revenue', year: 2025, value: 2, provenance: feed('2026-01-01') },
      { key: 'metrics.revenue', year: 2024, value: 1, provenance: feed('2026-02-01') },
    ]);
    expect(merged.profile.metrics).toEqual({ '2024': { revenue: 1 }, '2025': { revenue: 2 } });
  });

  it('says which required fields no fact gave', () => {
    expect(mergeFacts(USCC, [{ key: 'employees', value: 3, provenance: feed('2025-01-01') }]).missing).toEqual([
      'name',
      'region',
    ]);
  });

  it('round-trips a profile through its facts', () => {
    const profile = {
      uscc: USCC,
      name: '示例',
      region: '320505',
      industry: 'C3484',
      employees: 12,
      qualifications: [{ name: '国家级绿色工厂', year: 2021 }],
      metrics: { '2025': { energySavedTce: 350.5 } },
    };
    const facts = profileToFacts(profile, feed('2026-01-01'));
    expect(facts).toHaveLength(6);
    expect(mergeFacts(USCC, facts).profile).toEqual(profile);
  });
});

describe('validateProfile', () => {
  const valid = { uscc: USCC, name: '示例', region: '320505' };

  it('accepts the smallest profile and returns it', () => {
    expect(validateProfile(valid)).toEqual({ profile: valid });
  });

  it('names every problem with its path', () => {
    const result = validateProfile({
      uscc: USCC.slice(0, 17) + (USCC[17] === '0' ? '1' : '0'),
      name: ' ',
      region: '320599',
      industry: '3911',
      founded: '2025-02-30',
      employees: -1,
      qualifications: [{ name: '高新技术企业', year: 23 }, { year: 2020 }],
      metrics: { '25': { revenue: 1 }, '2025': { revenue: -5, rdSpend: 'many' } },
      employes: 3,
    });
    expect('errors' in result && result.errors.map((e) => e.path)).toEqual([
      'employes',
      'uscc',
      'name',
      'region',
      'industry',
      'founded',
      'employees',
      'qualifications[0].year',
      'qualifications[1].name',
      'metrics.25',
      'metrics.2025.revenue',
      'metrics.2025.rdSpend',
    ]);
    if ('errors' in result) {
      expect(result.errors[1]!.reason).toMatch(/check character/);
      expect(result.errors[4]!.reason).toMatch(/section letter and digits/);
    }
  });

  it('refuses what is not an object', () => {
    expect(validateProfile([])).toEqual({ errors: [{ path: '', reason: 'a profile is a JSON object' }] });
    expect(validateProfile(null)).toHaveProperty('errors');
  });
});
