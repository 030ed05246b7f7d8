import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ZhidaError } from '../../core/errors.ts';
import type { ArticleWithSpans, Span } from '../../core/extract/articles.ts';
import { extractDocumentWithSpans } from '../../core/extract/document.ts';
import { regionByCode } from '../../core/regions/region-table.ts';
import { indexText } from '../../core/text/search-text.ts';
import { recordAudit } from '../../db/audit.repository.ts';
import type { Database } from '../../db/database.ts';
import * as repo from '../../db/policies.repository.ts';
import type { Schema } from '../../db/schema.ts';
import { documentKey, sentenceHashes } from './sentences.ts';

export type IngestStatus = 'new' | 'updated' | 'unchanged' | 'failed';

export interface IngestOutcome {
  name: string;
  status: IngestStatus;
  sha256?: string;
  version?: number;
  articles?: number;
  measures?: number;
  /** the problem, for status failed */
  error?: string;
}

/**
 * Stores one source document: its bytes (by sha256), a new version of the source named `name`, and every
 * article, measure and figure extracted from it with offsets into its text. The same bytes as the current
 * version change nothing; other bytes become a new version and the earlier one stays readable. One source is
 * one transaction: a failure or a kill leaves no part of it.
 */
export async function ingestDocument(
  database: Database,
  input: { name: string; bytes: Uint8Array },
  actor: string,
): Promise<IngestOutcome> {
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const existing = await repo.findSourceByName(database.db, input.name);
  if (existing?.current_version_id != null) {
    const current = await repo.findVersion(database.db, existing.current_version_id);
    if (current?.sha256 === sha256) return { name: input.name, status: 'unchanged', sha256, version: current.version };
  }
  let extracted;
  try {
    extracted = await extractDocumentWithSpans(input.bytes, input.name);
  } catch (error) {
    if (error instanceof ZhidaError) return { name: input.name, status: 'failed', sha256, error: error.message };
    throw error;
  }
  return database.db.transaction().execute(async (trx) => {
    const at = new Date().toISOString();
    // Looked up again inside the transaction: another process may have stored the source meanwhile.
    const source = await repo.findSourceByName(trx, input.name);
    if (source?.current_version_id != null) {
      const current = await repo.findVersion(trx, source.current_version_id);
      if (current?.sha256 === sha256)
        return { name: input.name, status: 'unchanged', sha256, version: current.version };
    }
    await repo.insertBlob(trx, sha256, input.bytes, at);
    const sourceId = source?.id ?? (await repo.insertSource(trx, input.name, at));
    const version = await repo.nextVersionNumber(trx, sourceId);
    const measureCount = extracted.articles.reduce((n, a) => n + a.article.measures.length, 0);
    const { encoding, format } = extracted.extraction.source;
    const versionId = await repo.insertVersion(trx, {
      source_id: sourceId,
      version,
      sha256,
      encoding,
      format,
      text: extracted.text,
      article_count: extracted.articles.length,
      measure_count: measureCount,
      ingested_at: at,
    });
    await repo.retireArticles(trx, sourceId);
    for (const [index, article] of extracted.articles.entries()) {
      await storeArticle(trx, { sourceId, versionId, ordinal: index + 1, at, text: extracted.text }, article);
    }
    await recordAudit(
      trx,
      {
        actor,
        action: version === 1 ? 'policy_source.create' : 'policy_source.update',
        entity: 'policy_source',
        entityId: sourceId,
        detail: { name: input.name, version, sha256, articles: extracted.articles.length, measures: measureCount },
      },
      at,
    );
    return {
      name: input.name,
      status: version === 1 ? 'new' : 'updated',
      sha256,
      version,
      articles: extracted.articles.length,
      measures: measureCount,
    } satisfies IngestOutcome;
  });
}

interface ArticlePlace {
  sourceId: number;
  versionId: number;
  ordinal: number;
  at: string;
  text: string;
}

const MEASURE_MARKER = /[一二三四五六七八九十]{1,3}(?:是|、|．)$/;

