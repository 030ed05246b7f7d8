import { existsSync } from 'node:fs';
import type { Database } from '../db/database.ts';
import type { CliIo } from './io.ts';

/**
 * Opens the library the command works on: `--db`, else ZHIDA_DATABASE_URL, else ./zhida-data/zhida.db.
 * Commands that only read (`create: false`) refuse a SQLite file that does not exist: a mistyped path would
 * otherwise answer from a new, empty library. On failure it prints one line and resolves to undefined.
 */
export async function openLibrary(
  command: string,
  flag: string | undefined,
  io: CliIo,
  { create, hint = 'run zhida ingest first' }: { create: boolean; hint?: string },
): Promise<Database | undefined> {
  // Loaded here, not at the top: `zhida --help` and `zhida extract` need not load the database drivers.
  const { isPostgresUrl, maskUrl, openDatabase, resolveDatabaseTarget } = await import('../db/database.ts');
  const target = resolveDatabaseTarget(flag, io.env);
  if (!create && !isPostgresUrl(target) && target !== ':memory:' && !existsSync(target)) {
    io.stderr.write(`zhida ${command}: no library at ${target}; ${hint}, or pass --db\n`);
    return undefined;
  }
  try {
    const database = await openDatabase(target);
    try {
      // The bundled policy pack is reference data every database the product opens holds, so a fresh one
      // answers `zhida match` out of the box; unchanged policies are not stored again.
      const { syncBundledPacks } = await import('../services/rules/pack.ts');
      await syncBundledPacks(database);
    } catch (err) {
      await database.close();
      throw err;
    }
    return database;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    io.stderr.write(`zhida ${command}: cannot open the library at ${maskUrl(target)}: ${reason.split('\n')[0]}\n`);
    return undefined;
  }
}
