import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Extraction } from '../../src/core/extract/types.ts';

/** The repository root, wherever it was cloned. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const bin = join(root, 'bin/zhida.js');
export const bulletinPath = 'data/corpus/bulletin-2026-sample.txt';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `zhida` as users do (`node bin/zhida.js …`) from the repository root. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const { ZHIDA_DEBUG: _debug, ...inherited } = process.env;
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: root, env: { ...inherited, ...env }, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(error);
          return;
        }
        resolvePromise({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

/**
 * The gold annotation of the sample bulletin: the shared one beside the repository (CI has it), else the copy in
 * test/fixtures so the suite also runs alone.
 */
export async function loadGold(): Promise<Extraction> {
  const shared = resolve(root, '../shared/corpus/bulletin-2026-sample.gold.json');
  const path = existsSync(shared) ? shared : join(root, 'test/fixtures/bulletin-2026-sample.gold.json');
  return JSON.parse(await readFile(path, 'utf8')) as Extraction;
}

export function jsonLines(text: string): Extraction[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Extraction);
}

export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}
