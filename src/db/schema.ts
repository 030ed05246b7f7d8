import type { ColumnType, Generated } from 'kysely';
import type { RequestState } from '../core/requests/types.ts';

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

export type NotificationKind = 'eligible' | 'amount_changed' | 'ineligible';

/** A message to an enterprise that a policy's match changed for it; read_at null: unread. */
export interface NotificationTable {
  id: Generated<number>;
  enterprise_id: number;
  kind: NotificationKind;
  policy_id: string;
  title: string;
  body: string;
  /** the amount after the change, when there is one */
  amount_min: number | null;
  amount_max: number | null;
  created_at: string;
  read_at: string | null;
  /** the outbox delivery that wrote it (push_outbox.key), unique: a retried delivery adds no second copy */
  idempotency_key: ColumnType<string | null, string | null | undefined, string | null>;
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

/** A major project (重大项目) the request loop serves; requests may be linked to one. */
export interface ProjectTable {
  id: Generated<number>;
  name: string;
  /** the person answerable for it (项目负责人) */
  owner: string;
  /** the lead department */
  department: string;
  /** the enterprise that carries it, when one does */
  uscc: string | null;
  status: 'planning' | 'active' | 'suspended' | 'completed';
  description: string;
  created_at: string;
  updated_at: string;
}

/** A milestone of a project: due on a calendar day (YYYY-MM-DD, China), done when done_at is set. */
export interface ProjectMilestoneTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  owner: string;
  due_date: string;
  done_at: string | null;
  created_at: string;
}

/** A request category (also an Open311 service): configuration an administrator edits; retired ones stay for the
 *  requests filed under them (active 0). */
export interface RequestCategoryTable {
  code: string;
  name: string;
  department: string;
  deadline_working_days: number;
  description: string;
  /** JSON list */
  keywords: string;
  group_name: string | null;
  position: number;
  active: number;
}

/** The working-day calendar: each listed day is a holiday or a make-up working day (调休). */
export interface RequestCalendarDayTable {
  date: string;
  kind: 'holiday' | 'workday';
}

/** Settings of the request loop, one JSON value per key (reopen_window_days). */
export interface RequestSettingTable {
  key: string;
  value: string;
}

