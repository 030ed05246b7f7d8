import type { Writable } from 'node:stream';

/** A stream the CLI writes to; `isTTY` is set on terminals (process.stdout/stderr), absent on pipes and files. */
export type OutStream = Writable & { isTTY?: boolean };

/** What a command may touch besides its arguments, so tests can run `main` in-process with their own streams. */
export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
  env: Record<string, string | undefined>;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** `ZHIDA_DEBUG=1` shows stack traces of unexpected errors; users otherwise get one short line. */
export function isDebug(io: CliIo): boolean {
  const value = io.env.ZHIDA_DEBUG;
  return value !== undefined && value !== '' && value !== '0';
}
