import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../../core/errors.ts';
import { REQUEST_ACTIONS, REQUEST_CHANNELS, REQUEST_STATES, type RequestState } from '../../core/requests/types.ts';
import type { Database } from '../../db/database.ts';
import { accountActor } from '../../services/accounts/accounts.ts';
import { RequestAccessRefused, requireCaller } from '../../services/requests/access.ts';
import { addAttachment, MAX_ATTACHMENT_BYTES, readAttachment } from '../../services/requests/attachments.ts';
import { replaceCalendar, replaceCategories, requestConfig, updateSettings } from '../../services/requests/config.ts';
import { requestDashboard } from '../../services/requests/dashboard.ts';
import {
  addMilestone,
  createProject,
  getProject,
  listProjects,
  PROJECT_STATUSES,
  updateMilestone,
  updateProject,
  type MilestoneInput,
  type ProjectInput,
  type ProjectListQuery,
} from '../../services/requests/projects.ts';
import {
  bulkAssign,
  fileRequest,
  linkProject,
  listRequests,
  requestDetail,
  transitionRequest,
  type BulkAssignInput,
  type FileRequestInput,
  type RequestListQuery,
  type TransitionInput,
} from '../../services/requests/requests.ts';
import { requireRole } from '../auth.ts';
import { errorHandler, httpError } from '../errors.ts';
import { errorResponses, openObject, signedIn } from '../schemas.ts';

// The request loop (诉求, issue 6) and the major-project registry: thin routes over services/requests. Who may see
// and do what is decided by services/requests/access.ts; a request outside the caller's scope is refused 403
// auth.forbidden, as tenant.ts refuses another enterprise (the same answer whether or not it exists, for a caller
// with a limited scope).

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1 } },
} as const;

const INSTANT = { type: 'string', maxLength: 40, description: 'ISO 8601 instant with a zone' } as const;
const NOTE = { type: 'string', maxLength: 4000 } as const;

const listQuery = {
  type: 'object',
  properties: {
    state: { type: 'string', maxLength: 200, description: `comma-separated: ${REQUEST_STATES.join(', ')}` },
    open: { type: 'boolean', description: 'true: not yet resolved or closed; false: resolved or closed' },
    department: { type: 'string', maxLength: 100 },
    category: { type: 'string', maxLength: 400, description: 'comma-separated category codes' },
    overdue: { type: 'boolean', description: 'true: past the deadline while a department owes a resolution' },
    uscc: { type: 'string', maxLength: 18 },
    q: { type: 'string', maxLength: 100, description: 'part of the title or the description' },
    projectId: { type: 'integer', minimum: 1 },
    sort: { type: 'string', enum: ['newest', 'deadline', 'updated'], default: 'newest' },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
  },
  additionalProperties: false,
} as const;

const fileBody = {
  type: 'object',
  required: ['category'],
  properties: {
    category: { type: 'string', minLength: 1, maxLength: 40 },
    title: { type: 'string', maxLength: 200 },
    description: { type: 'string', maxLength: 8000 },
    channel: { type: 'string', enum: [...REQUEST_CHANNELS] },
    uscc: { type: 'string', maxLength: 30, description: "the enterprise's USCC: required when a coordinator files" },
    address: { type: 'string', maxLength: 500 },
    lat: { type: 'number', minimum: -90, maximum: 90 },
    long: { type: 'number', minimum: -180, maximum: 180 },
    projectId: { type: ['integer', 'null'], minimum: 1 },
  },
  additionalProperties: false,
} as const;

const transitionBody = {
  type: 'object',
  required: ['action'],
  properties: {
    action: { type: 'string', maxLength: 40, description: REQUEST_ACTIONS.join(', ') },
    note: NOTE,
    department: { type: 'string', maxLength: 100 },
    deadline: INSTANT,
    rating: { type: 'integer' },
    comment: NOTE,
    reason: NOTE,
    originalId: { type: 'integer', minimum: 1 },
    expectedVersion: { type: 'integer', minimum: 1 },
  },
  additionalProperties: false,
} as const;

