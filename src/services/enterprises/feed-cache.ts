import type { JsonBytes } from '../json-bytes.ts';

// Serialised feeds by enterprise and year, least recently used dropped first once they hold more than a byte
// budget. An entry is valid for one `version` (the policy table's stamp and the enterprise's updated_at): a
// request whose version differs recomputes, so the cache never answers stale data, only saves recomputing it.

/** Enough for the feeds of over ten thousand enterprises (a feed of 100 policies is about 17 KB of JSON). */
export const FEED_CACHE_BYTES = 256 * 1024 * 1024;

interface Entry {
  version: string;
  json: JsonBytes;
  size: number;
}

export class FeedCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly budget = FEED_CACHE_BYTES) {}

  get(key: string, version: string): JsonBytes | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.version !== version) return undefined;
    // Map keeps insertion order: moving the entry to the end makes the first one the least recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.json;
  }

  set(key: string, version: string, json: JsonBytes): void {
    this.delete(key);
    const size = json.size;
    if (size > this.budget) return;
    this.entries.set(key, { version, json, size });
    this.bytes += size;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.budget) break;
      this.entries.delete(oldest);
      this.bytes -= entry.size;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.bytes -= entry.size;
  }

  get size(): number {
    return this.entries.size;
  }
}
