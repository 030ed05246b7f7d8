import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, sep } from 'node:path';
import { errors } from '../core/errors.ts';
import { toInputError } from './read-input.ts';

/** One input of a run over files and directories: where it is, the name it is stored under, or why not. */
export interface InputFile {
  path: string;
  /** the source name: the path relative to the directory given, or the base name of a file given */
  name: string;
  /** set when the walk already knows the file cannot be read (a symbolic link out of the tree, …) */
  error?: unknown;
}

/**
 * The files of the arguments, in a stable order: a FILE as given (named by its base name), a DIR walked
 * recursively (each file named by its path relative to DIR, with `/`), its files sorted by that name.
 * Hidden files and directories (a name starting with `.`) are skipped. Symbolic links are followed only
 * while they stay inside the directory given: one that leads out of it, or in a loop, is reported, not read.
 * A path that does not exist or a directory that cannot be listed becomes an input with its error, so the
 * run reports it with the others instead of stopping.
 */
export async function collectInputs(args: string[]): Promise<InputFile[]> {
  const inputs: InputFile[] = [];
  for (const arg of args) {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(arg)).isDirectory();
    } catch (err) {
      inputs.push({ path: arg, name: basename(arg), error: toInputError(err) });
      continue;
    }
    if (!isDirectory) {
      inputs.push({ path: arg, name: basename(arg) });
      continue;
    }
    const found: InputFile[] = [];
    const root = await realpath(arg);
    await walk(arg, '', root, new Set([root]), found);
    found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    inputs.push(...found);
  }
  return inputs;
}

async function walk(dir: string, prefix: string, root: string, ancestors: Set<string>, out: InputFile[]) {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    out.push({ path: dir, name: prefix || '.', error: directoryError(err) });
    return;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    const name = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      const real = await realpath(path).catch(() => path);
      await walk(path, name, root, new Set([...ancestors, real]), out);
    } else if (entry.isSymbolicLink()) {
      await followLink(path, name, root, ancestors, out);
    } else {
      // Regular files, and FIFOs or devices that reading will refuse with a reason.
      out.push({ path, name });
    }
  }
}

async function followLink(path: string, name: string, root: string, ancestors: Set<string>, out: InputFile[]) {
  let target: string;
  try {
    target = await realpath(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ELOOP' ? 'a symbolic link loop' : 'a symbolic link to nothing';
    out.push({ path, name, error: errors.unreadable(reason) });
    return;
  }
  const inside = relative(root, target);
  if (inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    out.push({ path, name, error: errors.unreadable('a symbolic link out of the directory, not followed') });
    return;
  }
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(target)).isDirectory();
  } catch (err) {
    out.push({ path, name, error: toInputError(err) });
    return;
  }
  if (!isDirectory) {
    out.push({ path, name });
  } else if (ancestors.has(target)) {
    out.push({ path, name, error: errors.unreadable('a symbolic link loop') });
  } else {
    await walk(path, name, root, new Set([...ancestors, target]), out);
  }
}

function directoryError(err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM')
    return errors.unreadable('the directory cannot be listed: permission denied');
  return toInputError(err);
}
