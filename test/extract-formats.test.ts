import { readFileSync } from 'node:fs';
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../src/core/extract/document.ts';
import type { Article } from '../src/core/extract/types.ts';
import { buildPdf, PAGE_HEIGHT, textWidth, type TestPdfPage } from '../src/core/formats/test-pdf.ts';

// The bundled bulletin printed as a PDF (wrapped lines, indented paragraphs, page numbers) and saved as a
// Word file must extract like the text itself: the format readers and the extractor meet here.

const text = readFileSync(new URL('../data/corpus/bulletin-2026-sample.txt', import.meta.url), 'utf8');
const paragraphs = text
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line.length > 0);

/** Lays paragraphs out like a printed A4 bulletin: 30 characters a line, body paragraphs indented two. */
function asPdf(lines: string[]): Uint8Array {
  const size = 12;
  const left = 72;
  const perLine = 30;
  const pages: TestPdfPage[] = [];
  let page: TestPdfPage = { lines: [] };
  let y = 80;
  const put = (line: string, x: number) => {
    if (y > PAGE_HEIGHT - 90) {
      page.lines.push({ text: `- ${pages.length + 1} -`, x: 280, y: PAGE_HEIGHT - 40, size: 10 });
      pages.push(page);
      page = { lines: [] };
      y = 80;
    }
    page.lines.push({ text: line, x, y, size });
    y += 20;
  };
  for (const paragraph of lines) {
    const body = paragraph.endsWith('。') || paragraph.length > perLine;
    if (!body) {
      put(paragraph, left + (perLine * size - textWidth(paragraph, size)) / 2);
      continue;
    }
    // First line indented by two characters, the rest flush left; a line breaks where the next character would
    // pass the right margin, as a typesetter fills it.
    const right = left + perLine * size;
    let line = '';
    let x0 = left + 2 * size;
    for (const ch of paragraph) {
      if (x0 + textWidth(line + ch, size) > right) {
        put(line, x0);
        line = '';
        x0 = left;
      }
      line += ch;
    }
    if (line.length > 0) put(line, x0);
  }
  pages.push(page);
  return buildPdf(pages);
}

async function asDocx(lines: string[]): Promise<Uint8Array> {
  const doc = new Document({
    sections: [
      {
        children: lines.map(
          (line) =>
            new Paragraph({
              alignment: line.endsWith('。') ? AlignmentType.LEFT : AlignmentType.CENTER,
              children: [new TextRun(line)],
            }),
        ),
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** A government site's page: menus, breadcrumbs, a sidebar and a footer around the bulletin's paragraphs. */
function asHtml(lines: string[]): Uint8Array {
  const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const body = lines
    .map((line) =>
      line.endsWith('。') ? `<p>\u3000\u3000${escape(line)}</p>` : `<p><strong>${escape(line)}</strong></p>`,
    )
    .join('\n');
  const links = ['首页', '政务公开', '政策文件', '办事服务', '互动交流']
    .map((t) => `<li><a href="#">${t}</a></li>`)
    .join('');
  return new TextEncoder()
    .encode(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>政策简报_某市人民政府</title>
<script>var tracker = "一是二是";</script><style>p{margin:0}</style></head><body>
<div class="header"><ul class="nav">${links}</ul></div>
<div class="crumb">当前位置：<a href="#">首页</a> &gt; <a href="#">政策简报</a></div>
<div class="main"><div class="TRS_Editor">${body}</div>
<div class="related"><h3>相关链接</h3><ul>${links}</ul></div></div>
<div class="footer">版权所有：某市人民政府办公厅 京ICP备00000000号</div></body></html>`);
}

const essentials = (a: Article) => ({
  section: a.section,
  title: a.title,
  regions: a.regions,
  issuers: a.issuers,
  documents: a.documents,
  measures: a.measures,
  amounts: a.amounts,
  rates: a.rates,
  years: a.years,
});

describe('the bulletin in other formats', async () => {
  const expected = (await extractDocument(new TextEncoder().encode(text), 'b.txt')).articles.map(essentials);

  it('extracts the same from a PDF with wrapped, indented lines and page numbers', async () => {
    const extraction = await extractDocument(asPdf(paragraphs), 'b.pdf');
    expect(extraction.source.format).toBe('pdf');
    // A PDF does not print a space as a character: the reader cannot tell the few spaces between Chinese
    // characters (引领区 “模速智行”, “科创齐鲁 创投未来”) from the gaps of justified text, so they are not compared.
    const unspace = (s: string) => s.replace(/\s/g, '');
    const unspaced = (articles: ReturnType<typeof essentials>[]) =>
      articles.map((a) => ({
        ...a,
        documents: a.documents.map(unspace),
        measures: a.measures.map((m) => ({ ...m, text: unspace(m.text) })),
      }));
    expect(unspaced(extraction.articles.map(essentials))).toEqual(unspaced(expected));
  });

  it('extracts the same from a government web page', async () => {
    const extraction = await extractDocument(asHtml(paragraphs), 'b.html');
    expect(extraction.source.format).toBe('html');
    expect(extraction.articles.map(essentials)).toEqual(expected);
  });

  it('extracts the same from a Word document', async () => {
    const extraction = await extractDocument(await asDocx(paragraphs), 'b.docx');
    expect(extraction.source.format).toBe('docx');
    expect(extraction.articles.map(essentials)).toEqual(expected);
  });
});
