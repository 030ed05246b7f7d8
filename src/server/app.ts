import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { errorHandler, notFoundHandler } from './errors.ts';
import { extractRoutes } from './routes/extract.ts';
import { healthRoutes } from './routes/health.ts';
import { homeRoutes } from './routes/home.ts';

export interface AppOptions {
  /** Fastify's pino logger options; off by default (tests), `zhida serve` turns it on. */
  logger?: FastifyServerOptions['logger'];
}

/** The HTTP application, not yet listening: tests call `listen({ port: 0 })`, `zhida serve` a fixed port. */
export async function buildApp(options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false });
  // Set before the routes are registered so every encapsulated route plugin inherits them.
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  await app.register(healthRoutes);
  await app.register(homeRoutes);
  await app.register(extractRoutes, { prefix: '/api' });
  return app;
}
