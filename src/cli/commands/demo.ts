import type { Command } from 'commander';
import { openLibrary } from '../library.ts';
import { isDebug, type CliIo } from '../io.ts';
import { describeFailure } from '../report.ts';
import { cliActor } from '../actor.ts';

interface DemoCliOptions {
  enterprises: string;
  seed: string;
  db?: string;
  json?: boolean;
}

const helpAfter = `
Builds a synthetic population in an empty enterprise table: valid unified social credit codes; regions weighted
towards 上海, 苏州, 南京, 杭州, 深圳, 山东 and the rest of the country; real GB/T 4754-2017 classes with a
manufacturing bias; log-normal headcounts and revenues (most enterprises small or micro, some medium, few
large); metrics for 2023–2025 (revenue, output, rdSpend, basicResearchSpend, energySavedTce,
techUpgradeFinancingCost, firstSetContractAmount, keyPartsStockLoan, totalAssets) and qualifications for
plausible fractions; some facts left out on purpose (unknown is not zero). The same --seed gives the same
enterprises on any machine and any day. Facts carry synthetic provenance: sources are "demo:市场监管局",
"demo:税务局", "demo:self-reported"…

Examples:
  zhida demo --enterprises 100000
  zhida demo --enterprises 5000 --seed 42 --db demo.db
`;

export function registerDemo(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('demo')
    .summary('fill the database with a reproducible synthetic population of enterprises')
    .description('Fill an empty enterprise table with synthetic enterprises, their facts and profiles.')
    .requiredOption('--enterprises <n>', 'how many enterprises, 1–10,000,000')
    .option('--seed <s>', 'the seed of the population (a whole number)', '1')
    .option('--db <path|url>', 'SQLite file or postgres:// URL')
    .option('--json', 'print the outcome as JSON')
    .addHelpText('after', helpAfter)
    .action(async (options: DemoCliOptions, command: Command) => {
      const n = /^\s*\d+\s*$/.test(options.enterprises) ? Number(options.enterprises) : Number.NaN;
      if (!(n >= 1 && n <= 10_000_000)) {
        command.error(`error: --enterprises must be a whole number from 1 to 10000000, not ${options.enterprises}`, {
          exitCode: 2,
          code: 'zhida.usage',
        });
      }
      if (!/^\s*-?\d+\s*$/.test(options.seed)) {
        command.error(`error: --seed must be a whole number, not ${options.seed}`, {
          exitCode: 2,
          code: 'zhida.usage',
        });
      }
      setExitCode(await runDemo(n, Number(options.seed), options, io));
    });
}

async function runDemo(n: number, seed: number, options: DemoCliOptions, io: CliIo): Promise<number> {
  const { buildDemo } = await import('../../services/enterprises/demo.ts');
  const database = await openLibrary('demo', options.db, io, { create: true });
  if (database === undefined) return 1;
  try {
    const outcome = await buildDemo(database, { enterprises: n, seed, actor: cliActor() });
    if (options.json) io.stdout.write(`${JSON.stringify(outcome)}\n`);
    else {
      io.stdout.write(
        `created ${outcome.enterprises} synthetic enterprises (${outcome.facts} facts, seed ${outcome.seed}) ` +
          `in ${database.location} in ${outcome.seconds.toFixed(1)} s\n`,
      );
    }
    return 0;
  } catch (err) {
    const { message, details } = describeFailure(err, isDebug(io));
    io.stderr.write(`zhida demo: ${message}\n${details === undefined ? '' : `${details}\n`}`);
    return 1;
  } finally {
    await database.close();
  }
}
