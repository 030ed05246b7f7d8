import { cliActor } from '../actor.ts';
import type { Command } from 'commander';
import { MAX_INPUT_BYTES } from '../../core/formats/limits.ts';
import type { IngestOutcome, IngestStatus } from '../../services/policies/ingest.ts';
import { isDebug, type CliIo } from '../io.ts';
import { openLibrary } from '../library.ts';
import { startProgress, type Progress } from '../progress.ts';
import { readInputFile } from '../read-input.ts';
import { failureLine, messageLine } from '../report.ts';
import { collectInputs, type InputFile } from '../walk.ts';

interface IngestOptions {
  db?: string;
  json?: boolean;
}

const limitMiB = MAX_INPUT_BYTES / (1024 * 1024);

const helpAfter = `
Source names: each document is stored as a source named
  - for a DIR argument: its path relative to DIR (notices/2026/a.html given as "notices" is "2026/a.html");
  - for a FILE argument: its base name (notices/2026/a.html is "a.html").
A source ingested again under the same name with the same bytes changes nothing; with other bytes it
becomes the source's next version (the earlier one stays readable).

Directories are walked recursively in name order. Hidden files and directories (".name") are skipped;
symbolic links are followed only while they stay inside the directory given. Every other file is read,
whatever its extension: the format (text, HTML, PDF, DOCX) is detected from its bytes.
Size limit: ${limitMiB} MiB per file.

Each source is stored in one transaction: an interrupted run leaves no half-stored source, and running
it again completes it. At the end a summary: how many sources are new, updated, unchanged, failed, and
one line per failure on stderr ("zhida ingest: PATH: reason"). --json prints the summary as JSON.
Exit status: 0 all files stored or unchanged, 1 some file failed, 2 wrong usage.

Database: --db PATH (a SQLite file) or --db postgres://USER@HOST/DB; else ZHIDA_DATABASE_URL; else
./zhida-data/zhida.db. It is created and migrated when needed.

Examples:
  zhida ingest data/corpus/bulletin-2026-sample.txt
  zhida ingest notices/ --db postgres://zhida@db.internal/zhida --json
`;

export function registerIngest(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('ingest')
    .summary('store policy documents in the library: articles, measures, figures, with versions')
    .description(
      'Store policy documents (files, or directories walked recursively) in the library, each with its ' +
        'articles, measures and figures and their places in the text.',
    )
    .argument('<paths...>', 'policy documents, or directories of them')
    .option('--db <target>', 'the library: a SQLite file or a postgres:// URL')
    .option('--json', 'print the summary as JSON on stdout')
    .addHelpText('after', helpAfter)
    .action(async (paths: string[], options: IngestOptions, command: Command) => {
      if (options.db !== undefined && options.db.trim() === '') {
        command.error('error: --db needs a file path or a postgres:// URL', { exitCode: 2, code: 'zhida.usage' });
      }
      setExitCode(await runIngest(paths, options, io));
    });
}

interface SourceResult {
  path: string;
  name: string;
  status: IngestStatus;
  version?: number;
  articles?: number;
  measures?: number;
  error?: string;
}

async function runIngest(paths: string[], options: IngestOptions, io: CliIo): Promise<number> {
  const started = performance.now();
  const debug = isDebug(io);
  const database = await openLibrary('ingest', options.db, io, { create: true });
  if (!database) return 1;
  io.stderr.write(`zhida ingest: library at ${database.location}\n`);

  const { ingestSources, SourceIngestError } = await import('../../services/policies/ingest-sources.ts');
  const results: SourceResult[] = [];
  const failureLines: string[] = [];
  let stopped: string | undefined;
  let progress: Progress | undefined;
  try {
    const inputs = await collectInputs(paths);
    progress = startProgress(io, inputs.length);
    const sources = inputs.map((input) => ({
      ...input,
      read: () => readInputFile(input.path, MAX_INPUT_BYTES),
    }));
    try {
      for await (const { source, outcome } of ingestSources(database, sources, cliActor())) {
        results.push(resultOf(source, outcome));
        if (outcome.status === 'failed')
          failureLines.push(messageLine('ingest', source.path, outcome.error ?? 'failed'));
        progress?.update(results.length, source.path);
      }
    } catch (err) {
      if (!(err instanceof SourceIngestError)) throw err;
      const source = err.source as InputFile;
      stopped = failureLine('ingest', source.path, err.cause, debug);
    }
  } catch (err) {
    stopped = failureLine('ingest', paths.join(' '), err, debug);
  } finally {
    progress?.stop();
    await database.close();
  }

  const summary = summarise(database.location, results, (performance.now() - started) / 1000);
  for (const line of failureLines) io.stderr.write(line);
  if (stopped !== undefined) io.stderr.write(stopped);
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ ...summary, sources: results })}\n`);
  } else {
    io.stdout.write(
      `${summary.files} file${summary.files === 1 ? '' : 's'}: ${summary.new} new, ${summary.updated} updated, ` +
        `${summary.unchanged} unchanged, ${summary.failed} failed\n` +
        `stored ${summary.articles} articles and ${summary.measures} measures in ${summary.seconds} s\n`,
    );
  }
  return summary.failed > 0 || stopped !== undefined ? 1 : 0;
}

function resultOf(source: InputFile, outcome: IngestOutcome): SourceResult {
  return {
    path: source.path,
    name: source.name,
    status: outcome.status,
    ...(outcome.version !== undefined ? { version: outcome.version } : {}),
    ...(outcome.articles !== undefined ? { articles: outcome.articles, measures: outcome.measures ?? 0 } : {}),
    ...(outcome.error !== undefined ? { error: outcome.error } : {}),
  };
}

function summarise(location: string, results: SourceResult[], seconds: number) {
  const count = (status: IngestStatus) => results.filter((r) => r.status === status).length;
  return {
    database: location,
    files: results.length,
    new: count('new'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    failed: count('failed'),
    /** stored by this run (new and updated sources) */
    articles: results.reduce((n, r) => n + (r.articles ?? 0), 0),
    measures: results.reduce((n, r) => n + (r.measures ?? 0), 0),
    seconds: Number(seconds.toFixed(2)),
    failures: results.filter((r) => r.status === 'failed').map((r) => ({ path: r.path, error: r.error })),
  };
}
