import { randomUUID } from 'node:crypto';
import compress from '@fastify/compress';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import helmet from 'helmet';
import { authPlugin, SESSION_COOKIE } from './auth.ts';
import { errorHandler, notFoundHandler } from './errors.ts';
import { LoginLimiter } from './login-limiter.ts';
import { authRoutes } from './routes/auth.ts';
import { authoringRoutes } from './routes/authoring.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { documentsRoutes } from './routes/documents.ts';
import { enterprisesRoutes } from './routes/enterprises.ts';
import { extractRoutes } from './routes/extract.ts';
import { grantsRoutes } from './routes/grants.ts';
import { healthRoutes } from './routes/health.ts';
import { openApiRoutes } from './routes/openapi.ts';
import { open311Routes } from './routes/open311.ts';
import { policiesRoutes } from './routes/policies.ts';
import { pushRoutes } from './routes/push.ts';
import { qualifyingRoutes } from './routes/qualifying.ts';
import { requestsRoutes } from './routes/requests.ts';
import { rulesRoutes } from './routes/rules.ts';
import { webRoutes } from './routes/web.ts';
import type { Database } from '../db/database.ts';

export interface AppOptions {
  /** Fastify's pino logger options; off by default (tests), `zhida serve` turns it on. */
  logger?: FastifyServerOptions['logger'];
  /** the library and rules the API reads; without it only extraction and health are served */
  database?: Database;
  /** add `Secure` to the session cookie (serve behind HTTPS); default: ZHIDA_COOKIE_SECURE=1 */
  cookieSecure?: boolean;
}

/** A caller's (or a proxy's) x-request-id is kept when it is short and plain: it goes into every log line. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The HTTP application, not yet listening: tests call `listen({ port: 0 })`, `zhida serve` a fixed port. */
export async function buildApp(options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  // Set before the routes are registered so every encapsulated route plugin inherits them.
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // Helmet's defaults (script-src 'self', no inline script) suit the docs page and the web app, whose scripts are all
  // files. No upgrade-insecure-requests: `zhida serve` speaks plain HTTP on a LAN. The middleware is made once, here:
  // @fastify/helmet made it anew for every request (the CSP parsed each time): a sixth to a third of a small answer's
  // CPU, measured.
  const securityHeaders = helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
  app.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, (err) => done(err as Error | undefined)),
  );
  await app.register(compress);
  // Collects the schema of every route registered after it; /api/openapi.json serves the result.
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Zhida API',
        version: '0.1.0',
        description:
          'Government support policies and the enterprises that qualify. Errors are `{"error": {"id", "message"}}`.',
      },
      tags: [
        { name: 'meta', description: 'health, readiness, this document' },
        { name: 'auth', description: 'signing in, API tokens, the audit log' },
        { name: 'extract', description: 'policy documents to structured data' },
        { name: 'policies', description: 'the policy library' },
        { name: 'rules', description: 'published policies and matching' },
        { name: 'enterprises', description: 'enterprise profiles, feeds and notifications' },
        { name: 'dashboard', description: 'the library and the matches in figures' },
        {
          name: 'requests',
          description: 'enterprise requests (诉求): file, assign, track, resolve, rate; major projects',
        },
        { name: 'open311', description: 'Open311 GeoReport v2 over the same requests, under /open311/v2/' },
        { name: 'push', description: 'push subscriptions, self-reported facts, the delivery outbox' },
        { name: 'grants', description: '免申即享 lists: review, push, confirm, pay, publish (公示)' },
      ],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearer: { type: 'http', scheme: 'bearer', description: 'an API token: zhida_…' },
        },
      },
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // Offline: no call to validator.swagger.io; the UI's files are served from the package.
    uiConfig: { validatorUrl: null },
  });

  // Accounts live in the database: without one every caller is anonymous and only public routes exist. The
  // plugin goes first so its hook runs before every route, the public ones included (CSRF holds for them too).
  if (options.database) await app.register(authPlugin(options.database));
  await app.register(healthRoutes(options.database));
  await app.register(webRoutes());
  await app.register(openApiRoutes, { prefix: '/api' });
  await app.register(extractRoutes, { prefix: '/api' });
  if (options.database) {
    await app.register(
      authRoutes(options.database, {
        cookieSecure: options.cookieSecure ?? process.env.ZHIDA_COOKIE_SECURE === '1',
        limiter: new LoginLimiter(),
      }),
      { prefix: '/api' },
    );
    await app.register(policiesRoutes(options.database), { prefix: '/api' });
    await app.register(rulesRoutes(options.database), { prefix: '/api' });
    await app.register(documentsRoutes(options.database), { prefix: '/api' });
    await app.register(authoringRoutes(options.database), { prefix: '/api' });
    await app.register(qualifyingRoutes(options.database), { prefix: '/api' });
    await app.register(enterprisesRoutes(options.database), { prefix: '/api' });
    await app.register(dashboardRoutes(options.database), { prefix: '/api' });
    await app.register(requestsRoutes(options.database), { prefix: '/api' });
    await app.register(open311Routes(options.database), { prefix: '/open311/v2' });
    await app.register(pushRoutes(options.database), { prefix: '/api' });
    await app.register(grantsRoutes(options.database), { prefix: '/api' });
  }
  return app;
}
