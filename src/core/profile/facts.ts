import { regionByCode } from '../regions/region-table.ts';
import { isIndustryCode } from './industries.ts';
import type { EnterpriseProfile, Provenance } from './types.ts';
import { validateUscc } from './uscc.ts';

// A profile as the facts it is made of. Each department feed, import batch or self-report adds facts; the profile
// is what they say together: for each fact key, the latest as-of date wins, and on the same date an authoritative
// fact beats a self-reported one. Facts are never overwritten, so every value of a profile can say where it came
// from (免申即享 may rely only on authoritative ones).

/**
 * Keys: "name", "region", "industry", "founded", "employees", "qualification:NAME" (value: the year first
 * awarded, or null when the year is not known) and "metrics.KEY" (with the year the figure is for).
 */
export interface Fact {
  key: string;
  /** metrics only: the year the figure is for */
  year?: number;
  value: number | string | null;
  provenance: Provenance;
}

export const PLAIN_FACT_KEYS = ['name', 'region', 'industry', 'founded', 'employees'] as const;
export type PlainFactKey = (typeof PLAIN_FACT_KEYS)[number];

const QUALIFICATION_PREFIX = 'qualification:';
const METRIC_PREFIX = 'metrics.';
const METRIC_KEY = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * Where the fact sits in the profile, the key of its provenance: "employees", "qualification:高新技术企业",
 * "metrics.2025.revenue" (the path of profile.metrics["2025"].revenue).
 */
export function factKey(fact: Pick<Fact, 'key' | 'year'>): string {
  if (fact.key.startsWith(METRIC_PREFIX)) return `metrics.${fact.year}.${fact.key.slice(METRIC_PREFIX.length)}`;
  return fact.key;
}

export interface MergedProfile {
  profile: EnterpriseProfile;
  /** the provenance of each value of the profile, by factKey */
  provenance: Record<string, Provenance>;
  /** required fields no fact gave ("name", "region"): the profile is not complete without them */
  missing: ('name' | 'region')[];
}

/** Later as-of first wins; on the same date authoritative beats self-reported; then the later fact in the list. */
function beats(a: Provenance, b: Provenance): boolean {
  if (a.asOf !== b.asOf) return a.asOf > b.asOf;
  return a.authoritative && !b.authoritative;
}

/** The profile the facts give together, with the provenance of every value in it. */
export function mergeFacts(uscc: string, facts: readonly Fact[]): MergedProfile {
  const winners = new Map<string, Fact>();
  for (const fact of facts) {
    const key = factKey(fact);
    const current = winners.get(key);
    if (current === undefined || !beats(current.provenance, fact.provenance)) winners.set(key, fact);
  }

  const profile: EnterpriseProfile = { uscc, name: '', region: '' };
  const provenance: Record<string, Provenance> = {};
  const qualifications: { name: string; year?: number }[] = [];
  const metrics: Record<string, Record<string, number>> = {};
  // Sorted so the same facts give the same profile, whatever order they were recorded in.
  for (const key of [...winners.keys()].sort()) {
    const fact = winners.get(key)!;
    provenance[key] = fact.provenance;
    if (fact.key.startsWith(QUALIFICATION_PREFIX)) {
      const name = fact.key.slice(QUALIFICATION_PREFIX.length);
      qualifications.push(typeof fact.value === 'number' ? { name, year: fact.value } : { name });
    } else if (fact.key.startsWith(METRIC_PREFIX)) {
      if (typeof fact.value !== 'number') continue;
      (metrics[String(fact.year)] ??= {})[fact.key.slice(METRIC_PREFIX.length)] = fact.value;
    } else if (fact.key === 'employees') {
      if (typeof fact.value === 'number') profile.employees = fact.value;
    } else if (fact.key === 'name' || fact.key === 'region' || fact.key === 'industry' || fact.key === 'founded') {
      if (typeof fact.value === 'string') profile[fact.key] = fact.value;
    }
  }
  if (qualifications.length > 0) profile.qualifications = qualifications;
  if (Object.keys(metrics).length > 0) profile.metrics = metrics;
  const missing = (['name', 'region'] as const).filter((k) => profile[k] === '');
  return { profile: orderProfile(profile), provenance, missing };
}

/** The contract's field order, so stored and printed profiles read the same way. */
function orderProfile(p: EnterpriseProfile): EnterpriseProfile {
  const out: EnterpriseProfile = { uscc: p.uscc, name: p.name, region: p.region };
  if (p.industry !== undefined) out.industry = p.industry;
  if (p.founded !== undefined) out.founded = p.founded;
  if (p.employees !== undefined) out.employees = p.employees;
  if (p.qualifications !== undefined) out.qualifications = p.qualifications;
  if (p.metrics !== undefined) out.metrics = p.metrics;
  return out;
}

