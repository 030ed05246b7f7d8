import { isIndustryCode } from '../profile/industries.ts';
import { regionByCode } from '../regions/region-table.ts';
import { parseFact, QUALIFICATIONS, SIZE_CLASSES, type FactType } from './facts.ts';
import type { Policy } from './types.ts';

// The validator of the authoring format. It is written by hand rather than derived from a JSON schema because
// its messages must name the exact node and say what is wrong in the policy's own terms (a lower bound above an
// upper bound, tiers out of order, a sentence not found in the sources), which a schema validator cannot say.

export interface ValidationError {
  /** the node that is wrong: "eligibility.all[2].between", "benefit.tiers[1]", "sources" */
  path: string;
  message: string;
}

export type ValidationResult = { ok: true; policy: Policy } | { ok: false; errors: ValidationError[] };

/** "eligibility.all[2].between: lower bound 5000 is above upper bound 1000", one per line. */
export function formatErrors(errors: ValidationError[]): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join('\n');
}

const POLICY_KEYS = [
  'id',
  'version',
  'title',
  'regions',
  'validFrom',
  'validTo',
  'stackingGroup',
  'autoGrant',
  'eligibility',
  'benefit',
  'sources',
];
const OPERATORS = ['=', '!=', '<', '<=', '>', '>='];
const BENEFIT_KINDS = ['fixed', 'rate', 'perUnit', 'tiers', 'schedule', 'sum'];
const CONDITION_SHAPES = 'all, any, not, fact with op/between/in, qualification, regionWithin or industryWithin';
const ID = /^[a-z0-9][a-z0-9._-]*$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
}

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

class Checker {
  readonly errors: ValidationError[] = [];
  /** the texts of the policy's sources (checked first): every node's `source` must be quoted from one of them */
  readonly sourceTexts: string[] = [];

  error(path: string, message: string): void {
    this.errors.push({ path, message });
  }

  keys(node: Json, path: string, allowed: readonly string[]): void {
    for (const key of Object.keys(node)) {
      if (!allowed.includes(key)) this.error(join(path, key), `unknown key "${key}"`);
    }
  }

  sentence(node: Json, path: string): void {
    if (!('source' in node)) return;
    const source = node.source;
    if (typeof source !== 'string' || source.trim() === '') {
      this.error(join(path, 'source'), 'must be a sentence of the policy text');
    } else if (this.sourceTexts.length > 0 && !this.sourceTexts.some((text) => text.includes(source))) {
      this.error(join(path, 'source'), `"${source}" is not quoted from any of the policy's sources`);
    }
  }

  policy(json: unknown): void {
    if (!isObject(json)) {
      this.error('', 'a policy must be a JSON object');
      return;
    }
    this.keys(json, '', POLICY_KEYS);
    if (typeof json.id !== 'string' || !ID.test(json.id)) {
      this.error('id', 'must be lowercase letters, digits, ".", "-" or "_" (starting with a letter or digit)');
    }
    if (!Number.isInteger(json.version) || (json.version as number) < 1) {
      this.error('version', 'must be a whole number from 1');
    }
    if (typeof json.title !== 'string' || json.title.trim() === '') this.error('title', 'must be a non-empty text');
    this.regions(json.regions);
    this.validity(json);
    if ('stackingGroup' in json && (typeof json.stackingGroup !== 'string' || json.stackingGroup === '')) {
      this.error('stackingGroup', 'must be a non-empty text');
    }
    if ('autoGrant' in json && typeof json.autoGrant !== 'boolean') this.error('autoGrant', 'must be true or false');
    this.sources(json.sources);
    if (!('eligibility' in json)) this.error('eligibility', 'missing: every policy has a condition tree');
    else this.condition(json.eligibility, 'eligibility');
    if (!('benefit' in json)) this.error('benefit', 'missing: a benefit formula, or null when no sum is stated');
    else if (json.benefit !== null) this.benefit(json.benefit, 'benefit');
  }

  regions(regions: unknown): void {
    if (!Array.isArray(regions) || regions.length === 0) {
      this.error('regions', 'must list the issuing regions (GB/T 2260 codes)');
      return;
    }
    regions.forEach((code, i) => {
      if (typeof code !== 'string' || !regionByCode(code)) {
        this.error(`regions[${i}]`, `${show(code)} is not a GB/T 2260 region code`);
      }
    });
  }

