// Runs one extraction of FILE in a fresh process and prints how much memory it took, as one JSON line:
// `process.resourceUsage().maxRSS` is the process's peak, so the only way to see the peak of one synchronous
// extraction is a process that does nothing else. Usage: node --import tsx bench/extract-child.ts FILE
import { readFile } from 'node:fs/promises';
import { extractDocument } from '../src/core/extract/document.ts';

const file = process.argv[2];
if (file === undefined) {
  process.stderr.write('usage: node --import tsx bench/extract-child.ts FILE\n');
  process.exit(2);
}

// Warm up on a short text so modules loaded lazily and tables built once count in the baseline, not per byte.
await extractDocument(new TextEncoder().encode('关于印发支持政策的通知\n\n一是给予最高100万元补助。\n'), 'warmup.txt');
const baselineRss = process.memoryUsage().rss;

const bytes = await readFile(file);
const started = performance.now();
const extraction = await extractDocument(bytes, 'bench.txt');
const seconds = (performance.now() - started) / 1000;
const peakRss = process.resourceUsage().maxRSS * 1024; // maxRSS is in KiB

process.stdout.write(
  `${JSON.stringify({ bytes: bytes.byteLength, articles: extraction.articles.length, seconds, baselineRss, peakRss })}\n`,
);
