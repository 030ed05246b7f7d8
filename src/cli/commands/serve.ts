import { InvalidArgumentError, type Command } from 'commander';
import { isDebug, type CliIo } from '../io.ts';
import { openLibrary } from '../library.ts';

interface ServeOptions {
  port: number;
  host: string;
  db?: string;
  demo: boolean;
  demoEnterprises: number;
  overdueEvery?: number;
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
        '/api/auth/tokens, the audit log at GET /api/audit (admin; accounts: zhida users add); enterprise\n' +
        'requests under /api/requests, major projects under /api/projects, Open311 GeoReport v2 under\n' +
        '/open311/v2/, and the overdue job (every --overdue-every seconds) that escalates overdue requests.\n' +
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
    .option(
      '--overdue-every <seconds>',
      'how often the overdue job escalates overdue requests (default ZHIDA_OVERDUE_EVERY_SECONDS, else 60)',
      parseSeconds,
    )
    .action(async (options: ServeOptions) => {
      setExitCode(await runServe(options, io));
    });
}

async function runServe(options: ServeOptions, io: CliIo): Promise<number> {
  let everySeconds: number;
  try {
    everySeconds = options.overdueEvery ?? parseSeconds(io.env.ZHIDA_OVERDUE_EVERY_SECONDS ?? '60');
  } catch (err) {
    io.stderr.write(`zhida serve: ZHIDA_OVERDUE_EVERY_SECONDS: ${(err as Error).message}\n`);
    return 2;
  }
  const { pushConfigFromEnv } = await import('../../services/push/config.ts');
  let pushConfig: import('../../services/push/config.ts').PushConfig;
  try {
    pushConfig = pushConfigFromEnv(io.env);
  } catch (err) {
    io.stderr.write(`zhida serve: ${(err as Error).message}\n`);
    return 2;
  }
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
  // Signals are caught from here on (before the jobs start), so a stop sent as soon as the line above is read
  // is not lost.
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    const stop = (received: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(received);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  // The overdue job (services/requests/overdue.ts): durable, in the database's job table; stopped before closing.
  const { startRequestJobs } = await import('../../services/requests/overdue.ts');
  const jobs = await startRequestJobs(database, {
    everyMs: everySeconds * 1000,
    log: (message, detail) => app.log.warn(detail, `jobs: ${message}`),
  });
  // Push (services/push/jobs.ts): the outbox worker (inbox, e-mail over ZHIDA_SMTP_URL, webhooks) and the digest job.
  const { startPushJobs } = await import('../../services/push/jobs.ts');
  const push = await startPushJobs(database, {
    config: pushConfig,
    log: (message, detail) => app.log.warn(detail, `push: ${message}`),
  });

  // Wait for a signal, then stop taking connections and let requests in flight finish.
  const signal = await signalled;
  io.stderr.write(`zhida serve: ${signal}, closing\n`);
  await Promise.all([jobs.stop(), push.stop()]);
  await app.close();
  return 0;
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 1_000_000) throw new InvalidArgumentError('expected 0–1000000');
  return Number(value);
}

function parseSeconds(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 86_400) {
    throw new InvalidArgumentError('expected a number of seconds 1–86400');
  }
  return Number(value);
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('expected a port number 0–65535');
  return port;
}
