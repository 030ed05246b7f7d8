import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.ts';
import { accountActor, normaliseUsername } from '../../services/accounts/accounts.ts';
import { createApiToken, revokeToken } from '../../services/accounts/api-tokens.ts';
import { readAudit } from '../../services/accounts/audit.ts';
import { login, logout } from '../../services/accounts/sessions.ts';
import { clearSessionCookie, requireRole, setSessionCookie } from '../auth.ts';
import { authErrors } from '../errors.ts';
import { LoginLimiter } from '../login-limiter.ts';
import { accountView, errorResponses, openObject, signedIn } from '../schemas.ts';

const loginBody = {
  type: 'object',
  required: ['username', 'password'],
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 64 },
    password: { type: 'string', minLength: 1, maxLength: 256 },
  },
  additionalProperties: false,
} as const;

const tokenBody = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 100 } },
  additionalProperties: false,
} as const;

const tokenParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1 } },
} as const;

const auditQuery = {
  type: 'object',
  properties: {
    entity: { type: 'string', minLength: 1, maxLength: 60 },
    actor: { type: 'string', minLength: 1, maxLength: 200 },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
  },
  additionalProperties: false,
} as const;

export interface AuthRoutesOptions {
  cookieSecure: boolean;
  limiter: LoginLimiter;
}

/**
 * Signing in and out (POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me), the caller's API tokens
 * (POST /api/auth/tokens, DELETE /api/auth/tokens/:id) and the audit log for administrators (GET /api/audit).
 */
export function authRoutes(database: Database, { cookieSecure, limiter }: AuthRoutesOptions) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{ Body: { username: string; password: string } }>(
      '/auth/login',
      {
        schema: {
          summary: 'Sign in: sets the HttpOnly session cookie and answers the CSRF token unsafe methods must echo',
          tags: ['auth'],
          body: loginBody,
          response: {
            200: {
              type: 'object',
              required: ['account', 'csrfToken'],
              properties: { account: accountView, csrfToken: { type: 'string' } },
            },
            ...errorResponses,
          },
        },
        config: { csrf: false },
      },
      async (request, reply) => {
        const key = LoginLimiter.key(normaliseUsername(request.body.username), request.ip);
        const wait = limiter.retryAfter(key);
        if (wait > 0) {
          reply.header('retry-after', String(Math.ceil(wait / 1000)));
          throw authErrors.rateLimited(Math.ceil(wait / 60_000));
        }
        const result = await login(database, request.body.username, request.body.password, { ip: request.ip });
        if (result === undefined) {
          limiter.fail(key);
          throw authErrors.badCredentials();
        }
        limiter.reset(key);
        setSessionCookie(reply, result.sessionToken, cookieSecure);
        return { account: result.account, csrfToken: result.csrfToken };
      },
    );

    app.post(
      '/auth/logout',
      {
        preHandler: requireRole(),
        schema: {
          summary: 'Sign out: ends the session and clears its cookie',
          tags: ['auth'],
          security: signedIn,
          response: { 204: { type: 'null' }, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { account, auth } = request;
        if (account !== null && auth?.via === 'session' && auth.sessionId !== undefined) {
          await logout(database, account, auth.sessionId);
        }
        clearSessionCookie(reply, cookieSecure);
        return reply.status(204).send();
      },
    );

    app.get(
      '/auth/me',
      {
        preHandler: requireRole(),
        schema: {
          summary: 'Who is calling: the account, how it signed in, and (session) its CSRF token',
          tags: ['auth'],
          security: signedIn,
          response: {
            200: {
              type: 'object',
              required: ['account', 'via'],
              properties: {
                account: accountView,
                via: { type: 'string', enum: ['session', 'token'] },
                csrfToken: { type: 'string' },
              },
            },
            ...errorResponses,
          },
        },
      },
      async (request) => ({
        account: request.account,
        via: request.auth?.via,
        // The cookie is HttpOnly, so a reloaded page learns its CSRF token here (same origin only: no CORS).
        ...(request.auth?.via === 'session' ? { csrfToken: request.auth.csrfToken } : {}),
      }),
    );

    app.post<{ Body: { name: string } }>(
      '/auth/tokens',
      {
        preHandler: requireRole(),
        schema: {
          summary: 'Make an API token for the caller; the secret is shown in this answer only',
          tags: ['auth'],
          security: signedIn,
          body: tokenBody,
          response: {
            201: {
              type: 'object',
              required: ['id', 'name', 'token', 'createdAt'],
              properties: {
                id: { type: 'integer' },
                name: { type: 'string' },
                token: { type: 'string' },
                createdAt: { type: 'string' },
              },
            },
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const account = request.account!;
        const created = await createApiToken(database, accountActor(account), account, request.body.name);
        return reply.status(201).send(created);
      },
    );

    app.delete<{ Params: { id: number } }>(
      '/auth/tokens/:id',
      {
        preHandler: requireRole(),
        schema: {
          summary: "Revoke one of the caller's API tokens (an administrator: anyone's)",
          tags: ['auth'],
          security: signedIn,
          params: tokenParams,
          response: { 204: { type: 'null' }, ...errorResponses },
        },
      },
      async (request, reply) => {
        await revokeToken(database, request.account!, request.params.id);
        return reply.status(204).send();
      },
    );

    app.get<{ Querystring: { entity?: string; actor?: string; limit: number } }>(
      '/audit',
      {
        preHandler: requireRole('admin'),
        schema: {
          summary: 'The audit log, newest first (administrators only)',
          tags: ['auth'],
          security: signedIn,
          querystring: auditQuery,
          response: {
            200: {
              type: 'object',
              required: ['entries'],
              properties: { entries: { type: 'array', items: openObject('one audit entry (AuditView)') } },
            },
            ...errorResponses,
          },
        },
      },
      async (request) => ({ entries: await readAudit(database, request.query) }),
    );
  };
}