  validity(json: Json): void {
    for (const key of ['validFrom', 'validTo'] as const) {
      if (key in json && !isIsoDate(json[key])) this.error(key, `${show(json[key])} is not an ISO date (YYYY-MM-DD)`);
    }
    if (isIsoDate(json.validFrom) && isIsoDate(json.validTo) && json.validFrom > json.validTo) {
      this.error('validTo', `${json.validTo} is before validFrom ${json.validFrom}`);
    }
  }

  sources(sources: unknown): void {
    if (!Array.isArray(sources) || sources.length === 0) {
      this.error('sources', 'missing: cite at least one source (document, article, measure, text)');
      return;
    }
    sources.forEach((source, i) => {
      const path = `sources[${i}]`;
      if (!isObject(source)) {
        this.error(path, 'must be an object {document, article, measure, text}');
        return;
      }
      this.keys(source, path, ['document', 'article', 'measure', 'text']);
      if (source.document !== null && (typeof source.document !== 'string' || source.document === '')) {
        this.error(`${path}.document`, 'must be the document title or null');
      }
      if (typeof source.article !== 'string' || source.article === '') {
        this.error(`${path}.article`, "must be the article's headline");
      }
      if (source.measure !== null && (!Number.isInteger(source.measure) || (source.measure as number) < 1)) {
        this.error(`${path}.measure`, "must be the measure's ordinal (1, 2, …) or null");
      }
      if (typeof source.text !== 'string' || source.text === '') {
        this.error(`${path}.text`, "must be the measure's text");
      } else {
        this.sourceTexts.push(source.text);
      }
    });
  }

  /** A fact reference; returns its type, or undefined (and an error) when it names no known fact. */
  fact(ref: unknown, path: string): FactType | undefined {
    if (typeof ref !== 'string') {
      this.error(path, 'must name a fact');
      return undefined;
    }
    const parsed = parseFact(ref);
    if ('error' in parsed) {
      this.error(path, parsed.error);
      return undefined;
    }
    return parsed.type;
  }

  numericFact(ref: unknown, path: string): void {
    const type = this.fact(ref, path);
    if (type !== undefined && type !== 'number') this.error(path, `"${String(ref)}" is not a number`);
  }

  condition(node: unknown, path: string): void {
    if (!isObject(node)) {
      this.error(path, `must be a condition (${CONDITION_SHAPES})`);
      return;
    }
    this.sentence(node, path);
    if ('all' in node || 'any' in node) {
      const key = 'all' in node ? 'all' : 'any';
      this.keys(node, path, [key, 'source']);
      const children = node[key];
      if (!Array.isArray(children)) this.error(join(path, key), 'must be a list of conditions');
      else if (children.length === 0) this.error(join(path, key), `empty "${key}": list at least one condition`);
      else children.forEach((child, i) => this.condition(child, `${join(path, key)}[${i}]`));
    } else if ('not' in node) {
      this.keys(node, path, ['not', 'source']);
      this.condition(node.not, join(path, 'not'));
    } else if ('fact' in node) {
      this.factCondition(node, path);
    } else if ('qualification' in node) {
      this.qualification(node, path);
    } else if ('regionWithin' in node) {
      this.keys(node, path, ['regionWithin', 'source']);
      this.codes(node.regionWithin, join(path, 'regionWithin'), 'GB/T 2260 region', (c) => !!regionByCode(c));
    } else if ('industryWithin' in node) {
      this.keys(node, path, ['industryWithin', 'source']);
      this.codes(node.industryWithin, join(path, 'industryWithin'), 'GB/T 4754-2017 industry', isIndustryCode);
    } else if ('op' in node || 'between' in node || 'in' in node) {
      this.error(join(path, 'fact'), 'missing: which fact is compared');
    } else {
      const keys = Object.keys(node).filter((k) => k !== 'source');
      this.error(path, `unknown condition ${keys.length ? `"${keys[0]}"` : '{}'} (expected ${CONDITION_SHAPES})`);
    }
  }

  factCondition(node: Json, path: string): void {
    const type = this.fact(node.fact, join(path, 'fact'));
    const shapes = ['op', 'between', 'in'].filter((k) => k in node);
    if (shapes.length !== 1) {
      this.error(path, 'a fact condition has exactly one of "op" (with "value"), "between" or "in"');
      return;
    }
    if ('op' in node) {
      this.keys(node, path, ['fact', 'op', 'value', 'source']);
      if (typeof node.op !== 'string' || !OPERATORS.includes(node.op)) {
        this.error(join(path, 'op'), `unknown operator ${show(node.op)} (expected ${OPERATORS.join(' ')})`);
      } else if (type === 'string' && node.op !== '=' && node.op !== '!=') {
        this.error(join(path, 'op'), `"${String(node.fact)}" is text: only = and != compare it`);
      }
      this.value(node.value, join(path, 'value'), type, node.fact);
    } else if ('between' in node) {
      this.keys(node, path, ['fact', 'between', 'inclusive', 'source']);
      if (type !== undefined && type !== 'number')
        this.error(join(path, 'fact'), `"${String(node.fact)}" is not a number`);
      this.bounds(node.between, node.inclusive, path, 'between');
    } else {
      this.keys(node, path, ['fact', 'in', 'source']);
      const set = node.in;
      if (!Array.isArray(set) || set.length === 0) this.error(join(path, 'in'), 'must list at least one value');
      else set.forEach((value, i) => this.value(value, `${join(path, 'in')}[${i}]`, type, node.fact));
    }
  }

