import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ZhidaError } from '../errors.ts';
import { cutSiteSuffix, declaredCharset, decodeHtml, readHtml } from './html.ts';
import { readDocument } from './read.ts';

const TITLE = '上海市人民政府办公厅关于印发《上海市促进智能网联汽车发展若干措施》的通知';
const PARAGRAPHS = [
  '各区人民政府，市政府各委、办、局：',
  '经市政府同意，现将《上海市促进智能网联汽车发展若干措施》印发给你们，请认真按照执行。',
  '一是加大资金支持。对符合条件的企业，给予最高不超过2000万元的补贴。二是优化应用场景。',
  '本措施自2026年1月1日起施行，有效期至2030年12月31日。',
];

/** A page as TRS-based government sites publish it: chrome all around a #zoom / .TRS_Editor body. */
function govPage(charset: string): string {
  return `<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=${charset}">
<meta name="ArticleTitle" content="${TITLE}">
<title>${TITLE}_通知公告_上海市人民政府</title>
<style>.nav { color: red } /* 首页 */</style>
<script>var 首页 = "不要出现"; document.write('<p>脚本文字</p>');</script>
</head>
<body>
<div class="top">
  <div class="logo">上海市人民政府</div>
  <ul class="nav-menu"><li><a href="/">首页</a></li><li><a href="/zw">政务公开</a></li><li><a href="/fw">政务服务</a></li><li><a href="/hd">互动交流</a></li></ul>
</div>
<div class="main">
  <div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zw">政务公开</a> &gt; 通知公告</div>
  <div class="left">
    <div class="article">
      <h1 class="title">${TITLE}</h1>
      <div class="info">发布时间：2025-12-20　来源：市政府办公厅　字号：<a>大</a> <a>中</a> <a>小</a></div>
      <div id="zoom">
        <div class="TRS_Editor">
          <p style="text-indent:2em">${PARAGRAPHS[0]}</p>
          <p>&nbsp;&nbsp;&nbsp;&nbsp;${PARAGRAPHS[1]}</p>
          <p>　　一是加大资金支持。对符合条件的企业，给予最高<span>不超过</span><b>2000</b>万元的补贴。
          二是优化应用场景。</p>
          <p>　　${PARAGRAPHS[3]}</p>
        </div>
      </div>
      <div class="share">分享到：<a>微信</a><a>微博</a></div>
      <div class="print">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
      <div class="prevnext">
        <p>上一篇：<a href="/a.html">关于做好2025年度高新技术企业认定工作的通知</a></p>
        <p>下一篇：<a href="/b.html">关于开展2026年度专精特新企业培育工作的通知</a></p>
      </div>
    </div>
  </div>
  <div class="right">
    <h3>相关文章</h3>
    <ul>
      <li><a href="/1.html">上海市支持生物医药产业发展的若干政策措施（最高补贴5000万元）</a></li>
      <li><a href="/2.html">关于进一步促进民营经济发展的若干措施</a></li>
      <li><a href="/3.html">上海市推进新型基础设施建设行动方案（2023-2026年）</a></li>
    </ul>
  </div>
</div>
<div class="footer">
  <p>主办单位：上海市人民政府办公厅　版权所有：上海市人民政府</p>
  <p>沪ICP备12345678号-1　沪公网安备31010102002533号　网站标识码：3100000070</p>
</div>
<script>console.log('统计代码')</script>
</body>
</html>`;
}

describe('readHtml on a government page', () => {
  it('decodes a GBK page that declares gb2312 and keeps only the title and the article paragraphs', () => {
    const bytes = iconv.encode(govPage('gb2312'), 'gbk');
    const doc = readHtml(bytes);
    expect(doc.encoding).toBe('gb18030');
    expect(doc.title).toBe(TITLE);
    expect(doc.text).toBe([TITLE, ...PARAGRAPHS].join('\n'));
  });

  it('is reported as html by readDocument, detected from the bytes', async () => {
    const doc = await readDocument(iconv.encode(govPage('gb2312'), 'gbk'));
    expect(doc.format).toBe('html');
    expect(doc.text.split('\n')[0]).toBe(TITLE);
  });

  it('reads a page re-saved as UTF-8 that still declares gb2312', () => {
    const doc = readHtml(new TextEncoder().encode(govPage('gb2312')));
    expect(doc.encoding).toBe('utf-8');
    expect(doc.text).toBe([TITLE, ...PARAGRAPHS].join('\n'));
  });

  it('reads a GBK page whose template wrongly declares UTF-8', () => {
    const doc = readHtml(iconv.encode(govPage('utf-8'), 'gbk'));
    expect(doc.encoding).toBe('gb18030');
    expect(doc.text).toContain(PARAGRAPHS[2]);
  });

  it('reads a UTF-16 page with a BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(govPage('utf-16'), 'utf16le')]);
    const doc = readHtml(bytes);
    expect(doc.encoding).toBe('utf-16le');
    expect(doc.text).toBe([TITLE, ...PARAGRAPHS].join('\n'));
  });
});

