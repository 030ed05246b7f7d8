import { sql, type Kysely } from 'kysely';
import { notNull, withId, type DialectName } from '../dialect.ts';

// Accounts and how they sign in: a password session (a browser) or an API token (another system). Neither
// secret is stored: sessions and tokens are kept as the SHA-256 of a random 32-byte value, passwords as scrypt.

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await withId(db.schema.createTable('account'), dialect)
    .addColumn('username', 'text', (col) => col.notNull().unique())
    .addColumn('display_name', 'text', notNull)
    .addColumn('role', 'text', (col) =>
      col.notNull().check(sql`role in ('admin', 'policy_operator', 'service_coordinator', 'enterprise_user')`),
    )
    .addColumn('department', 'text')
    .addColumn('region', 'text')
    .addColumn('uscc', 'text')
    .addColumn('password_hash', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('disabled', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('account_session')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'integer', (col) => col.notNull().references('account.id'))
    .addColumn('csrf_token', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('expires_at', 'text', notNull)
    .addColumn('last_seen_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('account_session_account').on('account_session').column('account_id').execute();

  await withId(db.schema.createTable('api_token'), dialect)
    .addColumn('account_id', 'integer', (col) => col.notNull().references('account.id'))
    .addColumn('name', 'text', notNull)
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'text', notNull)
    .addColumn('last_used_at', 'text')
    .addColumn('revoked', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('api_token_account').on('api_token').column('account_id').execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').column('actor').execute();
}