/** An enterprise request (诉求). State changes only through src/core/requests/state-machine.ts, guarded by version. */
export interface RequestTable {
  id: Generated<number>;
  uscc: string;
  /** the stored enterprise with that USCC, when there is one */
  enterprise_id: number | null;
  category: string;
  title: string;
  description: string;
  channel: 'web' | 'open311' | 'phone' | 'visit';
  state: RequestState;
  /** 1 until resolved or closed (Open311 "open"): what the open lists and their index read */
  open: number;
  department: string | null;
  deadline: string | null;
  last_escalated_for: string | null;
  resolved_at: string | null;
  rating: number | null;
  rating_comment: string | null;
  duplicate_of: number | null;
  project_id: number | null;
  /** the note of the event that put it in its state (Open311 status_notes) */
  status_notes: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
  /** JSON {firstName, lastName, email, phone}, Open311 only */
  contact: string | null;
  /** JSON {code: [values]}: Open311 attribute answers */
  attributes: string;
  /** random, for Open311 tokens/{token}.json */
  public_token: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

/** One step of a request's timeline: every transition, comments included; never changed. */
export interface RequestEventTable {
  id: Generated<number>;
  request_id: number;
  action: string;
  from_state: RequestState;
  to_state: RequestState;
  /** account:USERNAME or system:overdue, as the audit log names actors */
  actor: string;
  actor_kind: 'enterprise' | 'coordinator' | 'department' | 'system';
  actor_name: string;
  at: string;
  note: string | null;
  /** JSON: what else the action set (department, deadline, rating, originalId, …) */
  data: string;
}

/** Attachment bytes, one copy per SHA-256 however many requests attach them. */
export interface RequestBlobTable {
  sha256: string;
  size: number;
  content: Uint8Array;
  created_at: string;
}

export interface RequestAttachmentTable {
  id: Generated<number>;
  request_id: number;
  sha256: string;
  name: string;
  /** detected from the bytes, never taken from the client */
  content_type: string;
  size: number;
  created_by: string;
  created_at: string;
}

/** A durable background job (src/services/jobs/): claimed with a lease, retried with backoff, unique by key. */
export interface JobTable {
  id: Generated<number>;
  kind: string;
  /** idempotency: a second enqueue with the same key adds nothing */
  key: string;
  /** JSON */
  payload: string;
  run_at: string;
  attempts: number;
  max_attempts: number;
  /** recurring jobs: run again this many milliseconds after each run; null: once */
  every_ms: number | null;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  /** set when it succeeded, or when it failed for the last time (failed 1) */
  done_at: string | null;
  failed: number;
  created_at: string;
  updated_at: string;
}

// ---- push and 免申即享 (issue 7; migration 007) -----------------------------------------------------------------

export type PushChannel = 'inbox' | 'email' | 'webhook';
export type PushFrequency = 'immediate' | 'daily' | 'weekly';
/** What a trigger found: NotificationKind for a match that changed, grant for a 免申即享 list that was pushed. */
export type PushChangeKind = NotificationKind | 'grant';
export type PushCause = 'policy' | 'withdraw' | 'facts' | 'profile' | 'grant';
export type DeliveryState = 'pending' | 'delivering' | 'delivered' | 'failed' | 'dead';

/** What an enterprise wants to be told and where; without a row: everything, in the inbox only. */
export interface PushSubscriptionTable {
  id: Generated<number>;
  enterprise_id: number;
  /** JSON list of keywords matched against the policy's title and sources; empty: every topic */
  topics: string;
  /** JSON list of GB/T 2260 codes the policy's issuing regions must lie within; empty: every region */
  regions: string;
  min_amount: number | null;
  /** the enterprise's contact e-mail; null: no e-mail */
  email: string | null;
  webhook_url: string | null;
  webhook_secret: string | null;
  frequency: PushFrequency;
  /** the start of the period whose changes the next digest gathers */
  digest_from: string;
  created_at: string;
  updated_at: string;
}

/** One run of a trigger: what caused it and how many changes it recorded. */
export interface PushBatchTable {
  id: Generated<number>;
  cause: PushCause;
  /** the policy id, the import id, the USCC or the grant list id */
  subject: string | null;
  actor: string;
  year: number | null;
  changes: number;
  created_at: string;
}

/** One change for one enterprise and policy, in the words it is told in. */
export interface PushChangeTable {
  id: Generated<number>;
  batch_id: number;
  enterprise_id: number;
  policy_id: string;
  kind: PushChangeKind;
  year: number | null;
  title: string;
  body: string;
  amount_min: number | null;
  amount_max: number | null;
  before_min: number | null;
  before_max: number | null;
  created_at: string;
}

/** One delivery: a change (or a digest of changes, `payload`) to one recipient over one channel. */
export interface PushOutboxTable {
  id: Generated<number>;
  /** idempotency key: unique; sent as the Idempotency-Key header, stored on the inbox notification */
  key: string;
  channel: PushChannel;
  enterprise_id: number;
  change_id: number | null;
  /** JSON: a digest's period and change ids */
  payload: string | null;
  /** the enterprise id (inbox), the e-mail address or the webhook URL */
  recipient: string;
  state: DeliveryState;
  attempts: number;
  max_attempts: number;
  /** due when ≤ now; while delivering: the end of the worker's lease; null once delivered or dead */
  next_attempt_at: string | null;
  locked_by: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
}

export type GrantListState = 'compared' | 'pushed' | 'confirming' | 'paying' | 'published' | 'archived';

/** A 免申即享 list: one run of an auto-grant policy version (policy_id + policy_version + run). */
export interface GrantListTable {
  id: Generated<number>;
  policy_id: string;
  policy_version: number;
  run: number;
  year: number;
  /** the policy's title and regions (JSON) when the list was made */
  title: string;
  regions: string;
  state: GrantListState;
  /** the date answers are expected by (意愿确认), when set */
  respond_by: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  frozen_at: string | null;
  published_at: string | null;
  archived_at: string | null;
  /** bumped by every change: a change made on a stale read conflicts */
  version: number;
}

export type GrantResponse = 'pending' | 'accepted' | 'declined' | 'no_response';
export type GrantPayment = 'none' | 'pending' | 'paid' | 'failed';

/** One enterprise on a list, with its name and sum as they were when the list was made. */
export interface GrantEntryTable {
  id: Generated<number>;
  list_id: number;
  enterprise_id: number;
  uscc: string;
  name: string;
  region: string;
  industry: string | null;
  amount_min: number | null;
  amount_max: number | null;
  excluded: number;
  exclude_reason: string | null;
  response: GrantResponse;
  response_reason: string | null;
  responded_at: string | null;
  responded_by: string | null;
  payment: GrantPayment;
  paid_amount: number | null;
  paid_on: string | null;
  payment_reference: string | null;
  payment_reason: string | null;
  payment_at: string | null;
  updated_at: string;
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
  notification: NotificationTable;
  project: ProjectTable;
  project_milestone: ProjectMilestoneTable;
  request_category: RequestCategoryTable;
  request_calendar_day: RequestCalendarDayTable;
  request_setting: RequestSettingTable;
  request: RequestTable;
  request_event: RequestEventTable;
  request_blob: RequestBlobTable;
  request_attachment: RequestAttachmentTable;
  job: JobTable;
  push_subscription: PushSubscriptionTable;
  push_batch: PushBatchTable;
  push_change: PushChangeTable;
  push_outbox: PushOutboxTable;
  grant_list: GrantListTable;
  grant_entry: GrantEntryTable;
}