  value(value: unknown, path: string, type: FactType | undefined, fact: unknown): void {
    if (type === 'number' && !isFiniteNumber(value)) this.error(path, `${show(value)} is not a number`);
    if (type === 'string' && typeof value !== 'string') this.error(path, `${show(value)} is not a text`);
    if (type === 'date' && !isIsoDate(value)) this.error(path, `${show(value)} is not an ISO date (YYYY-MM-DD)`);
    if (fact === 'sizeClass' && typeof value === 'string' && !(SIZE_CLASSES as readonly string[]).includes(value)) {
      this.error(path, `${show(value)} is not a size class (${SIZE_CLASSES.join(', ')})`);
    }
    if (fact === 'region' && typeof value === 'string' && !regionByCode(value)) {
      this.error(path, `${show(value)} is not a GB/T 2260 region code`);
    }
    if (fact === 'industry' && typeof value === 'string' && !isIndustryCode(value)) {
      this.error(path, `${show(value)} is not a GB/T 4754-2017 industry code`);
    }
  }

  /** [min, max] with 含/不含 flags: `key` is "between" for a condition; for a tier the bounds are min and max. */
  bounds(range: unknown, inclusive: unknown, path: string, key: string): void {
    const at = key === '' ? path : join(path, key);
    if (!Array.isArray(range) || range.length !== 2 || !range.every((b) => b === null || isFiniteNumber(b))) {
      this.error(at, 'must be [lower, upper]: numbers, or null for an open end');
      return;
    }
    this.range(range[0] as number | null, range[1] as number | null, inclusive, path, at);
  }

  range(lower: number | null, upper: number | null, inclusive: unknown, path: string, at: string): void {
    const validFlags =
      inclusive === undefined ||
      (Array.isArray(inclusive) && inclusive.length === 2 && inclusive.every((f) => typeof f === 'boolean'));
    if (!validFlags) this.error(join(path, 'inclusive'), 'must be [lower 含?, upper 含?]: two booleans');
    if (lower === null && upper === null) {
      this.error(at, 'both bounds are open: give a lower bound, an upper bound or both');
    } else if (lower !== null && upper !== null) {
      const [lowerIn, upperIn] = validFlags && Array.isArray(inclusive) ? (inclusive as boolean[]) : [true, true];
      if (lower > upper) this.error(at, `lower bound ${lower} is above upper bound ${upper}`);
      else if (lower === upper && !(lowerIn && upperIn)) this.error(at, `no value lies between ${lower} and ${upper}`);
    }
  }

  qualification(node: Json, path: string): void {
    this.keys(node, path, ['qualification', 'fromYear', 'toYear', 'relative', 'source']);
    const names = node.qualification;
    if (!Array.isArray(names) || names.length === 0) {
      this.error(join(path, 'qualification'), 'must list at least one qualification name');
    } else {
      names.forEach((name, i) => {
        if (typeof name !== 'string' || !Object.hasOwn(QUALIFICATIONS, name)) {
          this.error(`${join(path, 'qualification')}[${i}]`, `unknown qualification ${show(name)} (see docs/rules.md)`);
        }
      });
    }
    for (const key of ['fromYear', 'toYear'] as const) {
      if (key in node && !Number.isInteger(node[key])) this.error(join(path, key), 'must be a whole year');
    }
    if ('relative' in node && typeof node.relative !== 'boolean') {
      this.error(join(path, 'relative'), 'must be true or false');
    }
    if (node.relative === true) {
      for (const key of ['fromYear', 'toYear'] as const) {
        if (Number.isInteger(node[key]) && Math.abs(node[key] as number) > 100) {
          this.error(join(path, key), `relative years are offsets from the evaluation year; ${node[key]} is too far`);
        }
      }
    } else {
      for (const key of ['fromYear', 'toYear'] as const) {
        const year = node[key];
        if (Number.isInteger(year) && ((year as number) < 1900 || (year as number) > 2200)) {
          this.error(join(path, key), `${year} is not a calendar year (use "relative": true for offsets)`);
        }
      }
    }
    if (Number.isInteger(node.fromYear) && Number.isInteger(node.toYear) && node.fromYear! > node.toYear!) {
      this.error(path, `fromYear ${node.fromYear} is after toYear ${node.toYear}`);
    }
  }

