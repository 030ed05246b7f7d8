import type { ColumnDefinitionBuilder, CreateTableBuilder } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/** An auto-numbered primary key: INTEGER PRIMARY KEY AUTOINCREMENT on SQLite, an identity column on PostgreSQL. */
export function withId<T extends string>(table: CreateTableBuilder<T>, dialect: DialectName): CreateTableBuilder<T> {
  return dialect === 'sqlite'
    ? table.addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    : table.addColumn('id', 'integer', (col) => col.primaryKey().generatedByDefaultAsIdentity());
}

/** Bytes: BLOB on SQLite, BYTEA on PostgreSQL. */
export function bytesType(dialect: DialectName): 'blob' | 'bytea' {
  return dialect === 'sqlite' ? 'blob' : 'bytea';
}

/** Sums in yuan reach 10^13 and may have fractions: REAL / DOUBLE PRECISION. */
export function numberType(dialect: DialectName): 'real' | 'double precision' {
  return dialect === 'sqlite' ? 'real' : 'double precision';
}

export const notNull = (col: ColumnDefinitionBuilder) => col.notNull();
