import { createHash } from 'node:crypto';
import { errors } from '../../core/errors.ts';
import { isIsoDate, type Fact } from '../../core/profile/facts.ts';
import { normaliseIndustryCode } from '../../core/profile/industries.ts';
import { METRIC_NAMES, metricKeyOf } from '../../core/profile/metrics.ts';
import type { Provenance } from '../../core/profile/types.ts';
import { normaliseUscc, validateUscc } from '../../core/profile/uscc.ts';
import { regionByCode } from '../../core/regions/region-table.ts';
import { recordAudit } from '../../db/audit.repository.ts';
import type { Database } from '../../db/database.ts';
import { findImportsBySha256, insertImport, updateImportCounts } from '../../db/enterprises.repository.ts';
import { enterpriseIdsByUscc } from '../../db/push.repository.ts';
import { pushConfigFromEnv } from '../push/config.ts';
import { refreshEnterpriseMatches } from '../push/enterprise-trigger.ts';
import { flushInbox } from '../push/inbox.ts';
import { wakePushWorkers } from '../push/worker.ts';
import { storeFacts, type FactBatch } from './profiles.ts';
import { readTable, type Cell } from './table.ts';

// `zhida enterprises import`: a CSV or XLSX file of enterprises, one a row, becomes facts with the provenance of the
// import (source, as-of date, authoritative or not). Every row is checked first; the good rows then land in one
// transaction with the import record and an audit entry, and a bad row leaves nothing behind. A file that cannot
// be read as a table, or whose header is wrong, writes nothing at all. The enterprises whose facts landed are
// matched again in that transaction and what changed for them is pushed (services/push/enterprise-trigger.ts).

export interface ImportOptions {
  /** provenance source; default "import:FILE" */
  source?: string;
  authoritative?: boolean;
  /** ISO date the facts are true as of; default today */
  asOf?: string;
  actor: string;
  now?: Date;
}

export interface RowRejection {
  /** the row number the spreadsheet shows (the header is row 1) */
  row: number;
  uscc: string | null;
  reasons: string[];
}

export interface ImportOutcome {
  file: string;
  format: 'csv' | 'xlsx';
  sha256: string;
  importId: number;
  /** earlier imports of the same bytes (their facts are recorded again, which changes no profile) */
  previousImports: number;
  rows: number;
  accepted: number;
  rejected: number;
  created: number;
  updated: number;
  facts: number;
  rejections: RowRejection[];
}

type Field = 'uscc' | 'name' | 'region' | 'industry' | 'founded' | 'employees' | 'qualifications';

/** Header names: the contract's keys, and the Chinese names spreadsheets use. */
const FIELD_ALIASES: Readonly<Record<Field, readonly string[]>> = {
  uscc: ['uscc', '统一社会信用代码', '社会信用代码', '信用代码'],
  name: ['name', '企业名称', '名称'],
  region: ['region', '行政区划代码', '行政区划', '区划代码'],
  industry: ['industry', '行业代码', '国民经济行业代码'],
  founded: ['founded', '成立日期'],
  employees: ['employees', '从业人员', '从业人数', '从业人员数'],
  qualifications: ['qualifications', '资质', '资质荣誉'],
};

type Column = { field: Field } | { metric: string; year: number };

/** Maps the header row to columns; throws when a name is unknown, repeated, or the uscc column is missing. */
export function readHeader(cells: readonly Cell[]): Column[] {
  const columns: Column[] = [];
  const seen = new Map<string, number>();
  cells.forEach((cell, i) => {
    const header = String(cell ?? '')
      .normalize('NFKC')
      .trim();
    const column = columnOf(header);
    if (column === undefined) {
      throw errors.importColumns(
        header === ''
          ? `has an empty column name in column ${i + 1}`
          : `names an unknown column "${header}" (column ${i + 1}); known: ${Object.keys(FIELD_ALIASES).join(', ')}, and metrics as KEY:YEAR with KEY one of ${Object.keys(METRIC_NAMES).join(', ')}`,
      );
    }
    const id = 'field' in column ? column.field : `${column.metric}:${column.year}`;
    if (seen.has(id)) throw errors.importColumns(`names ${id} twice (columns ${seen.get(id)! + 1} and ${i + 1})`);
    seen.set(id, i);
    columns.push(column);
  });
  if (!seen.has('uscc')) throw errors.importColumns('has no uscc (统一社会信用代码) column');
  return columns;
}

function columnOf(header: string): Column | undefined {
  const lower = header.toLowerCase();
  for (const [field, aliases] of Object.entries(FIELD_ALIASES) as [Field, readonly string[]][]) {
    if (aliases.includes(lower) || aliases.includes(header)) return { field };
  }
  const m = /^(.+?)\s*:\s*(\d{4})$/.exec(header);
  if (m) {
    const metric = metricKeyOf(m[1]!);
    if (metric !== undefined) return { metric, year: Number(m[2]) };
  }
  return undefined;
}

