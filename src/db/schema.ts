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

/**
 * The search index row of a current article: jieba tokens separated by spaces. Indexed by the FTS5 table
 * policy_search_fts on SQLite (rowid = article_id, kept in step by triggers; search SQL only) and by the
 * generated tsv column on PostgreSQL.
 */
export interface PolicySearchTable {
  article_id: number;
  title: string;
  body: string;
}

/** One enterprise: the profile its facts make (enterprise_fact), and the columns filters and matching read. */
export interface EnterpriseTable {
  id: Generated<number>;
  uscc: string;
  name: string;
  region: string;
  industry: string | null;
  founded: string | null;
  employees: number | null;
  /** large | medium | small | micro by the national rule, from the latest year with figures; null: unknown */
  size_class: string | null;
  /** the merged profile (contract version 1), JSON */
  profile: string;
  created_at: string;
  updated_at: string;
}

/** One fact as a source gave it; never updated. A number in value_num, a text in value_text, or neither. */
export interface EnterpriseFactTable {
  id: Generated<number>;
  enterprise_id: number;
  /** name, region, industry, founded, employees, qualification:NAME, metrics.KEY */
  key: string;
  /** metrics only: the year the figure is for */
  year: number | null;
  value_num: number | null;
  value_text: string | null;
  source: string;
  as_of: string;
  authoritative: number;
  batch_id: number | null;
  recorded_at: string;
}

/** One imported file. */
export interface EnterpriseImportTable {
  id: Generated<number>;
  file_name: string;
  sha256: string;
  source: string;
  as_of: string;
  authoritative: number;
  started_at: string;
  rows: number;
  accepted: number;
  rejected: number;
  actor: string;
}

/** A policy of the rules engine (the authoring format is src/core/rules/types.ts; its JSON is in policy_version). */
export interface PolicyTable {
  id: string;
  title: string;
  status: 'draft' | 'published' | 'withdrawn';
  /** the policy_version.version in force */
  current_version: number;
  /** GB/T 2260 codes, JSON list */
  regions: string;
  stacking_group: string | null;
  auto_grant: number;
  valid_from: string | null;
  valid_to: string | null;
  created_at: string;
  updated_at: string;
}

/** Every version of a policy's JSON, never changed once written. */
export interface PolicyVersionTable {
  id: Generated<number>;
  policy_id: string;
  version: number;
  json: string;
  created_at: string;
  /** the actor: a user, or "system:pack" for the bundled pack */
  created_by: string;
}

/** A computed match (the bulk matcher fills it): one per policy, enterprise and year. */
export interface PolicyMatchTable {
  id: Generated<number>;
  policy_id: string;
  policy_version: number;
  enterprise_id: number;
  year: number;
  status: 'eligible' | 'unknown' | 'ineligible';
  amount_min: number | null;
  amount_max: number | null;
  /** fact keys, JSON list */
  missing: string;
  computed_at: string;
}

export type Role = 'admin' | 'policy_operator' | 'service_coordinator' | 'enterprise_user';

/** Someone who signs in. Operators are scoped to a department and a region; an enterprise user to one USCC. */
export interface AccountTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: Role;
  department: string | null;
  /** GB/T 2260 code (policy operators) */
  region: string | null;
  /** the one enterprise an enterprise user acts for */
  uscc: string | null;
  /** scrypt$N$r$p$salt$hash (src/core/auth/password.ts) */
  password_hash: string;
  created_at: string;
  disabled: Generated<number>;
}

/** A signed-in browser. The id is the SHA-256 (hex) of the cookie's token: the token itself is never stored. */
export interface AccountSessionTable {
  id: string;
  account_id: number;
  csrf_token: string;
  created_at: string;
  /** slides forward while the session is used */
  expires_at: string;
  last_seen_at: string;
}

/** A token another system sends as `Authorization: Bearer …`; only its SHA-256 (hex) is stored. */
export interface ApiTokenTable {
  id: Generated<number>;
  account_id: number;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked: Generated<number>;
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
  enterprise: EnterpriseTable;
  enterprise_fact: EnterpriseFactTable;
  enterprise_import: EnterpriseImportTable;
  policy: PolicyTable;
  policy_version: PolicyVersionTable;
  policy_match: PolicyMatchTable;
  account: AccountTable;
  account_session: AccountSessionTable;
  api_token: ApiTokenTable;
}
