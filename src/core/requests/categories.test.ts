import { describe, expect, it } from 'vitest';
import { ZhidaError } from '../errors.ts';
import { addWorkingDays } from './calendar.ts';
import {
  categoryByCode,
  DEFAULT_CATEGORIES,
  parseCategories,
  validateCategories,
  validateCategory,
} from './categories.ts';
import { CHINA_2026 } from './china-2026.ts';

const valid = () => ({
  code: 'land',
  name: '用地保障',
  department: '市自然资源和规划局',
  deadlineWorkingDays: 10,
  description: '项目用地指标、土地供应等需求。',
});

function errorsOf(edit: (c: Record<string, unknown>) => void): string[] {
  const category: Record<string, unknown> = valid();
  edit(category);
  const result = validateCategory(category);
  return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('validateCategory', () => {
  it('accepts a category, with or without keywords and group', () => {
    expect(validateCategory(valid())).toEqual({ ok: true, category: valid() });
    expect(errorsOf((c) => Object.assign(c, { keywords: ['土地'], group: '企业诉求' }))).toEqual([]);
  });

  it.each([
    ['a code with capitals', (c: Record<string, unknown>) => (c.code = 'Land'), 'code: "Land" is not a code'],
    ['a code with Chinese', (c: Record<string, unknown>) => (c.code = '用地'), 'code: "用地" is not a code'],
    ['no code', (c: Record<string, unknown>) => delete c.code, 'code: undefined is not a code'],
    ['a blank name', (c: Record<string, unknown>) => (c.name = ' '), 'name: a name of 1–40 characters is required'],
    [
      'no department',
      (c: Record<string, unknown>) => delete c.department,
      'department: the responsible department is required',
    ],
    [
      '0 days',
      (c: Record<string, unknown>) => (c.deadlineWorkingDays = 0),
      'deadlineWorkingDays: must be a whole number of working days from 1 to 60, not 0',
    ],
    ['2.5 days', (c: Record<string, unknown>) => (c.deadlineWorkingDays = 2.5), 'not 2.5'],
    ['"5" days', (c: Record<string, unknown>) => (c.deadlineWorkingDays = '5'), 'not "5"'],
    ['61 days', (c: Record<string, unknown>) => (c.deadlineWorkingDays = 61), 'not 61'],
    [
      'no description',
      (c: Record<string, unknown>) => (c.description = ''),
      'description: a description of 1–500 characters',
    ],
    [
      'a keyword with a comma',
      (c: Record<string, unknown>) => (c.keywords = ['土地，厂房']),
      'keywords[0]: "土地，厂房" is not a keyword',
    ],
    ['keywords not a list', (c: Record<string, unknown>) => (c.keywords = '土地'), 'keywords: must be a list of words'],
    ['an unknown key', (c: Record<string, unknown>) => (c.sla = 5), 'sla: unknown key "sla"'],
  ])('refuses %s', (_, edit, message) => {
    expect(errorsOf(edit).join('\n')).toContain(message);
  });

  it('refuses what is not an object', () => {
    expect(validateCategory(null).ok).toBe(false);
    expect(validateCategory([]).ok).toBe(false);
  });
});

describe('validateCategories and parseCategories', () => {
  it('refuses a code used twice, naming both places', () => {
    const result = validateCategories([valid(), { ...valid(), name: '用地' }]);
    expect(result.ok ? [] : result.errors).toEqual([
      { path: '[1].code', message: '"land" is the code of [0] already' },
    ]);
  });

  it('prefixes the errors of each category with its place', () => {
    const result = validateCategories([valid(), { ...valid(), code: 'x', deadlineWorkingDays: -1 }]);
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['[1].deadlineWorkingDays']);
  });

  it('throws category.invalid', () => {
    expect(() => parseCategories('nope')).toThrow(ZhidaError);
    try {
      parseCategories([{ ...valid(), code: '' }]);
    } catch (error) {
      expect((error as ZhidaError).id).toBe('category.invalid');
      expect((error as ZhidaError).message).toContain('[0].code');
    }
  });
});

describe('DEFAULT_CATEGORIES', () => {
  it('are valid and cover the Suzhou platform’s kinds of requests', () => {
    expect(parseCategories(DEFAULT_CATEGORIES)).toHaveLength(7);
    expect(DEFAULT_CATEGORIES.map((c) => c.name)).toEqual([
      '项目审批',
      '用地保障',
      '融资需求',
      '用工人才',
      '政策兑现',
      '水电气网',
      '其他',
    ]);
    for (const c of DEFAULT_CATEGORIES) expect(c.department).toMatch(/^市/);
  });

  it('give deadlines through the calendar', () => {
    const land = categoryByCode(DEFAULT_CATEGORIES, 'land')!;
    // assigned Wednesday 30 September 2026: the national day week and its make-up Saturday lie ahead
    const deadline = addWorkingDays('2026-09-30T10:00:00+08:00', land.deadlineWorkingDays, CHINA_2026);
    expect(deadline).toBe('2026-10-20T15:59:59.999Z'); // 8, 9, 10 (Sat), 12–16, 19, 20 October
    expect(categoryByCode(DEFAULT_CATEGORIES, 'nope')).toBeUndefined();
  });
});