  codes(codes: unknown, path: string, what: string, known: (code: string) => boolean): void {
    if (!Array.isArray(codes) || codes.length === 0) {
      this.error(path, `must list at least one ${what} code`);
      return;
    }
    codes.forEach((code, i) => {
      if (typeof code !== 'string' || !known(code)) this.error(`${path}[${i}]`, `${show(code)} is not a ${what} code`);
    });
  }

  amount(value: unknown, path: string, what: string): void {
    if (!isFiniteNumber(value)) this.error(path, `${what} must be a number`);
    else if (value < 0) this.error(path, `negative ${what} ${value}`);
  }

  /** A rate in percent, or a [min, max] range of rates. */
  rate(value: unknown, path: string, what: 'rate' | 'perUnit'): void {
    const values = Array.isArray(value) ? value : [value];
    if (Array.isArray(value) && value.length !== 2) {
      this.error(path, `a ${what} range is [min, max]`);
      return;
    }
    for (const v of values) {
      if (!isFiniteNumber(v)) this.error(path, `${show(v)} is not a number`);
      else if (what === 'rate' && (v < 0 || v > 100)) this.error(path, `rate ${v}% is outside 0–100`);
      else if (v < 0) this.error(path, `negative ${what} ${v}`);
    }
    if (Array.isArray(value) && isFiniteNumber(value[0]) && isFiniteNumber(value[1]) && value[0] > value[1]) {
      this.error(path, `lower ${what} ${value[0]} is above upper ${what} ${value[1]}`);
    }
  }

  flag(node: Json, key: string, path: string): void {
    if (key in node && typeof node[key] !== 'boolean') this.error(join(path, key), 'must be true or false');
  }

  benefit(node: unknown, path: string): void {
    if (!isObject(node)) {
      this.error(path, `must be a benefit {kind: ${BENEFIT_KINDS.join(' | ')}, …} or null`);
      return;
    }
    this.sentence(node, path);
    switch (node.kind) {
      case 'fixed':
        this.keys(node, path, ['kind', 'amount', 'upTo', 'source']);
        this.amount(node.amount, join(path, 'amount'), 'amount');
        this.flag(node, 'upTo', path);
        break;
      case 'rate':
      case 'perUnit': {
        const key = node.kind;
        this.keys(node, path, ['kind', 'of', key, 'cap', 'upTo', 'source']);
        this.numericFact(node.of, join(path, 'of'));
        this.rate(node[key], join(path, key), key);
        if ('cap' in node) this.amount(node.cap, join(path, 'cap'), 'cap');
        this.flag(node, 'upTo', path);
        break;
      }
      case 'tiers':
        this.keys(node, path, ['kind', 'of', 'tiers', 'source']);
        this.numericFact(node.of, join(path, 'of'));
        this.tiers(node.tiers, join(path, 'tiers'));
        break;
      case 'schedule':
        this.keys(node, path, ['kind', 'start', 'byYear', 'source']);
        if ('start' in node) this.numericFact(node.start, join(path, 'start'));
        this.schedule(node.byYear, join(path, 'byYear'), 'start' in node);
        break;
      case 'sum':
        this.keys(node, path, ['kind', 'parts', 'less', 'source']);
        for (const key of ['parts', 'less'] as const) {
          if (key === 'less' && !('less' in node)) continue;
          const list = node[key];
          if (!Array.isArray(list) || list.length === 0) this.error(join(path, key), 'must list at least one benefit');
          else list.forEach((part, i) => this.benefit(part, `${join(path, key)}[${i}]`));
        }
        break;
      default:
        this.error(
          join(path, 'kind'),
          `unknown benefit kind ${show(node.kind)} (expected ${BENEFIT_KINDS.join(', ')})`,
        );
    }
  }