/** The facts of one row, or the reasons it cannot be imported. */
export function readRow(
  columns: readonly Column[],
  cells: readonly Cell[],
  provenance: Provenance,
): { uscc: string | null; facts: Fact[]; reasons: string[] } {
  const reasons: string[] = [];
  const facts: Fact[] = [];
  let uscc: string | null = null;
  const add = (key: string, value: number | string | null, year?: number): void => {
    facts.push(year === undefined ? { key, value, provenance } : { key, year, value, provenance });
  };

  columns.forEach((column, i) => {
    const cell = cells[i] ?? null;
    if (cell === null) {
      if ('field' in column && column.field === 'uscc') reasons.push('uscc: empty');
      return; // an empty cell states nothing: unknown, not zero
    }
    if ('metric' in column) {
      const value = readNumber(cell);
      if (value === undefined) reasons.push(`${column.metric}:${column.year}: ${shown(cell)} is not a number ≥ 0`);
      else add(`metrics.${column.metric}`, value, column.year);
      return;
    }
    const text = cellText(cell);
    switch (column.field) {
      case 'uscc': {
        if (typeof cell === 'number') {
          // Excel keeps 15 significant digits: an all-digit code typed into a number cell has lost its end.
          reasons.push('uscc: the cell holds a number, not text; format the column as text and type the code again');
          return;
        }
        const code = normaliseUscc(text);
        const check = validateUscc(code);
        if (check.ok) uscc = code;
        else reasons.push(`uscc: ${check.reason}`);
        return;
      }
      case 'name':
        add('name', text.trim());
        return;
      case 'region': {
        const code = text.normalize('NFKC').trim();
        if (regionByCode(code) === undefined) reasons.push(`region: ${code} is not a GB/T 2260 region code`);
        else add('region', code);
        return;
      }
      case 'industry': {
        const code = normaliseIndustryCode(text);
        if (code === undefined) reasons.push(`industry: ${text.trim()} is not a GB/T 4754-2017 code`);
        else add('industry', code);
        return;
      }
      case 'founded': {
        const date = readDate(cell);
        if (date === undefined) reasons.push(`founded: ${shown(cell)} is not a date (write YYYY-MM-DD)`);
        else add('founded', date);
        return;
      }
      case 'employees': {
        const value = readNumber(cell);
        if (value === undefined || !Number.isInteger(value)) {
          reasons.push(`employees: ${shown(cell)} is not a whole number ≥ 0`);
        } else add('employees', value);
        return;
      }
      case 'qualifications': {
        const parsed = readQualifications(text);
        if ('error' in parsed) reasons.push(`qualifications: ${parsed.error}`);
        else for (const q of parsed.list) add(`qualification:${q.name}`, q.year);
        return;
      }
    }
  });
  return { uscc, facts, reasons };
}

function cellText(cell: Exclude<Cell, null>): string {
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell);
}

function shown(cell: Exclude<Cell, null>): string {
  return JSON.stringify(cellText(cell));
}

