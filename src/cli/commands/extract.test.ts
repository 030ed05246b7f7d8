// The mechanics of `zhida extract` (order, failures, progress, backpressure, EPIPE) in-process, with the
// extractor replaced by a stub; test/cli-extract.test.ts runs the real thing end to end.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { errors } from '../../core/errors.ts';
import type { Extraction } from '../../core/extract/types.ts';
import type { CliIo, OutStream } from '../io.ts';
import { main } from '../main.ts';

const calls = { extract: 0 };

vi.mock('../../core/extract/document.ts', () => ({
  extractDocument: async (bytes: Uint8Array, name: string): Promise<Extraction> => {
    calls.extract++;
    const text = new TextDecoder().decode(bytes);
    if (text.startsWith('BINARY')) throw errors.binaryInput();
    if (text.startsWith('BOOM')) throw new TypeError('cannot read properties of undefined\n    at somewhere');
    return {
      schemaVersion: 1,
      source: { name, sha256: 'x', encoding: 'utf-8', format: 'text' },
      articles: [],
    };
  },
}));

/** A stream that keeps what is written; `delayMs` makes it a slow reader, `failAfter` breaks the pipe. */
function sink(options: { tty?: boolean; highWaterMark?: number; delayMs?: number; failAfter?: number } = {}) {
  const chunks: string[] = [];
  let writes = 0;
  const stream = new Writable({
    highWaterMark: options.highWaterMark ?? 16384,
    write(chunk: Buffer, _encoding, callback) {
      writes++;
      if (options.failAfter !== undefined && writes > options.failAfter) {
        callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
        return;
      }
      chunks.push(chunk.toString());
      if (options.delayMs === undefined) callback();
      else setTimeout(callback, options.delayMs);
    },
  }) as OutStream;
  if (options.tty) Object.assign(stream, { isTTY: true, columns: 100 });
  return { stream, text: () => chunks.join(''), lines: () => chunks.join('').split('\n').filter(Boolean) };
}

function io(stdout: OutStream, stderr: OutStream, env: Record<string, string> = {}): CliIo {
  return { stdout, stderr, env };
}

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zhida-cli-unit-'));
  await writeFile(file('a.txt'), '政策一');
  await writeFile(file('b.txt'), '政策二');
  await writeFile(file('bin.dat'), 'BINARY');
  await writeFile(file('boom.txt'), 'BOOM');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  calls.extract = 0;
});

describe('extract command', () => {
  it('keeps the order of the files and reports each failure on one line without a stack', async () => {
    const out = sink();
    const err = sink();
    const code = await main(
      ['extract', file('a.txt'), file('bin.dat'), file('boom.txt'), file('b.txt')],
      io(out.stream, err.stream),
    );
    expect(code).toBe(1);
    expect(out.lines().map((l) => (JSON.parse(l) as Extraction).source.name)).toEqual(['a.txt', 'b.txt']);
    expect(err.lines()).toEqual([
      `zhida extract: ${file('bin.dat')}: ${errors.binaryInput().message}`,
      `zhida extract: ${file('boom.txt')}: internal error (TypeError: cannot read properties of undefined); ` +
        'run again with ZHIDA_DEBUG=1 for details and please report it',
    ]);
  });

  it('adds the stack trace of unexpected errors with ZHIDA_DEBUG=1', async () => {
    const err = sink();
    const code = await main(['extract', file('boom.txt')], io(sink().stream, err.stream, { ZHIDA_DEBUG: '1' }));
    expect(code).toBe(1);
    expect(err.lines()[0]).toMatch(/^zhida extract: .*boom\.txt: internal error/);
    expect(err.text()).toMatch(/\n\s+at /);
  });

  it('draws a progress bar on a terminal stderr, and never on a pipe', async () => {
    const files = [file('a.txt'), file('bin.dat'), file('b.txt')];
    const tty = sink({ tty: true });
    expect(await main(['extract', ...files], io(sink().stream, tty.stream))).toBe(1);
    expect(tty.text()).toContain('3/3 files');
    expect(tty.text()).toContain(`zhida extract: ${file('bin.dat')}: `);

    const pipe = sink();
    expect(await main(['extract', ...files], io(sink().stream, pipe.stream))).toBe(1);
    expect(pipe.text()).toBe(`zhida extract: ${file('bin.dat')}: ${errors.binaryInput().message}\n`);

    // JSON lines on the same terminal would tear the bar apart: no bar then.
    const both = sink({ tty: true });
    expect(await main(['extract', ...files], io(sink({ tty: true }).stream, both.stream))).toBe(1);
    expect(both.text()).not.toContain('files');
  });

  it('waits for a slow reader instead of buffering every result', async () => {
    let maxAhead = 0;
    const out = sink({ highWaterMark: 1, delayMs: 5 });
    const files = Array.from({ length: 20 }, (_, i) => file(i % 2 ? 'a.txt' : 'b.txt'));
    const watch = setInterval(() => (maxAhead = Math.max(maxAhead, calls.extract - out.lines().length)), 1);
    const code = await main(['extract', ...files], io(out.stream, sink().stream));
    clearInterval(watch);
    expect(code).toBe(0);
    expect(out.lines()).toHaveLength(20);
    expect(maxAhead).toBeLessThanOrEqual(2);
  });

  it('stops quietly with exit 0 when stdout is closed (EPIPE)', async () => {
    const err = sink();
    const files = Array.from({ length: 50 }, () => file('a.txt'));
    const code = await main(['extract', ...files], io(sink({ failAfter: 1, highWaterMark: 1 }).stream, err.stream));
    expect(code).toBe(0);
    expect(err.text()).toBe('');
    expect(calls.extract).toBeLessThan(50);
  });

  it('writes --out as JSON lines, and reports an --out it cannot create', async () => {
    const target = file('out.jsonl');
    const out = sink();
    expect(await main(['extract', file('a.txt'), '--out', target], io(out.stream, sink().stream))).toBe(0);
    expect(out.text()).toBe('');
    expect((await readFile(target, 'utf8')).split('\n')).toHaveLength(2);

    const err = sink();
    const bad = join(dir, 'no-such-dir', 'out.jsonl');
    expect(await main(['extract', file('a.txt'), '--out', bad], io(sink().stream, err.stream))).toBe(1);
    expect(err.lines()).toHaveLength(1);
    expect(err.lines()[0]).toMatch(new RegExp(`^zhida extract: cannot write ${bad}: ENOENT`));
  });

  it('refuses --out naming one of the inputs (it would be truncated before it is read)', async () => {
    const err = sink();
    expect(await main(['extract', file('a.txt'), '--out', file('a.txt')], io(sink().stream, err.stream))).toBe(2);
    expect(await readFile(file('a.txt'), 'utf8')).toBe('政策一');
  });
});
