// Entry of a PreparePool worker thread: Zhida runs TypeScript through tsx (as bin/zhida.js does), and a new
// thread starts without the loader of the thread that made it.
import { register } from 'tsx/esm/api';

register();
await import('./prepare-worker.ts');
