import { errors, ZhidaError } from '../../core/errors.ts';
import { regionFullName } from '../../core/regions/region-path.ts';
import type { Database } from '../../db/database.ts';
import * as repo from '../../db/policy-articles.repository.ts';
import type { ArticleView, SourceListItem, SourceView } from '../../server/api.ts';
import { ingestDocument } from './ingest.ts';

// The library as the web app shows it: the ingested documents, each article as printed with what the extractor
// found in it (spans into the article's own text), and uploading a document.

export function presentSource(row: repo.SourceRow): SourceListItem {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    format: row.format,
    encoding: row.encoding,
    articles: row.articles,
    measures: row.measures,
    ingestedAt: row.ingested_at,
  };
}

/** The articles as ArticleViews, in the order given; `texts` holds the text of each of their versions. */
async function presentArticles(
  database: Database,
  rows: readonly repo.ArticleRow[],
  texts: ReadonlyMap<number, string>,
): Promise<ArticleView[]> {
  const ids = rows.map((r) => r.id);
  const [measures, amounts, rates, members] = await Promise.all([
    repo.measuresOfArticles(database.db, ids),
    repo.amountsOfArticles(database.db, ids),
    repo.ratesOfArticles(database.db, ids),
    repo.currentGroupMembers(
      database.db,
      rows.map((r) => r.same_as_id ?? r.id),
    ),
  ]);
  return rows.map((row) => {
    const base = row.start_offset;
    const span = (r: { start_offset: number; end_offset: number }) => ({
      start: r.start_offset - base,
      end: r.end_offset - base,
    });
    const root = row.same_as_id ?? row.id;
    return {
      id: row.id,
      source: { id: row.source_id, name: row.source_name, version: row.source_version },
      ordinal: row.ordinal,
      section: row.section,
      title: row.title,
      text: (texts.get(row.version_id) ?? '').slice(row.start_offset, row.end_offset),
      regions: (JSON.parse(row.regions) as string[]).map((code) => ({ code, name: regionFullName(code) })),
      issuers: JSON.parse(row.issuers) as string[],
      documents: JSON.parse(row.documents) as string[],
      years: JSON.parse(row.years) as number[],
      measures: (measures.get(row.id) ?? []).map((m) => ({ ...span(m), ordinal: m.ordinal, text: m.text })),
      amounts: (amounts.get(row.id) ?? []).map((a) => ({
        ...span(a),
        text: a.text,
        min: a.min,
        max: a.max,
        per: a.per,
      })),
      rates: (rates.get(row.id) ?? []).map((r) => ({ ...span(r), text: r.text, min: r.min, max: r.max })),
      sameAs: members.filter((m) => m.root === root && m.id !== row.id).map((m) => ({ id: m.id, title: m.title })),
      current: row.current === 1,
    };
  });
}

/** One article (of any version) as printed; undefined when there is none. */
export async function getArticle(database: Database, id: number): Promise<ArticleView | undefined> {
  const row = await repo.findArticle(database.db, id);
  if (row === undefined) return undefined;
  const text = (await repo.versionText(database.db, row.version_id)) ?? '';
  return (await presentArticles(database, [row], new Map([[row.version_id, text]])))[0];
}

/** Every ingested document with its current version, newest first. */
export async function listSources(database: Database): Promise<SourceListItem[]> {
  return (await repo.listSources(database.db)).map(presentSource);
}

async function sourceView(database: Database, row: repo.SourceRow): Promise<SourceView> {
  const articles = await repo.articlesOfVersion(database.db, row.version_id);
  const text = (await repo.versionText(database.db, row.version_id)) ?? '';
  return {
    source: presentSource(row),
    articles: await presentArticles(database, articles, new Map([[row.version_id, text]])),
  };
}

/** One document with its current version's articles; undefined when there is none. */
export async function getSource(database: Database, id: number): Promise<SourceView | undefined> {
  const row = await repo.findSource(database.db, id);
  return row === undefined ? undefined : sourceView(database, row);
}

/**
 * Ingests an uploaded document (ingestDocument, audited as `actor`) and answers its SourceView with the status:
 * new, updated, or unchanged for the same bytes again. A document that cannot be read throws the extractor's
 * ZhidaError (input.empty, input.binary, …) and stores nothing.
 */
export async function uploadDocument(
  database: Database,
  input: { name: string; bytes: Uint8Array },
  actor: string,
): Promise<SourceView> {
  if (input.bytes.byteLength === 0) throw errors.emptyInput();
  const outcome = await ingestDocument(database, input, actor);
  if (outcome.status === 'failed') {
    throw new ZhidaError(outcome.errorId ?? 'input.format', outcome.error ?? 'the document cannot be read');
  }
  const row = await repo.findSourceByName(database.db, input.name);
  if (row === undefined) throw new Error(`the source ${input.name} was stored but cannot be read back`);
  return { ...(await sourceView(database, row)), status: outcome.status };
}
