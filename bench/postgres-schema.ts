import pg from 'pg';
import { openDatabase, type Database } from '../src/db/database.ts';

// Every bench that runs on PostgreSQL does so in a throwaway schema of the local server, dropped afterwards, so a
// bench never touches what the tests or a developer keep in the same database. A missing server is not a crash: the
// bench writes one JSON line that says so and goes on with its other dialects.

export const POSTGRES_URL = process.env.ZHIDA_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Runs `task` on a database opened (and migrated) in a fresh schema `zhida_bench_<name>_<pid>`, dropped afterwards.
 * When the server cannot be reached, writes `{ ...missingLine, error }` on stdout and a note on stderr, and returns
 * undefined without running the task.
 */
export async function withPostgresSchema<T>(
  name: string,
  missingLine: Record<string, unknown>,
  task: (database: Database) => Promise<T>,
): Promise<T | undefined> {
  const schema = `zhida_bench_${name}_${process.pid}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  try {
    await admin.connect();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.query(`create schema ${schema}`);
  } catch (error) {
    await admin.end().catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `bench ${name}: PostgreSQL at ${POSTGRES_URL} is not available (${reason}); no postgres lines\n`,
    );
    process.stdout.write(`${JSON.stringify({ ...missingLine, error: reason })}\n`);
    return undefined;
  }
  try {
    const database = await openDatabase(POSTGRES_URL, { schema });
    try {
      return await task(database);
    } finally {
      await database.close();
    }
  } finally {
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  }
}
