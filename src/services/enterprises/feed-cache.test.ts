import { describe, expect, it } from 'vitest';
import { JsonBytes } from '../json-bytes.ts';
import { FeedCache } from './feed-cache.ts';

const json = (bytes: number) => new JsonBytes(Buffer.alloc(bytes, 0x20));

describe('FeedCache', () => {
  it('answers an entry for its own version only', () => {
    const cache = new FeedCache(10_000);
    const feed = json(100);
    cache.set('a|2026', 'v1', feed);
    expect(cache.get('a|2026', 'v1')).toBe(feed);
    expect(cache.get('a|2026', 'v2')).toBeUndefined();
    expect(cache.get('b|2026', 'v1')).toBeUndefined();
  });

  it('drops the least recently used entries once over its budget, and never holds one larger than it', () => {
    const size = json(1000).size;
    const cache = new FeedCache(3 * size);
    for (const key of ['a', 'b', 'c']) cache.set(key, 'v', json(1000));
    cache.get('a', 'v'); // a is now the most recently used: b goes first
    cache.set('d', 'v', json(1000));
    expect(['a', 'b', 'c', 'd'].map((key) => cache.get(key, 'v') !== undefined)).toEqual([true, false, true, true]);
    expect(cache.size).toBe(3);
    cache.set('huge', 'v', json(10 * 1000));
    expect(cache.get('huge', 'v')).toBeUndefined();
    expect(cache.size).toBe(3);
  });

  it('replaces an entry set again, counting its bytes once', () => {
    const size = json(1000).size;
    const cache = new FeedCache(2 * size);
    cache.set('a', 'v1', json(1000));
    cache.set('a', 'v2', json(1000));
    cache.set('b', 'v1', json(1000));
    expect(cache.get('a', 'v2')).toBeDefined();
    expect(cache.get('b', 'v1')).toBeDefined();
  });
});
