// Prints vitest's JSON result as the plain closing line CI reads: "tests: N passed, N failed, N skipped".
import { readFileSync, existsSync } from 'node:fs';
const file = process.argv[2] ?? '.vitest-results.json';
if (!existsSync(file)) {
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}
const r = JSON.parse(readFileSync(file, 'utf8'));
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