const bulkBody = {
  type: 'object',
  required: ['ids', 'department'],
  properties: {
    ids: { type: 'array', minItems: 1, maxItems: 500, items: { type: 'integer', minimum: 1 } },
    department: { type: 'string', minLength: 1, maxLength: 100 },
    deadline: INSTANT,
    note: NOTE,
  },
  additionalProperties: false,
} as const;

const projectLinkBody = {
  type: 'object',
  required: ['projectId'],
  properties: { projectId: { type: ['integer', 'null'], minimum: 1 } },
  additionalProperties: false,
} as const;

const settingsBody = {
  type: 'object',
  properties: { reopenWindowDays: { type: 'integer' } },
  additionalProperties: false,
} as const;

const projectBody = {
  type: 'object',
  properties: {
    name: { type: 'string', maxLength: 200 },
    owner: { type: 'string', maxLength: 100 },
    department: { type: 'string', maxLength: 200 },
    uscc: { type: ['string', 'null'], maxLength: 30 },
    status: { type: 'string', enum: [...PROJECT_STATUSES] },
    description: { type: 'string', maxLength: 4000 },
  },
  additionalProperties: false,
} as const;

const milestoneBody = {
  type: 'object',
  properties: {
    name: { type: 'string', maxLength: 200 },
    owner: { type: 'string', maxLength: 100 },
    dueDate: { type: 'string', maxLength: 10, description: 'YYYY-MM-DD' },
    done: { type: 'boolean' },
  },
  additionalProperties: false,
} as const;

const projectQuery = {
  type: 'object',
  properties: {
    department: { type: 'string', maxLength: 100 },
    status: { type: 'string', enum: [...PROJECT_STATUSES] },
    warning: { type: 'boolean', description: 'true: only projects with a milestone overdue or due soon' },
    withinDays: { type: 'integer', minimum: 0, maximum: 365, default: 7, description: 'the "due soon" window' },
  },
  additionalProperties: false,
} as const;

const staff = requireRole('admin', 'policy_operator', 'service_coordinator');
const coordinators = requireRole('admin', 'service_coordinator');
const admin = requireRole('admin');
const anyone = requireRole();

type ListQueryString = Omit<RequestListQuery, 'state' | 'category'> & { state?: string; category?: string };

function commaList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return items.length > 0 ? items : undefined;
}

const caller = (request: FastifyRequest) => requireCaller(request.account!);

/** Reads a raw upload up to the attachment limit; over it, 413 attachment.too_large without reading on. */
function readUpload(
  request: FastifyRequest,
  payload: NodeJS.ReadableStream,
  done: (err: Error | null, body?: Buffer) => void,
) {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_ATTACHMENT_BYTES) {
    done(errors.attachmentTooLarge(declared, MAX_ATTACHMENT_BYTES));
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let failed = false;
  payload.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (failed) return;
    if (size > MAX_ATTACHMENT_BYTES) {
      failed = true;
      chunks.length = 0;
      done(errors.attachmentTooLarge(size, MAX_ATTACHMENT_BYTES));
      return;
    }
    chunks.push(chunk);
  });
  payload.on('end', () => {
    if (!failed) done(null, Buffer.concat(chunks));
  });
  payload.on('error', (error: Error) => {
    if (!failed) done(error);
  });
}

/** The error handler of these routes: a refusal of scope is 403 auth.forbidden, the rest as everywhere. */
function requestsErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof RequestAccessRefused) {
    return errorHandler(httpError(403, 'auth.forbidden', error.message) as unknown as FastifyError, request, reply);
  }
  return errorHandler(error, request, reply);
}

/**
 * /api/requests: file, list, read (with the timeline), move through the state machine, bulk-assign, attach files;
 * the dashboard; the configuration (categories, calendar, settings). /api/projects: the major-project registry.
 */
