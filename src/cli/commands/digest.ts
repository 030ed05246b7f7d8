import { Option, type Command } from 'commander';
import {
  DEFAULT_DIGEST_DAYS,
  DEFAULT_DIGEST_LIMIT,
  parseDay,
  type DigestFormat,
} from '../../services/policies/digest.ts';
import { isDebug, type CliIo } from '../io.ts';
import { openLibrary } from '../library.ts';
import { Output, OutputClosed, OutputFailed } from '../output.ts';
import { describeFailure } from '../report.ts';

interface DigestCliOptions {
  since?: string;
  format: DigestFormat;
  limit?: string;
  out?: string;
  db?: string;
}

const helpAfter = `
The digest is a bulletin in the shape of the bundled sample: one section per column (articles without
one under 其他), each article with its headline, introduction and measures as 一是…二是… paragraphs, in
the order they were ingested. Articles the library linked as the same policy appear once (the first),
with a line naming the others (另见：…). Days are UTC.

Examples:
  zhida digest                                   # the last ${DEFAULT_DIGEST_DAYS} days as Markdown on stdout
  zhida digest --since 2026-01-01 --format html --out digest.html
`;

export function registerDigest(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('digest')
    .summary('write a policy bulletin (Markdown or HTML) from the newest articles in the library')
    .description('Write a policy bulletin from the articles the library received since a day.')
    .option('--since <YYYY-MM-DD>', `articles ingested on or after this day (default: ${DEFAULT_DIGEST_DAYS} days ago)`)
    .addOption(new Option('--format <format>', 'md or html').choices(['md', 'html']).default('md'))
    .option('--limit <n>', `at most this many articles, the newest (default ${DEFAULT_DIGEST_LIMIT})`)
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .option('--db <target>', 'the library: a SQLite file or a postgres:// URL')
    .addHelpText('after', helpAfter)
    .action(async (options: DigestCliOptions, command: Command) => {
      const usage = (message: string): never =>
        command.error(`error: ${message}`, { exitCode: 2, code: 'zhida.usage' });
      if (options.since !== undefined && parseDay(options.since) === null) {
        usage(`--since needs a day as YYYY-MM-DD, not "${options.since}"`);
      }
      let limit: number | undefined;
      if (options.limit !== undefined) {
        limit = /^\s*\d+\s*$/.test(options.limit) ? Number(options.limit) : Number.NaN;
        if (!(limit >= 1)) usage(`--limit needs a whole number of at least 1, not "${options.limit}"`);
      }
      setExitCode(await runDigest(options, limit, io));
    });
}

async function runDigest(options: DigestCliOptions, limit: number | undefined, io: CliIo): Promise<number> {
  const database = await openLibrary('digest', options.db, io, { create: false });
  if (!database) return 1;
  let text: string;
  try {
    const { buildDigest, renderDigest } = await import('../../services/policies/digest.ts');
    const digest = await buildDigest(database, {
      ...(options.since !== undefined ? { since: options.since } : {}),
      ...(limit !== undefined ? { limit } : {}),
    });
    text = renderDigest(digest, options.format);
  } catch (err) {
    const { message, details } = describeFailure(err, isDebug(io));
    io.stderr.write(`zhida digest: ${message}\n${details === undefined ? '' : `${details}\n`}`);
    return 1;
  } finally {
    await database.close();
  }
  try {
    const output = options.out === undefined ? Output.stdout(io.stdout) : await Output.file(options.out);
    await output.write(text);
    await output.close();
    return 0;
  } catch (err) {
    if (err instanceof OutputClosed) return 0; // the reader stopped reading (| head): not an error
    if (err instanceof OutputFailed) {
      io.stderr.write(`zhida digest: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
