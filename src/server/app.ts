import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { authPlugin } from './auth.ts';
import { errorHandler, notFoundHandler } from './errors.ts';
import { LoginLimiter } from './login-limiter.ts';
import { authRoutes } from './routes/auth.ts';
import { extractRoutes } from './routes/extract.ts';
import { healthRoutes } from './routes/health.ts';
import { homeRoutes } from './routes/home.ts';
import { policiesRoutes } from './routes/policies.ts';
import { rulesRoutes } from './routes/rules.ts';
import type { Database } from '../db/database.ts';

export interface AppOptions {
  /** Fastify's pino logger options; off by default (tests), `zhida serve` turns it on. */
  logger?: FastifyServerOptions['logger'];
  /** the library and rules the API reads; without it only extraction and health are served */
  database?: Database;
  /** add `Secure` to the session cookie (serve behind HTTPS); default: ZHIDA_COOKIE_SECURE=1 */
  cookieSecure?: boolean;
}

/** The HTTP application, not yet listening: tests call `listen({ port: 0 })`, `zhida serve` a fixed port. */
export async function buildApp(options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false });
  // Set before the routes are registered so every encapsulated route plugin inherits them.
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  // Accounts live in the database: without one every caller is anonymous and only public routes exist. The
  // plugin goes first so its hook runs before every route, the public ones included (CSRF holds for them too).
  if (options.database) await app.register(authPlugin(options.database));
  await app.register(healthRoutes);
  await app.register(homeRoutes);
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
  }
  return app;
}