describe('choosing the article body', () => {
  const utf8 = (html: string) => new TextEncoder().encode(html);

  it('prefers the densest container over the first match of a known class', () => {
    const html = `<html><head><meta charset="utf-8"><title>关于开展专项资金申报的通知-中国政府网</title></head><body>
      <div class="content"><a href="/x">通知公告</a><a href="/y">政策解读</a><a href="/z">新闻发布</a></div>
      <div class="con"><p>联系电话：12345</p></div>
      <div class="pages_content">
        <p>各有关单位：</p>
        <p>为贯彻落实国家关于推动制造业高质量发展的部署，现就开展专项资金申报工作通知如下。</p>
        <p>一、支持对象为在本市注册的制造业企业。</p>
      </div>
    </body></html>`;
    const doc = readHtml(utf8(html));
    expect(doc.title).toBe('关于开展专项资金申报的通知');
    expect(doc.text.split('\n')).toEqual([
      '关于开展专项资金申报的通知',
      '各有关单位：',
      '为贯彻落实国家关于推动制造业高质量发展的部署，现就开展专项资金申报工作通知如下。',
      '一、支持对象为在本市注册的制造业企业。',
    ]);
  });

  it('falls back to the densest block when no known container is there, with its sibling blocks', () => {
    const html = `<html><head><meta charset="utf-8"><title>苏州出台新政_苏州市人民政府</title></head><body>
      <div id="hd"><span>苏州市人民政府</span></div>
      <div id="wrap">
        <div id="mn">
          <h1>苏州出台智能制造新政</h1>
          <div class="part"><p>苏州日前出台《关于加快推进智能制造发展的若干措施》，明确对智能工厂给予奖励。</p>
            <p>一是对认定为国家级智能工厂的企业，给予一次性奖励300万元。</p></div>
          <div class="part"><p>二是对实施智能化改造的项目，按设备投资额的15%给予补助，最高不超过1000万元。</p>
            <p>三是支持工业互联网平台建设，最高奖励200万元。</p></div>
        </div>
        <div id="sd"><p><a href="/1">苏州工业园区出台人才新政</a></p><p><a href="/2">昆山发布产业升级计划</a></p><p><a href="/3">张家港加快港口建设</a></p></div>
      </div>
      <div id="ft">版权所有：苏州市人民政府办公室 苏ICP备05000000号</div>
    </body></html>`;
    const lines = readHtml(utf8(html)).text.split('\n');
    expect(lines).toEqual([
      '苏州出台智能制造新政',
      '苏州日前出台《关于加快推进智能制造发展的若干措施》，明确对智能工厂给予奖励。',
      '一是对认定为国家级智能工厂的企业，给予一次性奖励300万元。',
      '二是对实施智能化改造的项目，按设备投资额的15%给予补助，最高不超过1000万元。',
      '三是支持工业互联网平台建设，最高奖励200万元。',
    ]);
  });

  it('keeps a table row on one line, cells separated by tabs, and old layout tables as lines', () => {
    const html = `<html><body><table><tr><td>
      <p>关于公布2025年度补贴名单的通知</p>
      <p>经评审，现将补贴名单公布如下：</p>
      <table class="data"><tr><th>企业名称</th><th>补贴金额</th></tr>
        <tr><td>上海某某科技有限公司</td><td><p>最高</p><p>500万元</p></td></tr></table>
      <p>特此通知。</p>
    </td></tr></table></body></html>`;
    expect(readHtml(utf8(html)).text.split('\n')).toEqual([
      '关于公布2025年度补贴名单的通知',
      '经评审，现将补贴名单公布如下：',
      '企业名称\t补贴金额',
      '上海某某科技有限公司\t最高 500万元',
      '特此通知。',
    ]);
  });

  it('joins inline text without spaces, drops source line breaks between Chinese, keeps <br> as a line', () => {
    const html = `<html><body><div class="TRS_Editor"><p>上海市经信委、
      市交通委<span>日前</span>印发<a href="x.pdf">《行动计划》</a>，支持L3
      级自动驾驶。<br>二是加快构建高能级创新要素。</p></div></body></html>`;
    expect(readHtml(utf8(html)).text.split('\n')).toEqual([
      '上海市经信委、市交通委日前印发《行动计划》，支持L3 级自动驾驶。',
      '二是加快构建高能级创新要素。',
    ]);
  });

  it('does not repeat the title when the body already starts with it', () => {
    const html = `<html><head><meta charset="utf-8"><meta name="ArticleTitle" content="关于做好春节期间安全生产工作的通知"></head>
      <body><div id="UCAP-CONTENT"><p>关于做好春节期间</p><p>安全生产工作的通知</p><p>各区、各部门：春节将至，现就有关事项通知如下。</p></div></body></html>`;
    const doc = readHtml(utf8(html));
    expect(doc.title).toBe('关于做好春节期间安全生产工作的通知');
    expect(doc.text.split('\n')[0]).toBe('关于做好春节期间');
  });

  it('drops link lists, prev/next and tool lines that sit inside the content box', () => {
    const html = `<html><body><form id="form1"><div id="content">
      <h2>关于开展2026年度技术改造项目申报的通知</h2>
      <p>各区经委：现将2026年度技术改造项目申报工作有关事项通知如下。</p>
      <p>对符合条件的项目，按核定投资额的10%给予支持，最高不超过1000万元。</p>
      <div><span>相关文件：</span><a href="/1">关于印发《技术改造专项资金管理办法》的通知</a><a href="/2">2025年度技术改造项目名单公示</a><a href="/3">技术改造政策解读</a></div>
      <p>【<a href="#">打印本页</a>】　【<a href="#">关闭窗口</a>】</p>
      <p>上一篇：<a href="/p">关于公布2025年度技术改造项目的通知</a></p>
      <p>下一条：<a href="/n">关于征集智能制造解决方案的通知</a></p>
    </div></form></body></html>`;
    expect(readHtml(new TextEncoder().encode(html)).text.split('\n')).toEqual([
      '关于开展2026年度技术改造项目申报的通知',
      '各区经委：现将2026年度技术改造项目申报工作有关事项通知如下。',
      '对符合条件的项目，按核定投资额的10%给予支持，最高不超过1000万元。',
    ]);
  });

  it('refuses a page with no readable text', () => {
    const html = '<html><head><script>render()</script></head><body><div id="app"></div></body></html>';
    expect(() => readHtml(utf8(html))).toThrow(ZhidaError);
  });
});

