import type { Command } from 'commander';
import { cliActor } from '../actor.ts';
import { isDebug, type CliIo } from '../io.ts';
import { openLibrary } from '../library.ts';
import { describeFailure } from '../report.ts';

interface AddOptions {
  username: string;
  role: string;
  displayName?: string;
  department?: string;
  region?: string;
  uscc?: string;
  passwordStdin?: boolean;
  db?: string;
}

interface ListOptions {
  db?: string;
  json?: boolean;
}

const addHelp = `
Roles:
  admin                 runs the platform, reads the audit log
  policy_operator       authors policies for one department and region (--department, --region CODE)
  service_coordinator   works the request loop
  enterprise_user       acts for one enterprise (--uscc CODE)

Without --password-stdin a strong password is generated and printed once; it is not stored anywhere readable.

Examples:
  zhida users add --username admin --role admin
  printf '%s' "$PASSWORD" | zhida users add --username li --role policy_operator \\
    --department 科技局 --region 320500 --password-stdin
`;

export function registerUsers(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const users = program.command('users').summary('add and list accounts').description('Add and list accounts.');
  users
    .command('add')
    .summary('add an account (an administrator to start with)')
    .description('Add an account to the library (--db, else ZHIDA_DATABASE_URL, else ./zhida-data/zhida.db).')
    .requiredOption('--username <name>', 'the sign-in name (letters, digits, . _ -)')
    .requiredOption('--role <role>', 'admin | policy_operator | service_coordinator | enterprise_user')
    .option('--display-name <name>', 'the name shown (default: the username)')
    .option('--department <name>', 'policy operators: the department')
    .option('--region <code>', 'policy operators: the GB/T 2260 region code')
    .option('--uscc <code>', 'enterprise users: the unified social credit code of the enterprise')
    .option('--password-stdin', 'read the password from standard input instead of generating one')
    .option('--db <target>', 'the library: a SQLite file or a postgres:// URL')
    .addHelpText('after', addHelp)
    .action(async (options: AddOptions) => {
      setExitCode(await runAdd(options, io));
    });
  users
    .command('list')
    .summary('list the accounts')
    .option('--db <target>', 'the library: a SQLite file or a postgres:// URL')
    .option('--json', 'one JSON object per line')
    .action(async (options: ListOptions) => {
      setExitCode(await runList(options, io));
    });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing newline is what `echo` and a terminal add; it is not part of the password.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function runAdd(options: AddOptions, io: CliIo): Promise<number> {
  const { generatePassword } = await import('../../core/auth/password.ts');
  const password = options.passwordStdin ? await readStdin() : generatePassword();
  const database = await openLibrary('users add', options.db, io, { create: true });
  if (!database) return 1;
  try {
    const { createAccount } = await import('../../services/accounts/accounts.ts');
    const account = await createAccount(database, cliActor(), {
      username: options.username,
      password,
      role: options.role,
      ...(options.displayName !== undefined ? { displayName: options.displayName } : {}),
      ...(options.department !== undefined ? { department: options.department } : {}),
      ...(options.region !== undefined ? { region: options.region } : {}),
      ...(options.uscc !== undefined ? { uscc: options.uscc } : {}),
    });
    io.stdout.write(`added ${account.role} ${account.username} (id ${account.id})\n`);
    if (!options.passwordStdin) io.stdout.write(`password: ${password}\n(shown once; write it down now)\n`);
    return 0;
  } catch (err) {
    const { message, details } = describeFailure(err, isDebug(io));
    io.stderr.write(`zhida users add: ${message}\n${details === undefined ? '' : `${details}\n`}`);
    return 1;
  } finally {
    await database.close();
  }
}

async function runList(options: ListOptions, io: CliIo): Promise<number> {
  const database = await openLibrary('users list', options.db, io, { create: false });
  if (!database) return 1;
  try {
    const { listAccountViews } = await import('../../services/accounts/accounts.ts');
    const accounts = await listAccountViews(database);
    if (options.json) {
      io.stdout.write(accounts.map((a) => `${JSON.stringify(a)}\n`).join(''));
    } else if (accounts.length === 0) {
      io.stdout.write('no accounts; add one with zhida users add --username admin --role admin\n');
    } else {
      for (const a of accounts) {
        const scope = [a.department, a.region, a.uscc].filter((v) => v !== null).join(' ');
        const flags = a.disabled ? ' (disabled)' : '';
        io.stdout.write(`${a.id}\t${a.username}\t${a.role}\t${a.displayName}${scope ? `\t${scope}` : ''}${flags}\n`);
      }
    }
    return 0;
  } catch (err) {
    const { message, details } = describeFailure(err, isDebug(io));
    io.stderr.write(`zhida users list: ${message}\n${details === undefined ? '' : `${details}\n`}`);
    return 1;
  } finally {
    await database.close();
  }
}
