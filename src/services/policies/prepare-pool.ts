import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ZhidaError } from '../../core/errors.ts';
import { prepareDocument, type PreparedDocument } from './prepare.ts';
import type { PrepareReply, PrepareRequest } from './prepare-worker.ts';

/**
 * Worker threads that prepare documents while the calling thread writes earlier ones to the database:
 * extraction and jieba segmentation are most of an ingest's CPU time, and they need no database.
 */
export class PreparePool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { request: PrepareRequest; settle: Settle }[] = [];
  private readonly inFlight = new Map<number, { request: PrepareRequest; settle: Settle }>();
  private nextId = 0;
  private failure: Error | undefined;
  private started = false;
  private closing = false;
  private readonly whenStarted: Promise<void>;
  private markStarted: () => void = () => {};

  constructor(size: number) {
    this.whenStarted = new Promise((resolve) => (this.markStarted = resolve));
    const entry = new URL('./prepare-worker.mjs', import.meta.url);
    for (let i = 0; i < size; i++) {
      const worker = new Worker(entry);
      worker.on('message', (reply: PrepareReply) => this.settle(worker, reply));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`a prepare worker stopped with exit code ${code}`));
      });
      // An idle worker must not keep the process alive.
      worker.unref();
      this.workers.push(worker);
    }
  }

  /** Workers worth starting on this machine: one core stays for the thread that writes. */
  static defaultSize(): number {
    return Math.max(0, Math.min(3, availableParallelism() - 1));
  }

  prepare(name: string, bytes: Uint8Array): Promise<PreparedDocument> {
    // Until a worker has started (a second or so), the calling thread prepares: a short run needs no wait.
    // A pool whose worker died prepares on the calling thread too: slower, never wrong.
    if (!this.started || this.failure) return prepareDocument({ name, bytes });
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, name, bytes }, settle: { resolve, reject } });
      this.dispatch();
    });
  }

  /** Resolves once a worker takes documents (tests use it to be sure the workers do the work). */
  ready(): Promise<void> {
    return this.whenStarted;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.inFlight.set(job.request.id, job);
      worker.ref();
      worker.postMessage(job.request);
    }
  }

  private settle(worker: Worker, reply: PrepareReply): void {
    if ('ready' in reply) {
      this.started = true;
      this.markStarted();
      worker.unref();
      this.idle.push(worker);
      this.dispatch();
      return;
    }
    const job = this.inFlight.get(reply.id);
    this.inFlight.delete(reply.id);
    worker.unref();
    this.idle.push(worker);
    if (job) {
      if (reply.ok) job.settle.resolve(reply.doc);
      else job.settle.reject(reviveError(reply));
    }
    this.dispatch();
  }

  private fail(error: Error): void {
    if (this.closing) return;
    this.failure ??= error;
    const jobs = [...this.inFlight.values(), ...this.queue.splice(0)];
    this.inFlight.clear();
    for (const { request, settle } of jobs) {
      prepareDocument({ name: request.name, bytes: request.bytes }).then(settle.resolve, settle.reject);
    }
  }
}

interface Settle {
  resolve(doc: PreparedDocument): void;
  reject(error: unknown): void;
}

function reviveError(reply: Extract<PrepareReply, { ok: false }>): Error {
  if (reply.zhida) return new ZhidaError(reply.zhida.id, reply.zhida.message);
  const error = new Error(reply.message);
  if (reply.stack) error.stack = reply.stack;
  return error;
}

/** The same interface without threads: for one file, one core, or where workers cannot start. */
export const inlinePreparer = {
  prepare: (name: string, bytes: Uint8Array) => prepareDocument({ name, bytes }),
  close: async () => {},
};