export function requestsRoutes(database: Database) {
  return async (app: FastifyInstance): Promise<void> => {
    app.setErrorHandler(requestsErrorHandler);

    app.get<{ Querystring: ListQueryString }>(
      '/requests',
      {
        preHandler: anyone,
        schema: {
          summary:
            'Requests the caller may see (an enterprise its own, a department those assigned to it), filtered and paged',
          tags: ['requests'],
          security: signedIn,
          querystring: listQuery,
          response: { 200: openObject('RequestPage (src/services/requests/requests.ts)'), ...errorResponses },
        },
      },
      (request) => {
        const { state, category, ...rest } = request.query;
        const states = commaList(state) as RequestState[] | undefined;
        const categories = commaList(category);
        return listRequests(database, caller(request), {
          ...rest,
          ...(states ? { state: states } : {}),
          ...(categories ? { category: categories } : {}),
        });
      },
    );

    app.post<{ Body: FileRequestInput }>(
      '/requests',
      {
        preHandler: requireRole('admin', 'service_coordinator', 'enterprise_user'),
        schema: {
          summary:
            'File a request: an enterprise for itself (channel web), or a coordinator on its behalf (uscc; channel phone or visit)',
          tags: ['requests'],
          security: signedIn,
          body: fileBody,
          response: { 201: openObject('RequestDetail (src/services/requests/views.ts)'), ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await fileRequest(database, caller(request), request.body)),
    );

    app.get(
      '/requests/dashboard',
      {
        preHandler: anyone,
        schema: {
          summary:
            'Open, overdue, median time to resolve and satisfaction, in total, by department and by category (within what the caller may see)',
          tags: ['requests'],
          security: signedIn,
          response: { 200: openObject('RequestDashboard (src/services/requests/dashboard.ts)'), ...errorResponses },
        },
      },
      (request) => requestDashboard(database, caller(request)),
    );

    app.get(
      '/requests/categories',
      {
        preHandler: anyone,
        schema: {
          summary: 'The request categories: each with its department and time limit in working days',
          tags: ['requests'],
          security: signedIn,
          response: {
            200: { type: 'array', items: openObject('RequestCategory (src/core/requests/types.ts)') },
            ...errorResponses,
          },
        },
      },
      async () => (await requestConfig(database)).categories,
    );

    app.put<{ Body: unknown[] }>(
      '/requests/categories',
      {
        preHandler: admin,
        schema: {
          summary: 'Replace the categories (those left out are retired; their requests keep them)',
          tags: ['requests'],
          security: signedIn,
          body: { type: 'array', maxItems: 200, items: { type: 'object' } },
          response: {
            200: { type: 'array', items: openObject('RequestCategory (src/core/requests/types.ts)') },
            ...errorResponses,
          },
        },
      },
      (request) => replaceCategories(database, accountActor(request.account!), request.body),
    );

    app.get(
      '/requests/calendar',
      {
        preHandler: admin,
        schema: {
          summary: 'The working-day calendar deadlines are counted with: holidays and make-up working days (调休)',
          tags: ['requests'],
          security: signedIn,
          response: { 200: openObject('WorkCalendar {holidays, workdays}'), ...errorResponses },
        },
      },
      async () => (await requestConfig(database)).calendar,
    );

    app.put<{ Body: unknown }>(
      '/requests/calendar',
      {
        preHandler: admin,
        schema: {
          summary: 'Replace the working-day calendar {holidays: [YYYY-MM-DD], workdays: [YYYY-MM-DD]}',
          tags: ['requests'],
          security: signedIn,
          body: { type: 'object' },
          response: { 200: openObject('WorkCalendar {holidays, workdays}'), ...errorResponses },
        },
      },
      (request) => replaceCalendar(database, accountActor(request.account!), request.body),
    );

    app.get(
      '/requests/settings',
      {
        preHandler: admin,
        schema: {
          summary: 'Settings of the request loop: the reopen window in days',
          tags: ['requests'],
          security: signedIn,
          response: { 200: openObject('RequestSettings {reopenWindowDays}'), ...errorResponses },
        },
      },
      async () => (await requestConfig(database)).settings,
    );

    app.put<{ Body: { reopenWindowDays?: number } }>(
      '/requests/settings',
      {
        preHandler: admin,
        schema: {
          summary: 'Change settings of the request loop',
          tags: ['requests'],
          security: signedIn,
          body: settingsBody,
          response: { 200: openObject('RequestSettings {reopenWindowDays}'), ...errorResponses },
        },
      },
      (request) => updateSettings(database, accountActor(request.account!), request.body),
    );

    app.post<{ Body: BulkAssignInput }>(
      '/requests/bulk-assign',
      {
        preHandler: coordinators,
        schema: {
          summary:
            'Assign many requests to a department (submitted ones are accepted first; assigned ones reassigned): an outcome per id',
          tags: ['requests'],
          security: signedIn,
          body: bulkBody,
          response: {
            200: { type: 'array', items: openObject('BulkOutcome (src/services/requests/requests.ts)') },
            ...errorResponses,
          },
        },
      },
      (request) => bulkAssign(database, caller(request), request.body),
    );

    app.get<{ Params: { id: number } }>(
      '/requests/:id',
      {
        preHandler: anyone,
        schema: {
          summary: 'A request with its timeline, attachments and the actions the caller may take',
          tags: ['requests'],
          security: signedIn,
          params: idParams,
          response: { 200: openObject('RequestDetail (src/services/requests/views.ts)'), ...errorResponses },
        },
      },
      (request) => requestDetail(database, caller(request), request.params.id),
    );

    app.post<{ Params: { id: number }; Body: TransitionInput }>(
      '/requests/:id/transitions',
      {
        preHandler: anyone,
        schema: {
          summary:
            'Move a request (accept, assign, start, resolve, confirm, reopen, …); with expectedVersion, 409 request.conflict if it moved on',
          tags: ['requests'],
          security: signedIn,
          params: idParams,
          body: transitionBody,
          response: { 200: openObject('RequestDetail (src/services/requests/views.ts)'), ...errorResponses },
        },
      },
      (request) => transitionRequest(database, caller(request), request.params.id, request.body),
    );

    app.post<{ Params: { id: number }; Body: { projectId: number | null } }>(
      '/requests/:id/project',
      {
        preHandler: coordinators,
        schema: {
          summary: 'Link a request to a major project, or unlink it (projectId null)',
          tags: ['requests'],
          security: signedIn,
          params: idParams,
          body: projectLinkBody,
          response: { 200: openObject('RequestDetail (src/services/requests/views.ts)'), ...errorResponses },
        },
      },
      (request) => linkProject(database, caller(request), request.params.id, request.body.projectId),
    );

    // Uploads: the body is the file's own bytes, whatever its declared type; only these routes read raw bodies.
    await app.register(async (upload) => {
      upload.removeAllContentTypeParsers();
      upload.addContentTypeParser('*', readUpload);
      upload.post<{ Params: { id: number }; Querystring: { name: string }; Body: Buffer | undefined }>(
        '/requests/:id/attachments',
        {
          preHandler: anyone,
          schema: {
            summary: `Attach a file (the body: its bytes; PDF, PNG, JPEG, DOCX, XLSX or UTF-8 text, up to ${MAX_ATTACHMENT_BYTES} bytes)`,
            tags: ['requests'],
            security: signedIn,
            consumes: ['application/octet-stream', 'application/pdf', 'image/png', 'image/jpeg', 'text/plain'],
            params: idParams,
            querystring: {
              type: 'object',
              required: ['name'],
              properties: { name: { type: 'string', minLength: 1, maxLength: 255 } },
              additionalProperties: false,
            },
            response: { 201: openObject('RequestAttachmentView (src/services/requests/views.ts)'), ...errorResponses },
          },
        },
        async (request, reply) => {
          const view = await addAttachment(database, caller(request), request.params.id, {
            name: request.query.name,
            bytes: request.body ?? Buffer.alloc(0),
            ...(request.headers['content-type'] !== undefined ? { contentType: request.headers['content-type'] } : {}),
          });
          return reply.status(201).send(view);
        },
      );
    });

    app.get<{ Params: { id: number } }>(
      '/requests/attachments/:id',
      {
        preHandler: anyone,
        schema: {
          summary: "An attachment's bytes, as a download",
          tags: ['requests'],
          security: signedIn,
          params: idParams,
          response: { 200: { description: 'the file', type: 'string', format: 'binary' }, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { view, bytes } = await readAttachment(database, caller(request), request.params.id);
        const ascii = view.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
        return reply
          .type(view.contentType)
          .header(
            'content-disposition',
            `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(view.name)}`,
          )
          .send(Buffer.from(bytes));
      },
    );

    // ---- major projects ----------------------------------------------------------------------------------------

    app.get<{ Querystring: ProjectListQuery }>(
      '/projects',
      {
        preHandler: staff,
        schema: {
          summary: 'Major projects (重大项目) with their milestone counts and warning (overdue, due soon)',
          tags: ['requests'],
          security: signedIn,
          querystring: projectQuery,
          response: {
            200: { type: 'array', items: openObject('ProjectView (src/services/requests/projects.ts)') },
            ...errorResponses,
          },
        },
      },
      (request) => listProjects(database, request.query),
    );

    app.get<{ Querystring: ProjectListQuery }>(
      '/projects/warnings',
      {
        preHandler: staff,
        schema: {
          summary: 'The projects whose milestones slip: one past due and not done, or due within withinDays',
          tags: ['requests'],
          security: signedIn,
          querystring: projectQuery,
          response: {
            200: { type: 'array', items: openObject('ProjectView (src/services/requests/projects.ts)') },
            ...errorResponses,
          },
        },
      },
      (request) => listProjects(database, { ...request.query, warning: true }),
    );

    app.post<{ Body: ProjectInput }>(
      '/projects',
      {
        preHandler: coordinators,
        schema: {
          summary: 'Register a major project',
          tags: ['requests'],
          security: signedIn,
          body: { ...projectBody, required: ['name', 'owner', 'department'] },
          response: { 201: openObject('ProjectDetail (src/services/requests/projects.ts)'), ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createProject(database, accountActor(request.account!), request.body)),
    );

    app.get<{ Params: { id: number }; Querystring: { withinDays?: number } }>(
      '/projects/:id',
      {
        preHandler: staff,
        schema: {
          summary: 'A project with its milestones, each with its warning',
          tags: ['requests'],
          security: signedIn,
          params: idParams,
          querystring: {
            type: 'object',
            properties: { withinDays: { type: 'integer', minimum: 0, maximum: 365, default: 7 } },
            additionalProperties: false,
          },
          response: { 200: openObject('ProjectDetail (src/services/requests/projects.ts)'), ...errorResponses },
        },
      },
      (request) => getProject(database, request.params.id, new Date(), request.query.withinDays),
    );

    app.patch<{ Params: { id: number }; Body: ProjectInput }>(
      '/projects/:id',
      {
        preHandler: coordinators,
        schema: {
          summary: 'Change a project (the fields given)',
          tags: ['requests'],
          security: signedIn,
          params: idParams,
          body: projectBody,
          response: { 200: openObject('ProjectDetail (src/services/requests/projects.ts)'), ...errorResponses },
        },
      },
      (request) => updateProject(database, accountActor(request.account!), request.params.id, request.body),
    );

    app.post<{ Params: { id: number }; Body: MilestoneInput }>(
      '/projects/:id/milestones',
      {
        preHandler: coordinators,
        schema: {
          summary: 'Add a milestone to a project',
          tags: ['requests'],
          security: signedIn,
          params: idParams,
          body: { ...milestoneBody, required: ['name', 'owner', 'dueDate'] },
          response: { 201: openObject('ProjectDetail (src/services/requests/projects.ts)'), ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await addMilestone(database, accountActor(request.account!), request.params.id, request.body)),
    );

    app.patch<{ Params: { id: number }; Body: MilestoneInput }>(
      '/projects/milestones/:id',
      {
        preHandler: coordinators,
        schema: {
          summary: 'Change a milestone, or mark it done (done true) or not done',
          tags: ['requests'],
          security: signedIn,
          params: idParams,
          body: milestoneBody,
          response: { 200: openObject('ProjectDetail (src/services/requests/projects.ts)'), ...errorResponses },
        },
      },
      (request) => updateMilestone(database, accountActor(request.account!), request.params.id, request.body),
    );
  };
}
