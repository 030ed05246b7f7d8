import { METRIC_NAMES } from '../profile/metrics.ts';

// The facts a rule may read: the names of the profile contract (../shared/design/profile-and-match-contract.md)
// plus the few this pack adds. A rule naming anything else is refused by the validator, so every fact a policy
// reads is documented here and in docs/rules.md.

export type FactType = 'number' | 'string' | 'date';

/** metrics.KEY: yearly figures of the profile, money in yuan. One vocabulary with profiles and imports. */
export const METRICS: Readonly<Record<string, { meaning: string; unit: string }>> = METRIC_NAMES;

/** qualifications[].name; the fact "qualifications.NAME" is the year it was first awarded. */
export const QUALIFICATIONS: Readonly<Record<string, string>> = {
  高新技术企业: 'national high-tech enterprise',
  专精特新中小企业: 'specialised SME',
  '专精特新“小巨人”企业': 'specialised "little giant" SME',
  '首台（套）重大技术装备': 'first-set major equipment',
  首批次新材料: 'first-batch new material',
  国家级绿色工厂: 'national green factory (year = first named)',
  科技型企业孵化器: 'technology business incubator',
  养老机构: 'elderly-care institution',
  // Added by the bundled pack: a business of a resident in Shenzhen's 安居创业帮扶计划 (year = first year of its lease).
  安居创业帮扶计划: 'business in the Shenzhen 安居 start-up rent programme (year = first year of the lease)',
};

export const SIZE_CLASSES = ['large', 'medium', 'small', 'micro'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

/** The profile's own fields. */
export const PLAIN_FACTS: Readonly<Record<string, FactType>> = {
  region: 'string',
  industry: 'string',
  founded: 'date',
  employees: 'number',
  sizeClass: 'string',
  age: 'number',
};

export type ParsedFact =
  | { kind: 'plain'; name: 'region' | 'industry' | 'founded' | 'employees' | 'sizeClass' | 'age'; type: FactType }
  | { kind: 'metric'; key: string; offset: number; type: 'number' }
  | { kind: 'qualification'; name: string; type: 'number' };

const METRIC_REF = /^metrics\.([A-Za-z][A-Za-z0-9]*)(?:@(-[1-9]|0))?$/;

/** The fact a reference names, or a reason it names none. Unknown metric and qualification names are refused. */
export function parseFact(ref: string): ParsedFact | { error: string } {
  if (Object.hasOwn(PLAIN_FACTS, ref)) {
    return { kind: 'plain', name: ref as 'region', type: PLAIN_FACTS[ref]! };
  }
  if (ref.startsWith('metrics.')) {
    const match = METRIC_REF.exec(ref);
    if (!match) return { error: `"${ref}" is not a metric reference (metrics.KEY or metrics.KEY@-1)` };
    if (!Object.hasOwn(METRICS, match[1]!)) return { error: `unknown metric "${match[1]}" (see docs/rules.md)` };
    return { kind: 'metric', key: match[1]!, offset: match[2] === undefined ? 0 : Number(match[2]), type: 'number' };
  }
  if (ref.startsWith('qualifications.')) {
    const name = ref.slice('qualifications.'.length);
    if (!Object.hasOwn(QUALIFICATIONS, name)) return { error: `unknown qualification "${name}" (see docs/rules.md)` };
    return { kind: 'qualification', name, type: 'number' };
  }
  return { error: `unknown fact "${ref}"` };
}
