// TEST HELPER (used by *.test.ts only): builds a DOCX with the `docx` package, so tests need no binary
// fixtures. A headline, a salutation in two runs, an empty paragraph, a 一是…二是… paragraph with a
// full-width indent, a table (one cell of two paragraphs) and a closing line.
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';

export const HEADLINE = '关于支持智能网联汽车产业发展的若干措施';
export const MEASURES =
  '一是加大资金支持，对符合条件的企业给予最高不超过2000万元补贴。二是优化应用场景，开放测试道路1000公里。';

function cell(text: string): TableCell {
  return new TableCell({ children: [new Paragraph(text)] });
}

export async function buildDocx(options: { title?: string } = {}): Promise<Uint8Array> {
  const doc = new Document({
    ...(options.title === undefined ? {} : { title: options.title }),
    sections: [
      {
        children: [
          new Paragraph({ text: HEADLINE, heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [new TextRun('各区人民政府，'), new TextRun({ text: '市政府各部门：', bold: true })],
          }),
          new Paragraph(''),
          new Paragraph(`　　${MEASURES}`),
          new Table({
            rows: [
              new TableRow({ children: [cell('支持类别'), cell('补贴标准')] }),
              new TableRow({ children: [cell('智能工厂'), cell('最高500万元')] }),
              new TableRow({
                children: [
                  cell('示范项目'),
                  new TableCell({ children: [new Paragraph('投资额的10%'), new Paragraph('最高1000万元')] }),
                ],
              }),
            ],
          }),
          new Paragraph('本措施自2026年1月1日起施行。'),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
