import { cliActor } from '../actor.ts';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { MAX_INPUT_BYTES } from '../../core/formats/limits.ts';
import type { Database } from '../../db/database.ts';
import { openLibrary } from '../library.ts';
import { isDebug, type CliIo } from '../io.ts';
import { readInputFile } from '../read-input.ts';
import { describeFailure } from '../report.ts';

interface ImportCliOptions {
  source?: string;
  authoritative?: boolean;
  asOf?: string;
  db?: string;
  json?: boolean;
}

const importHelp = `
Columns (header row; names in English as the profile contract's keys, or in Chinese):
  uscc            统一社会信用代码   required; the check characters are verified
  name            企业名称           required for an enterprise not yet stored
  region          行政区划代码       GB/T 2260 code (310115); required for a new enterprise
  industry        行业代码           GB/T 4754-2017 class: C3911 (3911 is read as C3911)
  founded         成立日期           2016-05-20 (also 2016/5/20, 2016年5月20日, a date cell)
  employees       从业人员           whole number
  qualifications  资质               高新技术企业:2023;专精特新中小企业:2024 (a name without year: year unknown)
  KEY:YEAR        e.g. revenue:2025, rdSpend:2025, 营业收入:2025 — yearly metrics, money in yuan; KEY is one of
                  revenue output rdSpend basicResearchSpend energySavedTce techUpgradeFinancingCost
                  firstSetContractAmount keyPartsStockLoan totalAssets listedRent
An empty cell states nothing (unknown, never zero). CSV may be UTF-8, UTF-16 or GBK, comma- or tab-separated;
XLSX is read from its first worksheet with rows.

Every row is checked first. Good rows land together in one transaction with the import record and an audit
entry; a bad row (wrong check character, unknown region, a number that is not one, a code on two rows…) is
listed with its row number (the header is row 1) and nothing of it is written. A file that cannot be read as a
table, or whose header names an unknown column, writes nothing.

Each value becomes a fact with its provenance: --source (default import:FILE), --as-of (default today) and
--authoritative (default: not authoritative; 免申即享 relies only on authoritative facts). The profile of an
enterprise is what its facts say together: the latest as-of date wins, and on the same date an authoritative
fact beats a self-reported one.

Output: a summary on stdout and one line per rejected row on stderr; with --json one JSON document on stdout.
Exit status: 0 every row landed, 1 some row was rejected or the file could not be imported, 2 wrong usage.

Examples:
  zhida enterprises import enterprises.xlsx --source 市场监管局 --authoritative --as-of 2025-12-31
  zhida enterprises import survey.csv --json
`;

export function registerEnterprises(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const enterprises = program
    .command('enterprises')
    .summary('enterprise profiles: import them, show one')
    .description('Enterprise profiles: facts with provenance, merged into the profile that matching reads.');

  enterprises
    .command('import')
    .summary('import enterprises from a CSV or XLSX file')
    .description('Import enterprise facts from a CSV or XLSX file, one enterprise a row.')
    .argument('<file>', 'a .csv or .xlsx file')
    .option('--source <name>', 'where the facts come from (a department feed, a survey); default import:FILE')
    .option('--authoritative', 'the facts are authoritative (a department of record), not self-reported')
    .option('--as-of <date>', 'the date the facts are true as of, YYYY-MM-DD; default today')
    .option('--db <path|url>', 'SQLite file or postgres:// URL')
    .option('--json', 'print the outcome as JSON')
    .addHelpText('after', importHelp)
    .action(async (file: string, options: ImportCliOptions) => {
      setExitCode(await runImport(file, options, io));
    });

  enterprises
    .command('show')
    .summary('print one enterprise profile with the provenance of each value')
    .description('Print the profile of one enterprise, its size class and where each value came from, as JSON.')
    .argument('<uscc>', 'unified social credit code')
    .option('--db <path|url>', 'SQLite file or postgres:// URL')
    .option('--history', 'also list every fact ever recorded')
    .action(async (uscc: string, options: { db?: string; history?: boolean }) => {
      setExitCode(await runShow(uscc, options, io));
    });
}

async function withDatabase(
  command: string,
  target: string | undefined,
  io: CliIo,
  run: (database: Database) => Promise<number>,
): Promise<number> {
  const database = await openLibrary(command, target, io, { create: true });
  if (database === undefined) return 1;
  try {
    return await run(database);
  } catch (err) {
    const { message, details } = describeFailure(err, isDebug(io));
    io.stderr.write(`zhida ${command}: ${message}\n${details === undefined ? '' : `${details}\n`}`);
    return 1;
  } finally {
    await database.close();
  }
}

async function runImport(file: string, options: ImportCliOptions, io: CliIo): Promise<number> {
  const name = basename(file);
  let bytes: Uint8Array;
  try {
    bytes = await readInputFile(file, MAX_INPUT_BYTES);
  } catch (err) {
    io.stderr.write(`zhida enterprises import: ${file}: ${describeFailure(err, isDebug(io)).message}\n`);
    return 1;
  }
  const { importEnterprises } = await import('../../services/enterprises/import.ts');
  return withDatabase('enterprises import', options.db, io, async (database) => {
    let outcome;
    try {
      outcome = await importEnterprises(
        database,
        { name, bytes },
        {
          source: options.source,
          authoritative: options.authoritative === true,
          asOf: options.asOf,
          actor: cliActor(),
        },
      );
    } catch (err) {
      io.stderr.write(`zhida enterprises import: ${file}: ${describeFailure(err, isDebug(io)).message}\n`);
      return 1;
    }
    if (options.json) {
      io.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
    } else {
      for (const r of outcome.rejections) {
        const who = r.uscc === null ? '' : ` (${r.uscc})`;
        io.stderr.write(`zhida enterprises import: ${file}: row ${r.row}${who}: ${r.reasons.join('; ')}\n`);
      }
      const again =
        outcome.previousImports > 0 ? ` (the same file was imported ${outcome.previousImports} time(s) before)` : '';
      io.stdout.write(
        `imported ${name}: ${outcome.accepted} of ${outcome.rows} rows (${outcome.created} created, ` +
          `${outcome.updated} updated, ${outcome.facts} facts), ${outcome.rejected} rejected${again}\n`,
      );
    }
    return outcome.rejected > 0 ? 1 : 0;
  });
}

async function runShow(uscc: string, options: { db?: string; history?: boolean }, io: CliIo): Promise<number> {
  const { normaliseUscc } = await import('../../core/profile/uscc.ts');
  const { getProfile } = await import('../../services/enterprises/profiles.ts');
  return withDatabase('enterprises show', options.db, io, async (database) => {
    const code = normaliseUscc(uscc);
    const view = await getProfile(database, code);
    if (view === undefined) {
      io.stderr.write(`zhida enterprises show: no enterprise with the code ${code}\n`);
      return 1;
    }
    const { facts: _history, ...current } = view;
    io.stdout.write(`${JSON.stringify(options.history ? view : current, null, 2)}\n`);
    return 0;
  });
}
