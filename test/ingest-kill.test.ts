// One source is one transaction: `zhida ingest` killed with SIGKILL in the middle of a directory leaves whole
// sources only, and running it again completes the library. Runs the real CLI as a child process.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generatePolicyText, loadSampleBulletin } from '../bench/policy-text.ts';
import { bin, root, runCli } from './helpers/cli.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from './helpers/databases.ts';
import { libraryProblems } from './helpers/library.ts';

const KiB = 1024;

/** `count` documents of about `size` bytes each, every one different (its own seed). */
async function writeDocuments(dir: string, count: number, size: number): Promise<string[]> {
  const bulletin = await loadSampleBulletin();
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `notice-${String(i).padStart(3, '0')}.txt`;
    await writeFile(join(dir, name), generatePolicyText(bulletin, size, 1000 + i).text);
    names.push(name);
  }
  return names;
}

async function storedVersions(database: TestDatabase): Promise<number> {
  const row = await database.db
    .selectFrom('policy_source_version')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

interface KilledRun {
  /** versions committed when the kill was sent */
  seen: number;
  /** the child finished on its own before it could be killed */
  finished: boolean;
}

/** Starts `zhida ingest DIR`, waits until it has committed a source, then kills it with SIGKILL. */
async function ingestAndKill(database: TestDatabase, dir: string, total: number): Promise<KilledRun> {
  const { ZHIDA_DEBUG: _debug, ...env } = process.env;
  const child = spawn(process.execPath, [bin, 'ingest', dir, '--db', database.target], {
    cwd: root,
    env: { ...env, ...database.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));

  // Kill on evidence, not after a fixed time: the first committed source shows the run is under way.
  let seen = 0;
  const deadline = Date.now() + 120_000;
  while (exitCode === undefined && Date.now() < deadline) {
    seen = await storedVersions(database);
    if (seen > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  if (exitCode !== undefined) {
    if (exitCode !== 0) throw new Error(`zhida ingest failed (${exitCode}): ${stderr}`);
    return { seen, finished: true };
  }
  if (seen === 0) throw new Error(`zhida ingest stored nothing in 120 s: ${stderr}`);
  child.kill('SIGKILL');
  await exited;
  return { seen, finished: seen >= total };
}

describe.each(DIALECTS)('zhida ingest killed mid-way on %s', (dialect) => {
  let database: TestDatabase | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('leaves no half source, and a second run completes the library', { timeout: 300_000 }, async () => {
    let count = 40;
    let names: string[] = [];
    let stored = 0;
    // If the machine was fast enough to finish before the kill, try again with more input.
    for (let attempt = 0; ; attempt++) {
      await database?.drop();
      if (dir) await rm(dir, { recursive: true, force: true });
      database = await openTestDatabase(dialect);
      dir = await mkdtemp(join(tmpdir(), 'zhida-kill-'));
      names = await writeDocuments(dir, count, 200 * KiB);
      const run = await ingestAndKill(database, dir, count);
      stored = await storedVersions(database);
      if (!run.finished && stored < count) break;
      if (attempt === 3) throw new Error(`the ingest of ${count} files always finished before the kill`);
      count *= 2;
    }

    // The kill landed mid-way: some sources stored, not all; every stored one is whole.
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(count);
    expect(await libraryProblems(database.db)).toEqual([]);
    const before = new Set(
      (await database.db.selectFrom('policy_source').select('name').execute()).map((row) => row.name),
    );
    expect(before.size).toBe(stored);

    const again = await runCli(['ingest', dir, '--db', database.target, '--json'], database.env);
    expect(again.stderr).not.toMatch(/internal error/);
    expect(again.code).toBe(0);
    const summary = JSON.parse(again.stdout) as {
      unchanged: number;
      new: number;
      failed: number;
      sources: { name: string; status: string }[];
    };
    expect(summary).toMatchObject({ unchanged: stored, new: count - stored, failed: 0 });
    for (const source of summary.sources) {
      expect([source.name, source.status]).toEqual([source.name, before.has(source.name) ? 'unchanged' : 'new']);
    }
    expect(summary.sources.map((s) => s.name)).toEqual(names);
    expect(await storedVersions(database)).toBe(count);
    expect(await libraryProblems(database.db)).toEqual([]);
  });
});
