import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DialectName } from './dialect.ts';
import * as policyLibrary from './migrations/001-policy-library.ts';
import * as enterprises from './migrations/002-enterprises.ts';
import * as policies from './migrations/003-policies.ts';
import * as accounts from './migrations/004-accounts.ts';
import * as notifications from './migrations/005-notifications.ts';
import * as requests from './migrations/006-requests.ts';
import * as push from './migrations/007-push.ts';

// Migrations are listed here rather than read from a folder, so they work the same under tsx, vitest and a
// bundle. Each takes the dialect: the few types that differ (ids, bytes, the full-text index) are chosen there.
const MIGRATIONS: Record<string, { up(db: Kysely<unknown>, dialect: DialectName): Promise<void> }> = {
  '001-policy-library': policyLibrary,
  '002-enterprises': enterprises,
  '003-policies': policies,
  '004-accounts': accounts,
  '005-notifications': notifications,
  '006-requests': requests,
  '007-push': push,
};

class ListedMigrations implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const [name, migration] of Object.entries(MIGRATIONS)) {
      migrations[name] = { up: (db) => migration.up(db, this.dialect) };
    }
    return migrations;
  }
}

/** Brings the schema up to date; run on every start. */
export async function migrateToLatest(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  // PostgreSQL: Kysely looks for its migration table in every schema of the database; name ours (the first of
  // the search_path), or another schema's table (a test's, another library's) would count as ours.
  const schema =
    dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  const migrator = new Migrator({
    db,
    provider: new ListedMigrations(dialect),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${reason}`, { cause: error });
  }
}
