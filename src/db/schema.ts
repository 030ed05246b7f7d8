import type { Generated } from 'kysely';

// The tables, as Kysely sees them. Timestamps are ISO-8601 text on both dialects, JSON lists are text,
// booleans are 0/1: one representation everywhere keeps one code path.

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  detail: string;
}

export interface PolicyBlobTable {
  sha256: string;
  size: number;
  content: Uint8Array;
  created_at: string;
}

export interface PolicySourceTable {
  id: Generated<number>;
  name: string;
  created_at: string;
  current_version_id: number | null;
}

export interface PolicySourceVersionTable {
  id: Generated<number>;
  source_id: number;
  version: number;
  sha256: string;
  encoding: string;
  format: string;
  text: string;
  article_count: number;
  measure_count: number;
  ingested_at: string;
}

export interface PolicyDocumentTable {
  id: Generated<number>;
  title: string;
  /** the title folded for comparison: NFKC, simplified, without spaces */
  title_key: string;
  created_at: string;
}

export interface PolicyArticleTable {
  id: Generated<number>;
  version_id: number;
  source_id: number;
  ordinal: number;
  section: string | null;
  title: string;
  title_start: number | null;
  title_end: number | null;
  start_offset: number;
  end_offset: number;
  regions: string;
  issuers: string;
  documents: string;
  years: string;
  /** the paragraphs before the first measure, as printed */
  intro: string;
  has_amount: number;
  /** 1 while the article belongs to the current version of its source */
  current: number;
  /** the article that first described the same policy (same document or the same measures), else null */
  same_as_id: number | null;
  ingested_at: string;
}

export interface PolicyMeasureTable {
  id: Generated<number>;
  article_id: number;
  ordinal: number;
  text: string;
  start_offset: number;
  end_offset: number;
  /** the first stored measure with the same content (another article describing the same measure) */
  same_as_id: number | null;
}

/** A hash of each long sentence of a measure: two articles that print the same sentence describe one measure. */
export interface PolicyMeasureSentenceTable {
  hash: string;
  measure_id: number;
}

export interface PolicyAmountTable {
  id: Generated<number>;
  article_id: number;
  measure_id: number | null;
  text: string;
  min: number;
  max: number;
  per: string | null;
  start_offset: number;
  end_offset: number;
}

export interface PolicyRateTable {
  id: Generated<number>;
  article_id: number;
  measure_id: number | null;
  text: string;
  min: number;
  max: number;
  start_offset: number;
  end_offset: number;
}

export interface PolicyArticleRegionTable {
  article_id: number;
  /** a region the article's policy was issued by, or one that encloses it */
  code: string;
}

export interface PolicyArticleYearTable {
  article_id: number;
  year: number;
}

export interface PolicyArticleDocumentTable {
  article_id: number;
  document_id: number;
}

/** The search index row of a current article: jieba tokens separated by spaces. */
export interface PolicySearchTable {
  article_id: number;
  title: string;
  body: string;
}

export interface Schema {
  audit_log: AuditLogTable;
  policy_blob: PolicyBlobTable;
  policy_source: PolicySourceTable;
  policy_source_version: PolicySourceVersionTable;
  policy_document: PolicyDocumentTable;
  policy_article: PolicyArticleTable;
  policy_measure: PolicyMeasureTable;
  policy_measure_sentence: PolicyMeasureSentenceTable;
  policy_amount: PolicyAmountTable;
  policy_rate: PolicyRateTable;
  policy_article_region: PolicyArticleRegionTable;
  policy_article_year: PolicyArticleYearTable;
  policy_article_document: PolicyArticleDocumentTable;
  policy_search: PolicySearchTable;
}
