/**
 * Templates × content rows → cases (the CTA WAVE way): a template says what to
 * do with "a stream"; each row is one stream/parameter set. Coverage grows by
 * adding rows, not code.
 */
import type { ConformanceCase } from './case.js';

/** A case template: turns one row into one case. */
export interface CaseTemplate<Row> {
  /** Template id, the first half of every generated case id. */
  id: string;
  /** Builds the case for a row; `rowId` becomes the second half of the id. */
  build(row: Row): Omit<ConformanceCase, 'id' | 'template'> & { rowId: string };
}

/** Expands every row through the template; throws on duplicate ids (a copy-pasted row). */
export function expand<Row>(template: CaseTemplate<Row>, rows: readonly Row[]): ConformanceCase[] {
  const seen = new Set<string>();
  return rows.map((row) => {
    const { rowId, ...rest } = template.build(row);
    const id = `${template.id}/${rowId}`;
    if (seen.has(id)) throw new Error(`duplicate conformance case id ${id}`);
    seen.add(id);
    return { id, template: template.id, ...rest };
  });
}

/**
 * Cases whose id, category or title matches `filter` (a substring; `a,b` = either). A part that
 * names a category picks that category only: `codec` must not pull in `compat/hls-ts-nocodecs`.
 */
export function filterCases(cases: readonly ConformanceCase[], filter: string | null | undefined): ConformanceCase[] {
  if (!filter) return [...cases];
  const parts = filter.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const categories = new Set<string>(cases.map((c) => c.category));
  return cases.filter((c) => parts.some((p) => (categories.has(p) ? c.category === p : c.id.toLowerCase().includes(p) || c.title.toLowerCase().includes(p))));
}

/**
 * Shard `index` of `count`: round-robin, so long cases spread over the shards, except that every
 * case of a `serialGroup` goes to the shard of the group's first case (they must not overlap).
 */
export function shard<T extends { serialGroup?: string }>(items: readonly T[], index: number, count: number): T[] {
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) throw new RangeError(`bad shard ${index}/${count}`);
  const groupShard = new Map<string, number>();
  return items.filter((item, i) => {
    const g = item.serialGroup;
    if (g === undefined) return i % count === index;
    if (!groupShard.has(g)) groupShard.set(g, i % count);
    return groupShard.get(g) === index;
  });
}
