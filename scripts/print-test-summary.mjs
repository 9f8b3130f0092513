// Prints vitest's JSON result as the plain closing line CI reads: "tests: N passed, N failed, N skipped".
// A test file that fails to load (import error, missing fixture) runs no test, so it is counted as a
// failure here too; otherwise a broken suite would read as "0 failed".
import { readFileSync, existsSync } from 'node:fs';
const file = process.argv[2] ?? '.vitest-results.json';
if (!existsSync(file)) {
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}
const r = JSON.parse(readFileSync(file, 'utf8'));
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
const brokenFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests + brokenFiles} failed, ${skipped} skipped`);
