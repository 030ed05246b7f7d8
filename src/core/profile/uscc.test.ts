import { describe, expect, it } from 'vitest';
import { makeUscc, normaliseUscc, organisationCheckCharacter, usccCheckCharacter, validateUscc } from './uscc.ts';

// Codes in the real format: a published code and codes made here with makeUscc; the check characters of the
// first are worked out by hand below.
const PUBLISHED = '91350100M000100Y43'; // a code often quoted as the format's example

describe('validateUscc', () => {
  it('accepts a published code and codes made by makeUscc', () => {
    expect(validateUscc(PUBLISHED)).toEqual({ ok: true });
    const made = makeUscc({ region: '310115', body: 'MA1K3Y1Q' });
    expect(made).toMatch(/^91310115MA1K3Y1Q..$/);
    expect(validateUscc(made)).toEqual({ ok: true });
    // A national registration (100000) and a 事业单位 (1 2) of Suzhou's 工业园区 office.
    expect(validateUscc(makeUscc({ region: '100000', body: '10000134' }))).toEqual({ ok: true });
    expect(validateUscc(makeUscc({ authority: '1', category: '2', region: '320571', body: '46671234' }))).toEqual({
      ok: true,
    });
  });

  it('computes the GB 11714 check by hand: 3,7,9,10,5,8,4,2 mod 11, 10 → X, 11 → 0', () => {
    // M000100Y (M = 22, Y = 34): 22·3 + 1·5 + 34·2 = 139; 139 mod 11 = 7; 11 − 7 = 4.
    expect(organisationCheckCharacter('M000100Y')).toBe('4');
    expect(organisationCheckCharacter('00000001')).toBe('9'); // 1·2 = 2; 11 − 2 = 9
    expect(organisationCheckCharacter('00000005')).toBe('1'); // 5·2 = 10; 11 − 10 = 1
    expect(organisationCheckCharacter('10000000')).toBe('8'); // 1·3 = 3; 11 − 3 = 8
    expect(organisationCheckCharacter('40000000')).toBe('X'); // 4·3 = 12 ≡ 1; 11 − 1 = 10 → X
    expect(organisationCheckCharacter('00000000')).toBe('0'); // 0; 11 − 0 = 11 → 0
  });

  it('computes the GB 32100 check character by hand: weights 3^(i−1) mod 31', () => {
    // Values are positions in the 31-character set (M = 21, Y = 30):
    // 9·1 + 1·3 + 3·9 + 5·27 + 1·26 + 21·20 + 1·8 + 30·30 + 4·28 = 1640; 1640 mod 31 = 28; 31 − 28 = 3.
    expect(usccCheckCharacter('91350100M000100Y4')).toBe('3');
  });

  it.each([
    ['91350100M000100Y4', 'length', /18 characters, this one has 17/],
    ['91350100M000100Y433', 'length', /this one has 19/],
    ['91350100I000100Y43', 'charset', /character 9 "I" is not allowed/],
    ['9135010OM000100Y43', 'charset', /character 8 "O"/],
    ['B1350100M000100Y43', 'authority', /authority code "B"/],
    ['95350100M000100Y43', 'category', /organisation kind "5" does not exist for authority 9/],
    ['91990100M000100Y43', 'region', /region 990100/],
    ['91350100M000100Y53', 'organisation-check', /character 17\) is "5", expected "4"/],
    ['91350100M000100Y44', 'check-character', /character 18\) is "4", expected "3"/],
  ])('names what is wrong with %s: %s', (code, kind, reason) => {
    const check = validateUscc(code);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.kind).toBe(kind);
    expect(check.reason).toMatch(reason);
  });

  it('accepts a region whose office no longer exists when its province does', () => {
    // 320582 (张家港) exists; 320599 never did, but a code keeps the office code of its registration day.
    expect(validateUscc(makeUscc({ region: '320599', body: '12345678' })).ok).toBe(true);
  });

  it('normalises what a spreadsheet holds: spaces, lower case, full-width characters', () => {
    expect(normaliseUscc(' 91350100m000100y43 ')).toBe(PUBLISHED);
    expect(normaliseUscc('９１３５０１００Ｍ０００１００Ｙ４３')).toBe(PUBLISHED);
  });

  it('refuses to make a code from impossible parts', () => {
    expect(() => makeUscc({ region: '31011', body: 'MA1K3Y1Q' })).toThrow(/16 characters/);
    expect(() => makeUscc({ region: '990000', body: 'MA1K3Y1Q' })).toThrow(/region/);
    expect(() => makeUscc({ region: '310115', body: 'MA1K3Z1Q' })).toThrow(/"Z" cannot appear/);
  });
});
