// The answer shapes of the request loop's routes (src/server/routes/requests.ts), taken type-only from the services
// that produce them, so the web app reads what the server writes.

export type {
  RequestDetail,
  RequestView,
  RequestEventView,
  RequestAttachmentView,
} from '../../../services/requests/views.ts';
export type { RequestPage, BulkOutcome } from '../../../services/requests/requests.ts';
export type { RequestDashboard, RequestFigures } from '../../../services/requests/dashboard.ts';
export type { RequestSettings } from '../../../services/requests/config.ts';
export type {
  MilestoneView,
  ProjectDetail,
  ProjectStatus,
  ProjectView,
  ProjectWarning,
} from '../../../services/requests/projects.ts';
export type {
  ActorKind,
  RequestActionType,
  RequestCategory,
  RequestChannel,
  RequestState,
  WorkCalendar,
} from '../../../core/requests/types.ts';
