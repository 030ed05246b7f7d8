import { describe, expect, it } from 'vitest';
import { chinaDate, digestMessage, duePeriod, periodStart, type DigestItem } from './digest.ts';

describe('digest periods in China time', () => {
  it('starts a day at local midnight (16:00 UTC the day before)', () => {
    expect(periodStart('daily', '2026-03-04T15:59:59.999Z')).toBe('2026-03-03T16:00:00.000Z');
    expect(periodStart('daily', '2026-03-04T16:00:00.000Z')).toBe('2026-03-04T16:00:00.000Z');
    expect(chinaDate('2026-03-04T16:00:00.000Z')).toBe('2026-03-05');
  });

  it("starts a week on Monday's local midnight", () => {
    // 2026-03-09 is a Monday.
    expect(periodStart('weekly', '2026-03-08T15:59:59Z')).toBe('2026-03-01T16:00:00.000Z');
    expect(periodStart('weekly', '2026-03-08T16:00:00Z')).toBe('2026-03-08T16:00:00.000Z');
    expect(periodStart('weekly', '2026-03-12T04:00:00Z')).toBe('2026-03-08T16:00:00.000Z');
  });

  it('is due once the period the last digest ended in is over, covering everything since', () => {
    const from = '2026-03-04T02:00:00.000Z';
    expect(duePeriod('immediate', from, '2026-03-10T00:00:00Z')).toBeNull();
    expect(duePeriod('daily', from, '2026-03-04T15:00:00Z')).toBeNull();
    expect(duePeriod('daily', from, '2026-03-04T16:00:01Z')).toEqual({ from, to: '2026-03-04T16:00:00.000Z' });
    // missed runs: one digest for the three days
    expect(duePeriod('daily', from, '2026-03-07T01:00:00Z')).toEqual({ from, to: '2026-03-06T16:00:00.000Z' });
    expect(duePeriod('weekly', from, '2026-03-08T15:00:00Z')).toBeNull();
    expect(duePeriod('weekly', from, '2026-03-09T00:00:00Z')).toEqual({ from, to: '2026-03-08T16:00:00.000Z' });
  });
});

describe('digest messages', () => {
  const item = (id: number, kind: DigestItem['kind'], createdAt: string): DigestItem => ({
    id,
    kind,
    policyId: `p${id}`,
    title: `标题${id}`,
    body: `正文${id}`,
    amount: null,
    createdAt,
  });

  it('groups the changes of a period by kind, in the order they happened', () => {
    const message = digestMessage({ from: '2026-03-03T16:00:00.000Z', to: '2026-03-04T16:00:00.000Z' }, [
      item(3, 'ineligible', '2026-03-04T03:00:00Z'),
      item(1, 'eligible', '2026-03-04T05:00:00Z'),
      item(2, 'eligible', '2026-03-04T01:00:00Z'),
      item(4, 'amount_changed', '2026-03-04T02:00:00Z'),
    ]);
    expect(message.title).toBe('政策推送摘要（2026-03-04）：4 项变化');
    expect(message.counts).toEqual({ grant: 0, eligible: 2, amount_changed: 1, ineligible: 1 });
    expect(message.items.map((i) => i.id)).toEqual([2, 1, 4, 3]);
    expect(message.body.split('\n')).toEqual([
      '2026-03-04 期间，与贵企业有关的政策有 4 项变化：',
      '',
      '【新符合的政策】（2）',
      '1. 标题2',
      '   正文2',
      '2. 标题1',
      '   正文1',
      '',
      '【金额变化】（1）',
      '1. 标题4',
      '   正文4',
      '',
      '【不再符合】（1）',
      '1. 标题3',
      '   正文3',
    ]);
  });

  it('names a period of several days by its first and last day', () => {
    const message = digestMessage({ from: '2026-03-01T16:00:00.000Z', to: '2026-03-08T16:00:00.000Z' }, [
      item(1, 'eligible', '2026-03-03T00:00:00Z'),
    ]);
    expect(message.title).toBe('政策推送摘要（2026-03-02—2026-03-08）：1 项变化');
  });
});
