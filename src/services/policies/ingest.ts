import type { Insertable, Kysely } from 'kysely';
import { ZhidaError, type ErrorId } from '../../core/errors.ts';
import { recordAudit } from '../../db/audit.repository.ts';
import type { Database } from '../../db/database.ts';
import type { DialectName } from '../../db/dialect.ts';
import * as repo from '../../db/policies.repository.ts';
import type {
  PolicyAmountTable,
  PolicyArticleDocumentTable,
  PolicyArticleRegionTable,
  PolicyArticleTable,
  PolicyArticleYearTable,
  PolicyMeasureSentenceTable,
  PolicyMeasureTable,
  PolicyRateTable,
  PolicySearchTable,
  Schema,
} from '../../db/schema.ts';
import { prepareDocument, sha256Of, type PreparedDocument, type PreparedFigure } from './prepare.ts';

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
  /** status failed: the error's stable id (input.binary, input.encoding, …) */
  errorId?: ErrorId;
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
  const sha256 = sha256Of(input.bytes);
  const unchanged = await findUnchanged(database, input.name, sha256);
  if (unchanged) return unchanged;
  let prepared: PreparedDocument;
  try {
    prepared = await prepareDocument(input);
  } catch (error) {
    if (error instanceof ZhidaError) {
      return { name: input.name, status: 'failed', sha256, error: error.message, errorId: error.id };
    }
    throw error;
  }
  return storeDocument(database, prepared, actor);
}

/** The outcome `unchanged` when the source's current version has exactly these bytes: nothing to extract. */
export async function findUnchanged(
  database: Database,
  name: string,
  sha256: string,
): Promise<IngestOutcome | undefined> {
  const current = await repo.findCurrentVersion(database.db, name);
  return current?.sha256 === sha256 ? { name, status: 'unchanged', sha256, version: current.version } : undefined;
}

/** The write half of ingestDocument: one transaction that stores a prepared document as a new version. */
export async function storeDocument(database: Database, doc: PreparedDocument, actor: string): Promise<IngestOutcome> {
  return database.db.transaction().execute(async (trx) => {
    const at = new Date().toISOString();
    // Looked up again inside the transaction: another process may have stored the source meanwhile.
    const source = await repo.findSourceByName(trx, doc.name);
    if (source?.current_version_id != null) {
      const current = await repo.findVersion(trx, source.current_version_id);
      if (current?.sha256 === doc.sha256)
        return { name: doc.name, status: 'unchanged', sha256: doc.sha256, version: current.version } as IngestOutcome;
    }
    await repo.insertBlob(trx, doc.sha256, doc.bytes, at);
    const sourceId = source?.id ?? (await repo.insertSource(trx, doc.name, at));
    const version = await repo.nextVersionNumber(trx, sourceId);
    const versionId = await repo.insertVersion(trx, {
      source_id: sourceId,
      version,
      sha256: doc.sha256,
      encoding: doc.encoding,
      format: doc.format,
      text: doc.text,
      article_count: doc.articles.length,
      measure_count: doc.measureCount,
      ingested_at: at,
    });
    // A new source has nothing to retire.
    if (source) await repo.retireArticles(trx, sourceId);
    await storeArticles(trx, database.dialect, { sourceId, versionId, at }, doc);
    await recordAudit(
      trx,
      {
        actor,
        action: version === 1 ? 'policy_source.create' : 'policy_source.update',
        entity: 'policy_source',
        entityId: sourceId,
        detail: {
          name: doc.name,
          version,
          sha256: doc.sha256,
          articles: doc.articles.length,
          measures: doc.measureCount,
        },
      },
      at,
    );
    return {
      name: doc.name,
      status: version === 1 ? 'new' : 'updated',
      sha256: doc.sha256,
      version,
      articles: doc.articles.length,
      measures: doc.measureCount,
    } satisfies IngestOutcome;
  });
}

interface VersionPlace {
  sourceId: number;
  versionId: number;
  at: string;
}

