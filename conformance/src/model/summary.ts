/** Counting results by category (the CLI prints it, the report shows it). */
import type { CaseStatus } from './case.js';

/** pass/fail/skip counts per category. */
export type CategoryCounts = Record<string, Record<CaseStatus, number>>;

/** Counts results by category, plus a `total` row. */
export function countByCategory(results: readonly { category: string; status: CaseStatus }[]): CategoryCounts {
  const out: CategoryCounts = {};
  for (const r of results) {
    for (const key of [r.category, 'total']) {
      const row = (out[key] ??= { pass: 0, fail: 0, skip: 0 });
      row[r.status]++;
    }
  }
  return out;
}
