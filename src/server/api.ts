// The JSON the HTTP API answers with, for the routes the web app (src/web) reads: one list of fields per answer,
// shared by the server's presenters and, as type-only imports, by the web app. Field names here are a promise
// to every client; the MatchReport, ProfileView and search shapes they embed are the contracts' own.
//
// Access, by route (enforced by the server, proven by test/server-access.test.ts):
//   public       GET  /api/rules, /api/rules/{id}, /api/rules/{id}/sources, /api/policies/search,
//                     /api/policies/articles/{id}, /api/policies/stats
//   signed in    GET  /api/dashboard, /api/policies/sources, /api/policies/sources/{id}
//   tenant       GET  /api/enterprises/{uscc}/profile, /api/enterprises/{uscc}/policies,
//                     /api/enterprises/{uscc}/policies/{id}, /api/enterprises/{uscc}/notifications;
//                POST …/notifications/{id}/read
//                an enterprise user: its own USCC only (another → 403 auth.forbidden); admin and service
//                coordinator: any; a policy operator: enterprises within its region (no region: any)
//   staff        GET  /api/enterprises (admin, policy_operator, service_coordinator)
//   authoring    POST /api/policies/documents, POST /api/rules/preview, POST /api/rules,
//                POST /api/rules/{id}/withdraw (admin, policy_operator; an operator only for policies whose
//                regions lie within its own region)
//   qualifying   GET  /api/rules/{id}/qualifying, /api/rules/{id}/qualifying.xlsx (admin, policy_operator,
//                service_coordinator; an operator sees enterprises within its region only)

import type { AmountRange, Match, MatchReport, Policy, PolicySource, Status } from '../core/rules/types.ts';
import type { ValidationError } from '../core/rules/validate.ts';
import type { QualifiedEnterprise } from '../services/rules/bulk.ts';
import type { PolicySummary } from '../services/rules/policies.ts';

export type { AmountRange, Match, MatchReport, Policy, PolicySource, PolicySummary, QualifiedEnterprise, Status };
export type { ValidationError };
export type { SearchResponse, SearchResult } from '../services/policies/search.ts';
export type { ProfileView } from '../services/enterprises/profiles.ts';
export type { AccountView } from '../services/accounts/accounts.ts';

/** A page of a longer list. */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

// ---- enterprises -------------------------------------------------------------------------------------------

/** GET /api/enterprises?q=&region=&limit=&offset= (q: part of the name or the USCC; region: GB/T 2260 within) */
export interface EnterpriseListItem {
  uscc: string;
  name: string;
  region: string;
  /** the region's full name (江苏省苏州市吴中区) */
  regionName: string;
  industry: string | null;
  sizeClass: string | null;
  employees: number | null;
  updatedAt: string;
}

/**
 * One policy of an enterprise's feed: the contract's Match without its trace and sources (the reasons are read for
 * one policy at a time: GET /api/enterprises/{uscc}/policies/{id}, the contract's Match with its trace).
 */
export interface FeedMatch {
  policy: { id: string; title: string; regions: string[] };
  status: Status;
  /** after 就高不重复: null for a sum superseded within its stacking group */
  amount: AmountRange | null;
  /** fact keys that would decide an unknown result or complete the amount */
  missing: string[];
}

/**
 * GET /api/enterprises/{uscc}/policies?year=YYYY (default: this year): every published policy evaluated against
 * the stored profile now, in the MatchReport's order (eligible first, largest amount first, then unknown, then
 * ineligible), each as a FeedMatch. Why one came out as it did: GET /api/enterprises/{uscc}/policies/{id}?year=YYYY
 * answers that policy's Match (the contract's, with its trace and sources).
 */
export interface EnterpriseFeed {
  enterprise: { uscc: string; name: string; region: string; regionName: string };
  year: number;
  counts: Record<Status, number>;
  /** the sum of the eligible policies' amounts (after 就高不重复); null when none has an amount */
  total: AmountRange | null;
  /** every fact key some unknown policy is waiting for, with how many policies it would decide, most first */
  wanted: { fact: string; policies: number }[];
  matches: FeedMatch[];
}

/** GET /api/enterprises/{uscc}/notifications?limit=&offset= */
export interface NotificationView {
  id: number;
  /** eligible: newly eligible; amount_changed; ineligible: no longer eligible */
  kind: 'eligible' | 'amount_changed' | 'ineligible';
  policyId: string;
  title: string;
  body: string;
  /** the amount after the change, when there is one */
  amount: AmountRange | null;
  createdAt: string;
  /** null: unread */
  readAt: string | null;
}

export interface NotificationPage extends Page<NotificationView> {
  unread: number;
}

