import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFoundHandler } from '../errors.ts';

// The web app (src/web), built by `npm run build:web` into dist/web and served by the API's own process: hashed
// files under /assets/ are cached for a year, index.html never (a new build must reach the next page load), and
// every other GET that names no file is a client-side route and gets index.html. /api/* stays JSON: an unknown API
// path is a JSON 404, never the app's page.

export const WEB_ROOT = fileURLToPath(new URL('../../../dist/web/', import.meta.url));

/** Paths the app's fallback must not answer: the API and the probes have their own routes and their own 404. */
const NOT_THE_APP = /^\/(api|healthz|readyz)(\/|$)/;

const notBuilt = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>直达 Zhida</title></head>
<body>
<h1>直达 · 网页应用尚未构建</h1>
<p>The web app is not built. Run <code>npm run build:web</code>, then restart <code>zhida serve</code>
(<code>npm start</code> does both). The API answers at <a href="/api/docs">/api/docs</a>.</p>
</body>
</html>
`;

const rootSchema = { summary: 'The web app (its page; or how to build it when it is not built)', tags: ['meta'] };

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function sendIndex(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
}

export function webRoutes(root: string = WEB_ROOT) {
  return async (app: FastifyInstance): Promise<void> => {
    if (!(await isFile(resolve(root, 'index.html')))) {
      app.get('/', { schema: rootSchema }, async (_request, reply) =>
        reply.type('text/html; charset=utf-8').send(notBuilt),
      );
      return;
    }
    // serve: false — the one wildcard route below decides between a file, the app's page and a 404.
    await app.register(fastifyStatic, { root, serve: false });
    app.get('/', { schema: rootSchema }, async (_request, reply) => sendIndex(reply));
    app.get<{ Params: { '*': string } }>(
      '/*',
      { schema: { hide: true } },
      async (request: FastifyRequest<{ Params: { '*': string } }>, reply) => {
        const path = request.params['*'];
        if (NOT_THE_APP.test(`/${path}`)) return notFoundHandler(request, reply);
        const file = resolve(root, path);
        if (file.startsWith(root.endsWith(sep) ? root : root + sep) && (await isFile(file))) {
          const hashed = path.startsWith('assets/');
          return reply.sendFile(path, hashed ? { maxAge: '365d', immutable: true } : {});
        }
        // A missing hashed file is an old build's: the page that asked for it needs a reload, not HTML for a script.
        if (path.startsWith('assets/')) return notFoundHandler(request, reply);
        return sendIndex(reply);
      },
    );
  };
}
