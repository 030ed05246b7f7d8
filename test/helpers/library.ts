import { sql, type Kysely } from 'kysely';
import type { Schema } from '../../src/db/schema.ts';

/**
 * Every way the policy library can be left half-written, as readable problems (none means whole): a version
 * whose articles or measures are not all there, a source without a current version, rows whose parent is
 * missing, a source without its audit entry, search rows that do not match the current articles.
 */
export async function libraryProblems(db: Kysely<Schema>): Promise<string[]> {
  const problems: string[] = [];
  const rows = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows;

  const versions = await rows<{
    id: number;
    article_count: number;
    measure_count: number;
    articles: number;
    measures: number;
  }>(sql`
    select v.id, v.article_count, v.measure_count,
           (select count(*) from policy_article a where a.version_id = v.id) as articles,
           (select count(*) from policy_measure m join policy_article a on a.id = m.article_id
             where a.version_id = v.id) as measures
    from policy_source_version v`);
  for (const v of versions) {
    if (Number(v.articles) !== v.article_count) {
      problems.push(`version ${v.id}: ${v.articles} articles stored, ${v.article_count} expected`);
    }
    if (Number(v.measures) !== v.measure_count) {
      problems.push(`version ${v.id}: ${v.measures} measures stored, ${v.measure_count} expected`);
    }
  }

  const sources = await rows<{ id: number; name: string; current_version_id: number | null; owner: number | null }>(sql`
    select s.id, s.name, s.current_version_id, v.source_id as owner
    from policy_source s left join policy_source_version v on v.id = s.current_version_id`);
  for (const s of sources) {
    if (s.current_version_id === null) problems.push(`source ${s.name}: no current version`);
    else if (s.owner !== s.id)
      problems.push(`source ${s.name}: current version ${s.current_version_id} is not its own`);
  }

  const orphans: [string, ReturnType<typeof sql<{ n: number }>>][] = [
    [
      'versions without source',
      sql`select count(*) as n from policy_source_version v where not exists (select 1 from policy_source s where s.id = v.source_id)`,
    ],
    [
      'versions without blob',
      sql`select count(*) as n from policy_source_version v where not exists (select 1 from policy_blob b where b.sha256 = v.sha256)`,
    ],
    [
      'articles without version',
      sql`select count(*) as n from policy_article a where not exists (select 1 from policy_source_version v where v.id = a.version_id)`,
    ],
    [
      'measures without article',
      sql`select count(*) as n from policy_measure m where not exists (select 1 from policy_article a where a.id = m.article_id)`,
    ],
    [
      'sentences without measure',
      sql`select count(*) as n from policy_measure_sentence s where not exists (select 1 from policy_measure m where m.id = s.measure_id)`,
    ],
    [
      'amounts without article',
      sql`select count(*) as n from policy_amount x where not exists (select 1 from policy_article a where a.id = x.article_id)`,
    ],
    [
      'rates without article',
      sql`select count(*) as n from policy_rate x where not exists (select 1 from policy_article a where a.id = x.article_id)`,
    ],
    [
      'regions without article',
      sql`select count(*) as n from policy_article_region x where not exists (select 1 from policy_article a where a.id = x.article_id)`,
    ],
    [
      'document links without article',
      sql`select count(*) as n from policy_article_document x where not exists (select 1 from policy_article a where a.id = x.article_id)`,
    ],
    [
      'search rows of no current article',
      sql`select count(*) as n from policy_search x where not exists (select 1 from policy_article a where a.id = x.article_id and a.current = 1)`,
    ],
    [
      'current articles without search row',
      sql`select count(*) as n from policy_article a where a.current = 1 and not exists (select 1 from policy_search x where x.article_id = a.id)`,
    ],
    [
      'current articles of an old version',
      sql`select count(*) as n from policy_article a join policy_source s on s.id = a.source_id where a.current = 1 and a.version_id <> s.current_version_id`,
    ],
    [
      'versions without audit entry',
      sql`select (select count(*) from policy_source_version) - (select count(*) from audit_log where entity = 'policy_source') as n`,
    ],
  ];
  for (const [what, query] of orphans) {
    const n = Number((await rows(query))[0]?.n ?? 0);
    if (n !== 0) problems.push(`${what}: ${n}`);
  }
  return problems;
}
