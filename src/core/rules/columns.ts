import type { EnterpriseProfile } from '../profile/types.ts';
import { isNumber, ProfileFacts, pushMissing, readFact } from './evaluate.ts';
import { METRICS, parseFact, PLAIN_FACTS, QUALIFICATIONS } from './facts.ts';

// Profiles as columns, for the bulk matcher (compile.ts): one typed array per fact, built once from N profiles for
// one year, so one policy over a million enterprises is a tight loop over arrays. Every value is read with the
// evaluator's own readFact (evaluate.ts), so "missing" means the same thing here: a number column holds NaN, a text
// column code 0, never zero or "". Nothing here allocates per row once built.

/** Which facts to build: what the policies to be matched read (compile.ts factsRead), or everything. */
export interface FactNeeds {
  /** fact references read as values: "employees", "region", "metrics.revenue@-1", "qualifications.NAME"… */
  facts: ReadonlySet<string>;
  /** qualification names that qualification conditions test */
  qualifications: ReadonlySet<string>;
}

/** Text facts (region, industry, founded, sizeClass) as codes into the distinct values; code 0 is missing. */
export interface CodedColumn {
  codes: Int32Array;
  /** values[code]; values[0] is "" and stands for missing */
  values: string[];
}

/**
 * The holders of one qualification, sparse (a few percent of enterprises hold any): one entry per row that lists
 * at least one award of that name, rows ascending.
 */
export interface QualificationColumn {
  rows: Int32Array;
  /** the earliest award year given (NaN: no award of the name has a year) */
  minYear: Float64Array;
  /** 1 when the row lists several distinct award years: they are in `years` under the entry's index */
  several: Uint8Array;
  years: ReadonlyMap<number, Float64Array>;
  /** position in the row's list of the first award of the name without a year (-1: every award has one) */
  firstUndated: Int32Array;
}

export interface ProfileColumns {
  readonly length: number;
  /** the year whose metrics are read */
  readonly year: number;
  /** the evaluation date (validity and age), YYYY-07-01 by default as in evaluatePolicy */
  readonly date: string;
  readonly numbers: ReadonlyMap<string, Float64Array>;
  readonly texts: ReadonlyMap<string, CodedColumn>;
  /**
   * What pushMissing names for "sizeClass" on each row (the facts the size rule lacks, or "sizeClass"): codes into
   * lists. Built when a policy reads sizeClass.
   */
  readonly sizeMissing?: { codes: Int32Array; lists: readonly (readonly string[])[] };
  /** bit per row: the profile has a qualifications list (without one every qualification is unknown) */
  readonly listed: Uint32Array;
  readonly qualifications: ReadonlyMap<string, QualificationColumn>;
}

/** Every fact a validated policy can read at the evaluation year and the year before, every qualification. */
export function allFacts(): FactNeeds {
  const facts = new Set<string>(Object.keys(PLAIN_FACTS));
  for (const key of Object.keys(METRICS)) facts.add(`metrics.${key}`).add(`metrics.${key}@-1`);
  for (const name of Object.keys(QUALIFICATIONS)) facts.add(`qualifications.${name}`);
  return { facts, qualifications: new Set(Object.keys(QUALIFICATIONS)) };
}

/** True when the fact is held as a number column (else a text column). */
export function isNumberFact(ref: string): boolean {
  const parsed = parseFact(ref);
  return !('error' in parsed) && parsed.type === 'number';
}

/** Typed arrays that grow by doubling; `finish` trims them. */
class Growing<T extends Float64Array | Int32Array | Uint8Array> {
  array: T;
  length = 0;

  constructor(
    private readonly make: (n: number) => T,
    capacity: number,
  ) {
    this.array = make(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.array.length) {
      const next = this.make(this.array.length * 2);
      next.set(this.array);
      this.array = next;
    }
    this.array[this.length++] = value;
  }

  finish(): T {
    return (this.length === this.array.length ? this.array : this.array.slice(0, this.length)) as T;
  }
}

class TextColumnBuilder {
  readonly codes: Growing<Int32Array>;
  readonly values: string[] = [''];
  private readonly index = new Map<string, number>();

  constructor(capacity: number) {
    this.codes = new Growing((n) => new Int32Array(n), capacity);
  }

  push(value: string | undefined): void {
    if (value === undefined) {
      this.codes.push(0);
      return;
    }
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.index.set(value, code);
    }
    this.codes.push(code);
  }
}

class QualificationBuilder {
  readonly rows: Growing<Int32Array>;
  readonly minYear: Growing<Float64Array>;
  readonly several: Growing<Uint8Array>;
  readonly firstUndated: Growing<Int32Array>;
  readonly years = new Map<number, Float64Array>();
  // the current row's awards of this name
  dated: number[] = [];
  undated = -1;
  seen = false;

  constructor(capacity: number) {
    this.rows = new Growing((n) => new Int32Array(n), capacity);
    this.minYear = new Growing((n) => new Float64Array(n), capacity);
    this.several = new Growing((n) => new Uint8Array(n), capacity);
    this.firstUndated = new Growing((n) => new Int32Array(n), capacity);
  }

  endRow(row: number): void {
    if (!this.seen) return;
    const entry = this.rows.length;
    this.rows.push(row);
    const distinct = [...new Set(this.dated)].sort((a, b) => a - b);
    this.minYear.push(distinct.length > 0 ? distinct[0]! : Number.NaN);
    this.several.push(distinct.length > 1 ? 1 : 0);
    if (distinct.length > 1) this.years.set(entry, Float64Array.from(distinct));
    this.firstUndated.push(this.undated);
    this.dated = [];
    this.undated = -1;
    this.seen = false;
  }
}

