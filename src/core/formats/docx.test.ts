import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readDocument } from './read.ts';
import { buildDocx, HEADLINE, MEASURES } from './test-docx.ts';

describe('DOCX', () => {
  it('gives one line per Word paragraph and one line per table row', async () => {
    const doc = await readDocument(await buildDocx({ title: HEADLINE }));
    expect(doc.format).toBe('docx');
    expect(doc.encoding).toBe('utf-8');
    expect(doc.title).toBe(HEADLINE);
    expect(doc.text.split('\n')).toEqual([
      HEADLINE,
      '各区人民政府，市政府各部门：',
      MEASURES,
      '支持类别\t补贴标准',
      '智能工厂\t最高500万元',
      '示范项目\t投资额的10% 最高1000万元',
      '本措施自2026年1月1日起施行。',
    ]);
  });

  it('has a null title when core.xml declares none', async () => {
    expect((await readDocument(await buildDocx())).title).toBeNull();
  });

  it('reports a ZIP that is not a Word document as such', async () => {
    const zip = new JSZip();
    zip.file('readme.txt', '这不是Word文档');
    const bytes = await zip.generateAsync({ type: 'uint8array' });
    await expect(readDocument(bytes)).rejects.toMatchObject({
      id: 'input.binary',
      message: expect.stringContaining('a ZIP archive that is not a Word document'),
    });
  });

  it('reports a damaged DOCX as a damaged DOCX', async () => {
    const bytes = await buildDocx();
    await expect(readDocument(bytes.subarray(0, Math.floor(bytes.length * 0.6)))).rejects.toMatchObject({
      id: 'input.format',
      message: expect.stringContaining('DOCX'),
    });
    const zip = await JSZip.loadAsync(bytes);
    zip.file('word/document.xml', '<w:document><w:body><w:p>未闭合');
    await expect(readDocument(await zip.generateAsync({ type: 'uint8array' }))).rejects.toMatchObject({
      id: 'input.format',
    });
  });
});