/** A number ≥ 0: a numeric cell, or text like "1,234.5" (thousands separators allowed). */
function readNumber(cell: Exclude<Cell, null>): number | undefined {
  let value: number;
  if (typeof cell === 'number') value = cell;
  else if (typeof cell === 'string') {
    const text = cell.normalize('NFKC').trim();
    if (!/^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$|^\d+(\.\d+)?e\d+$/i.test(text)) return undefined;
    value = Number(text.replace(/,/g, ''));
  } else return undefined;
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** A date cell, or text written 2016-05-20, 2016/5/20, 2016.5.20 or 2016年5月20日. */
function readDate(cell: Exclude<Cell, null>): string | undefined {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? undefined : cell.toISOString().slice(0, 10);
  if (typeof cell !== 'string') return undefined;
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(cell.normalize('NFKC').trim());
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : undefined;
}

/** "高新技术企业:2023;专精特新中小企业:2024;国家级绿色工厂" (a name without a year: the year is not known). */
function readQualifications(text: string): { list: { name: string; year: number | null }[] } | { error: string } {
  const list: { name: string; year: number | null }[] = [];
  for (const part of text.split(/[;；]/)) {
    const item = part.trim();
    if (item === '') continue;
    const m = /^(.+?)\s*[:：]\s*(.*)$/.exec(item);
    const name = (m ? m[1]! : item).trim();
    if (m && !/^\d{4}$/.test(m[2]!.trim())) return { error: `"${item}": the year must be four digits` };
    if (list.some((q) => q.name === name)) return { error: `${name} is listed twice` };
    list.push({ name, year: m ? Number(m[2]) : null });
  }
  return { list };
}

/** Imports one file; see the module comment for what lands and what does not. */
export async function importEnterprises(
  database: Database,
  file: { name: string; bytes: Uint8Array },
  options: ImportOptions,
): Promise<ImportOutcome> {
  const now = options.now ?? new Date();
  const asOf = options.asOf ?? now.toISOString().slice(0, 10);
  if (!isIsoDate(asOf)) throw errors.importColumns(`cannot be dated: --as-of ${asOf} is not a date YYYY-MM-DD`);
  const provenance: Provenance = {
    source: options.source ?? `import:${file.name}`,
    asOf,
    authoritative: options.authoritative ?? false,
  };
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');

  const table = await readTable(file.bytes);
  const [header, ...body] = table.rows;
  if (header === undefined) throw errors.emptyInput();
  const columns = readHeader(header.cells);

  const rejections: RowRejection[] = [];
  const good: { row: number; uscc: string; facts: Fact[] }[] = [];
  const rowsOf = new Map<string, number[]>();
  for (const row of body) {
    const read = readRow(columns, row.cells, provenance);
    if (row.cells.slice(columns.length).some((c) => c !== null)) {
      read.reasons.push(`has values beyond the ${columns.length} columns the header names`);
    }
    if (read.uscc !== null) rowsOf.set(read.uscc, [...(rowsOf.get(read.uscc) ?? []), row.number]);
    if (read.reasons.length > 0) rejections.push({ row: row.number, uscc: read.uscc, reasons: read.reasons });
    else good.push({ row: row.number, uscc: read.uscc!, facts: read.facts });
  }
  // A code on two rows: which row is right cannot be known, so neither lands.
  const accepted: typeof good = [];
  for (const g of good) {
    const rows = rowsOf.get(g.uscc)!;
    if (rows.length > 1) {
      rejections.push({ row: g.row, uscc: g.uscc, reasons: [`uscc: appears in rows ${rows.join(', ')} of this file`] });
    } else accepted.push(g);
  }
  for (const r of rejections) {
    const rows = r.uscc === null ? [] : rowsOf.get(r.uscc)!;
    if (rows.length > 1 && !r.reasons.some((x) => x.startsWith('uscc: appears'))) {
      r.reasons.push(`uscc: appears in rows ${rows.join(', ')} of this file`);
    }
  }

  const { maxAttempts } = pushConfigFromEnv();
  let pushBatch: number | null = null;
  const outcome = await database.db.transaction().execute(async (trx) => {
    const previous = await findImportsBySha256(trx, sha256);
    const importId = await insertImport(trx, {
      file_name: file.name,
      sha256,
      source: provenance.source,
      as_of: asOf,
      authoritative: provenance.authoritative ? 1 : 0,
      started_at: now.toISOString(),
      rows: body.length,
      accepted: 0,
      rejected: 0,
      actor: options.actor,
    });
    const batches: FactBatch[] = accepted.map((g) => ({ uscc: g.uscc, facts: g.facts }));
    const stored = await storeFacts(trx, batches, { batchId: importId, now: now.toISOString() });
    const refused = new Map(stored.refused.map((r) => [r.uscc, r.reason]));
    for (const g of accepted) {
      const reason = refused.get(g.uscc);
      if (reason !== undefined) rejections.push({ row: g.row, uscc: g.uscc, reasons: [reason] });
    }
    const counts = {
      accepted: accepted.length - refused.size,
      rejected: body.length - (accepted.length - refused.size),
    };
    await updateImportCounts(trx, importId, counts);
    const facts = accepted.filter((g) => !refused.has(g.uscc)).reduce((n, g) => n + g.facts.length, 0);
    const landed = await enterpriseIdsByUscc(
      trx,
      accepted.filter((g) => !refused.has(g.uscc)).map((g) => g.uscc),
    );
    pushBatch = (
      await refreshEnterpriseMatches(trx, landed, {
        year: now.getFullYear(),
        cause: 'facts',
        subject: String(importId),
        actor: options.actor,
        at: now.toISOString(),
        maxAttempts,
      })
    ).batchId;
    await recordAudit(
      trx,
      {
        actor: options.actor,
        action: 'enterprise.import',
        entity: 'enterprise_import',
        entityId: importId,
        detail: {
          file: file.name,
          sha256,
          rows: body.length,
          ...counts,
          created: stored.created,
          updated: stored.updated,
          facts,
        },
      },
      now.toISOString(),
    );
    return {
      importId,
      previousImports: previous.length,
      ...counts,
      created: stored.created,
      updated: stored.updated,
      facts,
    };
  });

  await flushInbox(database, pushBatch);
  if (pushBatch !== null) wakePushWorkers();
  rejections.sort((a, b) => a.row - b.row);
  return { file: file.name, format: table.format, sha256, rows: body.length, ...outcome, rejections };
}
