import { basename, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { MAX_INPUT_BYTES } from '../../core/formats/limits.ts';
import { isDebug, type CliIo } from '../io.ts';
import { Output, OutputClosed, OutputFailed } from '../output.ts';
import { startProgress } from '../progress.ts';
import { readInputFile } from '../read-input.ts';
import { failureLine } from '../report.ts';

interface ExtractOptions {
  out?: string;
  pretty?: boolean;
  compact?: boolean;
}

const limitMiB = MAX_INPUT_BYTES / (1024 * 1024);

const helpAfter = `
Output:
  One file: one JSON document on stdout (indented; --compact for one line).
  Several files, or --out: one JSON line per file, in the order given.
  Each is the extraction of schema version 1 ({schemaVersion, source, articles}), described in
  design/extraction-contract.md.

Accepted input (format and encoding are detected from the bytes, not from the file name):
  text   UTF-8 with or without BOM, UTF-16, GB18030/GBK
  HTML   pages as government sites publish them (the article body, not menus or footers)
  PDF    with a text layer (scanned images are not read)
  DOCX   Word documents

Size limit: ${limitMiB} MiB (${MAX_INPUT_BYTES} bytes) per file; larger files are refused without being read.

A file that cannot be read is reported on stderr as one line "zhida extract: FILE: reason", and the
other files go on. Exit status: 0 all files extracted, 1 some file failed, 2 wrong usage.

Examples:
  zhida extract bulletin.txt
  zhida extract notices/*.html --out notices.jsonl
`;

export function registerExtract(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('extract')
    .summary('read policy documents and print their articles, measures, amounts, rates and years as JSON')
    .description('Read policy documents (text, HTML, PDF, DOCX) and print what they say as JSON.')
    .argument('<files...>', 'policy documents to read')
    .option('-o, --out <file>', 'write JSON lines to this file instead of stdout')
    .addOption(new Option('--pretty', 'indent the JSON document (the default for one file)').conflicts('compact'))
    .addOption(new Option('--compact', 'print the JSON document on one line'))
    .addHelpText('after', helpAfter)
    .action(async (files: string[], options: ExtractOptions, command: Command) => {
      setExitCode(await runExtract(files, options, io, command));
    });
}

async function runExtract(files: string[], options: ExtractOptions, io: CliIo, command: Command): Promise<number> {
  const jsonLines = files.length > 1 || options.out !== undefined;
  if (jsonLines && options.pretty) {
    command.error('error: --pretty prints one JSON document; with several files or --out the output is JSON lines', {
      exitCode: 2,
      code: 'zhida.usage',
    });
  }
  if (options.out !== undefined) {
    const out = resolve(options.out);
    if (files.some((file) => resolve(file) === out)) {
      command.error(`error: --out ${options.out} is also an input file`, { exitCode: 2, code: 'zhida.usage' });
    }
  }

  // Loaded here, not at the top: `zhida --help` and the other commands need not load the PDF and DOCX readers.
  const { extractDocument } = await import('../../core/extract/document.ts');
  const debug = isDebug(io);

  let output: Output;
  try {
    output = options.out === undefined ? Output.stdout(io.stdout) : await Output.file(options.out);
  } catch (err) {
    if (!(err instanceof OutputFailed)) throw err;
    io.stderr.write(`zhida extract: ${err.message}\n`);
    return 1;
  }

  // JSON lines on the same terminal would tear the bar apart: a bar only when they go elsewhere.
  const barFits = options.out !== undefined || io.stdout.isTTY !== true;
  const progress = jsonLines && files.length > 1 && barFits ? startProgress(io, files.length) : undefined;
  const report = (line: string): void => {
    if (progress) progress.log(line);
    else io.stderr.write(line);
  };

  let failed = 0;
  try {
    for (const [index, file] of files.entries()) {
      progress?.update(index, file);
      let json: string;
      try {
        const bytes = await readInputFile(file, MAX_INPUT_BYTES);
        const extraction = await extractDocument(bytes, basename(file));
        json = jsonLines || options.compact ? JSON.stringify(extraction) : JSON.stringify(extraction, null, 2);
      } catch (err) {
        failed++;
        report(failureLine('extract', file, err, debug));
        continue;
      }
      await output.write(`${json}\n`);
    }
    progress?.update(files.length, '');
    await output.close();
  } catch (err) {
    if (err instanceof OutputClosed) return failed > 0 ? 1 : 0; // the reader stopped reading (| head): not an error
    if (err instanceof OutputFailed) {
      report(`zhida extract: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    progress?.stop();
  }
  return failed > 0 ? 1 : 0;
}
