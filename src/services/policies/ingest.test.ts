import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, DIALECTS, openTestDatabase, type TestDatabase } from '../../../test/helpers/databases.ts';
import { ingestDocument } from './ingest.ts';

const bulletin = readFileSync(new URL('../../../data/corpus/bulletin-2026-sample.txt', import.meta.url));

describe.each(DIALECTS)('ingest on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
  });
  afterAll(() => database.drop());

  const count = (table: 'policy_source_version' | 'policy_article' | 'policy_measure' | 'audit_log') =>
    countRows(database.db, table);

  it('stores the bulletin: its bytes, 20 articles, their measures and figures with offsets', async () => {
    const outcome = await ingestDocument(database, { name: 'bulletin.txt', bytes: bulletin }, 'test');
    expect(outcome).toMatchObject({ status: 'new', version: 1, articles: 20, measures: 85 });
    const blob = await database.db.selectFrom('policy_blob').selectAll().executeTakeFirstOrThrow();
    expect(Buffer.from(blob.content).equals(bulletin)).toBe(true);
    const version = await database.db.selectFrom('policy_source_version').selectAll().executeTakeFirstOrThrow();
    const measures = await database.db.selectFrom('policy_measure').selectAll().orderBy('id').execute();
    for (const m of measures) expect(version.text.slice(m.start_offset, m.end_offset)).toBe(m.text);
    const amounts = await database.db.selectFrom('policy_amount').selectAll().execute();
    for (const a of amounts) expect(version.text.slice(a.start_offset, a.end_offset)).toBe(a.text);
    expect(amounts.find((a) => a.text === '1000—2000元/吨标煤')).toMatchObject({ min: 1000, max: 2000, per: '吨标煤' });
    expect(amounts.filter((a) => a.measure_id !== null).length).toBeGreaterThan(0);
  });

  it('changes nothing when the same bytes come again', async () => {
    const before = await Promise.all([count('policy_source_version'), count('policy_article'), count('audit_log')]);
    const outcome = await ingestDocument(database, { name: 'bulletin.txt', bytes: bulletin }, 'test');
    expect(outcome.status).toBe('unchanged');
    expect(await Promise.all([count('policy_source_version'), count('policy_article'), count('audit_log')])).toEqual(
      before,
    );
  });

  it('keeps the old version readable when the document changes', async () => {
    const changed = Buffer.from(bulletin.toString('utf8').replace('最高不超过1000万元', '最高不超过1500万元'));
    const outcome = await ingestDocument(database, { name: 'bulletin.txt', bytes: changed }, 'test');
    expect(outcome).toMatchObject({ status: 'updated', version: 2 });
    const versions = await database.db.selectFrom('policy_source_version').selectAll().orderBy('version').execute();
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[0]!.text).toContain('最高不超过1000万元');
    const current = await database.db.selectFrom('policy_article').select('id').where('current', '=', 1).execute();
    expect(current).toHaveLength(20);
    expect(await count('policy_article')).toBe(40);
    const audit = await database.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['policy_source.create', 'policy_source.update']);
    expect(audit[1]!.actor).toBe('test');
  });

  it('links articles that describe the same document or the same measures', async () => {
    const articles = await database.db
      .selectFrom('policy_article')
      .select(['id', 'title', 'same_as_id'])
      .where('current', '=', 1)
      .orderBy('id')
      .execute();
    const group = (title: string) => {
      const a = articles.find((x) => x.title.startsWith(title))!;
      return a.same_as_id ?? a.id;
    };
    // One Shanghai manufacturing plan told three times: by its document (#13) and by shared sentences (#10, #11).
    expect(group('上海三方面着力实施制造业')).toBe(group('上海实施四大行动支持先进制造业'));
    expect(group('上海从三方面实施先进制造业')).toBe(group('上海实施四大行动支持先进制造业'));
    expect(group('上海多措并举打造全球脑机接口')).toBe(group('上海多措并举加速脑机接口产品化'));
    expect(group('江苏出台四方面')).toBe(group('江苏多措并举推动实施'));
    expect(group('山东多措并举促进创业投资')).not.toBe(group('山东六大行动'));
    const documents = await database.db.selectFrom('policy_document').selectAll().execute();
    expect(documents.filter((d) => d.title.startsWith('江苏省“人工智能'))).toHaveLength(1);
  });

  it('reports a file it cannot read and stores nothing of it', async () => {
    const before = await count('policy_source_version');
    const outcome = await ingestDocument(database, { name: 'empty.txt', bytes: new Uint8Array() }, 'test');
    expect(outcome).toMatchObject({ status: 'failed', error: 'the file is empty' });
    expect(await count('policy_source_version')).toBe(before);
  });
});
