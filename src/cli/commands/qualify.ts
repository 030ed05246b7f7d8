import { cliActor } from '../actor.ts';
import { extname } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { ZhidaError } from '../../core/errors.ts';
import type { QualifyResult } from '../../services/rules/bulk.ts';
import {
  QUALIFY_COLUMNS,
  qualifyCells,
  qualifyWorkbook,
  type QualifyCell,
} from '../../services/rules/qualify-export.ts';
import { openLibrary } from '../library.ts';
import { isDebug, type CliIo } from '../io.ts';
import { Output, OutputClosed, OutputFailed } from '../output.ts';
import { describeFailure } from '../report.ts';

// `zhida qualify POLICY_ID`: the enterprises that qualify for one policy, as CSV, XLSX or JSON; and
// `zhida match-refresh`: every published policy against every enterprise, stored in policy_match.

type Format = 'csv' | 'xlsx' | 'json';

interface QualifyOptions {
  year: number;
  db?: string;
  format?: Format;
  out?: string;
  includeUnknown?: boolean;
}

const FORMATS: readonly Format[] = ['csv', 'xlsx', 'json'];

const qualifyHelp = `
One row per enterprise that qualifies (status eligible), or may (status unknown, with --include-unknown):
  uscc, name, region, industry, status, amount_min, amount_max (yuan; empty: no sum stated, a fact it needs is
  missing, or superseded), missing (the fact keys that would decide; in CSV and XLSX joined with ";"),
  superseded_by (就高不重复: the policy of the same stacking group whose larger sum counts instead).
Eligible first, the largest amount first; then unknown.

Every enterprise of the database is matched against the policy's version in force when the command runs (the
stored policy_match rows of zhida match-refresh are not read, so the answer is never stale).

Formats: csv (default; UTF-8 with a byte-order mark so Excel opens the Chinese names correctly, CRLF line
ends, a header row), xlsx (one worksheet; needs --out), json ({policy, year, count, rows}). Without --format
the format follows the --out file's extension. Without --out the result goes to stdout.

Database: --db PATH|postgres://…, else ZHIDA_DATABASE_URL, else ./zhida-data/zhida.db.
Exit status: 0 done, 1 an unknown policy or a database that cannot be read (one line on stderr), 2 wrong usage.

Examples:
  zhida qualify sh-mfg.energy-saving --year 2026 > energy.csv
  zhida qualify sh-mfg.basic-research --year 2026 --include-unknown --out basic.xlsx
  zhida qualify shenzhen-anju.rent --year 2026 --format json --db postgres://zhida@db/zhida
`;

const refreshHelp = `
Matches every published policy against every enterprise for the year and replaces the year's rows of the
policy_match table in one transaction (audited as match.refresh): one row per eligible or unknown pair, with
the amount after 就高不重复 and the missing fact keys. A pair without a row in a refreshed year is ineligible.

Database: --db PATH|postgres://…, else ZHIDA_DATABASE_URL, else ./zhida-data/zhida.db.
Exit status: 0 done, 1 the database cannot be read or written (one line on stderr), 2 wrong usage.

Examples:
  zhida match-refresh --year 2026
  zhida match-refresh --year 2026 --db postgres://zhida@db/zhida --json
`;

function parseYear(value: string): number {
  if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError('expected a four-digit year');
  return Number(value);
}

