import { InvalidArgumentError, type Command } from 'commander';
import { isDebug, type CliIo } from '../io.ts';

interface ServeOptions {
  port: number;
  host: string;
}

export function registerServe(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('serve')
    .summary('run the HTTP API and a small upload page')
    .description(
      'Run the HTTP server: GET /healthz, POST /api/extract?name=FILE (the document bytes as the body), and an\n' +
        'upload page at /. Stops cleanly on SIGINT (Ctrl-C) or SIGTERM.\n' +
        'Request logs go to stdout as JSON lines; set ZHIDA_LOG_LEVEL (info by default, or silent).',
    )
    .option('-p, --port <port>', 'TCP port (0 picks a free one)', parsePort, 3000)
    .option('--host <host>', 'address to listen on (0.0.0.0 for every interface)', '127.0.0.1')
    .action(async (options: ServeOptions) => {
      setExitCode(await runServe(options, io));
    });
}

async function runServe(options: ServeOptions, io: CliIo): Promise<number> {
  const { buildApp } = await import('../../server/app.ts');
  const app = await buildApp({ logger: { level: io.env.ZHIDA_LOG_LEVEL ?? 'info' } });

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

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('expected a port number 0–65535');
  return port;
}
