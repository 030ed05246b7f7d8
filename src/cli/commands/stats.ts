import type { Command } from 'commander';
import { isDebug, type CliIo } from '../io.ts';
import { openLibrary } from '../library.ts';
import { describeFailure } from '../report.ts';

interface StatsOptions {
  db?: string;
  json?: boolean;
}

const helpAfter = `
Counts:
  sources      documents stored (each under its name, with all its versions)
  articles     articles of the current versions (what search and digest see)
  measures     measures of those articles
  versions     versions of all sources
  documents    policy documents named in 《》 (one record however many articles name them)
  allArticles, allMeasures   the same over every version, earlier ones included
  bytes        size of the original files kept (each distinct file once)

Examples:
  zhida stats
  zhida stats --db postgres://zhida@db.internal/zhida --json
`;

export function registerStats(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('stats')
    .summary('count what the library holds: sources, articles, measures')
    .description('Count what the library holds: sources, versions, articles, measures and documents.')
    .option('--db <target>', 'the library: a SQLite file or a postgres:// URL')
    .option('--json', 'print the counts as one JSON object')
    .addHelpText('after', helpAfter)
    .action(async (options: StatsOptions) => {
      setExitCode(await runStats(options, io));
    });
}

async function runStats(options: StatsOptions, io: CliIo): Promise<number> {
  const database = await openLibrary('stats', options.db, io, { create: false });
  if (!database) return 1;
  try {
    const { libraryStats } = await import('../../services/policies/stats.ts');
    const stats = await libraryStats(database);
    if (options.json) {
      io.stdout.write(`${JSON.stringify(stats)}\n`);
    } else {
      const width = Math.max(...Object.keys(stats).map((k) => k.length));
      const lines = Object.entries(stats).map(([key, value]) => `${key.padEnd(width)}  ${value}`);
      io.stdout.write(`library ${database.location}\n${lines.join('\n')}\n`);
    }
    return 0;
  } catch (err) {
    const { message, details } = describeFailure(err, isDebug(io));
    io.stderr.write(`zhida stats: ${message}\n${details === undefined ? '' : `${details}\n`}`);
    return 1;
  } finally {
    await database.close();
  }
}