function parseFormat(value: string): Format {
  if (!(FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError('expected csv, xlsx or json');
  return value as Format;
}

export function registerQualify(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('qualify')
    .summary('which enterprises qualify for one policy, as CSV, XLSX or JSON')
    .description('List the enterprises of the database that qualify for a policy, with their amounts.')
    .argument('<policy-id>', 'the policy id, e.g. sh-mfg.energy-saving')
    .option(
      '--year <yyyy>',
      'the year whose metrics are used (default: this year)',
      parseYear,
      new Date().getFullYear(),
    )
    .option('--db <path|url>', 'SQLite file or postgres:// URL')
    .option('--format <format>', 'csv, xlsx or json (default: from --out, else csv)', parseFormat)
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--include-unknown', 'also list the enterprises a missing fact leaves undecided')
    .addHelpText('after', qualifyHelp)
    .action(async (policyId: string, options: QualifyOptions, command: Command) => {
      const format = options.format ?? formatOf(options.out);
      if (format === 'xlsx' && options.out === undefined) {
        command.error('error: --format xlsx needs --out FILE', { exitCode: 2, code: 'zhida.usage' });
      }
      setExitCode(await runQualify(policyId, { ...options, format }, io));
    });

  program
    .command('match-refresh')
    .summary('recompute every policy × enterprise match into the policy_match table')
    .description('Match every published policy against every enterprise and store the results for the year.')
    .option(
      '--year <yyyy>',
      'the year whose metrics are used (default: this year)',
      parseYear,
      new Date().getFullYear(),
    )
    .option('--db <path|url>', 'SQLite file or postgres:// URL')
    .option('--json', 'print the outcome as JSON')
    .addHelpText('after', refreshHelp)
    .action(async (options: { year: number; db?: string; json?: boolean }) => {
      setExitCode(await runRefresh(options, io));
    });
}

function formatOf(out: string | undefined): Format {
  const ext = out === undefined ? '' : extname(out).toLowerCase().slice(1);
  return (FORMATS as readonly string[]).includes(ext) ? (ext as Format) : 'csv';
}

async function runQualify(policyId: string, options: QualifyOptions & { format: Format }, io: CliIo): Promise<number> {
  const database = await openLibrary('qualify', options.db, io, { create: false, hint: 'fill one with zhida demo' });
  if (database === undefined) return 1;
  try {
    const { qualifyPolicy } = await import('../../services/rules/bulk.ts');
    const result = await qualifyPolicy(database, policyId, options.year, {
      includeUnknown: options.includeUnknown === true,
    });
    if (options.format === 'xlsx') {
      await writeXlsx(result, options.out!);
      return 0;
    }
    const output = options.out === undefined ? Output.stdout(io.stdout) : await Output.file(options.out);
    if (options.format === 'json') await output.write(`${JSON.stringify(toJson(result), null, 2)}\n`);
    else await writeCsv(result, output);
    await output.close();
    return 0;
  } catch (err) {
    if (err instanceof OutputClosed) return 0;
    if (err instanceof OutputFailed) {
      io.stderr.write(`zhida qualify: ${err.message.split('\n')[0]}\n`);
      return 1;
    }
    const { message, details } = describeFailure(err, isDebug(io) && !(err instanceof ZhidaError));
    io.stderr.write(`zhida qualify: ${message}\n${details === undefined ? '' : `${details}\n`}`);
    return 1;
  } finally {
    await database.close();
  }
}

type Cell = QualifyCell;

function toJson(result: QualifyResult) {
  return {
    policy: result.policy,
    year: result.year,
    count: result.rows.length,
    rows: result.rows.map((row) => ({
      uscc: row.uscc,
      name: row.name,
      region: row.region,
      industry: row.industry,
      status: row.status,
      amount_min: row.amount?.min ?? null,
      amount_max: row.amount?.max ?? null,
      missing: row.missing,
      superseded_by: row.supersededBy,
    })),
  };
}

/** RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled. */
function csvCell(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function writeCsv(result: QualifyResult, output: Output): Promise<void> {
  // The byte-order mark tells Excel the file is UTF-8; without it Excel on a Chinese Windows reads GBK.
  let chunk = `\uFEFF${QUALIFY_COLUMNS.join(',')}\r\n`;
  for (const row of result.rows) {
    chunk += `${qualifyCells(row).map(csvCell).join(',')}\r\n`;
    if (chunk.length > 64 * 1024) {
      await output.write(chunk);
      chunk = '';
    }
  }
  await output.write(chunk);
}

async function writeXlsx(result: QualifyResult, path: string): Promise<void> {
  const workbook = await qualifyWorkbook(result);
  await workbook.xlsx.writeFile(path).catch((err: unknown) => {
    throw new OutputFailed(path, err);
  });
}

async function runRefresh(options: { year: number; db?: string; json?: boolean }, io: CliIo): Promise<number> {
  const database = await openLibrary('match-refresh', options.db, io, {
    create: false,
    hint: 'fill one with zhida demo',
  });
  if (database === undefined) return 1;
  try {
    const { refreshMatches } = await import('../../services/rules/bulk.ts');
    const outcome = await refreshMatches(database, options.year, { actor: cliActor() });
    if (options.json) io.stdout.write(`${JSON.stringify(outcome)}\n`);
    else {
      io.stdout.write(
        `refreshed ${outcome.year}: ${outcome.policies} policies × ${outcome.enterprises} enterprises → ` +
          `${outcome.eligible} eligible and ${outcome.unknown} unknown matches stored (replacing ${outcome.replaced}) ` +
          `in ${(outcome.ms.total / 1000).toFixed(1)} s\n`,
      );
    }
    return 0;
  } catch (err) {
    const { message, details } = describeFailure(err, isDebug(io));
    io.stderr.write(`zhida match-refresh: ${message}\n${details === undefined ? '' : `${details}\n`}`);
    return 1;
  } finally {
    await database.close();
  }
}
