import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZhidaError } from '../core/errors.ts';
import { collectInputs, type InputFile } from './walk.ts';

let dir: string;
let outside: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zhida-walk-'));
  outside = await mkdtemp(join(tmpdir(), 'zhida-walk-outside-'));
  await mkdir(join(dir, 'b', 'c'), { recursive: true });
  await mkdir(join(dir, '.git'));
  await mkdir(join(dir, 'a-b'));
  for (const file of ['z.txt', 'b/c/x.pdf', 'b/y', 'a-b/w.html', '.git/config', 'b/.env']) {
    await writeFile(join(dir, file), 'x');
  }
  await writeFile(join(outside, 'o.txt'), 'x');
  await symlink(join(outside, 'o.txt'), join(dir, 'out.txt'));
  await symlink(outside, join(dir, 'out-dir'));
  await symlink(join(dir, 'b'), join(dir, 'b', 'c', 'loop'));
  await symlink(join(dir, 'nothing'), join(dir, 'dangling'));
  await symlink(join(dir, 'z.txt'), join(dir, 'b', 'z-link.txt'));
});

afterAll(async () => {
  await chmod(join(dir, 'b', 'c'), 0o755).catch(() => {});
  await rm(dir, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

const summary = (inputs: InputFile[]) =>
  inputs.map((i) => (i.error === undefined ? i.name : `${i.name}: ${(i.error as ZhidaError).message}`));

describe('collectInputs', () => {
  it('walks a directory in name order, skipping hidden entries and links that leave it', async () => {
    expect(summary(await collectInputs([dir]))).toEqual([
      'a-b/w.html',
      'b/c/loop: the file cannot be read: a symbolic link loop',
      'b/c/x.pdf',
      'b/y',
      'b/z-link.txt',
      'dangling: the file cannot be read: a symbolic link to nothing',
      'out-dir: the file cannot be read: a symbolic link out of the directory, not followed',
      'out.txt: the file cannot be read: a symbolic link out of the directory, not followed',
      'z.txt',
    ]);
  });

  it('names a file argument by its base name and keeps the order of the arguments', async () => {
    const inputs = await collectInputs([join(dir, 'z.txt'), join(dir, 'b', 'c'), join(dir, 'missing.txt')]);
    expect(summary(inputs)).toEqual([
      'z.txt',
      'loop: the file cannot be read: a symbolic link out of the directory, not followed',
      'x.pdf',
      'missing.txt: no such file',
    ]);
    expect(inputs[0]!.path).toBe(join(dir, 'z.txt'));
    expect(inputs[2]!.path).toBe(join(dir, 'b', 'c', 'x.pdf'));
  });

  it.skipIf(userInfo().uid === 0)('reports a directory it cannot list', async () => {
    await chmod(join(dir, 'b', 'c'), 0o000);
    try {
      const inputs = await collectInputs([join(dir, 'b')]);
      expect(summary(inputs)).toContain(
        'c: the file cannot be read: the directory cannot be listed: permission denied',
      );
    } finally {
      await chmod(join(dir, 'b', 'c'), 0o755);
    }
  });
});
