// `zhida extract` run as users run it: the real bin in a child process, real files, real exit codes.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Extraction } from '../src/core/extract/types.ts';
import { MAX_INPUT_BYTES } from '../src/core/formats/limits.ts';
import { bin, bulletinPath, jsonLines, lines, loadGold, root, runCli } from './helpers/cli.ts';

const notice = `关于支持中小企业数字化转型的若干措施

为加快中小企业数字化转型，制定以下措施。
一、对完成数字化改造的企业，按照项目投资额的20%给予补助，最高不超过200万元。
二、到2027年，培育数字化转型示范企业100家。
`;

let dir: string;
let bulletinText: string;
let gold: Extraction;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zhida-cli-'));
  bulletinText = await readFile(join(root, bulletinPath), 'utf8');
  gold = await loadGold();
  await writeFile(join(dir, 'notice.txt'), notice);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Deterministic "random" bytes, so a failure can be reproduced. */
function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

describe('zhida extract, one file', () => {
  it('prints the gold extraction of the sample bulletin as one indented JSON document', async () => {
    const { code, stdout, stderr } = await runCli(['extract', bulletinPath]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(gold);
    expect(stdout).toMatch(/^\{\n {2}"schemaVersion": 1,/);
  });

  it('prints one line with --compact', async () => {
    const { code, stdout } = await runCli(['extract', '--compact', bulletinPath]);
    expect(code).toBe(0);
    expect(lines(stdout)).toHaveLength(1);
    expect(JSON.parse(stdout)).toEqual(gold);
  });

  it('reads GBK, UTF-8 with BOM and UTF-16LE copies exactly like the UTF-8 original', async () => {
    const copies = {
      gbk: iconv.encode(bulletinText, 'gbk'),
      bom: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(bulletinText, 'utf8')]),
      utf16le: iconv.encode(bulletinText, 'utf16le', { addBOM: true }),
    };
    const paths: string[] = [];
    for (const [name, bytes] of Object.entries(copies)) {
      // The same extension for all: the encoding must come from the bytes, not the name.
      const path = join(dir, `bulletin-${name}.txt`);
      await writeFile(path, bytes);
      paths.push(path);
    }
    const { code, stdout, stderr } = await runCli(['extract', bulletinPath, ...paths]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const [original, ...others] = jsonLines(stdout);
    expect(original).toEqual(gold);
    expect(others).toHaveLength(3);
    // A BOM does not change the encoding (it is UTF-8 either way); the bytes, and so the hash, differ.
    expect(others.map((o) => o.source.encoding)).toEqual([
      expect.stringMatching(/^gb/i),
      expect.stringMatching(/^utf-?8/i),
      expect.stringMatching(/^utf-?16/i),
    ]);
    for (const other of others) {
      expect(other.articles).toEqual(original!.articles);
      expect(other.source.sha256).not.toBe(original!.source.sha256);
      expect(other.source.format).toBe('text');
      expect(other.articles[0]!.title).toBe(gold.articles[0]!.title);
      expect(JSON.stringify(other.articles)).not.toContain('\uFEFF');
    }
    expect(others.map((o) => o.source.name)).toEqual(['bulletin-gbk.txt', 'bulletin-bom.txt', 'bulletin-utf16le.txt']);
  });

  it('fails on a missing file with one line on stderr and nothing on stdout', async () => {
    const { code, stdout, stderr } = await runCli(['extract', 'no/such/file.txt']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('zhida extract: no/such/file.txt: no such file\n');
  });
});

describe('zhida extract, several files', () => {
  it('prints one JSON line per good file in order and one stderr line per bad file, then exits 1', async () => {
    const missing = join(dir, 'missing.txt');
    const empty = join(dir, 'empty.txt');
    const binary = join(dir, 'image.png');
    const huge = join(dir, 'huge.txt');
    const folder = join(dir, 'folder');
    await writeFile(empty, '');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await writeFile(binary, Buffer.concat([png, pseudoRandomBytes(4096, 42)]));
    await writeFile(huge, '');
    await truncate(huge, MAX_INPUT_BYTES + 1); // sparse: nothing is written, but stat says 50 MiB + 1
    await mkdir(folder, { recursive: true });

    const files = [bulletinPath, missing, empty, join(dir, 'notice.txt'), binary, huge, folder];
    const { code, stdout, stderr } = await runCli(['extract', ...files]);

    expect(code).toBe(1);
    const out = jsonLines(stdout);
    expect(out.map((e) => e.source.name)).toEqual(['bulletin-2026-sample.txt', 'notice.txt']);
    expect(out[0]).toEqual(gold);
    expect(out[1]!.schemaVersion).toBe(1);

    const errorLines = lines(stderr);
    const expected: [string, RegExp][] = [
      [missing, /no such file/],
      [empty, /empty/],
      [binary, /binary|image|not a policy document|encoding/i],
      [huge, new RegExp(`${MAX_INPUT_BYTES + 1} bytes, over the limit of ${MAX_INPUT_BYTES} bytes`)],
      [folder, /directory/],
    ];
    expect(errorLines).toHaveLength(expected.length);
    expected.forEach(([path, problem], i) => {
      expect(errorLines[i]!.startsWith(`zhida extract: ${path}: `)).toBe(true);
      expect(errorLines[i]!.slice(`zhida extract: ${path}: `.length)).toMatch(problem);
    });
    expect(stderr).not.toMatch(/\n\s+at /); // no stack traces
  });

  it('writes JSON lines to --out and nothing on stdout', async () => {
    const out = join(dir, 'out.jsonl');
    const { code, stdout, stderr } = await runCli(['extract', bulletinPath, join(dir, 'notice.txt'), '--out', out]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const written = await readFile(out, 'utf8');
    expect(written.endsWith('\n')).toBe(true);
    const extractions = jsonLines(written);
    expect(extractions.map((e) => e.source.name)).toEqual(['bulletin-2026-sample.txt', 'notice.txt']);
    expect(extractions[0]).toEqual(gold);
  });

  it('writes one line to --out for one file', async () => {
    const out = join(dir, 'one.jsonl');
    const { code, stdout } = await runCli(['extract', '--out', out, bulletinPath]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const written = await readFile(out, 'utf8');
    expect(lines(written)).toHaveLength(1);
    expect(JSON.parse(written)).toEqual(gold);
  });

  it('stops quietly when the reader goes away (zhida extract … | head -n 1)', async () => {
    const files = Array.from({ length: 200 }, () => bulletinPath);
    const child = spawn(process.execPath, [bin, 'extract', ...files], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let firstLine = '';
    await new Promise<void>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        firstLine += chunk;
        if (firstLine.includes('\n')) {
          child.stdout.destroy(); // like head after its first line
          resolve();
        }
      });
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(JSON.parse(firstLine.slice(0, firstLine.indexOf('\n')))).toEqual(gold);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('zhida extract, usage', () => {
  it('states the size limit, formats and encodings in --help', async () => {
    const { code, stdout } = await runCli(['extract', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(`${MAX_INPUT_BYTES / 1024 / 1024} MiB`);
    expect(stdout).toContain(String(MAX_INPUT_BYTES));
    for (const word of ['UTF-8', 'GBK', 'UTF-16', 'HTML', 'PDF', 'DOCX', '--out', '--compact']) {
      expect(stdout).toContain(word);
    }
  });

  it('lists the commands in the top-level --help', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\s+extract /m);
    expect(stdout).toMatch(/^\s+serve /m);
  });

  it('exits 2 with a message on an unknown option', async () => {
    const { code, stdout, stderr } = await runCli(['extract', '--bogus', bulletinPath]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("unknown option '--bogus'");
  });

  it('exits 2 without files, on an unknown command, and for --pretty with several files', async () => {
    for (const args of [['extract'], ['nonsense'], ['extract', '--pretty', bulletinPath, bulletinPath], []]) {
      const { code, stdout, stderr } = await runCli(args);
      expect({ args, code, stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(stderr).not.toBe('');
    }
  });
});
