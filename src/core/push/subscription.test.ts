import { describe, expect, it } from 'vitest';
import type { Policy } from '../rules/types.ts';
import {
  amountPasses,
  changePasses,
  checkSubscription,
  DEFAULT_SUBSCRIPTION,
  policyTopic,
  regionPasses,
  topicPasses,
} from './subscription.ts';

const POLICY: Policy = {
  id: 'sh-mfg.green-factory',
  version: 1,
  title: '国家级绿色工厂奖励',
  regions: ['310115'],
  stackingGroup: 'sh-mfg.green',
  eligibility: { regionWithin: ['310115'] },
  benefit: { kind: 'fixed', amount: 200_000 },
  sources: [
    {
      document: '《上海市促进绿色制造发展的若干措施》',
      article: '绿色制造',
      measure: 1,
      text: '对首次评为国家级绿色工厂的企业给予20万元奖励。',
    },
  ],
};

describe('subscription filters', () => {
  const topic = policyTopic(POLICY);

  it('finds a topic in the title, id, group or sources, folded (traditional, full width, case)', () => {
    expect(topicPasses([], topic)).toBe(true);
    expect(topicPasses(['绿色工厂'], topic)).toBe(true);
    expect(topicPasses(['綠色製造'], topic)).toBe(true);
    expect(topicPasses(['ＳＨ-ＭＦＧ'], topic)).toBe(true);
    expect(topicPasses(['人工智能', '绿色'], topic)).toBe(true);
    expect(topicPasses(['人工智能'], topic)).toBe(false);
  });

  it('passes policies issued within a chosen region', () => {
    expect(regionPasses([], topic)).toBe(true);
    expect(regionPasses(['310000'], topic)).toBe(true);
    expect(regionPasses(['310115'], topic)).toBe(true);
    expect(regionPasses(['320000', '310000'], topic)).toBe(true);
    expect(regionPasses(['320500'], topic)).toBe(false);
    // a district policy is not "within" another district of the same city
    expect(regionPasses(['310104'], topic)).toBe(false);
  });

  it('passes a change whose largest sum, after or before, reaches the minimum', () => {
    const sum = (max: number) => ({ min: 0, max });
    expect(amountPasses(null, { amount: null, before: null })).toBe(true);
    expect(amountPasses(0, { amount: null, before: null })).toBe(true);
    expect(amountPasses(100_000, { amount: sum(200_000), before: null })).toBe(true);
    expect(amountPasses(100_000, { amount: sum(100_000), before: null })).toBe(true);
    expect(amountPasses(100_000, { amount: sum(99_999), before: null })).toBe(false);
    expect(amountPasses(100_000, { amount: null, before: sum(500_000) })).toBe(true);
    expect(amountPasses(100_000, { amount: null, before: null })).toBe(false);
  });

  it('needs every filter to pass', () => {
    const change = { amount: { min: 200_000, max: 200_000 }, before: null };
    expect(changePasses({ topics: ['绿色'], regions: ['310000'], minAmount: 100_000 }, change, topic)).toBe(true);
    expect(changePasses({ topics: ['绿色'], regions: ['320000'], minAmount: 100_000 }, change, topic)).toBe(false);
    expect(changePasses({ topics: ['算力'], regions: ['310000'], minAmount: 100_000 }, change, topic)).toBe(false);
    expect(changePasses({ topics: [], regions: [], minAmount: 300_000 }, change, topic)).toBe(false);
  });
});

describe('checking subscription settings', () => {
  it('keeps what is left out and normalises lists', () => {
    const checked = checkSubscription(
      { topics: [' 绿色 ', '绿色', 'ＡＩ'], frequency: 'weekly' },
      DEFAULT_SUBSCRIPTION,
    );
    expect(checked).toEqual({
      ok: true,
      settings: { ...DEFAULT_SUBSCRIPTION, topics: ['绿色', 'AI'], frequency: 'weekly' },
    });
  });

  it('names every wrong field', () => {
    const checked = checkSubscription(
      {
        regions: ['999999'],
        minAmount: -1,
        email: 'not-an-address',
        webhook: { url: 'ftp://example.com/hook', secret: 'short' },
      },
      DEFAULT_SUBSCRIPTION,
    );
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.errors).toEqual([
        'regions[0]: 999999 is not a GB/T 2260 region code',
        'minAmount: a sum in yuan ≥ 0, or null',
        'email: not-an-address is not an e-mail address',
        'webhook.url: ftp://example.com/hook is not an http(s) URL',
        'webhook.secret: 16 to 200 characters',
      ]);
    }
  });

  it('keeps the stored secret for the same URL, and needs one for a new URL', () => {
    const current = { ...DEFAULT_SUBSCRIPTION, webhook: { url: 'https://a.example/hook', secret: 's'.repeat(20) } };
    expect(checkSubscription({ webhook: { url: 'https://a.example/hook' } }, current)).toMatchObject({
      ok: true,
      settings: { webhook: current.webhook },
    });
    expect(checkSubscription({ webhook: { url: 'https://b.example/hook' } }, current)).toEqual({
      ok: false,
      errors: ['webhook.secret: a new webhook URL needs its secret'],
    });
    expect(checkSubscription({ webhook: null, email: null }, current)).toMatchObject({
      ok: true,
      settings: { webhook: null, email: null },
    });
  });
});
