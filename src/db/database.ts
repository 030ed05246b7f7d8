import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DialectName } from './dialect.ts';
import { migrateToLatest } from './migrate.ts';
import type { Schema } from './schema.ts';

export const DEFAULT_SQLITE_PATH = './zhida-data/zhida.db';

export interface Database {
  db: Kysely<Schema>;
  dialect: DialectName;
  /** where the data lives, with any password masked: safe to print and log */
  location: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL only: the schema to use (tests isolate themselves in one each) */
  schema?: string;
  /** run migrations (default true) */
  migrate?: boolean;
}

/** `--db` wins, then ZHIDA_DATABASE_URL, then the embedded default. */
export function resolveDatabaseTarget(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env.ZHIDA_DATABASE_URL ?? DEFAULT_SQLITE_PATH;
}

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** A connection URL with its password replaced, for messages and logs. */
export function maskUrl(target: string): string {
  return target.replace(/^(postgres(?:ql)?:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

export async function openDatabase(target: string, options: OpenOptions = {}): Promise<Database> {
  const database = isPostgresUrl(target) ? openPostgres(target, options.schema) : openSqlite(target);
  if (options.migrate !== false) {
    try {
      await migrateToLatest(database.db as Kysely<unknown>, database.dialect);
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}

function openSqlite(path: string): Database {
  const file = path === ':memory:' ? path : resolve(path);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets readers go on while one writer commits; NORMAL sync is durable at each WAL checkpoint and
  // keeps a committed transaction across a process kill (not across power loss of the last commits).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Reads through a memory map instead of a read() per page: an indexed lookup (a session, a token, an enterprise)
  // costs a third of the CPU it did, measured. 256 MiB of address space at most; writes still go through the WAL.
  sqlite.pragma('mmap_size = 268435456');
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', location: file, close: () => db.destroy() };
}

/** Distinct SQL texts whose prepared statements are kept. */
const STATEMENT_CACHE = 500;

/**
 * Kysely prepares every query anew; parsing the SQL costs about as much as running an indexed lookup, so the
 * statements of the last STATEMENT_CACHE distinct texts are kept and reused (a statement still being iterated
 * is not shared: a fresh one is prepared).
 */
function withStatementCache(sqlite: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (text: string): SQLite.Statement => {
      const held = statements.get(text);
      if (held !== undefined && !held.busy) return held;
      const statement = sqlite.prepare(text);
      if (held === undefined) {
        if (statements.size >= STATEMENT_CACHE) statements.delete(statements.keys().next().value!);
        statements.set(text, statement);
      }
      return statement;
    },
  };
}

// PostgreSQL returns BIGINT (counts, sums) as strings; Zhida's numbers fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

function openPostgres(url: string, schema: string | undefined): Database {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', location: maskUrl(url), close: () => db.destroy() };
}
