import { describe, expect, it } from 'vitest';
import { countChanges, diffMatches, type MatchState } from './match-diff.ts';

const eligible = (enterpriseId: number, amount: number | null = null): MatchState => ({
  enterpriseId,
  status: 'eligible',
  amount: amount === null ? null : { min: amount, max: amount },
});
const unknown = (enterpriseId: number): MatchState => ({ enterpriseId, status: 'unknown', amount: null });

describe('diffMatches', () => {
  const cases: [string, MatchState[], MatchState[], ReturnType<typeof diffMatches>][] = [
    ['nothing before or after', [], [], []],
    [
      'newly eligible, from no row and from unknown',
      [unknown(2)],
      [eligible(1, 100), eligible(2)],
      [
        { enterpriseId: 1, kind: 'eligible', amount: { min: 100, max: 100 }, before: null },
        { enterpriseId: 2, kind: 'eligible', amount: null, before: null },
      ],
    ],
    [
      'the amount changed, appeared or went (就高不重复)',
      [eligible(1, 100), eligible(2), eligible(3, 50)],
      [eligible(1, 200), eligible(2, 10), eligible(3)],
      [
        { enterpriseId: 1, kind: 'amount_changed', amount: { min: 200, max: 200 }, before: { min: 100, max: 100 } },
        { enterpriseId: 2, kind: 'amount_changed', amount: { min: 10, max: 10 }, before: null },
        { enterpriseId: 3, kind: 'amount_changed', amount: null, before: { min: 50, max: 50 } },
      ],
    ],
    [
      'no longer eligible: the row went, or became unknown',
      [eligible(1, 100), eligible(2, 100)],
      [unknown(2)],
      [
        { enterpriseId: 1, kind: 'ineligible', amount: null, before: { min: 100, max: 100 } },
        { enterpriseId: 2, kind: 'ineligible', amount: null, before: { min: 100, max: 100 } },
      ],
    ],
    [
      'unchanged, and unknown ↔ ineligible: nothing to tell',
      [eligible(1, 100), unknown(2)],
      [eligible(1, 100), unknown(3)],
      [],
    ],
    [
      'a range differing only in its minimum',
      [{ enterpriseId: 1, status: 'eligible', amount: { min: 0, max: 100 } }],
      [{ enterpriseId: 1, status: 'eligible', amount: { min: 10, max: 100 } }],
      [{ enterpriseId: 1, kind: 'amount_changed', amount: { min: 10, max: 100 }, before: { min: 0, max: 100 } }],
    ],
  ];
  it.each(cases)('%s', (_name, before, after, expected) => {
    expect(diffMatches(before, after)).toEqual(expected);
  });

  it('orders the changes by enterprise and counts them by kind', () => {
    const changes = diffMatches([eligible(9, 1), eligible(5, 1)], [eligible(7, 1), eligible(5, 2)]);
    expect(changes.map((c) => c.enterpriseId)).toEqual([5, 7, 9]);
    expect(countChanges(changes)).toEqual({ eligible: 1, amount_changed: 1, ineligible: 1 });
  });
});
