import { parentPort } from 'node:worker_threads';
import type { ProfileColumns } from '../src/core/rules/columns.ts';
import { compilePolicy, matchColumns } from '../src/core/rules/compile.ts';
import type { Policy } from '../src/core/rules/types.ts';

// A worker of `bench match`: matches every policy over its share of the rows of columns held in shared memory, and
// hands the results back by transferring their buffers (no copy).

export type WorkerRequest =
  { kind: 'load'; columns: ProfileColumns; policies: Policy[] } | { kind: 'run'; start: number; end: number };

export interface WorkerReply {
  rows: number;
  buffers: ArrayBuffer[];
}

let columns: ProfileColumns | undefined;
let policies: Policy[] = [];

parentPort!.on('message', (request: WorkerRequest) => {
  if (request.kind === 'load') {
    ({ columns, policies } = request);
    parentPort!.postMessage({ rows: 0, buffers: [] } satisfies WorkerReply);
    return;
  }
  const compiled = policies.map((policy) => compilePolicy(policy, columns!));
  const matches = matchColumns(compiled, { start: request.start, end: request.end });
  const buffers = new Set<ArrayBuffer>();
  let rows = 0;
  for (const m of matches) {
    rows += m.count;
    for (const array of [m.rows, m.status, m.amountMin, m.amountMax, m.missing, m.supersededBy]) {
      if (array !== null) buffers.add(array.buffer as ArrayBuffer);
    }
  }
  const list = [...buffers];
  parentPort!.postMessage({ rows, buffers: list } satisfies WorkerReply, list);
});