/** The facts a profile states, each with the same provenance (an import row, a self-report, a demo record). */
export function profileToFacts(profile: Omit<EnterpriseProfile, 'uscc'>, provenance: Provenance): Fact[] {
  const facts: Fact[] = [];
  const add = (key: string, value: number | string | null, year?: number): void => {
    facts.push(year === undefined ? { key, value, provenance } : { key, year, value, provenance });
  };
  if (profile.name !== '') add('name', profile.name);
  if (profile.region !== '') add('region', profile.region);
  if (profile.industry !== undefined) add('industry', profile.industry);
  if (profile.founded !== undefined) add('founded', profile.founded);
  if (profile.employees !== undefined) add('employees', profile.employees);
  for (const q of profile.qualifications ?? []) add(QUALIFICATION_PREFIX + q.name, q.year ?? null);
  for (const [year, figures] of Object.entries(profile.metrics ?? {})) {
    for (const [key, value] of Object.entries(figures)) add(METRIC_PREFIX + key, value, Number(year));
  }
  return facts;
}

export interface ProfileError {
  /** where in the profile: "uscc", "metrics.2025.revenue", "qualifications[1].year" */
  path: string;
  reason: string;
}

const PROFILE_FIELDS = new Set([
  'uscc',
  'name',
  'region',
  'industry',
  'founded',
  'employees',
  'qualifications',
  'metrics',
]);

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text;
}

const isYear = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= 1000 && (value as number) <= 9999;
const isNonNegative = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** Checks a profile against the contract; every problem is reported with its path, not only the first. */
export function validateProfile(input: unknown): { profile: EnterpriseProfile } | { errors: ProfileError[] } {
  const errors: ProfileError[] = [];
  const error = (path: string, reason: string): void => {
    errors.push({ path, reason });
  };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { errors: [{ path: '', reason: 'a profile is a JSON object' }] };
  }
  const p = input as Record<string, unknown>;
  for (const key of Object.keys(p)) if (!PROFILE_FIELDS.has(key)) error(key, 'unknown field');

  if (typeof p.uscc !== 'string') error('uscc', 'required: the 18-character unified social credit code');
  else {
    const check = validateUscc(p.uscc);
    if (!check.ok) error('uscc', check.reason);
  }
  if (typeof p.name !== 'string' || p.name.trim() === '') error('name', 'required: the enterprise name');
  if (typeof p.region !== 'string') error('region', 'required: a GB/T 2260 region code');
  else if (regionByCode(p.region) === undefined) error('region', `${p.region} is not a GB/T 2260 region code`);
  if (p.industry !== undefined) {
    if (typeof p.industry !== 'string' || !isIndustryCode(p.industry)) {
      error('industry', `${String(p.industry)} is not a GB/T 4754-2017 code (section letter and digits: "C3911")`);
    }
  }
  if (p.founded !== undefined && (typeof p.founded !== 'string' || !isIsoDate(p.founded))) {
    error('founded', 'not a date written YYYY-MM-DD');
  }
  if (p.employees !== undefined && !(isNonNegative(p.employees) && Number.isInteger(p.employees))) {
    error('employees', 'not a whole number ≥ 0');
  }
  if (p.qualifications !== undefined) {
    if (!Array.isArray(p.qualifications)) error('qualifications', 'a list of {name, year?}');
    else {
      p.qualifications.forEach((q: unknown, i) => {
        const path = `qualifications[${i}]`;
        if (typeof q !== 'object' || q === null) return error(path, 'a {name, year?} object');
        const { name, year, ...rest } = q as Record<string, unknown>;
        if (typeof name !== 'string' || name.trim() === '') error(`${path}.name`, 'required');
        if (year !== undefined && !isYear(year)) error(`${path}.year`, 'a four-digit year');
        for (const key of Object.keys(rest)) error(`${path}.${key}`, 'unknown field');
      });
    }
  }
  if (p.metrics !== undefined) {
    if (typeof p.metrics !== 'object' || p.metrics === null || Array.isArray(p.metrics)) {
      error('metrics', 'an object of years: {"2025": {"revenue": 1000000}}');
    } else {
      for (const [year, figures] of Object.entries(p.metrics as Record<string, unknown>)) {
        if (!/^\d{4}$/.test(year)) error(`metrics.${year}`, 'years are four digits');
        if (typeof figures !== 'object' || figures === null || Array.isArray(figures)) {
          error(`metrics.${year}`, 'an object of figures: {"revenue": 1000000}');
          continue;
        }
        for (const [key, value] of Object.entries(figures as Record<string, unknown>)) {
          if (!METRIC_KEY.test(key)) error(`metrics.${year}.${key}`, 'metric names are letters and digits');
          if (!isNonNegative(value)) error(`metrics.${year}.${key}`, 'not a number ≥ 0');
        }
      }
    }
  }
  return errors.length > 0 ? { errors } : { profile: p as unknown as EnterpriseProfile };
}
