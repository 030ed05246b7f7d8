import type ExcelJS from 'exceljs';
import type { QualifyResult } from './bulk.ts';

// The qualifying list as a table: the columns `zhida qualify` writes as CSV and XLSX, and the XLSX workbook that
// the command saves to a file and the API sends (GET /api/rules/{id}/qualifying.xlsx).

/** The columns of a row, in every format. */
export const QUALIFY_COLUMNS = [
  'uscc',
  'name',
  'region',
  'industry',
  'status',
  'amount_min',
  'amount_max',
  'missing',
  'superseded_by',
] as const;

export type QualifyCell = string | number | null;

/** A row's cells in QUALIFY_COLUMNS order; missing facts joined with ";". */
export function qualifyCells(row: QualifyResult['rows'][number]): QualifyCell[] {
  return [
    row.uscc,
    row.name,
    row.region,
    row.industry,
    row.status,
    row.amount?.min ?? null,
    row.amount?.max ?? null,
    row.missing.join(';'),
    row.supersededBy,
  ];
}

/** One worksheet named after the policy: a bold, frozen header row, then a row per enterprise. */
export async function qualifyWorkbook(result: QualifyResult): Promise<ExcelJS.Workbook> {
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  const sheet = workbook.addWorksheet(result.policy.id.slice(0, 31));
  sheet.columns = QUALIFY_COLUMNS.map((key) => ({
    header: key,
    key,
    width: key === 'name' ? 36 : key === 'missing' ? 40 : key === 'uscc' ? 22 : 14,
  }));
  for (const row of result.rows) sheet.addRow(qualifyCells(row));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return workbook;
}

/** The workbook's bytes. */
export async function qualifyXlsx(result: QualifyResult): Promise<Buffer> {
  const workbook = await qualifyWorkbook(result);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
