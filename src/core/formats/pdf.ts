// A PDF → text, through pdf.js (the legacy build, which runs in Node). pdf.js gives positioned strings;
// pdf-layout.ts turns them into paragraphs. Scanned PDFs have no strings at all and are refused with a
// message that says so, rather than yielding an empty extraction.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { errors, ZhidaError } from '../errors.ts';
import { readability } from './cjk.ts';
import { cleanDeclaredTitle } from './declared-title.ts';
import { normaliseText } from './normalise.ts';
import { layoutPdfText, type PdfTextItem } from './pdf-layout.ts';

export interface PdfText {
  text: string;
  title: string | null;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

// pdf.js is large; load it only when a PDF arrives.
let pdfjs: Promise<PdfJs> | null = null;

// Chinese PDFs use predefined CMaps (UniGB-UCS2-H, …) and standard fonts that pdf.js reads from its own
// package folders; in Node it wants plain directory paths with a trailing slash.
const pdfjsDir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const CMAP_DIR = join(pdfjsDir, 'cmaps') + '/';
const FONT_DIR = join(pdfjsDir, 'standard_fonts') + '/';

export async function readPdf(bytes: Uint8Array): Promise<PdfText> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  const lib = await pdfjs;
  const task = lib.getDocument({
    // pdf.js takes the buffer over (transfers it), so it gets a copy and the caller's bytes stay intact.
    // Not bytes.slice(): on a Buffer that is a view, and would hand over Node's shared buffer pool.
    data: new Uint8Array(bytes),
    verbosity: lib.VerbosityLevel.ERRORS,
    disableFontFace: true,
    isEvalSupported: false,
    useSystemFonts: false,
    cMapUrl: CMAP_DIR,
    cMapPacked: true,
    standardFontDataUrl: FONT_DIR,
    useWorkerFetch: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    enableXfa: false,
    stopAtErrors: false,
  });
  try {
    const doc = await task.promise;
    const pages: PdfTextItem[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const items: PdfTextItem[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        // Into viewport space: y grows downwards and the page's /Rotate is applied.
        const m = lib.Util.transform(viewport.transform, item.transform) as number[];
        const size = Math.hypot(m[2]!, m[3]!) || item.height;
        items.push({ str: item.str, x: m[4]!, y: m[5]!, width: Math.abs(item.width), size });
      }
      pages.push(items);
      page.cleanup();
    }
    if (!pages.some((items) => items.some((it) => it.str.trim() !== ''))) {
      throw errors.badFormat(
        'PDF',
        'it has no text layer (it looks like a scanned image); run it through OCR (text recognition) first',
      );
    }
    const text = normaliseText(layoutPdfText(pages));
    const r = readability(text);
    // Fonts without a usable Unicode map come out as private-use or control codes: as unreadable as a scan.
    if (text.trim() === '' || r.readable < 0.5) {
      throw errors.badFormat('PDF', 'its text layer cannot be read as Unicode (fonts without a ToUnicode map)');
    }
    return { text, title: await readTitle(doc) };
  } catch (e) {
    if (e instanceof ZhidaError) throw e;
    throw errors.badFormat('PDF', describe(e));
  } finally {
    await task.destroy();
  }
}

async function readTitle(doc: { getMetadata(): Promise<{ info: object }> }): Promise<string | null> {
  try {
    const { info } = await doc.getMetadata();
    const title = (info as { Title?: unknown }).Title;
    return typeof title === 'string' ? cleanDeclaredTitle(title) : null;
  } catch {
    return null;
  }
}

function describe(e: unknown): string {
  const name = e instanceof Error ? e.name : '';
  if (name === 'PasswordException') return 'it is password-protected; remove the password and try again';
  if (name === 'InvalidPDFException') return 'it is not a valid PDF (truncated or corrupted)';
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n')[0]!.slice(0, 200) || 'unreadable';
}
