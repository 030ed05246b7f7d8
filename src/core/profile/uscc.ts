import { regionByCode } from '../regions/region-table.ts';

// The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters from a 31-character set
// (the digits and the capitals without I, O, Z, S, V):
//   1      登记管理部门码 (registration authority)
//   2      机构类别码 (kind of organisation; which ones exist depends on the authority)
//   3–8    登记管理机关行政区划码 (GB/T 2260 code of the registering office; 100000 for national registrations)
//   9–17   主体标识码: the GB 11714 organisation code, 8 characters and its own check character
//   18     check character over the first 17
// Example of the layout: 9 1 310115 MA1K3Y1Q 1 2.

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weights of GB 32100: 3^(i-1) mod 31 for positions 1–17. */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Weights of the GB 11714 organisation code check over its 8 body characters. */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/**
 * Registration authorities and the kinds of organisation each registers (GB 32100-2015 appendix, with the codes
 * added since by the standard's maintainers: 外交, 司法行政, 文化, 旅游, 宗教, 工会, 中央军委, 农业).
 */
export const USCC_AUTHORITIES: Readonly<
  Record<string, { name: string; categories: Readonly<Record<string, string>> }>
> = {
  '1': {
    name: '机构编制',
    categories: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理的群众团体', '9': '其他' },
  },
  '2': { name: '外交', categories: { '1': '外国常驻新闻机构', '9': '其他' } },
  '3': {
    name: '司法行政',
    categories: {
      '1': '律师执业机构',
      '2': '公证处',
      '3': '基层法律服务所',
      '4': '司法鉴定机构',
      '5': '仲裁委员会',
      '9': '其他',
    },
  },
  '4': { name: '文化', categories: { '1': '外国在华文化中心', '9': '其他' } },
  '5': { name: '民政', categories: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' } },
  '6': {
    name: '旅游',
    categories: { '1': '外国旅游部门常驻代表机构', '2': '港澳台地区旅游部门常驻内地代表机构', '9': '其他' },
  },
  '7': { name: '宗教', categories: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  '8': { name: '工会', categories: { '1': '基层工会', '9': '其他' } },
  '9': { name: '工商', categories: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' } },
  A: { name: '中央军委改革和编制办公室', categories: { '1': '军队事业单位', '9': '其他' } },
  N: {
    name: '农业',
    categories: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' },
  },
  Y: { name: '其他', categories: { '1': '其他' } },
};

/** What is wrong with a code; each kind is named in the reason a user reads. */
export type UsccErrorKind =
  'length' | 'charset' | 'authority' | 'category' | 'region' | 'organisation-check' | 'check-character';

export type UsccCheck = { ok: true } | { ok: false; kind: UsccErrorKind; reason: string };

const NATIONAL_REGISTRATION = '100000';

/** Checks a code as written (no trimming or case folding: see normaliseUscc). */
export function validateUscc(code: string): UsccCheck {
  const fail = (kind: UsccErrorKind, reason: string): UsccCheck => ({ ok: false, kind, reason });
  if (code.length !== 18) return fail('length', `a USCC has 18 characters, this one has ${code.length}`);
  for (let i = 0; i < 18; i++) {
    if (!USCC_CHARSET.includes(code[i]!)) {
      return fail(
        'charset',
        `character ${i + 1} "${code[i]}" is not allowed (digits and capitals without I, O, Z, S, V)`,
      );
    }
  }
  const authority = USCC_AUTHORITIES[code[0]!];
  if (authority === undefined) return fail('authority', `registration authority code "${code[0]}" does not exist`);
  if (authority.categories[code[1]!] === undefined) {
    return fail(
      'category',
      `organisation kind "${code[1]}" does not exist for authority ${code[0]} (${authority.name})`,
    );
  }
  const region = code.slice(2, 8);
  if (!registrationRegionExists(region)) {
    return fail('region', `registration region ${region} (characters 3–8) is not a GB/T 2260 code`);
  }
  const orgCheck = organisationCheckCharacter(code.slice(8, 16));
  if (orgCheck !== code[16]) {
    return fail(
      'organisation-check',
      `organisation code check character (character 17) is "${code[16]}", expected "${orgCheck}"`,
    );
  }
  const check = usccCheckCharacter(code.slice(0, 17));
  if (check !== code[17]) {
    return fail('check-character', `check character (character 18) is "${code[17]}", expected "${check}"`);
  }
  return { ok: true };
}

/** Trims, folds full-width characters and lower case: what a spreadsheet cell most likely meant. */
export function normaliseUscc(input: string): string {
  return input.normalize('NFKC').trim().toUpperCase();
}

/**
 * The office's code may be one since merged or renamed (a USCC keeps the code of its registration day), so a
 * code is accepted when it exists or when its province does.
 */
function registrationRegionExists(region: string): boolean {
  if (!/^\d{6}$/.test(region)) return false;
  if (region === NATIONAL_REGISTRATION) return true;
  return regionByCode(region) !== undefined || regionByCode(`${region.slice(0, 2)}0000`) !== undefined;
}

/** GB 11714: C9 = 11 − Σ(value × weight) mod 11, with 10 → "X" and 11 → "0"; letters count A = 10 … Z = 35. */
export function organisationCheckCharacter(body: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body)) throw new Error(`organisation code body must be 8 digits or capitals: ${body}`);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number.parseInt(body[i]!, 36) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** GB 32100: C18 = 31 − Σ(value × weight) mod 31 (31 → 0), values being positions in USCC_CHARSET. */
export function usccCheckCharacter(first17: string): string {
  if (first17.length !== 17) throw new Error(`expected 17 characters: ${first17}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARSET.indexOf(first17[i]!);
    if (value < 0) throw new Error(`character not in the USCC set: ${first17[i]}`);
    sum += value * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31]!;
}

export interface UsccParts {
  /** 登记管理部门码; default "9" (工商 / market regulation) */
  authority?: string;
  /** 机构类别码; default "1" (企业) */
  category?: string;
  /** six-digit GB/T 2260 code of the registering office */
  region: string;
  /** the eight body characters of the organisation code, from USCC_CHARSET */
  body: string;
}

/** A valid code from its parts, both check characters computed. Throws when a part cannot appear in a USCC. */
export function makeUscc(parts: UsccParts): string {
  const first16 = `${parts.authority ?? '9'}${parts.category ?? '1'}${parts.region}${parts.body}`;
  if (first16.length !== 16) throw new Error(`USCC parts must give 16 characters before the checks: ${first16}`);
  const foreign = [...first16].find((c) => !USCC_CHARSET.includes(c));
  if (foreign !== undefined) throw new Error(`"${foreign}" cannot appear in a USCC (no I, O, Z, S, V)`);
  const first17 = first16 + organisationCheckCharacter(parts.body);
  const code = first17 + usccCheckCharacter(first17);
  const check = validateUscc(code);
  if (!check.ok) throw new Error(`cannot make a USCC from these parts: ${check.reason}`);
  return code;
}
