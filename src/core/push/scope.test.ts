import { describe, expect, it } from 'vitest';
import type { Policy } from '../rules/types.ts';
import { reachableRegions, requiredRegions } from './scope.ts';

const policy = (eligibility: Policy['eligibility']): Policy => ({
  id: 'p',
  version: 1,
  title: 'p',
  regions: ['310000'],
  eligibility,
  benefit: null,
  sources: [{ document: null, article: 'a', measure: null, text: 't' }],
});

describe('the regions a policy can reach', () => {
  it('finds a regionWithin at the top or inside top-level alls only', () => {
    expect(requiredRegions([policy({ regionWithin: ['310000'] })])).toEqual([['310000']]);
    expect(
      requiredRegions([
        policy({ all: [{ fact: 'employees', op: '>', value: 5 }, { all: [{ regionWithin: ['320500', '310000'] }] }] }),
      ]),
    ).toEqual([['320500', '310000']]);
    expect(
      requiredRegions([policy({ any: [{ regionWithin: ['310000'] }, { fact: 'employees', op: '>', value: 5 }] })]),
    ).toBeNull();
    expect(requiredRegions([policy({ not: { regionWithin: ['310000'] } })])).toBeNull();
    expect(
      requiredRegions([policy({ regionWithin: ['310000'] }), policy({ fact: 'employees', op: '>', value: 5 })]),
    ).toBeNull();
  });

  it('keeps the stored regions the evaluator would not call ineligible: a missing one is unknown', () => {
    const values = ['310115', '310000', '320505', '', 'XYZ', '440305'];
    expect(reachableRegions([['310000']])).toEqual(expect.arrayContaining(['310000', '310115', '']));
    expect(reachableRegions([['310000']])).not.toContain('320505');
    expect(reachableRegions([['310000']], values)).toEqual(['310115', '310000', '']);
    expect(reachableRegions([['310000'], ['440300']], values)).toEqual(['310115', '310000', '', '440305']);
  });
});
