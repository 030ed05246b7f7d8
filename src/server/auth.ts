import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Database } from '../db/database.ts';
import type { Role } from '../db/schema.ts';
import type { AccountView } from '../services/accounts/accounts.ts';
import { resolveApiToken } from '../services/accounts/api-tokens.ts';
import { resolveSession } from '../services/accounts/sessions.ts';
import { authErrors, httpError } from './errors.ts';

// Who is calling: the session cookie of a signed-in browser, or `Authorization: Bearer <API token>` of another
// system, or no one (public routes stay public). Routes that need someone add `requireRole(...)` as a preHandler.

export const SESSION_COOKIE = 'zhida_session';

export interface AuthContext {
  via: 'session' | 'token';
  /** session only: the stored id (the SHA-256 of the cookie's token) and the token unsafe methods must echo */
  sessionId?: string;
  csrfToken?: string;
  tokenId?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    account: AccountView | null;
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    /** false: no CSRF check for this route (login: the caller has no session yet) */
    csrf?: boolean;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The value of one cookie of the Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookie(value: string, maxAgeSeconds: number | undefined, secure: boolean): string {
  const parts = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict'];
  if (maxAgeSeconds !== undefined) parts.push(`Max-Age=${maxAgeSeconds}`);
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

/**
 * Sets the session cookie without Max-Age: the browser drops it when it closes, and the server alone decides
 * expiry (8 h from the last request, sliding), which a fixed Max-Age set at login could not follow.
 */
export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.header('set-cookie', cookie(token, undefined, secure));
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.header('set-cookie', cookie('', 0, secure));
}

/**
 * Resolves the caller of every request into `request.account` (null: anonymous) and refuses cookie-authenticated
 * unsafe methods without the session's CSRF token. Registered on the root instance (not encapsulated), so every
 * route sees it.
 */
export function authPlugin(database: Database) {
  const plugin = async (app: FastifyInstance): Promise<void> => {
    app.decorateRequest('account', null);
    app.decorateRequest('auth', null);
    app.addHook('onRequest', async (request) => {
      const authorization = request.headers.authorization;
      if (authorization !== undefined) {
        const match = /^Bearer\s+(\S+)$/i.exec(authorization);
        const resolved = match ? await resolveApiToken(database, match[1]!) : undefined;
        // A wrong token is refused even on a public route: the integrator should learn it at once.
        if (resolved === undefined) {
          throw httpError(401, 'auth.required', 'the API token is unknown or revoked; ask an administrator for one');
        }
        request.account = resolved.account;
        request.auth = { via: 'token', tokenId: resolved.tokenId };
        return; // bearer calls are not exposed to CSRF: a browser never adds this header by itself
      }
      const token = readCookie(request.headers.cookie, SESSION_COOKIE);
      if (token === undefined || token === '') return;
      // A stale or unknown cookie makes the caller anonymous, not an error: the browser may keep an old one.
      const session = await resolveSession(database, token);
      if (session === undefined) return;
      request.account = session.account;
      request.auth = { via: 'session', sessionId: session.sessionId, csrfToken: session.csrfToken };
      if (UNSAFE_METHODS.has(request.method) && request.routeOptions.config.csrf !== false) {
        const given = request.headers['x-csrf-token'];
        if (typeof given !== 'string' || !sameSecret(given, session.csrfToken)) throw authErrors.csrf();
      }
    });
  };
  // What fastify-plugin does: the hook and decorations apply to the whole application, not one child scope.
  return Object.assign(plugin, { [Symbol.for('skip-override')]: true });
}

/** 401 for no caller, 403 for a caller without one of `roles` (none given: anyone signed in). */
export function assertRole(request: FastifyRequest, ...roles: Role[]): void {
  if (request.account === null) throw authErrors.required();
  if (roles.length > 0 && !roles.includes(request.account.role)) throw authErrors.forbidden(roles);
}

/** assertRole as a preHandler, for routes that need it whatever the request asks. */
export function requireRole(...roles: Role[]): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest) => assertRole(request, ...roles);
}
