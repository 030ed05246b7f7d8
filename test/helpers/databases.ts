import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database.ts';
import type { DialectName } from '../../src/db/dialect.ts';
import type { Schema } from '../../src/db/schema.ts';
import { syncBundledPacks } from '../../src/services/rules/pack.ts';

// Every storage test runs on both dialects: a fresh SQLite file, and a fresh schema on the PostgreSQL
// server that .ci/run starts (127.0.0.1:5432, database test, trust auth).

export const DIALECTS: DialectName[] = ['sqlite', 'postgres'];

export const POSTGRES_URL = process.env.ZHIDA_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase extends Database {
  /** what to pass as --db to the CLI for this database (PostgreSQL: the URL; the schema goes in PGOPTIONS) */
  target: string;
  /** environment for a child process that must see the same database */
  env: Record<string, string>;
  drop(): Promise<void>;
}

let counter = 0;

/** How many rows a table holds (PostgreSQL counts come back as strings; Number() reads both). */
export async function countRows(db: Kysely<Schema>, table: keyof Schema): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function withPack(database: Database, pack: boolean): Promise<Database> {
  if (pack) await syncBundledPacks(database);
  return database;
}

/**
 * A fresh database of `dialect`. Without `pack: true` it does not hold the bundled policy pack that every
 * database the product opens holds (src/cli/library.ts): tests of other areas count their own rows and audit entries.
 */
export async function openTestDatabase(dialect: DialectName, options: { pack?: boolean } = {}): Promise<TestDatabase> {
  const pack = options.pack === true;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'zhida-test-'));
    const target = join(dir, 'zhida.db');
    const database = await withPack(await openDatabase(target), pack);
    return {
      ...database,
      target,
      env: {},
      drop: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `zt_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  let database: Database;
  try {
    database = await withPack(await openDatabase(POSTGRES_URL, { schema }), pack);
  } catch (error) {
    await admin.query(`drop schema ${schema} cascade`); // a failed migration leaves no schema behind
    throw error;
  } finally {
    await admin.end();
  }
  return {
    ...database,
    target: POSTGRES_URL,
    env: { PGOPTIONS: `-c search_path=${schema}` },
    drop: async () => {
      await database.close();
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema ${schema} cascade`);
      await client.end();
    },
  };
}