describe('HTML helpers', () => {
  it('cuts the site suffix from <title>', () => {
    expect(cutSiteSuffix('关于印发《上海市促进条例》的通知 _ 上海市人民政府')).toBe('关于印发《上海市促进条例》的通知');
    expect(cutSiteSuffix('国务院关于推动未来产业创新发展的实施意见-中国政府网')).toBe(
      '国务院关于推动未来产业创新发展的实施意见',
    );
    expect(cutSiteSuffix('标题_政策文件_中国政府网')).toBe('标题');
    expect(cutSiteSuffix('上海市脑机接口未来产业培育行动方案（2025-2030年）')).toBe(
      '上海市脑机接口未来产业培育行动方案（2025-2030年）',
    );
  });

  it('finds the declared charset in <meta charset>, http-equiv and the XML declaration', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(declaredCharset(enc('<meta charset="GBK">'))).toBe('GBK');
    expect(declaredCharset(enc('<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />'))).toBe(
      'gb2312',
    );
    expect(declaredCharset(enc('<?xml version="1.0" encoding="GB18030"?><html>'))).toBe('GB18030');
    expect(declaredCharset(enc('<html><body>'))).toBeNull();
  });

  it('decodes an undeclared GBK page by detection and refuses one that is in no known encoding', () => {
    const page = '<html><body><p>对符合条件的企业给予补贴。</p></body></html>';
    expect(decodeHtml(iconv.encode(page, 'gbk'))).toEqual({ text: page, encoding: 'gb18030' });
    const bad = Uint8Array.from([...new TextEncoder().encode('<html><body><p>'), 0xff, 0xfe, 0xff, 0x80, 0xff]);
    expect(() => decodeHtml(bad)).toThrow(expect.objectContaining({ id: 'input.encoding' }));
  });
});
