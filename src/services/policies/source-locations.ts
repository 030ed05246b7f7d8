import type { Kysely } from 'kysely';
import type { Policy, PolicySource } from '../../core/rules/types.ts';
import type { Database } from '../../db/database.ts';
import * as repo from '../../db/policy-articles.repository.ts';
import type { Schema } from '../../db/schema.ts';
import type { PolicySourceLocation } from '../../server/api.ts';
import { JsonBytes } from '../json-bytes.ts';
import { findSentence, MIN_PREFIX, type SentenceHit } from './find-sentence.ts';
import { getArticle } from './library.ts';

// Where each source of a policy is printed in the library: the current article holding the sentence, and the
// sentence's span in that article's text. The answer depends only on the policy's version and the library's
// versions, so it is kept per policy version until a document is ingested.

interface Candidate {
  article: repo.ArticleRow;
  hit: SentenceHit;
}

/** Exact before a prefix, a longer prefix first, then the article the source names by its headline. */
function better(a: Candidate, b: Candidate, source: PolicySource): boolean {
  if (a.hit.exact !== b.hit.exact) return a.hit.exact;
  const lengthA = a.hit.end - a.hit.start;
  const lengthB = b.hit.end - b.hit.start;
  if (lengthA !== lengthB) return lengthA > lengthB;
  return a.article.title === source.article && b.article.title !== source.article;
}

async function locate(database: Database, source: PolicySource): Promise<PolicySourceLocation> {
  const sentence = source.text.trim();
  // The versions printing the sentence's beginning are the only ones that can hold it or a long prefix of it.
  const versions = await repo.currentVersionsContaining(database.db, sentence.slice(0, MIN_PREFIX));
  let best: Candidate | undefined;
  for (const version of versions) {
    for (const article of await repo.articlesOfVersion(database.db, version.id)) {
      if (article.current !== 1) continue;
      const hit = findSentence(version.text.slice(article.start_offset, article.end_offset), sentence);
      if (hit === null) continue;
      const candidate = { article, hit };
      if (best === undefined || better(candidate, best, source)) best = candidate;
    }
  }
  if (best === undefined) return { source, found: null };
  const article = await getArticle(database, best.article.id);
  if (article === undefined) return { source, found: null };
  return { source, found: { article, highlight: { start: best.hit.start, end: best.hit.end } } };
}

/** Each source of the policy with where it is printed (found null when it is not in the library). */
export async function locateSources(database: Database, policy: Policy): Promise<PolicySourceLocation[]> {
  const locations: PolicySourceLocation[] = [];
  for (const source of policy.sources) locations.push(await locate(database, source));
  return locations;
}

/** Sources per policy version, as JSON; dropped whole when the library's stamp changes. */
const caches = new WeakMap<Kysely<Schema>, { stamp: string; json: Map<string, JsonBytes> }>();
const MAX_CACHED = 2000;

/** locateSources serialised, cached per policy version until a document is ingested. */
export async function locateSourcesJson(database: Database, policy: Policy): Promise<JsonBytes> {
  const stamp = await repo.libraryStamp(database.db);
  let cache = caches.get(database.db);
  if (cache === undefined || cache.stamp !== stamp) caches.set(database.db, (cache = { stamp, json: new Map() }));
  const key = `${policy.id}@${policy.version}`;
  const held = cache.json.get(key);
  if (held !== undefined) return held;
  const json = JsonBytes.of(await locateSources(database, policy));
  if (cache.json.size >= MAX_CACHED) cache.json.clear();
  cache.json.set(key, json);
  return json;
}
