import { InvalidArgumentError, type Command } from 'commander';
import { isDebug, type CliIo } from '../io.ts';
import { openLibrary } from '../library.ts';

interface ServeOptions {
  port: number;
  host: string;
  db?: string;
  demo: boolean;
  demoEnterprises: number;
}

/** A demo population big enough to show spread, small enough to build in seconds on first start. */
const DEMO_ENTERPRISES = 2000;

export function registerServe(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('serve')
    .summary('run the HTTP API and a small upload page')
    .description(
      'Run the HTTP server on the library (--db, else ZHIDA_DATABASE_URL, else ./zhida-data/zhida.db):\n' +
        'GET /healthz, GET /readyz, the OpenAPI document at GET /api/openapi.json and its docs page at /api/docs,\n' +
        'POST /api/extract?name=FILE (the document bytes as the body), GET /api/policies/search?q=…,\n' +
        'GET /api/policies/stats, GET /api/rules, GET /api/rules/:id, POST /api/match {profile, year}, and an\n' +
        'upload page at /; signing in at POST /api/auth/login, /logout, GET /api/auth/me, API tokens at\n' +
        '/api/auth/tokens, the audit log at GET /api/audit (admin; accounts: zhida users add).\n' +
        'On start the bundled bulletin is ingested (unchanged bytes write nothing), the policy pack is published,\n' +
        'an empty enterprise table gets a demo population, and one demo account per role is created and\n' +
        'printed (--no-demo: none of these).\n' +
        'Stops cleanly on SIGINT (Ctrl-C) or SIGTERM.\n' +
        'Request logs go to stdout as JSON lines; set ZHIDA_LOG_LEVEL (info by default, or silent).',
    )
    .option('--db <path|url>', 'SQLite file or postgres:// URL')
    .option('--no-demo', 'load neither the bundled bulletin nor a demo population, and create no demo accounts')
    .option('--demo-enterprises <n>', 'size of the demo population on a fresh database', parseCount, DEMO_ENTERPRISES)
    .option('-p, --port <port>', 'TCP port (0 picks a free one)', parsePort, 3000)
    .option('--host <host>', 'address to listen on (0.0.0.0 for every interface)', '127.0.0.1')
    .action(async (options: ServeOptions) => {
      setExitCode(await runServe(options, io));
    });
}

async function runServe(options: ServeOptions, io: CliIo): Promise<number> {
  const database = await openLibrary('serve', options.db, io, { create: true });
  if (!database) return 1;
  if (options.demo) {
    const { seedDemo } = await import('../../services/demo-seed.ts');
    const seeded = await seedDemo(database, { enterprises: options.demoEnterprises });
    const added = seeded.documents.filter((d) => d.status === 'new' || d.status === 'updated').length;
    io.stderr.write(
      `zhida serve: library at ${database.location}: ${added} bundled document(s) ingested, ` +
        `${seeded.enterprises} demo enterprise(s) generated\n`,
    );
    // Fixed passwords, printed on every start: they are in the README anyway, and a demo is of no use without them.
    io.stderr.write('zhida serve: demo accounts, for a local demo only (--no-demo creates none):\n');
    for (const account of seeded.accounts) {
      io.stderr.write(`  ${account.username.padEnd(18)} ${account.role.padEnd(20)} ${account.password}\n`);
    }
  }
  const { buildApp } = await import('../../server/app.ts');
  const app = await buildApp({ logger: { level: io.env.ZHIDA_LOG_LEVEL ?? 'info' }, database });
  app.addHook('onClose', () => database.close());

  let address: string;
  try {
    address = await app.listen({ port: options.port, host: options.host });
  } catch (err) {
    // EADDRINUSE, EACCES (a port below 1024), EADDRNOTAVAIL: the system's message says it best.
    const reason = err instanceof Error ? err.message : String(err);
    io.stderr.write(`zhida serve: cannot listen on ${options.host}:${options.port}: ${reason}\n`);
    if (isDebug(io) && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    await app.close();
    return 1;
  }
  io.stderr.write(`zhida serve: listening on ${address} (Ctrl-C stops)\n`);

  // Wait for a signal, then stop taking connections and let requests in flight finish.
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const stop = (received: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(received);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  io.stderr.write(`zhida serve: ${signal}, closing\n`);
  await app.close();
  return 0;
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 1_000_000) throw new InvalidArgumentError('expected 0–1000000');
  return Number(value);
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('expected a port number 0–65535');
  return port;
}
