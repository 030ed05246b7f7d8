// The HTTP API through the real Fastify stack on a real socket, and `zhida serve` as a process.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Extraction } from '../src/core/extract/types.ts';
import { MAX_INPUT_BYTES } from '../src/core/formats/limits.ts';
import { buildApp } from '../src/server/app.ts';
import { bin, bulletinPath, loadGold, root } from './helpers/cli.ts';

let app: FastifyInstance;
let base: string;
let bulletin: Buffer;
let gold: Extraction;

beforeAll(async () => {
  app = await buildApp();
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  bulletin = await readFile(join(root, bulletinPath));
  gold = await loadGold();
});

afterAll(async () => {
  await app.close();
});

function postDocument(body: Uint8Array, contentType: string, name = 'bulletin-2026-sample.txt'): Promise<Response> {
  return fetch(`${base}/api/extract?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
}

describe('HTTP API', () => {
  it('GET /healthz answers ok', async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('GET / serves the zh-CN web app (or, before it is built, how to build it)', async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toMatch(/<div id="root"><\/div>|npm run build:web/);
  });

  it('POST /api/extract returns the gold extraction of the sample bulletin', async () => {
    const response = await postDocument(bulletin, 'application/octet-stream');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(gold);
  });

  it('reads the bytes as they are, whatever text content type and charset the client claims', async () => {
    const gbk = iconv.encode(bulletin.toString('utf8'), 'gbk');
    const response = await postDocument(gbk, 'text/plain; charset=utf-8', 'C:\\Users\\me\\公告.txt');
    expect(response.status).toBe(200);
    const extraction = (await response.json()) as Extraction;
    expect(extraction.articles).toEqual(gold.articles);
    expect(extraction.source.name).toBe('公告.txt');
  });

  it('answers 400 with the error id for an empty body and for binary data', async () => {
    const empty = await postDocument(new Uint8Array(0), 'application/octet-stream');
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ error: { id: 'input.empty', message: 'the file is empty' } });

    const png = new Uint8Array(2048);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    for (let i = 16; i < png.length; i++) png[i] = (i * 7919) % 251;
    const binary = await postDocument(png, 'application/octet-stream', 'image.png');
    expect(binary.status).toBe(400);
    const body = (await binary.json()) as { error: { id: string; message: string } };
    expect(['input.binary', 'input.encoding']).toContain(body.error.id);
    expect(body.error.message).not.toBe('');
  });

  it('answers 413 input.too_large for a body over the limit', async () => {
    const response = await postDocument(new Uint8Array(MAX_INPUT_BYTES + 1), 'application/octet-stream');
    expect(response.status).toBe(413);
    const body = (await response.json()) as { error: { id: string; message: string } };
    expect(body.error.id).toBe('input.too_large');
    expect(body.error.message).toContain(String(MAX_INPUT_BYTES));
  });

  it('answers 415 for a content type that is not a document, and 404 for an unknown route', async () => {
    const json = await postDocument(new TextEncoder().encode('{"a":1}'), 'application/json');
    expect(json.status).toBe(415);
    expect(((await json.json()) as { error: { id: string } }).error.id).toBe('http.unsupported_media_type');

    const missing = await fetch(`${base}/api/nothing`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { id: string } }).error.id).toBe('http.not_found');
  });
});

describe('zhida serve', () => {
  it('listens on the given port, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], {
      cwd: root,
      env: { ...process.env, ZHIDA_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const address = await new Promise<string>((resolve, reject) => {
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(stderr);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`serve exited early with ${code}: ${stderr}`)));
    });
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // One demo account per role, with its password, printed before the server listens.
    for (const role of ['admin', 'policy_operator', 'service_coordinator', 'enterprise_user']) {
      expect(stderr).toMatch(new RegExp(`^  demo-\\S+ +${role} +demo-\\S+-2026$`, 'm'));
    }
    const health = await fetch(`${address}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });

    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('SIGTERM, closing');
  });
});