/** Builds columns one profile at a time (a database is read in pages); `finish` hands them over. */
export class ColumnsBuilder {
  readonly year: number;
  readonly date: string;
  private rows = 0;
  private readonly numbers = new Map<string, Growing<Float64Array>>();
  private readonly texts = new Map<string, TextColumnBuilder>();
  private readonly sizeMissing: TextColumnBuilder | undefined;
  private readonly listed: Growing<Int32Array>;
  private readonly qualifications = new Map<string, QualificationBuilder>();
  private readonly scratch: string[] = [];

  constructor(year: number, needs: FactNeeds = allFacts(), options: { date?: string; capacity?: number } = {}) {
    this.year = year;
    this.date = (options.date ?? `${String(year).padStart(4, '0')}-07-01`).slice(0, 10);
    const capacity = options.capacity ?? 1024;
    for (const ref of [...needs.facts].sort()) {
      const parsed = parseFact(ref);
      if ('error' in parsed) throw new Error(`cannot build a column for ${ref}: ${parsed.error}`);
      if (parsed.type === 'number') this.numbers.set(ref, new Growing((n) => new Float64Array(n), capacity));
      else this.texts.set(ref, new TextColumnBuilder(capacity));
    }
    this.sizeMissing = needs.facts.has('sizeClass') ? new TextColumnBuilder(capacity) : undefined;
    this.listed = new Growing((n) => new Int32Array(n), (capacity >>> 5) + 1);
    for (const name of [...needs.qualifications].sort()) {
      this.qualifications.set(name, new QualificationBuilder(Math.max(16, capacity >>> 4)));
    }
  }

  get length(): number {
    return this.rows;
  }

  /** Adds one profile as the next row; returns its row index. */
  add(profile: EnterpriseProfile): number {
    const row = this.rows++;
    const facts = new ProfileFacts(profile, { year: this.year, date: this.date });
    for (const [ref, column] of this.numbers) {
      const value = readFact(facts, ref);
      column.push(typeof value === 'number' ? value : Number.NaN);
    }
    for (const [ref, column] of this.texts) {
      const value = readFact(facts, ref);
      column.push(typeof value === 'string' ? value : undefined);
    }
    if (this.sizeMissing !== undefined) {
      // What the evaluator names when a sizeClass condition is unknown, joined to intern it.
      this.scratch.length = 0;
      pushMissing(facts, 'sizeClass', this.scratch);
      this.sizeMissing.push(this.scratch.join('\n'));
    }
    const list: unknown = facts.profile.qualifications;
    const isListed = Array.isArray(list);
    if ((row & 31) === 0) this.listed.push(0);
    if (isListed) this.listed.array[row >>> 5]! |= 1 << (row & 31);
    if (isListed && this.qualifications.size > 0) {
      // The qualification condition's reading (evaluate.ts Run.qualification): entries that are not objects are
      // skipped; a year is a finite number or unknown.
      for (let position = 0; position < list.length; position++) {
        const q: unknown = list[position];
        if (typeof q !== 'object' || q === null) continue;
        const name = (q as { name?: unknown }).name;
        if (typeof name !== 'string') continue;
        const builder = this.qualifications.get(name);
        if (builder === undefined) continue;
        builder.seen = true;
        const year = (q as { year?: unknown }).year;
        if (isNumber(year)) builder.dated.push(year);
        else if (builder.undated < 0) builder.undated = position;
      }
      for (const builder of this.qualifications.values()) builder.endRow(row);
    }
    return row;
  }

  finish(): ProfileColumns {
    const numbers = new Map<string, Float64Array>();
    for (const [ref, column] of this.numbers) numbers.set(ref, column.finish());
    const texts = new Map<string, CodedColumn>();
    for (const [ref, column] of this.texts) texts.set(ref, { codes: column.codes.finish(), values: column.values });
    const qualifications = new Map<string, QualificationColumn>();
    for (const [name, q] of this.qualifications) {
      qualifications.set(name, {
        rows: q.rows.finish(),
        minYear: q.minYear.finish(),
        several: q.several.finish(),
        years: q.years,
        firstUndated: q.firstUndated.finish(),
      });
    }
    const listed = new Uint32Array(this.listed.finish().buffer, 0, (this.rows + 31) >>> 5);
    const columns: ProfileColumns = {
      length: this.rows,
      year: this.year,
      date: this.date,
      numbers,
      texts,
      listed,
      qualifications,
      ...(this.sizeMissing === undefined
        ? {}
        : {
            sizeMissing: {
              codes: this.sizeMissing.codes.finish(),
              lists: this.sizeMissing.values.map((joined) => (joined === '' ? [] : joined.split('\n'))),
            },
          }),
    };
    return columns;
  }
}

/** The columns of these profiles for `year`: the facts `needs` names (by default every fact). */
export function buildColumns(
  profiles: Iterable<EnterpriseProfile>,
  year: number,
  options: { needs?: FactNeeds; date?: string; capacity?: number } = {},
): ProfileColumns {
  const builder = new ColumnsBuilder(year, options.needs ?? allFacts(), options);
  for (const profile of profiles) builder.add(profile);
  return builder.finish();
}
