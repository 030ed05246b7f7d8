import { industryWithin } from '../../profile/industries.ts';
import { regionWithin } from '../../regions/region-table.ts';
import type { CodedColumn, ProfileColumns, QualificationColumn } from '../columns.ts';
import { factConditionHolds } from '../evaluate.ts';
import { parseFact } from '../facts.ts';
import type { Benefit, Condition } from '../types.ts';
import type { BenefitNode } from './benefit-node.ts';
import { Programme, Tiers } from './choice.ts';
import { Combine } from './combine.ts';
import type { ConditionNode } from './condition-node.ts';
import { Constant } from './constant.ts';
import { Fixed, NoAmount } from './fixed.ts';
import { cachedTable, toStatus } from './lookup-table.ts';
import { MissingKeys } from './missing-keys.ts';
import { Not } from './not.ts';
import { NumberTest } from './number-test.ts';
import { Proportional } from './proportional.ts';
import { QualificationTest } from './qualification-test.ts';
import { UNKNOWN } from './status.ts';
import { Sum } from './sum.ts';
import { TextTest } from './text-test.ts';

export class Compiler {
  readonly keys = new MissingKeys();

  constructor(private readonly columns: ProfileColumns) {}

  number(ref: string): Float64Array {
    const column = this.columns.numbers.get(ref);
    if (column === undefined) {
      const parsed = parseFact(ref);
      if (!('error' in parsed) && parsed.type !== 'number') throw new Error(`${ref} is not a number fact`);
      throw new Error(`the columns do not hold ${ref}: build them with the policy's facts (factsRead)`);
    }
    return column;
  }

  text(ref: string): CodedColumn {
    const column = this.columns.texts.get(ref);
    if (column === undefined) throw new Error(`the columns do not hold ${ref}: build them with the policy's facts`);
    return column;
  }

  condition(node: Condition): ConditionNode {
    if ('all' in node)
      return new Combine(
        'all',
        node.all.map((c) => this.condition(c)),
      );
    if ('any' in node)
      return new Combine(
        'any',
        node.any.map((c) => this.condition(c)),
      );
    if ('not' in node) return new Not(this.condition(node.not));
    if ('fact' in node) return this.factTest(node);
    if ('qualification' in node) return this.qualification(node);
    if ('regionWithin' in node) return this.within('region', node.regionWithin, regionWithin);
    if ('industryWithin' in node) return this.within('industry', node.industryWithin, industryWithin);
    return new Constant(UNKNOWN); // the evaluator's "unknown condition": unknown, naming nothing
  }

  factTest(node: Extract<Condition, { fact: string }>): ConditionNode {
    const parsed = parseFact(node.fact);
    if ('error' in parsed) return new Constant(UNKNOWN, this.keys.factId(node.fact)); // never read: missing
    if (parsed.type !== 'number') {
      const column = this.text(node.fact);
      const { source: _source, ...test } = node;
      const table = cachedTable(column, JSON.stringify(test), (value) => factConditionHolds(node, value));
      return new TextTest(column.codes, table, this.textMissing(node.fact));
    }
    const column = this.number(node.fact);
    const id = this.keys.factId(node.fact);
    if ('between' in node) {
      const [lower, upper] = node.between;
      const [loIn, hiIn] = node.inclusive ?? [true, true];
      return new NumberTest(
        column,
        {
          kind: 'range',
          lo: lower ?? Number.NEGATIVE_INFINITY,
          loIn: lower === null ? true : loIn,
          hi: upper ?? Number.POSITIVE_INFINITY,
          hiIn: upper === null ? true : hiIn,
        },
        id,
      );
    }
    if ('in' in node) {
      const values = node.in.filter((v): v is number => typeof v === 'number');
      return new NumberTest(column, { kind: 'in', values }, id);
    }
    const x = node.value;
    if (typeof x !== 'number') {
      const holds = factConditionHolds(node, 0);
      return new NumberTest(column, { kind: 'const', status: toStatus(holds) }, id);
    }
    const I = Number.NEGATIVE_INFINITY;
    const S = Number.POSITIVE_INFINITY;
    switch (node.op) {
      case '=':
        return new NumberTest(column, { kind: 'range', lo: x, loIn: true, hi: x, hiIn: true }, id);
      case '!=':
        return new NumberTest(column, { kind: 'not', value: x }, id);
      case '<':
        return new NumberTest(column, { kind: 'range', lo: I, loIn: true, hi: x, hiIn: false }, id);
      case '<=':
        return new NumberTest(column, { kind: 'range', lo: I, loIn: true, hi: x, hiIn: true }, id);
      case '>':
        return new NumberTest(column, { kind: 'range', lo: x, loIn: false, hi: S, hiIn: true }, id);
      case '>=':
        return new NumberTest(column, { kind: 'range', lo: x, loIn: true, hi: S, hiIn: true }, id);
      default:
        return new NumberTest(column, { kind: 'const', status: UNKNOWN }, id); // compare() cannot say
    }
  }

