#!/usr/bin/env node
// The `zhida` command runs the TypeScript sources through tsx, so `npm ci` is the only install step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
