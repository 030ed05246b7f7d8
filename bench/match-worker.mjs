// Entry of a `bench match` worker thread: the thread starts without the tsx loader of the thread that made it.
import { register } from 'tsx/esm/api';

register();
await import('./match-worker.ts');
