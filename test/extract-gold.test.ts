import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../src/core/extract/document.ts';
import type { Extraction } from '../src/core/extract/types.ts';

// The bundled bulletin and its gold annotation: every field of every article must come out exactly.
// The shared copy is the reference when it is there; the repository keeps its own copy for a bare clone.
const shared = new URL('../../shared/corpus/bulletin-2026-sample.gold.json', import.meta.url);
const goldPath = existsSync(shared) ? shared : new URL('./fixtures/bulletin-2026-sample.gold.json', import.meta.url);
const gold = JSON.parse(readFileSync(goldPath, 'utf8')) as Extraction;
const bytes = readFileSync(new URL('../data/corpus/bulletin-2026-sample.txt', import.meta.url));

describe('the bundled bulletin', async () => {
  const actual = await extractDocument(bytes, 'bulletin-2026-sample.txt');

  it('has the gold source description', () => {
    expect(actual.schemaVersion).toBe(1);
    expect(actual.source).toEqual(gold.source);
  });

  it('has the gold headlines in order', () => {
    expect(actual.articles.map((a) => a.title)).toEqual(gold.articles.map((a) => a.title));
  });

  gold.articles.forEach((expected, i) => {
    it(`article ${i + 1} ${expected.title} equals the gold annotation`, () => {
      expect(actual.articles[i]).toEqual(expected);
    });
  });

  it('equals the gold annotation as a whole', () => {
    expect(actual).toEqual(gold);
  });
});
