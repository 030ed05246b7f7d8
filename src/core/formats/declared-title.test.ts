import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { cleanDeclaredTitle } from './declared-title.ts';

describe('cleanDeclaredTitle', () => {
  it('keeps a real title, trimmed and with spaces collapsed', () => {
    expect(cleanDeclaredTitle('  关于印发《若干措施》的通知 \n')).toBe('关于印发《若干措施》的通知');
  });

  it('drops placeholders and file names that templates and converters leave behind', () => {
    for (const junk of [
      '',
      '无标题',
      'Untitled',
      'Microsoft Word - 文档1.docx',
      '新建 Microsoft Word 文档',
      'PowerPoint 演示文稿',
      '附件1.pdf',
      '???',
      '\ufffd\ufffd',
    ]) {
      expect(cleanDeclaredTitle(junk)).toBeNull();
    }
    expect(cleanDeclaredTitle(null)).toBeNull();
  });

  it('repairs a GBK or UTF-8 title that was read as Latin-1', () => {
    const title = '关于支持自动驾驶发展的若干措施';
    expect(cleanDeclaredTitle(iconv.encode(title, 'gbk').toString('latin1'))).toBe(title);
    expect(cleanDeclaredTitle(Buffer.from(title).toString('latin1'))).toBe(title);
    expect(cleanDeclaredTitle('Café policy')).toBe('Café policy');
  });
});