interface SentenceMatch {
  measureId: number;
  measureSameAs: number | null;
  /** the group the matched measure's article was in when it was stored (its root article) */
  root: number;
}

/**
 * Writes the articles of a new version with a few statements per table. Ids are allocated first, so rows can
 * name each other before they are written; the links between articles are decided in memory from two reads:
 * the earliest stored measure for each sentence hash, and the groups of stored articles naming each document.
 *
 * Linking rules (the same as storing the articles one by one): an article joins the group of every earlier
 * article that names one of its documents or prints one of its measures' sentences; the groups it bridges
 * become one, led by their earliest article (the group's root, which every member's same_as_id names). A
 * measure points at the earliest current measure with one of its sentences (stored ones before this source's).
 */
async function storeArticles(
  trx: Kysely<Schema>,
  dialect: DialectName,
  place: VersionPlace,
  doc: PreparedDocument,
): Promise<void> {
  if (doc.articles.length === 0) return;
  const articleIds = await repo.allocateIds(trx, dialect, 'policy_article', doc.articles.length);
  const measureIds = await repo.allocateIds(trx, dialect, 'policy_measure', doc.measureCount);
  const firstNewArticle = articleIds[0]!;

  const firstMentions = new Map<string, { title: string; key: string }>();
  for (const article of doc.articles)
    for (const d of article.documents) if (!firstMentions.has(d.key)) firstMentions.set(d.key, d);
  const documentIds = await repo.upsertDocuments(trx, [...firstMentions.values()], place.at);
  const storedDocumentGroups = await repo.findDocumentGroups(trx, dialect, [...documentIds.values()]);
  const storedSentences = await repo.findFirstMeasuresBySentence(
    trx,
    dialect,
    doc.articles.flatMap((a) => a.measures.flatMap((m) => m.hashes)),
  );

  // Groups as a union-find over root articles: a root merged into an earlier one points at it.
  const mergedInto = new Map<number, number>();
  const rootOf = (id: number): number => {
    let root = id;
    for (let next = mergedInto.get(root); next !== undefined; next = mergedInto.get(root)) root = next;
    return root;
  };
  const ownRoot = new Map<number, number>(); // new article → the root it joined when it was stored
  const newSentences = new Map<string, SentenceMatch>();
  const newDocumentArticles = new Map<number, number[]>();

  const articles: Insertable<PolicyArticleTable>[] = [];
  const measures: Insertable<PolicyMeasureTable>[] = [];
  const sentences: Insertable<PolicyMeasureSentenceTable>[] = [];
  const amounts: Insertable<PolicyAmountTable>[] = [];
  const rates: Insertable<PolicyRateTable>[] = [];
  const regions: Insertable<PolicyArticleRegionTable>[] = [];
  const years: Insertable<PolicyArticleYearTable>[] = [];
  const articleDocuments: Insertable<PolicyArticleDocumentTable>[] = [];
  const search: Insertable<PolicySearchTable>[] = [];

  let measureIndex = 0;
  for (const [index, article] of doc.articles.entries()) {
    const articleId = articleIds[index]!;
    const groups = new Set<number>();
    const ids: number[] = [];
    for (const measure of article.measures) {
      const measureId = measureIds[measureIndex++]!;
      ids.push(measureId);
      // Stored measures come before this source's (smaller ids); among them, the earliest wins.
      let match: SentenceMatch | undefined;
      for (const hash of measure.hashes) {
        const stored = storedSentences.get(hash);
        if (stored && (!match || stored.measureId < match.measureId))
          match = { measureId: stored.measureId, measureSameAs: stored.measureSameAs, root: stored.articleRoot };
      }
      if (!match) {
        for (const hash of measure.hashes) {
          const earlier = newSentences.get(hash);
          if (earlier && (!match || earlier.measureId < match.measureId)) match = earlier;
        }
      }
      if (match) groups.add(rootOf(match.root));
      measures.push({
        id: measureId,
        article_id: articleId,
        ordinal: measure.ordinal,
        text: measure.text,
        start_offset: measure.start,
        end_offset: measure.end,
        same_as_id: match ? (match.measureSameAs ?? match.measureId) : null,
      });
      for (const hash of measure.hashes) sentences.push({ hash, measure_id: measureId });
    }

    const articleDocumentIds = [...new Set(article.documents.map((d) => documentIds.get(d.key)!))];
    for (const documentId of articleDocumentIds) {
      for (const root of storedDocumentGroups.get(documentId) ?? []) groups.add(rootOf(root));
      for (const other of newDocumentArticles.get(documentId) ?? []) groups.add(rootOf(ownRoot.get(other)!));
      articleDocuments.push({ article_id: articleId, document_id: documentId });
    }

    let root = articleId;
    if (groups.size > 0) {
      root = Math.min(...groups);
      const others = [...groups].filter((g) => g !== root);
      for (const other of others) mergedInto.set(other, root);
      // Stored groups are merged in the database now; this source's articles are written merged below.
      const stored = others.filter((g) => g < firstNewArticle);
      if (stored.length > 0) await repo.mergeArticleGroups(trx, stored, root);
    }
    ownRoot.set(articleId, root);

    // Registered after the whole article: an article's own measures never link to each other.
    article.measures.forEach((measure, i) => {
      const own = measures[measures.length - article.measures.length + i]!;
      for (const hash of measure.hashes) {
        if (!newSentences.has(hash))
          newSentences.set(hash, {
            measureId: ids[i]!,
            measureSameAs: own.same_as_id ?? null,
            root,
          });
      }
    });
    for (const documentId of articleDocumentIds) {
      const list = newDocumentArticles.get(documentId) ?? [];
      list.push(articleId);
      newDocumentArticles.set(documentId, list);
    }

    const measureOf = (figure: PreparedFigure) => (figure.measure === null ? null : ids[figure.measure]!);
    for (const a of article.amounts) {
      amounts.push({
        article_id: articleId,
        measure_id: measureOf(a),
        text: a.text,
        min: a.min,
        max: a.max,
        per: a.per ?? null,
        start_offset: a.start,
        end_offset: a.end,
      });
    }
    for (const r of article.rates) {
      rates.push({
        article_id: articleId,
        measure_id: measureOf(r),
        text: r.text,
        min: r.min,
        max: r.max,
        start_offset: r.start,
        end_offset: r.end,
      });
    }
    for (const code of article.regionFilter) regions.push({ article_id: articleId, code });
    for (const year of new Set(article.years)) years.push({ article_id: articleId, year });
    search.push({ article_id: articleId, title: article.search.title, body: article.search.body });
    articles.push({
      id: articleId,
      version_id: place.versionId,
      source_id: place.sourceId,
      ordinal: index + 1,
      section: article.section,
      title: article.title,
      title_start: article.titleSpan?.[0] ?? null,
      title_end: article.titleSpan?.[1] ?? null,
      start_offset: article.span[0],
      end_offset: article.span[1],
      regions: JSON.stringify(article.regions),
      issuers: JSON.stringify(article.issuers),
      documents: JSON.stringify(article.documents.map((d) => d.title)),
      years: JSON.stringify(article.years),
      intro: article.intro,
      has_amount: article.amounts.length > 0 ? 1 : 0,
      current: 1,
      same_as_id: null, // set below, once every merge of this source is known
      ingested_at: place.at,
    });
  }
  for (const row of articles) {
    const root = rootOf(ownRoot.get(row.id!)!);
    row.same_as_id = root === row.id ? null : root;
  }

  // Parents before children: foreign keys are checked at the end of each statement.
  await repo.insertArticles(trx, articles);
  await repo.insertMeasures(trx, measures);
  await repo.insertSentences(trx, sentences);
  await repo.insertFigures(trx, amounts, rates);
  await repo.insertFilters(trx, regions, years, articleDocuments);
  await repo.insertSearchRows(trx, search);
}
