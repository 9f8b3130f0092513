#!/usr/bin/env node
// The CLI is TypeScript run through tsx (a dev dependency of the repo): the suite shares its case
// model with the runner page, and the server it may start is TypeScript too.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/cli.ts');
process.exitCode = await main(process.argv.slice(2));