// ---- the policy library ------------------------------------------------------------------------------------

/** A span of `ArticleView.text`: offsets are UTF-16 code units into that text, end exclusive. */
export interface TextSpan {
  start: number;
  end: number;
}

/** GET /api/policies/articles/{id}: one article as printed, with what the extractor found in it. */
export interface ArticleView {
  id: number;
  source: { id: number; name: string; version: number };
  ordinal: number;
  section: string | null;
  title: string;
  /** the article's text as printed, title included */
  text: string;
  regions: { code: string; name: string }[];
  issuers: string[];
  documents: string[];
  years: number[];
  measures: (TextSpan & { ordinal: number; text: string })[];
  amounts: (TextSpan & { text: string; min: number; max: number; per: string | null })[];
  rates: (TextSpan & { text: string; min: number; max: number })[];
  /** other articles that tell the same policy */
  sameAs: { id: number; title: string }[];
  /** whether this article is in the source's current version */
  current: boolean;
}

/** GET /api/policies/sources: every ingested document, newest first. */
export interface SourceListItem {
  id: number;
  name: string;
  version: number;
  format: string;
  encoding: string;
  articles: number;
  measures: number;
  ingestedAt: string;
}

/** GET /api/policies/sources/{id}, and the answer to POST /api/policies/documents?name=FILE (body: the bytes). */
export interface SourceView {
  source: SourceListItem;
  /** POST only: new | updated | unchanged */
  status?: 'new' | 'updated' | 'unchanged';
  /** the current version's articles in order, each with its measures, amounts and rates */
  articles: ArticleView[];
}

/** GET /api/rules/{id}/sources: where each of the policy's sources is printed in the library. */
export interface PolicySourceLocation {
  source: PolicySource;
  /** the article holding the source sentence, with the sentence's span in the article's text; null: not found */
  found: { article: ArticleView; highlight: TextSpan } | null;
}

// ---- authoring -------------------------------------------------------------------------------------------

/** POST /api/rules/preview {policy, year}: who would qualify, before anything is stored. */
export type RulePreview =
  | { valid: false; errors: ValidationError[] }
  | {
      valid: true;
      year: number;
      /** enterprises looked at (an operator: those within its region) */
      enterprises: number;
      counts: { eligible: number; unknown: number };
      /** the sum over eligible enterprises; null when no eligible one has an amount */
      total: AmountRange | null;
      /** the first 20 as qualifying lists them (eligible first, largest sum first) */
      sample: QualifiedEnterprise[];
    };

/**
 * POST /api/rules {policy}: validates, publishes (new version or unchanged), refreshes the policy's stored
 * matches for this year and notifies the enterprises whose match changed. Invalid → 400 rules.invalid with
 * `errors` in the body's error object.
 */
export interface PublishResult {
  id: string;
  version: number;
  status: 'new' | 'updated' | 'unchanged' | 'republished';
  /** enterprises notified: newly eligible, amount changed, no longer eligible */
  notified: { eligible: number; amount_changed: number; ineligible: number };
}

/** POST /api/rules/{id}/withdraw {reason?} */
export interface WithdrawResult {
  id: string;
  changed: boolean;
}

/** GET /api/rules/{id}/qualifying?year=&unknown=true|false&limit=&offset= */
export interface QualifyingPage extends Page<QualifiedEnterprise> {
  policy: { id: string; title: string; version: number; status: string };
  year: number;
  counts: { eligible: number; unknown: number };
  /** the sum over all eligible rows (not only this page); null when none has an amount */
  amount: AmountRange | null;
}

// ---- dashboard ---------------------------------------------------------------------------------------------

export interface CountBy<K extends string | number> {
  key: K;
  /** a display name (region or industry name); the key itself when there is none */
  name: string;
  count: number;
}

/** GET /api/dashboard?year=YYYY (default: this year) */
export interface Dashboard {
  library: {
    /** current articles by issuing province/city (GB/T 2260, the article's own regions) */
    byRegion: CountBy<string>[];
    /** by bulletin column (section); null sections as 其他 */
    bySection: CountBy<string>[];
    /** by year named */
    byYear: CountBy<number>[];
    policies: number;
  };
  matches: {
    year: number;
    /** from the stored matches (policy_match); computedAt null: never refreshed for this year */
    computedAt: string | null;
    /** eligible enterprise-policy pairs and their summed amounts, by county (district) of the enterprise */
    byDistrict: (CountBy<string> & { amount: AmountRange })[];
    /** by industry section (GB/T 4754 门类 A–T) */
    byIndustry: (CountBy<string> & { amount: AmountRange })[];
  };
}