async function storeArticle(db: Kysely<Schema>, place: ArticlePlace, { article, spans }: ArticleWithSpans) {
  const bodyStart = spans.title?.[1] ?? spans.article[0];
  const introEnd = spans.measures[0]?.[0] ?? spans.article[1];
  const intro = place.text.slice(bodyStart, introEnd).replace(MEASURE_MARKER, '').trim();
  const articleId = await repo.insertArticle(db, {
    version_id: place.versionId,
    source_id: place.sourceId,
    ordinal: place.ordinal,
    section: article.section,
    title: article.title,
    title_start: spans.title?.[0] ?? null,
    title_end: spans.title?.[1] ?? null,
    start_offset: spans.article[0],
    end_offset: spans.article[1],
    regions: JSON.stringify(article.regions),
    issuers: JSON.stringify(article.issuers),
    documents: JSON.stringify(article.documents),
    years: JSON.stringify(article.years),
    intro,
    has_amount: article.amounts.length > 0 ? 1 : 0,
    current: 1,
    same_as_id: null,
    ingested_at: place.at,
  });

  const measureIds: number[] = [];
  const groups = new Set<number>();
  for (const [i, measure] of article.measures.entries()) {
    const [start, end] = spans.measures[i]!;
    const id = await repo.insertMeasure(db, {
      article_id: articleId,
      ordinal: measure.ordinal,
      text: measure.text,
      start_offset: start,
      end_offset: end,
    });
    measureIds.push(id);
    const hashes = sentenceHashes(measure.text);
    const same = (await repo.findMeasuresBySentences(db, hashes, articleId))[0];
    if (same) {
      await repo.setMeasureSameAs(db, id, same.same_as_id ?? same.measure_id);
      groups.add(same.article_same_as ?? same.article_id);
    }
    await repo.insertSentences(db, id, hashes);
  }

  const measureAt = (span: Span) => {
    const i = spans.measures.findIndex(([s, e]) => span[0] >= s && span[1] <= e);
    return i < 0 ? null : measureIds[i]!;
  };
  await repo.insertFigures(
    db,
    article.amounts.map((a, i) => ({
      article_id: articleId,
      measure_id: measureAt(spans.amounts[i]!),
      text: a.text,
      min: a.min,
      max: a.max,
      per: a.per,
      start_offset: spans.amounts[i]![0],
      end_offset: spans.amounts[i]![1],
    })),
    article.rates.map((r, i) => ({
      article_id: articleId,
      measure_id: measureAt(spans.rates[i]!),
      text: r.text,
      min: r.min,
      max: r.max,
      start_offset: spans.rates[i]![0],
      end_offset: spans.rates[i]![1],
    })),
  );
  await repo.insertFilters(db, articleId, withAncestors(article.regions), article.years);

  const documentIds: number[] = [];
  for (const title of article.documents) {
    documentIds.push(await repo.linkDocument(db, articleId, title, documentKey(title), place.at));
  }
  for (const other of await repo.findArticlesByDocuments(db, documentIds, articleId)) {
    groups.add(other.same_as_id ?? other.id);
  }
  // The article joins the group of every article that names its document or prints its measures; groups
  // that it bridges become one, led by their earliest article.
  if (groups.size > 0) {
    const root = Math.min(...groups);
    await repo.mergeArticleGroups(db, [...groups], root);
    await repo.setArticleSameAs(db, articleId, root);
  }

  await repo.insertSearchRow(db, {
    article_id: articleId,
    title: indexText(article.title),
    body: indexText([intro, ...article.measures.map((m) => m.text), ...article.documents].join('\n')),
  });
}

/** A 苏州 policy is also a 江苏 policy: filters store each code with the regions that enclose it. */
function withAncestors(codes: string[]): string[] {
  const all = new Set<string>();
  for (const code of codes) {
    for (let r = regionByCode(code); r; r = r.parent ? regionByCode(r.parent) : undefined) all.add(r.code);
    all.add(code);
  }
  return [...all];
}