  tiers(tiers: unknown, path: string): void {
    if (!Array.isArray(tiers) || tiers.length === 0) {
      this.error(path, 'must list at least one tier');
      return;
    }
    let previous: { min: number | null; max: number | null; inclusive: [boolean, boolean]; index: number } | undefined;
    tiers.forEach((tier, i) => {
      const at = `${path}[${i}]`;
      if (!isObject(tier)) {
        this.error(at, 'must be a tier {min, max, inclusive?, benefit}');
        return;
      }
      this.keys(tier, at, ['min', 'max', 'inclusive', 'benefit', 'source']);
      this.sentence(tier, at);
      const { min, max } = tier;
      if (!(min === null || isFiniteNumber(min)) || !(max === null || isFiniteNumber(max))) {
        this.error(at, 'min and max must be numbers, or null for an open end');
      } else {
        this.range(min, max, tier.inclusive, at, at);
        const inclusive = (Array.isArray(tier.inclusive) ? tier.inclusive : [true, true]) as [boolean, boolean];
        if (previous) this.tierOrder(previous, { min, max, inclusive }, at);
        previous = { min, max, inclusive, index: i };
      }
      if (!('benefit' in tier)) this.error(join(at, 'benefit'), 'missing: what the tier gives');
      else this.benefit(tier.benefit, join(at, 'benefit'));
    });
  }

  tierOrder(
    previous: { min: number | null; max: number | null; inclusive: [boolean, boolean]; index: number },
    tier: { min: number | null; max: number | null; inclusive: [boolean, boolean] },
    at: string,
  ): void {
    const prevMin = previous.min ?? -Infinity;
    const min = tier.min ?? -Infinity;
    if (min < prevMin || (min === prevMin && tier.min === null)) {
      this.error(at, `out of order: its lower bound ${tier.min} is below tier ${previous.index}'s ${previous.min}`);
      return;
    }
    const prevMax = previous.max ?? Infinity;
    if (min < prevMax || (min === prevMax && tier.inclusive[0] && previous.inclusive[1])) {
      const bound = min === prevMax ? `both include ${min} (含)` : `${min} lies inside tier ${previous.index}`;
      this.error(at, `overlaps tier ${previous.index}: ${bound}`);
    }
  }

  schedule(entries: unknown, path: string, programme: boolean): void {
    if (!Array.isArray(entries) || entries.length === 0) {
      this.error(path, 'must list at least one year');
      return;
    }
    let last = -Infinity;
    entries.forEach((entry, i) => {
      const at = `${path}[${i}]`;
      if (!isObject(entry)) {
        this.error(at, 'must be {year, benefit}');
        return;
      }
      this.keys(entry, at, ['year', 'benefit']);
      const year = entry.year;
      if (!Number.isInteger(year)) this.error(join(at, 'year'), 'must be a whole number');
      else if (programme && (year as number) < 1) this.error(join(at, 'year'), 'programme years count from 1');
      else if (!programme && ((year as number) < 1900 || (year as number) > 2200)) {
        this.error(join(at, 'year'), `${year} is not a calendar year (give "start" to count programme years)`);
      } else if ((year as number) <= last) {
        this.error(join(at, 'year'), `years must ascend without repeats: ${year} follows ${last}`);
      } else last = year as number;
      if (!('benefit' in entry)) this.error(join(at, 'benefit'), 'missing: what the year gives');
      else this.benefit(entry.benefit, join(at, 'benefit'));
    });
  }
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * Checks a policy in the authoring format (docs/rules.md). Every problem is reported with the path of the node
 * that is wrong, so an author can fix them all at once.
 */
export function validatePolicy(json: unknown): ValidationResult {
  const checker = new Checker();
  checker.policy(json);
  return checker.errors.length === 0 ? { ok: true, policy: json as Policy } : { ok: false, errors: checker.errors };
}

/** Validates a pack (a JSON array of policies): every policy valid, ids unique. Paths start with "[i]". */
export function validatePack(
  json: unknown,
): { ok: true; policies: Policy[] } | { ok: false; errors: ValidationError[] } {
  if (!Array.isArray(json)) return { ok: false, errors: [{ path: '', message: 'a pack is a JSON array of policies' }] };
  const errors: ValidationError[] = [];
  const seen = new Map<string, number>();
  json.forEach((item, i) => {
    const result = validatePolicy(item);
    if (!result.ok) {
      for (const e of result.errors)
        errors.push({ path: e.path === '' ? `[${i}]` : `[${i}].${e.path}`, message: e.message });
      return;
    }
    const first = seen.get(result.policy.id);
    if (first !== undefined)
      errors.push({ path: `[${i}].id`, message: `"${result.policy.id}" is also policy [${first}]` });
    else seen.set(result.policy.id, i);
  });
  return errors.length === 0 ? { ok: true, policies: json as Policy[] } : { ok: false, errors };
}