  /** The missing key of a text fact: its name, or for sizeClass the facts the size rule lacks on that row. */
  textMissing(ref: string): number | { codes: Int32Array; ids: number[][] } {
    if (ref !== 'sizeClass') return this.keys.factId(ref);
    const sizes = this.columns.sizeMissing;
    if (sizes === undefined) throw new Error('the columns do not hold sizeClass: build them with the policy facts');
    return { codes: sizes.codes, ids: sizes.lists.map((list) => list.map((key) => this.keys.id(key))) };
  }

  within(
    fact: 'region' | 'industry',
    codes: string[],
    test: (code: string, ancestor: string) => boolean,
  ): ConditionNode {
    const column = this.text(fact);
    const table = cachedTable(column, `within:${codes.join(',')}`, (value) => codes.some((code) => test(value, code)));
    return new TextTest(column.codes, table, this.keys.factId(fact));
  }

  qualification(node: Extract<Condition, { qualification: string[] }>): ConditionNode {
    const year = this.columns.year;
    const from = node.fromYear === undefined ? undefined : node.relative ? year + node.fromYear : node.fromYear;
    const to = node.toYear === undefined ? undefined : node.relative ? year + node.toYear : node.toYear;
    const window =
      from === undefined && to === undefined
        ? undefined
        : { from: from ?? Number.NEGATIVE_INFINITY, to: to ?? Number.POSITIVE_INFINITY };
    const names: string[] = [];
    const columns: QualificationColumn[] = [];
    for (const name of node.qualification) {
      if (names.includes(name)) continue;
      const column = this.columns.qualifications.get(name);
      if (column === undefined) throw new Error(`the columns do not hold the qualification ${name}`);
      names.push(name);
      columns.push(column);
    }
    return new QualificationTest(
      this.columns.listed,
      columns,
      window,
      this.keys.id('qualifications'),
      names.map((name) => this.keys.id(`qualifications.${name}`)),
    );
  }

  benefit(node: Benefit): BenefitNode {
    switch (node.kind) {
      case 'fixed':
        return new Fixed(node.upTo ? 0 : node.amount, node.amount);
      case 'rate':
      case 'perUnit': {
        const factor = node.kind === 'rate' ? node.rate : node.perUnit;
        const [low, high] = typeof factor === 'number' ? [factor, factor] : factor;
        return new Proportional(
          this.number(node.of),
          low,
          high,
          node.kind === 'rate' ? 100 : 1,
          node.upTo === true,
          node.cap,
          this.keys.factId(node.of),
        );
      }
      case 'tiers':
        return new Tiers(
          this.number(node.of),
          node.tiers,
          node.tiers.map((tier) => this.benefit(tier.benefit)),
          this.keys.factId(node.of),
        );
      case 'schedule': {
        if (node.start === undefined) {
          // A dated parameter: the entry of the evaluation year, the same for every row.
          const entry = node.byYear.find((e) => e.year === this.columns.year);
          return entry === undefined ? new NoAmount() : this.benefit(entry.benefit);
        }
        const entries = new Map<number, number>();
        node.byYear.forEach((entry, i) => {
          if (!entries.has(entry.year)) entries.set(entry.year, i);
        });
        return new Programme(
          this.number(node.start),
          this.columns.year,
          entries,
          node.byYear.map((entry) => this.benefit(entry.benefit)),
          this.keys.factId(node.start),
        );
      }
      case 'sum':
        return new Sum(
          node.parts.map((part) => this.benefit(part)),
          (node.less ?? []).map((part) => this.benefit(part)),
        );
    }
  }
}
