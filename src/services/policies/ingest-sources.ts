import { ZhidaError } from '../../core/errors.ts';
import type { Database } from '../../db/database.ts';
import { findCurrentVersions } from '../../db/policies.repository.ts';
import { storeDocument, type IngestOutcome } from './ingest.ts';
import { inlinePreparer, PreparePool } from './prepare-pool.ts';
import { sha256Of, type PreparedDocument } from './prepare.ts';

export interface SourceToIngest {
  /** the source's identity in the library */
  name: string;
  /** its bytes; a ZhidaError (too large, unreadable) makes its outcome `failed` */
  read(): Promise<Uint8Array>;
  /** a problem known before reading (a walk found a symbolic link out of its tree): `failed` with it */
  error?: unknown;
}

export interface IngestSourcesOptions {
  /** worker threads preparing documents; default: one per spare core for four documents or more, else none */
  workers?: number;
  /** when given, time spent per phase is added to it (seconds, summed over threads) */
  timings?: IngestTimings;
  /** wait until the workers have started instead of preparing on this thread meanwhile (for tests) */
  waitForWorkers?: boolean;
}

export interface IngestTimings {
  /** reading the bytes and their sha256 */
  read: number;
  /** extraction (on a worker thread when there are workers) */
  extract: number;
  /** search tokens (jieba) and sentence hashes of the articles */
  index: number;
  /** the transaction that writes a source */
  store: number;
}

/** An unexpected error (not a problem of the input) while ingesting one source: the run stops there. */
export class SourceIngestError<T> extends Error {
  constructor(
    readonly source: T,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'SourceIngestError';
  }
}

type Step = { outcome: IngestOutcome } | { doc: PreparedDocument };

/**
 * Ingests many sources in order, one transaction each, with the same outcome per source as ingestDocument.
 * While one source is written, the next ones are read and prepared (on worker threads when there are spare
 * cores), so the database and the extractor work at the same time. Outcomes are yielded in input order, each
 * after its source is committed; stopping the iteration stops the run after that source.
 */
export async function* ingestSources<T extends SourceToIngest>(
  database: Database,
  sources: T[],
  actor: string,
  options: IngestSourcesOptions = {},
): AsyncGenerator<{ source: T; outcome: IngestOutcome }> {
  // What the library holds already, read once: checking each source on the way would wait for the writes
  // (SQLite has one connection). storeDocument checks again in its transaction.
  const stored = await findCurrentVersions(
    database.db,
    sources.map((s) => s.name),
  );

  const workers = options.workers ?? (sources.length >= 4 ? PreparePool.defaultSize() : 0);
  const timings = options.timings;
  const pool = workers > 0 ? new PreparePool(workers) : undefined;
  const preparer = pool ?? inlinePreparer;
  if (pool && options.waitForWorkers) await pool.ready();
  // Enough prepared ahead to keep every worker busy while the writer catches up; memory stays bounded.
  const ahead = Math.max(2, workers * 2);

  const prepare = async (source: T): Promise<Step> => {
    const failed = (error: unknown, sha256?: string): Step => {
      if (!(error instanceof ZhidaError)) throw error;
      return { outcome: { name: source.name, status: 'failed', ...(sha256 ? { sha256 } : {}), error: error.message } };
    };
    if (source.error !== undefined) return failed(source.error);
    const readAt = performance.now();
    let bytes: Uint8Array;
    try {
      bytes = await source.read();
    } catch (error) {
      return failed(error);
    }
    const sha256 = sha256Of(bytes);
    if (timings) timings.read += (performance.now() - readAt) / 1000;
    const current = stored.get(source.name);
    if (current?.sha256 === sha256)
      return { outcome: { name: source.name, status: 'unchanged', sha256, version: current.version } };
    let doc: PreparedDocument;
    try {
      doc = await preparer.prepare(source.name, bytes);
    } catch (error) {
      return failed(error, sha256);
    }
    if (timings) {
      timings.extract += doc.seconds.extract;
      timings.index += doc.seconds.index;
    }
    return { doc };
  };

  const pending: Promise<Step>[] = [];
  let started = 0;
  try {
    for (const source of sources) {
      while (pending.length < ahead && started < sources.length) {
        const step = prepare(sources[started++]!);
        step.catch(() => {}); // awaited in turn below; not an unhandled rejection meanwhile
        pending.push(step);
      }
      let outcome: IngestOutcome;
      try {
        const step = await pending.shift()!;
        // Looked up again in the transaction: the same name may have come earlier in this run.
        const storing = performance.now();
        outcome = 'doc' in step ? await storeDocument(database, step.doc, actor) : step.outcome;
        if (timings && 'doc' in step) timings.store += (performance.now() - storing) / 1000;
      } catch (error) {
        throw new SourceIngestError(source, error);
      }
      yield { source, outcome };
    }
  } finally {
    await preparer.close();
  }
}
