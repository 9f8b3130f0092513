/** Asserting helpers for parser tests. */
import { ManifestError } from '../../src/errors/manifest-error.js';

/** Runs `fn` and returns the ManifestError it throws; fails on success or on any other error type. */
export function manifestErrorOf(fn: () => unknown): ManifestError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ManifestError) return e;
    throw new Error(`expected a ManifestError, got ${String(e)}`);
  }
  throw new Error('expected a ManifestError, but the call succeeded');
}
