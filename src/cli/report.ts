import { ZhidaError } from '../core/errors.ts';

/**
 * What the user reads about a failed input: the ZhidaError message (it says what is wrong and what to do), or for
 * anything unexpected a short line without a stack trace. With `debug` the stack (and causes) follow on the next
 * lines, for a bug report.
 */
export function describeFailure(err: unknown, debug: boolean): { message: string; details: string | undefined } {
  const message = err instanceof ZhidaError ? err.message : unexpectedMessage(err);
  return { message: oneLine(message), details: debug ? stackOf(err) : undefined };
}

/** `zhida extract: data/a.txt: the file is empty` — always exactly one line (plus details in debug mode). */
export function failureLine(command: string, subject: string, err: unknown, debug: boolean): string {
  const { message, details } = describeFailure(err, debug);
  const line = messageLine(command, subject, message);
  return details === undefined ? line : `${line}${details}\n`;
}

/** The same line for a problem already put in words (an ingest outcome's reason). */
export function messageLine(command: string, subject: string, message: string): string {
  return `zhida ${command}: ${oneLine(subject)}: ${oneLine(message)}\n`;
}

function unexpectedMessage(err: unknown): string {
  const what = err instanceof Error ? `${err.name}: ${firstLine(err.message)}` : firstLine(String(err));
  return `internal error (${truncate(what, 200)}); run again with ZHIDA_DEBUG=1 for details and please report it`;
}

function stackOf(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    parts.push(current instanceof Error ? (current.stack ?? `${current.name}: ${current.message}`) : String(current));
    current = current instanceof Error ? current.cause : undefined;
    if (current !== undefined) parts.push('caused by:');
  }
  return parts.join('\n');
}

function firstLine(text: string): string {
  return text.split(/\r?\n/, 1)[0] ?? '';
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
