// The answer shapes of the 免申即享 routes (src/server/routes/grants.ts), taken type-only from the service that
// produces them, so the web app reads what the server writes.

import type { Page } from '../../../server/api.ts';
import type { GrantEntryView } from '../../../services/grants/lists.ts';

export type {
  EnterpriseGrantView,
  EntryCounts,
  GrantEntryView,
  GrantHistoryItem,
  GrantListDetail,
  GrantListView,
  GrantNotice,
  GrantNoticeSummary,
} from '../../../services/grants/lists.ts';
export type { EntryFilter } from '../../../db/grants.repository.ts';
export type { GrantPayment, GrantResponse } from '../../../db/schema.ts';
export type { GrantState, ListAction } from '../../../core/grants/state-machine.ts';

/** GET /api/grants/{id}/entries?filter=&limit=&offset= */
export type GrantEntryPage = Page<GrantEntryView>;
