// Rules as code: the authoring format of a policy (stored as versioned JSON) and the result of evaluating it
// against one enterprise. Documented for authors in docs/rules.md; validated by validatePolicy; the facts a
// rule may read are listed in facts.ts.

/**
 * A fact of the profile the rules can read (the vocabulary is in facts.ts):
 * - "region", "industry", "founded" (ISO date), "employees";
 * - "sizeClass": computed from industry, employees and revenue (large | medium | small | micro);
 * - "age": whole years from "founded" to the evaluation date;
 * - "metrics.KEY": the metric KEY of the evaluation year (metrics["2026"].revenue for year 2026);
 *   "metrics.KEY@-1": of the year before (a policy paid in 2026 on 2025's figures);
 * - "qualifications.NAME": the year the qualification NAME was first awarded.
 */
export type FactRef = string;

export type Comparison = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** What every node of a policy may carry: the sentence of the policy text it is written from (quoted exactly
 *  from one of the policy's sources), shown in the trace. */
export interface Sourced {
  source?: string;
}

export type Condition = Sourced &
  (
    | { all: Condition[] }
    | { any: Condition[] }
    | { not: Condition }
    | { fact: FactRef; op: Comparison; value: number | string }
    /** min ≤/< fact ≤/< max; 含 = inclusive, 不含 = exclusive (default both inclusive); one end may be open (null) */
    | { fact: FactRef; between: [number | null, number | null]; inclusive?: [boolean, boolean] }
    | { fact: FactRef; in: (number | string)[] }
    /** holds one of the qualifications; with a window, first awarded within [fromYear, toYear] (inclusive). With
     *  `relative`, the years are offsets from the evaluation year: { fromYear: -1, toYear: 0 } = last year or this. */
    | { qualification: string[]; fromYear?: number; toYear?: number; relative?: boolean }
    /** the enterprise's region lies within one of these GB/T 2260 codes */
    | { regionWithin: string[] }
    /** the enterprise's industry lies within one of these GB/T 4754-2017 codes (section "C", division "C39", …) */
    | { industryWithin: string[] }
  );

/** An amount in yuan, 0 ≤ min ≤ max; an "up to X" sum is { min: 0, max: X }. */
export interface AmountRange {
  min: number;
  max: number;
}

/** One tier: the fact lies between min and max (含/不含 as `inclusive`, default both inclusive; null = open). */
export interface Tier extends Sourced {
  min: number | null;
  max: number | null;
  inclusive?: [boolean, boolean];
  benefit: Benefit;
}

export type Benefit = Sourced &
  /** a fixed sum; upTo: "最高X" gives { min: 0, max: X } */
  (
    | { kind: 'fixed'; amount: number; upTo?: boolean }
    /** rate in percent (a range [0.8, 1.3] for 0.8%—1.3%) of a fact, capped at `cap` yuan; upTo: "最高不超过…的30%"
     *  gives min 0 */
    | { kind: 'rate'; of: FactRef; rate: number | [number, number]; cap?: number; upTo?: boolean }
    /** yuan per unit (a range [1000, 2000] for 1000—2000元/吨标煤) times a fact, capped at `cap` yuan */
    | { kind: 'perUnit'; of: FactRef; perUnit: number | [number, number]; cap?: number; upTo?: boolean }
    /** the tier whose bounds hold the fact gives the benefit; tiers ascend and do not overlap */
    | { kind: 'tiers'; of: FactRef; tiers: Tier[] }
    /**
     * A benefit by year. Without `start`, `year` is a calendar year (a dated parameter: what applies in 2026).
     * With `start` (a fact holding a year, such as "qualifications.NAME"), `year` counts the years of a programme:
     * 1 is the year `start` holds, 2 the next… A year without an entry gives no benefit.
     */
    | { kind: 'schedule'; start?: FactRef; byYear: { year: number; benefit: Benefit }[] }
    /** the parts added together, less the `less` parts (a rent discount less a revenue share), never below 0 */
    | { kind: 'sum'; parts: Benefit[]; less?: Benefit[] }
  );

export type BenefitKind = Benefit['kind'];

export interface PolicySource {
  /** the policy document's title (in 《》), when named */
  document: string | null;
  /** the headline of the article that describes the policy */
  article: string;
  /** the measure's ordinal (一是 = 1), when the policy is one measure */
  measure: number | null;
  /** the measure's text, or the sentence the policy is written in */
  text: string;
}

export interface Policy {
  /** stable, lowercase: letters, digits, ".", "-" and "_" */
  id: string;
  /** the author's version of this policy (1, 2, …); storage keeps every published version */
  version: number;
  title: string;
  /** issuing jurisdictions, GB/T 2260 */
  regions: string[];
  /** ISO dates, both inclusive; evaluation outside them is ineligible */
  validFrom?: string;
  validTo?: string;
  /** 就高不重复: of the eligible policies in one group only the one with the largest amount counts */
  stackingGroup?: string;
  /** 免申即享: may be granted without application, on authoritative facts only */
  autoGrant?: boolean;
  eligibility: Condition;
  /** null: eligibility only, no sum stated */
  benefit: Benefit | null;
  /** where the policy is written; at least one */
  sources: PolicySource[];
}

export type Status = 'eligible' | 'unknown' | 'ineligible';

export interface TraceStep {
  /** where in the policy: "validity", "eligibility.all[1]", "benefit.tiers[2]", "stacking" */
  path: string;
  /** what was checked or computed, in words */
  description: string;
  /** the facts it read, with their values (null: missing) */
  values: Record<string, number | string | null>;
  /** a condition's status, a formula's amount (null: no amount), or a number */
  result: Status | number | AmountRange | null;
  /** the policy sentence this step comes from */
  source?: string;
}

export interface Evaluation {
  status: Status;
  /** null: ineligible, no sum stated, or the sum needs a missing fact (listed in `missing`) */
  amount: AmountRange | null;
  /** fact keys that would decide an unknown result or complete the amount; sorted, unique */
  missing: string[];
  trace: TraceStep[];
}

// The match output of the contract (../shared/design/profile-and-match-contract.md): field names are a promise.

export interface Match {
  policy: {
    id: string;
    title: string;
    regions: string[];
    sources: PolicySource[];
  };
  status: Status;
  amount: AmountRange | null;
  missing: string[];
  trace: TraceStep[];
}

export interface MatchReport {
  uscc: string;
  year: number;
  /** eligible first (largest amount first), then unknown, then ineligible */
  matches: Match[];
}
