import { basename } from 'node:path';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { CliIo } from './io.ts';

export interface Progress {
  update(done: number, file: string): void;
  /** a line printed above the bar */
  log(line: string): void;
  stop(): void;
}

/**
 * A bar on stderr for a person watching a run over many files: only when stderr is a terminal, never on
 * pipes, files or CI logs. The caller decides whether its own output would share that terminal.
 */
export function startProgress(io: CliIo, total: number): Progress | undefined {
  if (io.stderr.isTTY !== true) return undefined;
  const bars = new MultiBar(
    {
      stream: io.stderr as unknown as NodeJS.WritableStream,
      format: ' {bar} {value}/{total} files | {file}',
      // No hideCursor/gracefulExit: their SIGINT handler would keep Ctrl-C from ending the run.
      clearOnComplete: true,
    },
    Presets.shades_classic,
  );
  const bar: SingleBar = bars.create(total, 0, { file: '' });
  return {
    update: (done, file) => bar.update(done, { file: shorten(basename(file), 40) }),
    log: (line) => {
      bars.log(line);
      bars.update(); // print it now, above the bar
    },
    stop: () => {
      bars.update();
      bars.stop();
    },
  };
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `…${text.slice(text.length - max + 1)}`;
}
