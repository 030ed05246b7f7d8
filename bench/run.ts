// `npm run bench` runs every benchmark; `npm run bench -- extract` only the named ones. Options after the names
// (`npm run bench -- extract --mb 20`) go to each benchmark. Results are JSON lines on stdout; progress on stderr.

interface Benchmark {
  run(args: string[]): Promise<void>;
}

// One name may run several modules, in order: `library` is the library's ingest and search benchmarks.
const benchmarks: Record<string, (() => Promise<Benchmark>)[]> = {
  extract: [() => import('./extract.ts')],
  library: [() => import('./library-ingest.ts'), () => import('./library-search.ts')],
  match: [() => import('./match.ts')],
  http: [() => import('./http.ts')],
  requests: [() => import('./requests.ts')],
  push: [() => import('./push.ts')],
};

const args = process.argv.slice(2);
const firstOption = args.findIndex((arg) => arg.startsWith('-'));
const names = firstOption === -1 ? args : args.slice(0, firstOption);
const options = firstOption === -1 ? [] : args.slice(firstOption);

const unknown = names.filter((name) => !(name in benchmarks));
if (unknown.length > 0) {
  process.stderr.write(
    `bench: unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(benchmarks).join(', ')}\n`,
  );
  process.exitCode = 2;
} else {
  for (const name of names.length > 0 ? names : Object.keys(benchmarks)) {
    for (const load of benchmarks[name]!) {
      const benchmark = await load();
      await benchmark.run(options);
    }
  }
}
