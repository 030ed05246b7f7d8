import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePolicyText, loadSampleBulletin } from '../../../bench/policy-text.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../test/helpers/databases.ts';
import { libraryProblems } from '../../../test/helpers/library.ts';
import { errors } from '../../core/errors.ts';
import { ingestDocument } from './ingest.ts';
import { ingestSources, type SourceToIngest } from './ingest-sources.ts';

// Generated documents retell the bulletin's articles with other regions and figures: many articles share
// sentences and documents with articles of other sources, so the links are exercised across sources.
const texts: string[] = [];
beforeAll(async () => {
  const bulletin = await loadSampleBulletin();
  for (let seed = 1; seed <= 6; seed++) texts.push(generatePolicyText(bulletin, 40 * 1024, seed).text);
});

function sources(): SourceToIngest[] {
  const bytes = (text: string) => async () => Buffer.from(text);
  return [
    ...texts.slice(0, 4).map((text, i) => ({ name: `doc-${i}.txt`, read: bytes(text) })),
    { name: 'doc-1.txt', read: bytes(texts[4]!) }, // a new version of a source stored earlier in the run
    { name: 'doc-0.txt', read: bytes(texts[0]!) }, // the same bytes again
    { name: 'broken.txt', read: async () => Promise.reject(errors.unreadable('permission denied')) },
    { name: 'empty.txt', read: bytes('') },
    { name: 'walked.txt', read: bytes('x'), error: errors.unreadable('a symbolic link loop') },
    { name: 'doc-5.txt', read: bytes(texts[5]!) },
  ];
}

/** The library's content without timestamps, to compare two libraries row by row. */
async function snapshot(database: TestDatabase) {
  const rows = async (query: ReturnType<typeof sql>) => (await query.execute(database.db)).rows;
  return {
    articles: await rows(sql`select id, version_id, ordinal, section, title, start_offset, end_offset, regions,
      issuers, documents, years, intro, has_amount, current, same_as_id from policy_article order by id`),
    measures: await rows(sql`select * from policy_measure order by id`),
    sentences: await rows(sql`select * from policy_measure_sentence order by measure_id, hash`),
    amounts: await rows(
      sql`select article_id, measure_id, text, min, max, per, start_offset from policy_amount order by id`,
    ),
    documents: await rows(sql`select id, title, title_key from policy_document order by id`),
    links: await rows(sql`select * from policy_article_document order by article_id, document_id`),
    regions: await rows(sql`select * from policy_article_region order by article_id, code`),
    search: await rows(sql`select article_id, title, body from policy_search order by article_id`),
  };
}

describe.each(DIALECTS)('ingestSources on %s', (dialect) => {
  const databases: TestDatabase[] = [];
  const open = async () => {
    const database = await openTestDatabase(dialect);
    databases.push(database);
    return database;
  };
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  const run = async (database: TestDatabase, workers: number) => {
    const outcomes = [];
    for await (const { source, outcome } of ingestSources(database, sources(), 'test', {
      workers,
      waitForWorkers: true,
    })) {
      outcomes.push([source.name, outcome.status, outcome.version ?? null, outcome.error ?? null]);
    }
    return outcomes;
  };

  it('reports every source in order, failures with their reasons', async () => {
    const database = await open();
    expect(await run(database, 0)).toEqual([
      ['doc-0.txt', 'new', 1, null],
      ['doc-1.txt', 'new', 1, null],
      ['doc-2.txt', 'new', 1, null],
      ['doc-3.txt', 'new', 1, null],
      ['doc-1.txt', 'updated', 2, null],
      ['doc-0.txt', 'unchanged', 1, null],
      ['broken.txt', 'failed', null, 'the file cannot be read: permission denied'],
      ['empty.txt', 'failed', null, 'the file is empty'],
      ['walked.txt', 'failed', null, 'the file cannot be read: a symbolic link loop'],
      ['doc-5.txt', 'new', 1, null],
    ]);
    expect(await libraryProblems(database.db)).toEqual([]);
  });

  it('stores the same library with worker threads, and as ingestDocument one by one', async () => {
    const [inline, threaded, oneByOne] = [await open(), await open(), await open()];
    const expected = await run(inline, 0);
    expect(await run(threaded, 1)).toEqual(expected);
    for (const source of sources()) {
      const bytes = await source.read().catch(() => new Uint8Array());
      if (source.error === undefined) await ingestDocument(oneByOne, { name: source.name, bytes }, 'test');
    }
    const reference = await snapshot(inline);
    expect(reference.articles.length).toBeGreaterThan(100);
    expect(await snapshot(threaded)).toEqual(reference);
    expect(await snapshot(oneByOne)).toEqual(reference);
  });

  it('links articles into groups led by their first article, across sources', async () => {
    const database = databases[0]!;
    const articles = await database.db
      .selectFrom('policy_article')
      .select(['id', 'same_as_id', 'current'])
      .orderBy('id')
      .execute();
    const byId = new Map(articles.map((a) => [a.id, a]));
    const linked = articles.filter((a) => a.same_as_id !== null);
    expect(linked.length).toBeGreaterThan(articles.length / 4);
    for (const a of linked) {
      const root = byId.get(a.same_as_id!)!;
      expect([a.id, root.same_as_id]).toEqual([a.id, null]); // a group has one first article
      expect(root.id).toBeLessThan(a.id);
    }
    const group = (id: number) => byId.get(id)!.same_as_id ?? id;
    // Current articles that name one document are one group.
    const mentions = await database.db
      .selectFrom('policy_article_document as d')
      .innerJoin('policy_article as a', 'a.id', 'd.article_id')
      .select(['d.document_id', 'a.id'])
      .where('a.current', '=', 1)
      .execute();
    const groupsOf = new Map<number, Set<number>>();
    for (const m of mentions) groupsOf.set(m.document_id, (groupsOf.get(m.document_id) ?? new Set()).add(group(m.id)));
    expect([...groupsOf.values()].filter((g) => g.size > 1)).toEqual([]);
    // A measure names an earlier measure with one of its sentences, in its article's group.
    const measures = await sql<{
      id: number;
      same_as_id: number;
      article_id: number;
      other_article: number;
      shared: number;
    }>`
      select m.id, m.same_as_id, m.article_id, o.article_id as other_article,
             (select count(*) from policy_measure_sentence s join policy_measure_sentence t on t.hash = s.hash
               where s.measure_id = m.id and t.measure_id = m.same_as_id) as shared
      from policy_measure m join policy_measure o on o.id = m.same_as_id`.execute(database.db);
    expect(measures.rows.length).toBeGreaterThan(0);
    for (const m of measures.rows) {
      expect(m.same_as_id).toBeLessThan(m.id);
      if (Number(m.shared) === 0) {
        // it names the first of a chain: the measure it matched points there too
        const via = await sql<{ n: number }>`
          select count(*) as n from policy_measure x join policy_measure_sentence s on s.measure_id = x.id
          join policy_measure_sentence t on t.hash = s.hash and t.measure_id = ${m.id}
          where x.same_as_id = ${m.same_as_id}`.execute(database.db);
        expect(Number(via.rows[0]!.n)).toBeGreaterThan(0);
      }
    }
  });
});
