import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../test/helpers/databases.ts';
import { extractArticles } from '../../core/extract/articles.ts';
import { buildDigest, chineseOrdinal, parseDay, renderDigest, type Digest } from './digest.ts';
import { ingestDocument } from './ingest.ts';

const bulletin = readFileSync(new URL('../../../data/corpus/bulletin-2026-sample.txt', import.meta.url));

const scripted = `关于<script>alert("x")</script>&支持措施的通知发布

日前，某市印发通知，提出两方面措施。
一是加大资金支持，最高给予100万元奖励。
二是优化<b>服务</b>。
`;

/** Markdown back to the plain text of a bulletin: `#` headings become their lines, escapes their characters. */
function plainText(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => line.replace(/^#{1,6}\s+/, '').replace(/\\([\\`*_[\]<>#|])/g, '$1'))
    .join('\n');
}

const entries = (digest: Digest) => digest.columns.flatMap((c) => c.entries);

describe.each(DIALECTS)('digest on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    await ingestDocument(database, { name: 'bulletin.txt', bytes: bulletin }, 'test');
    await ingestDocument(database, { name: 'scripted.txt', bytes: Buffer.from(scripted) }, 'test');
  });
  afterAll(() => database.drop());

  it('prints each policy once, by column, in the order ingested, naming the articles linked to it', async () => {
    const digest = await buildDigest(database);
    expect(digest.columns.map((c) => c.name)).toEqual([
      '科创聚焦',
      '经济热点',
      '产业动向',
      '政策举措',
      '经验交流',
      '域外动态',
      '其他',
    ]);
    const all = entries(digest);
    // 20 articles, of which 7 retell a policy printed earlier in the bulletin; and the scripted notice.
    expect(all).toHaveLength(14);
    const bci = all.find((e) => e.title === '上海多措并举打造全球脑机接口产品创新高地')!;
    expect(bci.alsoIn).toEqual(['上海明确未来五年脑机接口未来产业发展目标', '上海多措并举加速脑机接口产品化']);
    expect(bci.intro).toMatch(/^上海市科委日前发布/);
    expect(bci.measures).toHaveLength(5);
    expect(bci.measures[0]).toMatch(/^加速脑机接口产品化/);
    const titles = all.map((e) => e.title);
    expect(titles).not.toContain('上海明确未来五年脑机接口未来产业发展目标');
  });

  it('reads back as the same articles and measures when its Markdown is extracted again', async () => {
    const digest = await buildDigest(database);
    const markdown = renderDigest(digest, 'md');
    expect(markdown).toMatch(/^# 政策简报\n\n发布时间：/);
    expect(markdown).toContain('\n## 科创聚焦\n\n### 上海明确从三方面打造全球领先的高级别自动驾驶引领区\n');
    expect(markdown).toContain('\n另见：上海明确未来五年脑机接口未来产业发展目标；上海多措并举加速脑机接口产品化。\n');
    const read = extractArticles(plainText(markdown));
    expect(read.map((a) => [a.section, a.title, a.measures.length])).toEqual(
      digest.columns.flatMap((c) => c.entries.map((e) => [c.name, e.title, e.measures.length])),
    );
    expect(read.flatMap((a) => a.measures.map((m) => m.text))).toEqual(entries(digest).flatMap((e) => e.measures));
  });

  it('writes a standalone zh-CN HTML page with every text escaped', async () => {
    const html = renderDigest(await buildDigest(database), 'html');
    expect(html).toMatch(/^<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">/);
    expect(html).toContain('<h1>政策简报</h1>');
    expect(html).toContain('<h2>科创聚焦</h2>');
    expect(html).toContain('<h3>上海明确从三方面打造全球领先的高级别自动驾驶引领区</h3>');
    expect(html).toContain('<p>一是推动建设多样化应用场景。');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<h3>关于&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;支持措施的通知发布</h3>');
    expect(html).toContain('<p>二是优化&lt;b&gt;服务&lt;/b&gt;。</p>');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    const markdown = renderDigest(await buildDigest(database), 'md');
    expect(markdown).toContain('### 关于\\<script\\>alert("x")\\</script\\>&支持措施的通知发布');
  });

  it('keeps the newest entries under --limit and the articles ingested since the day', async () => {
    const limited = entries(await buildDigest(database, { limit: 2 }));
    expect(limited.map((e) => e.title)).toEqual([
      '深圳多措并举促进科技型企业孵化器发展',
      '关于<script>alert("x")</script>&支持措施的通知发布',
    ]);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await buildDigest(database, { since: tomorrow })).columns).toEqual([]);
    expect(renderDigest(await buildDigest(database, { since: tomorrow }), 'md')).toContain('此期间没有新收录的政策。');
    const old = await buildDigest(database, { now: new Date('2020-01-01T00:00:00Z') });
    expect([old.since, old.until]).toEqual(['2019-12-02', '2020-01-01']);
    await expect(buildDigest(database, { since: '2026-13-01' })).rejects.toThrow(RangeError);
  });
});

describe('digest helpers', () => {
  it('reads days and writes ordinals', () => {
    expect(parseDay('2026-02-28')).toBe('2026-02-28');
    expect(parseDay('2026-02-29')).toBeNull();
    expect(parseDay('26-2-1')).toBeNull();
    expect([1, 9, 10, 11, 20, 35].map(chineseOrdinal)).toEqual(['一', '九', '十', '十一', '二十', '三十五']);
  });
});
