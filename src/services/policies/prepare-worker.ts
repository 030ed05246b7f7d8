// A worker thread of PreparePool: prepares documents (extraction, jieba tokens, sentence hashes) off the
// thread that writes to the database. Plain data in, plain data out.
import { parentPort } from 'node:worker_threads';
import { ZhidaError } from '../../core/errors.ts';
import { prepareDocument } from './prepare.ts';

export interface PrepareRequest {
  id: number;
  name: string;
  bytes: Uint8Array;
}

export type PrepareReply =
  | { ready: true }
  | { id: number; ok: true; doc: Awaited<ReturnType<typeof prepareDocument>> }
  | { id: number; ok: false; zhida: { id: ZhidaError['id']; message: string } | null; message: string; stack?: string };

parentPort?.on('message', (request: PrepareRequest) => {
  prepareDocument({ name: request.name, bytes: request.bytes }).then(
    (doc) => parentPort!.postMessage({ id: request.id, ok: true, doc } satisfies PrepareReply),
    (error: unknown) =>
      parentPort!.postMessage({
        id: request.id,
        ok: false,
        zhida: error instanceof ZhidaError ? { id: error.id, message: error.message } : null,
        message: error instanceof Error ? error.message : String(error),
        ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
      } satisfies PrepareReply),
  );
});

// Loading the extractor, jieba's dictionary and OpenCC takes a moment: do it before saying ready, so the pool
// prepares on its own thread meanwhile instead of waiting.
await prepareDocument({
  name: 'warm-up.txt',
  bytes: new TextEncoder().encode('政策简报\n\n关于支持企业的措施发布\n\n一是加大支持。\n'),
});
parentPort?.postMessage({ ready: true } satisfies PrepareReply);
