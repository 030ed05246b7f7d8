import { sql, type Kysely } from 'kysely';
import { bytesType, notNull, numberType, withId, type DialectName } from '../dialect.ts';

// The policy library: original bytes by sha256, sources with versions, the articles, measures and figures
// extracted from each version with their offsets in its text, filter tables and the full-text index.

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const num = numberType(dialect);

  await withId(db.schema.createTable('audit_log'), dialect)
    .addColumn('at', 'text', notNull)
    .addColumn('actor', 'text', notNull)
    .addColumn('action', 'text', notNull)
    .addColumn('entity', 'text', notNull)
    .addColumn('entity_id', 'text')
    .addColumn('detail', 'text', notNull)
    .execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity', 'entity_id']).execute();

  await db.schema
    .createTable('policy_blob')
    .addColumn('sha256', 'text', (col) => col.primaryKey())
    .addColumn('size', 'integer', notNull)
    .addColumn('content', bytesType(dialect), notNull)
    .addColumn('created_at', 'text', notNull)
    .execute();

  await withId(db.schema.createTable('policy_source'), dialect)
    .addColumn('name', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'text', notNull)
    .addColumn('current_version_id', 'integer')
    .execute();

  await withId(db.schema.createTable('policy_source_version'), dialect)
    .addColumn('source_id', 'integer', (col) => col.notNull().references('policy_source.id'))
    .addColumn('version', 'integer', notNull)
    .addColumn('sha256', 'text', (col) => col.notNull().references('policy_blob.sha256'))
    .addColumn('encoding', 'text', notNull)
    .addColumn('format', 'text', notNull)
    .addColumn('text', 'text', notNull)
    .addColumn('article_count', 'integer', notNull)
    .addColumn('measure_count', 'integer', notNull)
    .addColumn('ingested_at', 'text', notNull)
    .addUniqueConstraint('policy_source_version_number', ['source_id', 'version'])
    .execute();

  await withId(db.schema.createTable('policy_document'), dialect)
    .addColumn('title', 'text', notNull)
    .addColumn('title_key', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'text', notNull)
    .execute();

  await withId(db.schema.createTable('policy_article'), dialect)
    .addColumn('version_id', 'integer', (col) => col.notNull().references('policy_source_version.id'))
    .addColumn('source_id', 'integer', (col) => col.notNull().references('policy_source.id'))
    .addColumn('ordinal', 'integer', notNull)
    .addColumn('section', 'text')
    .addColumn('title', 'text', notNull)
    .addColumn('title_start', 'integer')
    .addColumn('title_end', 'integer')
    .addColumn('start_offset', 'integer', notNull)
    .addColumn('end_offset', 'integer', notNull)
    .addColumn('regions', 'text', notNull)
    .addColumn('issuers', 'text', notNull)
    .addColumn('documents', 'text', notNull)
    .addColumn('years', 'text', notNull)
    .addColumn('intro', 'text', notNull)
    .addColumn('has_amount', 'integer', notNull)
    .addColumn('current', 'integer', notNull)
    .addColumn('same_as_id', 'integer', (col) => col.references('policy_article.id'))
    .addColumn('ingested_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('policy_article_version').on('policy_article').column('version_id').execute();
  await db.schema
    .createIndex('policy_article_current')
    .on('policy_article')
    .columns(['current', 'ingested_at'])
    .execute();

  await withId(db.schema.createTable('policy_measure'), dialect)
    .addColumn('article_id', 'integer', (col) => col.notNull().references('policy_article.id'))
    .addColumn('ordinal', 'integer', notNull)
    .addColumn('text', 'text', notNull)
    .addColumn('start_offset', 'integer', notNull)
    .addColumn('end_offset', 'integer', notNull)
    .addColumn('same_as_id', 'integer', (col) => col.references('policy_measure.id'))
    .execute();
  await db.schema.createIndex('policy_measure_article').on('policy_measure').column('article_id').execute();

  await db.schema
    .createTable('policy_measure_sentence')
    .addColumn('hash', 'text', notNull)
    .addColumn('measure_id', 'integer', (col) => col.notNull().references('policy_measure.id'))
    .execute();
  await db.schema
    .createIndex('policy_measure_sentence_hash')
    .on('policy_measure_sentence')
    .columns(['hash', 'measure_id'])
    .execute();

  for (const table of ['policy_amount', 'policy_rate'] as const) {
    let builder = withId(db.schema.createTable(table), dialect)
      .addColumn('article_id', 'integer', (col) => col.notNull().references('policy_article.id'))
      .addColumn('measure_id', 'integer', (col) => col.references('policy_measure.id'))
      .addColumn('text', 'text', notNull)
      .addColumn('min', num, notNull)
      .addColumn('max', num, notNull);
    if (table === 'policy_amount') builder = builder.addColumn('per', 'text');
    await builder.addColumn('start_offset', 'integer', notNull).addColumn('end_offset', 'integer', notNull).execute();
    await db.schema.createIndex(`${table}_article`).on(table).column('article_id').execute();
  }

  await db.schema
    .createTable('policy_article_region')
    .addColumn('article_id', 'integer', (col) => col.notNull().references('policy_article.id'))
    .addColumn('code', 'text', notNull)
    .addPrimaryKeyConstraint('policy_article_region_pk', ['article_id', 'code'])
    .execute();
  await db.schema.createIndex('policy_article_region_code').on('policy_article_region').column('code').execute();

  await db.schema
    .createTable('policy_article_year')
    .addColumn('article_id', 'integer', (col) => col.notNull().references('policy_article.id'))
    .addColumn('year', 'integer', notNull)
    .addPrimaryKeyConstraint('policy_article_year_pk', ['article_id', 'year'])
    .execute();
  await db.schema.createIndex('policy_article_year_year').on('policy_article_year').column('year').execute();

  await db.schema
    .createTable('policy_article_document')
    .addColumn('article_id', 'integer', (col) => col.notNull().references('policy_article.id'))
    .addColumn('document_id', 'integer', (col) => col.notNull().references('policy_document.id'))
    .addPrimaryKeyConstraint('policy_article_document_pk', ['article_id', 'document_id'])
    .execute();
  await db.schema
    .createIndex('policy_article_document_document')
    .on('policy_article_document')
    .column('document_id')
    .execute();

  // Full-text index over jieba tokens (space-separated): FTS5 ranks by BM25, PostgreSQL by ts_rank.
  if (dialect === 'sqlite') {
    // policy_search is a plain table keyed by article id, written and deleted like any other; policy_search_fts
    // indexes it (external content, kept in step by triggers) with rowid = article id. A search then ranks and
    // joins on the FTS rowid, which costs nothing per match, instead of reading a stored article_id column from
    // FTS5's content table for every match (3–4× slower at 100,000 measures).
    await db.schema
      .createTable('policy_search')
      .addColumn('article_id', 'integer', (col) => col.primaryKey().references('policy_article.id'))
      .addColumn('title', 'text', notNull)
      .addColumn('body', 'text', notNull)
      .execute();
    await sql`create virtual table policy_search_fts using fts5(title, body, content = 'policy_search',
      content_rowid = 'article_id', tokenize = 'unicode61 remove_diacritics 0')`.execute(db);
    await sql`create trigger policy_search_insert after insert on policy_search begin
      insert into policy_search_fts (rowid, title, body) values (new.article_id, new.title, new.body);
    end`.execute(db);
    await sql`create trigger policy_search_delete after delete on policy_search begin
      insert into policy_search_fts (policy_search_fts, rowid, title, body)
        values ('delete', old.article_id, old.title, old.body);
    end`.execute(db);
    await sql`create trigger policy_search_update after update on policy_search begin
      insert into policy_search_fts (policy_search_fts, rowid, title, body)
        values ('delete', old.article_id, old.title, old.body);
      insert into policy_search_fts (rowid, title, body) values (new.article_id, new.title, new.body);
    end`.execute(db);
  } else {
    await db.schema
      .createTable('policy_search')
      .addColumn('article_id', 'integer', (col) => col.primaryKey().references('policy_article.id'))
      .addColumn('title', 'text', notNull)
      .addColumn('body', 'text', notNull)
      .addColumn('tsv', sql`tsvector`, (col) =>
        col
          .generatedAlwaysAs(sql`setweight(to_tsvector('simple', title), 'A') || to_tsvector('simple', body)`)
          .stored(),
      )
      .execute();
    // Kept in the row (compressed) rather than in TOAST, the title and body text going there first: a broad
    // query reads and ranks the tsvector of half the library, and TOAST lookups made that 3× slower.
    await sql`alter table policy_search alter column tsv set storage main`.execute(db);
    await sql`create index policy_search_tsv on policy_search using gin (tsv)`.execute(db);
  }
}
