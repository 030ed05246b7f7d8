import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import { errors } from '../../core/errors.ts';
import { recordAudit } from '../../db/audit.repository.ts';
import type { Database } from '../../db/database.ts';
import * as repo from '../../db/requests.repository.ts';
import { canSee, outOfScope, type RequestCaller } from './access.ts';
import { visibleRequest } from './requests.ts';
import { presentAttachment, type RequestAttachmentView } from './views.ts';

// Attachments of a request: checked before anything is written (size, then the type read from the bytes: PDF, PNG,
// JPEG, DOCX, XLSX or UTF-8 text), stored by SHA-256 (one copy however many requests attach the same file), read
// back only by who may see the request. The type a client declares is never trusted; a declared type that the
// bytes contradict is refused, so a mislabelled file is noticed rather than stored.

/** 10 MiB: scans and photos of documents fit; a video does not. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export const ATTACHMENT_TYPES = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  text: 'text/plain; charset=utf-8',
} as const;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** A plain-text file: UTF-8 (a BOM allowed) without NUL or other control characters but tab, CR, LF and FF. */
function isText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

/** The type of the bytes, or why they are refused. */
export async function sniffAttachment(
  bytes: Uint8Array,
): Promise<{ ok: true; type: string } | { ok: false; reason: string }> {
  if (bytes.length === 0) return { ok: false, reason: 'the file is empty' };
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { ok: true, type: ATTACHMENT_TYPES.pdf };
  if (startsWith(bytes, PNG)) return { ok: true, type: ATTACHMENT_TYPES.png };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { ok: true, type: ATTACHMENT_TYPES.jpeg };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    let zip: JSZip;
    try {
      zip = await JSZip.loadAsync(bytes);
    } catch {
      return { ok: false, reason: 'it is a damaged ZIP file' };
    }
    if (zip.file('[Content_Types].xml') !== null) {
      if (zip.file('word/document.xml') !== null) return { ok: true, type: ATTACHMENT_TYPES.docx };
      if (zip.file('xl/workbook.xml') !== null) return { ok: true, type: ATTACHMENT_TYPES.xlsx };
    }
    return { ok: false, reason: 'it is a ZIP archive but not a Word (DOCX) or Excel (XLSX) document' };
  }
  if (isText(bytes)) return { ok: true, type: ATTACHMENT_TYPES.text };
  return {
    ok: false,
    reason: 'its bytes are none of the accepted types (an executable, an archive or a legacy Office file?)',
  };
}

/** The type a client declared, compared by its main part: image/jpg and image/pjpeg mean JPEG, and so on. */
function declaredKind(contentType: string | undefined): string | null {
  const main = contentType?.split(';')[0]?.trim().toLowerCase();
  if (main === undefined || main === '' || main === 'application/octet-stream' || main === '*/*') return null;
  if (main === 'image/jpg' || main === 'image/pjpeg') return ATTACHMENT_TYPES.jpeg;
  if (main === 'text/plain') return ATTACHMENT_TYPES.text;
  return main;
}

/** A file name as given, without any path, trimmed to 200 characters; a name is required. */
function fileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop()!.trim();
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '');
  if (clean === '') throw errors.invalidRequest('the attachment needs a file name (?name=FILE)');
  return clean.slice(0, 200);
}

/** Attaches a file to a request the caller may see (audited); a refused file writes nothing. */
export async function addAttachment(
  database: Database,
  caller: RequestCaller,
  requestId: number,
  file: { name: string | undefined; bytes: Uint8Array; contentType?: string },
  now = new Date(),
): Promise<RequestAttachmentView> {
  await visibleRequest(database, caller, requestId);
  const name = fileName(file.name);
  if (file.bytes.length > MAX_ATTACHMENT_BYTES)
    throw errors.attachmentTooLarge(file.bytes.length, MAX_ATTACHMENT_BYTES);
  const sniffed = await sniffAttachment(file.bytes);
  if (!sniffed.ok) throw errors.attachmentType(sniffed.reason);
  const declared = declaredKind(file.contentType);
  if (declared !== null && declared !== sniffed.type.split(';')[0] && declared !== sniffed.type) {
    throw errors.attachmentType(`it was sent as ${declared} but its bytes are ${sniffed.type.split(';')[0]}`);
  }
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const at = now.toISOString();
  const id = await database.db.transaction().execute(async (trx) => {
    await repo.insertBlob(trx, sha256, file.bytes, at);
    const id = await repo.insertAttachment(trx, {
      request_id: requestId,
      sha256,
      name,
      content_type: sniffed.type,
      size: file.bytes.length,
      created_by: caller.name,
      created_at: at,
    });
    await recordAudit(
      trx,
      {
        actor: caller.name,
        action: 'request.attach',
        entity: 'request',
        entityId: requestId,
        detail: { attachmentId: id, name, sha256, size: file.bytes.length, contentType: sniffed.type },
      },
      at,
    );
    return id;
  });
  const row = await repo.findAttachment(database.db, id);
  return presentAttachment(row!);
}

/** An attachment's bytes, for who may see its request. */
export async function readAttachment(
  database: Database,
  caller: RequestCaller,
  id: number,
): Promise<{ view: RequestAttachmentView; bytes: Uint8Array }> {
  const row = await repo.findAttachment(database.db, id);
  const request = row === undefined ? undefined : await repo.findRequest(database.db, Number(row.request_id));
  if (row === undefined || request === undefined) {
    if (caller.scope.kind === 'all') throw errors.attachmentNotFound(id);
    throw outOfScope(caller.scope, `the request of attachment ${id}`);
  }
  if (!canSee(caller.scope, request)) throw outOfScope(caller.scope, `the request of attachment ${id}`);
  const bytes = await repo.readBlob(database.db, row.sha256);
  if (bytes === undefined) throw errors.attachmentNotFound(id);
  return { view: presentAttachment(row), bytes };
}
