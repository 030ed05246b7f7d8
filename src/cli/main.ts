import { Command, CommanderError } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { registerDemo } from './commands/demo.ts';
import { registerEnterprises } from './commands/enterprises.ts';
import { registerDigest } from './commands/digest.ts';
import { registerExtract } from './commands/extract.ts';
import { registerIngest } from './commands/ingest.ts';
import { registerMatch } from './commands/match.ts';
import { registerQualify } from './commands/qualify.ts';
import { registerSearch } from './commands/search.ts';
import { registerServe } from './commands/serve.ts';
import { registerStats } from './commands/stats.ts';
import { registerUsers } from './commands/users.ts';
import { isDebug, processIo, type CliIo } from './io.ts';
import { describeFailure } from './report.ts';

/** Exit status for wrong usage (unknown option, missing argument), as most Unix tools do. */
export const USAGE_ERROR = 2;

/** Runs `zhida ARGS…` and resolves to the exit status; never calls process.exit. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let exitCode = 0;
  const setExitCode = (code: number): void => {
    exitCode = code;
  };

  const program = new Command('zhida')
    .description('Zhida (直达): read Chinese government policy documents and find who they are for.')
    .version(packageJson.version, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(run with --help for usage)');

  // Subcommands made with program.command() inherit exitOverride, the output and showHelpAfterError.
  registerExtract(program, io, setExitCode);
  registerIngest(program, io, setExitCode);
  registerStats(program, io, setExitCode);
  registerDigest(program, io, setExitCode);
  registerServe(program, io, setExitCode);
  registerSearch(program, io, setExitCode);
  registerEnterprises(program, io, setExitCode);
  registerDemo(program, io, setExitCode);
  registerMatch(program, io, setExitCode);
  registerQualify(program, io, setExitCode);
  registerUsers(program, io, setExitCode);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return commanderExitCode(err);
    const { message, details } = describeFailure(err, isDebug(io));
    io.stderr.write(`zhida: ${message}\n${details === undefined ? '' : `${details}\n`}`);
    return 1;
  }
}

function commanderExitCode(err: CommanderError): number {
  switch (err.code) {
    case 'commander.helpDisplayed':
    case 'commander.version':
      return 0;
    case 'commander.help': // `zhida help` is 0; `zhida` with no command shows help as an error
      return err.exitCode === 0 ? 0 : USAGE_ERROR;
    default:
      return USAGE_ERROR;
  }
}
