import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

// Vitest globalSetup of the browser tests: builds the web app into dist/web when it is missing or older than its
// sources (src/web, the pure modules it bundles from src/core, the lock file), so the tests serve what the code says.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const INDEX = join(ROOT, 'dist/web/index.html');

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function built(): number {
  try {
    return statSync(INDEX).mtimeMs;
  } catch {
    return 0;
  }
}

export default async function buildWebApp(): Promise<void> {
  const sources = Math.max(...['src/web', 'src/core', 'package-lock.json'].map((p) => newest(join(ROOT, p))));
  if (built() > sources) return;
  await build({ configFile: join(ROOT, 'src/web/vite.config.ts'), logLevel: 'warn' });
}
