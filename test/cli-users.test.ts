import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.ts';
import { login } from '../src/services/accounts/sessions.ts';
import { bin, root, runCli, type CliResult } from './helpers/cli.ts';

// `zhida users` as users run it: a child process on a SQLite file.

const dir = mkdtempSync(join(tmpdir(), 'zhida-users-'));
const db = join(dir, 'zhida.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `zhida ARGS` with `input` written to its standard input. */
function runWithStdin(args: string[], input: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input);
  });
}

async function canSignIn(username: string, password: string): Promise<boolean> {
  const database = await openDatabase(db);
  try {
    return (await login(database, username, password)) !== undefined;
  } finally {
    await database.close();
  }
}

describe('zhida users', () => {
  it('adds an administrator with a generated password, printed once, that signs in', async () => {
    const result = await runCli(['users', 'add', '--username', 'admin', '--role', 'admin', '--db', db]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('added admin admin');
    const password = /^password: (\S+)$/m.exec(result.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await canSignIn('admin', password!)).toBe(true);
  });

  it('reads the password from stdin with --password-stdin and does not print it', async () => {
    const args = ['users', 'add', '--username', 'li', '--role', 'policy_operator', '--display-name', '李科长'];
    const result = await runWithStdin(
      [...args, '--department', '科技局', '--region', '320500', '--password-stdin', '--db', db],
      'from-stdin-password\n',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('password');
    expect(await canSignIn('li', 'from-stdin-password')).toBe(true);
  });

  it.each([
    ['an unknown role', ['--username', 'x1', '--role', 'root'], 'the role must be one of'],
    ['an operator without a region', ['--username', 'x2', '--role', 'policy_operator', '--department', 'd'], 'region'],
    ['an enterprise user with a bad USCC', ['--username', 'x3', '--role', 'enterprise_user', '--uscc', '91'], 'USCC'],
    ['a username taken', ['--username', 'ADMIN', '--role', 'admin'], 'exists already'],
  ])('refuses %s with a message', async (_name, args, message) => {
    const result = await runCli(['users', 'add', ...args, '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
  });

  it('lists the accounts, as JSON without any hash', async () => {
    const result = await runCli(['users', 'list', '--json', '--db', db]);
    expect(result.code).toBe(0);
    const accounts = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(accounts.map((a) => [a.username, a.role])).toEqual([
      ['admin', 'admin'],
      ['li', 'policy_operator'],
    ]);
    expect(accounts[1]).toMatchObject({ displayName: '李科长', department: '科技局', region: '320500' });
    expect(result.stdout).not.toMatch(/scrypt|hash/i);
  });
});
