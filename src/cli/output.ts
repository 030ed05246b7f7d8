import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';

/** Raised when the reader of our output went away (`zhida extract … | head`): stop quietly. */
export class OutputClosed extends Error {
  constructor(cause?: unknown) {
    super('output closed', { cause });
    this.name = 'OutputClosed';
  }
}

/** Writing failed for another reason (disk full, permission): the command reports it and stops. */
export class OutputFailed extends Error {
  constructor(
    readonly target: string,
    cause: unknown,
  ) {
    super(`cannot write ${target}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'OutputFailed';
  }
}

/**
 * A writable that respects backpressure (each write waits for 'drain' when the buffer is full, so memory stays
 * bounded however slow the reader) and turns stream errors into exceptions at the next write instead of an
 * unhandled 'error' event.
 */
export class Output {
  private failure: Error | undefined;

  constructor(
    private readonly stream: Writable,
    private readonly target: string,
  ) {
    stream.on('error', (err: Error) => {
      this.failure ??= err;
    });
  }

  /** stdout: EPIPE means the reader is gone. */
  static stdout(stream: Writable): Output {
    return new Output(stream, 'stdout');
  }

  /** A file, created or truncated; resolves once it is open so an unwritable path fails before any work. */
  static async file(path: string): Promise<Output> {
    const stream = createWriteStream(path, { flags: 'w' });
    await new Promise<void>((resolve, reject) => {
      stream.once('ready', () => resolve());
      stream.once('error', (err) => reject(new OutputFailed(path, err)));
    });
    return new Output(stream, path);
  }

  async write(chunk: string): Promise<void> {
    this.throwIfFailed();
    if (this.stream.write(chunk)) return;
    await new Promise<void>((resolve, reject) => {
      const settle = (err?: Error): void => {
        this.stream.off('drain', onDrain);
        this.stream.off('error', onError);
        this.stream.off('close', onClose);
        if (err) reject(err);
        else resolve();
      };
      const onDrain = (): void => settle();
      const onError = (err: Error): void => settle(err);
      const onClose = (): void =>
        settle(this.failure ?? Object.assign(new Error('stream closed'), { code: 'ERR_STREAM_DESTROYED' }));
      this.stream.on('drain', onDrain);
      this.stream.on('error', onError);
      this.stream.on('close', onClose);
    }).catch((err: unknown) => {
      this.failure ??= err instanceof Error ? err : new Error(String(err));
      this.throwIfFailed();
    });
  }

  /** Files are ended and flushed; stdout stays open (it belongs to the process). */
  async close(): Promise<void> {
    this.throwIfFailed();
    if (this.target === 'stdout') return;
    await new Promise<void>((resolve, reject) => {
      this.stream.end((err?: Error | null) => (err ? reject(new OutputFailed(this.target, err)) : resolve()));
    });
  }

  private throwIfFailed(): void {
    const err = this.failure;
    if (err === undefined) return;
    if (this.target === 'stdout' && isClosedPipe(err)) throw new OutputClosed(err);
    throw new OutputFailed(this.target, err);
  }
}

function isClosedPipe(err: Error): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ECONNRESET';
}
