import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { errors, ZhidaError } from '../../core/errors.ts';
import { decodeUnlabelled } from '../../core/formats/decode.ts';

// A spreadsheet as rows of cells: CSV (UTF-8, UTF-16 or GBK, as Excel and WPS save it; comma- or tab-separated)
// or XLSX (its first worksheet). Row numbers are the ones the spreadsheet shows: the header is row 1.

export type Cell = string | number | Date | boolean | null;

export interface Table {
  format: 'csv' | 'xlsx';
  /** rows in order, with the number the spreadsheet shows; rows whose cells are all empty are left out */
  rows: { number: number; cells: Cell[] }[];
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];

const startsWith = (bytes: Uint8Array, magic: number[]): boolean => magic.every((b, i) => bytes[i] === b);

/** Reads the bytes as XLSX (by their ZIP signature) or CSV; throws a ZhidaError when they are neither. */
export async function readTable(bytes: Uint8Array): Promise<Table> {
  if (bytes.byteLength === 0) throw errors.emptyInput();
  if (startsWith(bytes, ZIP)) return readXlsx(bytes);
  if (startsWith(bytes, OLE)) {
    throw errors.importUnparsable('XLS', 'the old Excel 97–2003 format is not read; save it as .xlsx or .csv');
  }
  return readCsv(bytes);
}

function readCsv(bytes: Uint8Array): Table {
  let text: string;
  try {
    text = decodeUnlabelled(bytes).text;
  } catch (err) {
    if (err instanceof ZhidaError) throw errors.importUnparsable('CSV', err.message);
    throw err;
  }
  text = text.replace(/^\uFEFF/, '');
  const firstLine = text.split('\n', 1)[0]!;
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (err) {
    throw errors.importUnparsable('CSV', err instanceof Error ? err.message : String(err));
  }
  const rows = records
    .map((cells, i) => ({ number: i + 1, cells: cells.map((c) => (c.trim() === '' ? null : c)) as Cell[] }))
    .filter((row) => row.cells.some((c) => c !== null));
  return { format: 'csv', rows };
}

async function readXlsx(bytes: Uint8Array): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch (err) {
    throw errors.importUnparsable('XLSX', err instanceof Error ? err.message : String(err));
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (sheet === undefined) throw errors.importUnparsable('XLSX', 'no worksheet has any rows');
  const rows: Table['rows'] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    // row.values is 1-based: index 0 is always empty.
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    const cells = Array.from(values, (v) => xlsxCell(v as ExcelJS.CellValue));
    if (cells.some((c) => c !== null)) rows.push({ number, cells });
  });
  return { format: 'xlsx', rows };
}

function xlsxCell(value: ExcelJS.CellValue | undefined): Cell {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('') || null;
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    return result === undefined || typeof result === 'object'
      ? result instanceof Date
        ? result
        : null
      : (result as Cell);
  }
  if ('text' in value) return String(value.text);
  if ('error' in value) return null;
  return null;
}
