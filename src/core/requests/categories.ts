import { errors } from '../errors.ts';
import type { ValidationError } from '../rules/validate.ts';
import type { RequestCategory } from './types.ts';

// Request categories: what an enterprise can ask for, which department answers it (牵头部门) and in how many
// working days. They are configuration (an administrator edits them) and also the Open311 service list, so codes are
// stable ASCII. The defaults fit the bulletin's Suzhou platform (项目需求一个口子进、保障任务一个口子出); the time
// limits are plausible demo values, not a published standard.

const CODE = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const KEYS = ['code', 'name', 'department', 'deadlineWorkingDays', 'description', 'keywords', 'group'];
/** Longest time limit accepted: about a quarter of working days. */
export const MAX_DEADLINE_WORKING_DAYS = 60;

function isText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.trim() !== '' && value.length <= max && value === value.trim();
}

/** Checks one category; paths are prefixed with `path` ("categories[2].code"). */
function check(input: unknown, path: string, found: ValidationError[]): void {
  const at = (key: string) => (path === '' ? key : `${path}.${key}`);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    found.push({
      path,
      message: 'a category is an object { code, name, department, deadlineWorkingDays, description }',
    });
    return;
  }
  const c = input as Record<string, unknown>;
  for (const key of Object.keys(c))
    if (!KEYS.includes(key)) found.push({ path: at(key), message: `unknown key "${key}"` });
  if (typeof c.code !== 'string' || !CODE.test(c.code)) {
    found.push({
      path: at('code'),
      message: `${JSON.stringify(c.code)} is not a code: 1–40 lower-case letters, digits, "-" or "_", starting with a letter or digit`,
    });
  }
  if (!isText(c.name, 40))
    found.push({ path: at('name'), message: 'a name of 1–40 characters is required, without surrounding spaces' });
  if (!isText(c.department, 100)) {
    found.push({ path: at('department'), message: 'the responsible department is required (1–100 characters)' });
  }
  const days = c.deadlineWorkingDays;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_DEADLINE_WORKING_DAYS) {
    found.push({
      path: at('deadlineWorkingDays'),
      message: `must be a whole number of working days from 1 to ${MAX_DEADLINE_WORKING_DAYS}, not ${JSON.stringify(days)}`,
    });
  }
  if (!isText(c.description, 500))
    found.push({ path: at('description'), message: 'a description of 1–500 characters is required' });
  if (c.keywords !== undefined) {
    if (!Array.isArray(c.keywords)) found.push({ path: at('keywords'), message: 'must be a list of words' });
    else
      c.keywords.forEach((word: unknown, i) => {
        // Open311 sends keywords as one comma-separated string: a keyword cannot hold a comma
        if (!isText(word, 20) || /[,，]/.test(word)) {
          found.push({
            path: at(`keywords[${i}]`),
            message: `${JSON.stringify(word)} is not a keyword (1–20 characters, no comma)`,
          });
        }
      });
  }
  if (c.group !== undefined && !isText(c.group, 40))
    found.push({ path: at('group'), message: 'must be a name of 1–40 characters' });
}

export function validateCategory(
  input: unknown,
): { ok: true; category: RequestCategory } | { ok: false; errors: ValidationError[] } {
  const found: ValidationError[] = [];
  check(input, '', found);
  return found.length > 0 ? { ok: false, errors: found } : { ok: true, category: input as RequestCategory };
}

/** Checks a list of categories: each valid, codes unique. */
export function validateCategories(
  input: unknown,
): { ok: true; categories: RequestCategory[] } | { ok: false; errors: ValidationError[] } {
  if (!Array.isArray(input)) return { ok: false, errors: [{ path: '', message: 'categories are a list' }] };
  const found: ValidationError[] = [];
  const seen = new Map<string, number>();
  input.forEach((item: unknown, i) => {
    check(item, `[${i}]`, found);
    const code = (item as { code?: unknown } | null)?.code;
    if (typeof code === 'string') {
      const first = seen.get(code);
      if (first !== undefined)
        found.push({ path: `[${i}].code`, message: `"${code}" is the code of [${first}] already` });
      else seen.set(code, i);
    }
  });
  return found.length > 0 ? { ok: false, errors: found } : { ok: true, categories: input as RequestCategory[] };
}

/** validateCategories, throwing ZhidaError category.invalid listing every error. */
export function parseCategories(input: unknown): RequestCategory[] {
  const result = validateCategories(input);
  if (!result.ok) throw errors.invalidCategory(result.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return result.categories;
}

const GROUP = '企业诉求';

/** The demo's categories, for a Suzhou-like city. */
export const DEFAULT_CATEGORIES: readonly RequestCategory[] = [
  {
    code: 'project-approval',
    name: '项目审批',
    department: '市发展改革委',
    deadlineWorkingDays: 5,
    description: '投资项目立项、核准、备案及前期手续办理中遇到的卡点堵点，重大项目审批协调。',
    keywords: ['立项', '核准', '备案', '重大项目', '前期手续'],
    group: GROUP,
  },
  {
    code: 'land',
    name: '用地保障',
    department: '市自然资源和规划局',
    deadlineWorkingDays: 10,
    description: '项目用地指标、土地供应、规划许可、不动产登记等用地用房需求。',
    keywords: ['用地指标', '土地供应', '规划许可', '不动产登记', '厂房'],
    group: GROUP,
  },
  {
    code: 'financing',
    name: '融资需求',
    department: '市地方金融管理局',
    deadlineWorkingDays: 5,
    description: '贷款、担保、转贷、股权融资等资金需求，对接银行和金融机构。',
    keywords: ['贷款', '担保', '转贷', '股权融资', '苏企融'],
    group: GROUP,
  },
  {
    code: 'talent',
    name: '用工人才',
    department: '市人力资源社会保障局',
    deadlineWorkingDays: 5,
    description: '招聘用工、技能培训、人才引进、人才安居及社保等方面的需求。',
    keywords: ['招聘', '用工', '人才引进', '技能培训', '社保'],
    group: GROUP,
  },
  {
    code: 'policy-payment',
    name: '政策兑现',
    department: '市工业和信息化局',
    deadlineWorkingDays: 10,
    description: '惠企政策咨询、申报和资金兑现中遇到的问题，免申即享未到账等。',
    keywords: ['惠企政策', '奖补', '资金兑现', '免申即享', '申报'],
    group: GROUP,
  },
  {
    code: 'utilities',
    name: '水电气网',
    department: '市住房城乡建设局',
    deadlineWorkingDays: 5,
    description: '供水、供电、供气、通信网络的报装、扩容和保障问题。',
    keywords: ['供水', '供电', '供气', '宽带', '报装'],
    group: GROUP,
  },
  {
    code: 'other',
    name: '其他',
    department: '市政务服务管理办公室',
    deadlineWorkingDays: 5,
    description: '不属于以上类别的企业诉求，由市政务服务管理办公室统一受理后分办。',
    keywords: ['咨询', '投诉', '建议'],
    group: GROUP,
  },
];

/** The category with the code, if any. */
export function categoryByCode(categories: readonly RequestCategory[], code: string): RequestCategory | undefined {
  return categories.find((c) => c.code === code);
}
