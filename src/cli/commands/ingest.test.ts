// The terminal side of `zhida ingest` in-process (progress bar, summary lines); test/cli-library.test.ts runs
// the real command end to end on both databases.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutStream } from '../io.ts';
import { main } from '../main.ts';

function sink(tty: boolean) {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  }) as OutStream;
  if (tty) Object.assign(stream, { isTTY: true, columns: 100 });
  return { stream, text: () => chunks.join('') };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zhida-ingest-unit-'));
  const bulletin = await readFile(new URL('../../../data/corpus/bulletin-2026-sample.txt', import.meta.url));
  await writeFile(join(dir, 'a.txt'), bulletin);
  await writeFile(join(dir, 'b.txt'), bulletin.toString('utf8').replace('1000万元', '2000万元'));
  await writeFile(join(dir, 'c.txt'), '');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('ingest command', () => {
  it('draws a progress bar on a terminal and prints the summary with the failures', async () => {
    const out = sink(false);
    const err = sink(true);
    const db = join(dir, 'tty.db');
    const code = await main(['ingest', join(dir, 'a.txt'), join(dir, 'b.txt'), join(dir, 'c.txt'), '--db', db], {
      stdout: out.stream,
      stderr: err.stream,
      env: {},
    });
    expect(code).toBe(1);
    expect(err.text()).toContain(`zhida ingest: library at ${db}\n`);
    expect(err.text()).toMatch(/[█░]+ \d\/3 files/);
    expect(err.text()).toContain(`zhida ingest: ${join(dir, 'c.txt')}: the file is empty\n`);
    expect(out.text()).toMatch(
      /^3 files: 2 new, 0 updated, 0 unchanged, 1 failed\nstored 40 articles and 170 measures in [\d.]+ s\n$/,
    );
  });

  it('draws no bar on a pipe', async () => {
    const out = sink(false);
    const err = sink(false);
    const code = await main(['ingest', join(dir, 'a.txt'), '--db', join(dir, 'pipe.db'), '--json'], {
      stdout: out.stream,
      stderr: err.stream,
      env: {},
    });
    expect(code).toBe(0);
    expect(err.text()).toBe(`zhida ingest: library at ${join(dir, 'pipe.db')}\n`);
    expect(JSON.parse(out.text())).toMatchObject({ files: 1, new: 1, articles: 20, measures: 85 });
  });
});
