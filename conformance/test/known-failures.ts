/**
 * Cases Edgeplay is known to fail in Chromium today, each with its reason and
 * issue item. The CI test fails when one of them PASSES ("remove it from the
 * list") as well as when any other case fails, so this list stays honest.
 *
 * The compat rows are not repeated here: they come from the compat matrix's
 * own table (test/browser/compat-expectations.ts, `gap: <issue item> …`),
 * so a gap closed there (that test forces the update) is expected to pass here too.
 */
import { COMPAT_EXPECTATIONS } from '../../test/browser/compat-expectations.js';

/** Case id → why it fails (issue item first). */
export const KNOWN_FAILURES: ReadonlyMap<string, string> = new Map([
  ...Object.entries(COMPAT_EXPECTATIONS)
    .filter(([, e]) => e.edgeplay.startsWith('gap:'))
    .map(([id, e]): [string, string] => [`compat/${id}`, e.edgeplay.slice('gap:'.length).trim()]),
]);
