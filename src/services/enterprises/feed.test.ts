import { describe, expect, it } from 'vitest';
import pack from '../../../data/policy-pack/bulletin-2026-sample.json' with { type: 'json' };
import { evaluateAll } from '../../core/rules/report.ts';
import { shiftYears } from '../../core/rules/test-differential.ts';
import type { Policy } from '../../core/rules/types.ts';
import { feedJson, presentFeed } from './feed.ts';
import { generateEnterprises } from './population.ts';

const policies = pack as unknown as Policy[];

describe('the feed as JSON', () => {
  it('is JSON.stringify of the feed, character for character, with the policies’ parts made once', () => {
    // The demo's figures are for 2023–2025: a year on they meet the pack's 2026 sums, as they are they miss some.
    for (const profile of generateEnterprises(300, 7)) {
      for (const [subject, year] of [
        [shiftYears(profile, 1), 2026],
        [profile, 2026],
        [profile, 2025],
      ] as const) {
        const feed = presentFeed(subject, year, evaluateAll(policies, subject, { year, trace: false }));
        expect(feedJson(feed, policies)).toBe(JSON.stringify(feed));
      }
    }
  });
});
