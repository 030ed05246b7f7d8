import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import type { EnterpriseProfile } from '../../core/profile/types.ts';
import { isDebug, type CliIo } from '../io.ts';
import { openLibrary } from '../library.ts';
import { Output, OutputClosed } from '../output.ts';
import { describeFailure } from '../report.ts';

interface MatchOptions {
  profile: string;
  year: number;
  db?: string;
  compact?: boolean;
}

const helpAfter = `
The profile is one enterprise as JSON, per the profile contract (design/profile-and-match-contract.md):
  {"uscc": "91310115…", "name": "…", "region": "310115", "industry": "C3973",
   "qualifications": [{"name": "国家级绿色工厂", "year": 2026}],
   "metrics": {"2026": {"basicResearchSpend": 60000000, "energySavedTce": 6000}}}
A fact that is absent is unknown, never zero: the policies it decides come out "unknown", naming it in "missing".

Output: the MatchReport {uscc, year, matches} as JSON: eligible first (largest amount first), then unknown,
then ineligible; each match has the policy (id, title, regions, sources), status, amount {min, max} in yuan
(null: no sum stated, or it needs a missing fact), missing fact keys and the trace of every step.
The policies are the published ones of the database; a fresh database holds the bundled pack (docs/rules.md).

Database: --db PATH|postgres://…, else ZHIDA_DATABASE_URL, else ./zhida-data/zhida.db (created if absent).
Exit status: 0 report printed, 1 a bad profile or database (one line on stderr), 2 wrong usage.

Examples:
  zhida match --profile enterprise.json --year 2026
  zhida match --profile enterprise.json --year 2026 --db postgres://zhida@db/zhida --compact
`;

export function registerMatch(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('match')
    .summary('which policies one enterprise qualifies for, how much, and why')
    .description('Match one enterprise profile against every published policy and print the MatchReport as JSON.')
    .requiredOption('--profile <file>', 'the enterprise profile, a JSON file')
    .requiredOption('--year <yyyy>', 'the year whose metrics and policies are used', parseYear)
    .option('--db <path|url>', 'SQLite file or postgres:// URL')
    .option('--compact', 'print the report on one line')
    .addHelpText('after', helpAfter)
    .action(async (options: MatchOptions) => {
      setExitCode(await runMatch(options, io));
    });
}

function parseYear(value: string): number {
  if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError('expected a four-digit year');
  return Number(value);
}

async function runMatch(options: MatchOptions, io: CliIo): Promise<number> {
  const profile = await readProfile(options.profile, io);
  if (profile === undefined) return 1;
  const database = await openLibrary('match', options.db, io, { create: true });
  if (database === undefined) return 1;
  try {
    const { matchProfile } = await import('../../services/rules/match.ts');
    const report = await matchProfile(database, profile, options.year);
    const output = Output.stdout(io.stdout);
    await output.write(`${JSON.stringify(report, null, options.compact ? undefined : 2)}\n`);
    await output.close();
    return 0;
  } catch (err) {
    if (err instanceof OutputClosed) return 0;
    const { message, details } = describeFailure(err, isDebug(io));
    io.stderr.write(`zhida match: ${message}\n${details === undefined ? '' : `${details}\n`}`);
    return 1;
  } finally {
    await database.close();
  }
}

/** The profile of the file, validated against the contract; undefined after one line on stderr. */
async function readProfile(path: string, io: CliIo): Promise<EnterpriseProfile | undefined> {
  const fail = (reason: string): undefined => {
    io.stderr.write(`zhida match: ${path}: ${reason.replace(/[\r\n]+/g, ' ')}\n`);
    return undefined;
  };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(err));
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return fail(`not a JSON profile: ${err instanceof Error ? err.message : String(err)}`);
  }
  const { validateProfile } = await import('../../core/profile/facts.ts');
  const checked = validateProfile(json);
  if ('errors' in checked) {
    return fail(
      `not a valid profile: ${checked.errors.map((e) => (e.path ? `${e.path}: ${e.reason}` : e.reason)).join('; ')}`,
    );
  }
  return checked.profile;
}
