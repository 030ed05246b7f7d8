import { readFile, stat } from 'node:fs/promises';
import { errors, ZhidaError } from '../core/errors.ts';

/**
 * The bytes of one input file, refused before reading when it is not a regular file, empty, or over `limit`:
 * a 10 GB file is never read into memory, and a FIFO or device never blocks the run.
 */
export async function readInputFile(path: string, limit: number): Promise<Uint8Array> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw errors.unreadable('it is a directory');
    if (!info.isFile()) throw errors.unreadable('it is not a regular file');
    if (info.size > limit) throw errors.tooLarge(info.size, limit);
    if (info.size === 0) throw errors.emptyInput();
    const bytes = await readFile(path);
    // The file may have grown since stat; the limit holds for what was actually read.
    if (bytes.byteLength > limit) throw errors.tooLarge(bytes.byteLength, limit);
    return bytes;
  } catch (err) {
    throw toInputError(err);
  }
}

/** A file-system error as the ZhidaError a user reads (no such file, permission denied…); others unchanged. */
export function toInputError(err: unknown): unknown {
  if (err instanceof ZhidaError) return err;
  switch ((err as NodeJS.ErrnoException).code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return errors.notFound();
    case 'EACCES':
    case 'EPERM':
      return errors.unreadable('permission denied');
    case 'EISDIR':
      return errors.unreadable('it is a directory');
    case 'ELOOP':
      return errors.unreadable('too many symbolic links');
    case 'ENAMETOOLONG':
      return errors.unreadable('the path is too long');
    default:
      return err;
  }
}
