import data from '../../../data/industry/gb4754-2017.json' with { type: 'json' };

// GB/T 4754-2017 industry codes (国民经济行业分类) with their hierarchy. The list is the standard's data, shipped
// as data/industry/gb4754-2017.json (built and checked by scripts/build-industry-codes.ts); it is imported as JSON
// rather than read from disk so src/core stays free of I/O.
//
// Codes are written as profiles write them: the section letter, then the digits of the level:
// section "C" ⊃ division "C39" ⊃ group "C396" ⊃ class "C3961".

export type IndustryLevel = 'section' | 'division' | 'group' | 'class';

export interface Industry {
  code: string;
  name: string;
  level: IndustryLevel;
  /** the enclosing code; null for a section */
  parent: string | null;
}

const LEVELS: readonly IndustryLevel[] = ['section', 'division', 'group', 'class'];

let table: Map<string, Industry> | undefined;
let sectionOfDivision: Map<string, string> | undefined;

function build(): Map<string, Industry> {
  const map = new Map<string, Industry>();
  sectionOfDivision = new Map();
  for (const entry of data as { code: string; name: string; parent: string | null }[]) {
    const level = LEVELS[entry.code.length === 1 ? 0 : entry.code.length - 2]!;
    map.set(entry.code, { code: entry.code, name: entry.name, level, parent: entry.parent });
    if (level === 'division') sectionOfDivision.set(entry.code.slice(1), entry.code[0]!);
  }
  return map;
}

/** Every code of the standard (20 sections, 97 divisions, 473 groups, 1381 classes), in the standard's order. */
export function industryTable(): ReadonlyMap<string, Industry> {
  table ??= build();
  return table;
}

export function industryByCode(code: string): Industry | undefined {
  return industryTable().get(code);
}

/** True when `code` is a code of the standard, written with its section letter ("C3911", "C39", "C"). */
export function isIndustryCode(code: string): boolean {
  return industryTable().has(code);
}

/**
 * The canonical code for what a person or a spreadsheet wrote: "c3911", " C3911 " and "3911" (digits alone
 * name one division, hence one section) all give "C3911". Undefined when it names no code of the standard.
 */
export function normaliseIndustryCode(input: string): string | undefined {
  const text = input.normalize('NFKC').trim().toUpperCase();
  if (isIndustryCode(text)) return text;
  if (/^\d{2,4}$/.test(text)) {
    industryTable();
    const section = sectionOfDivision!.get(text.slice(0, 2));
    if (section !== undefined && isIndustryCode(section + text)) return section + text;
  }
  return undefined;
}

/** True when `code` is `ancestor` or lies inside it: C3911 is within C391, C39 and C. */
export function industryWithin(code: string, ancestor: string): boolean {
  // The standard's codes nest by prefix (scripts/build-industry-codes.ts checks it), so a prefix test suffices.
  return code.startsWith(ancestor) && isIndustryCode(code) && isIndustryCode(ancestor);
}

/** The code and its ancestors, narrowest first: C3911 → [C3911, C391, C39, C]. Empty for an unknown code. */
export function industryPath(code: string): Industry[] {
  const path: Industry[] = [];
  for (let i = industryByCode(code); i; i = i.parent === null ? undefined : industryByCode(i.parent)) path.push(i);
  return path;
}

/** The classes (four-digit codes) within `ancestor`, in the standard's order; all classes without one. */
export function industryClasses(ancestor?: string): Industry[] {
  const classes: Industry[] = [];
  for (const industry of industryTable().values()) {
    if (industry.level === 'class' && (ancestor === undefined || industryWithin(industry.code, ancestor))) {
      classes.push(industry);
    }
  }
  return classes;
}
