/**
 * The walk the DASH and HLS corpus tests share: every file of the shared
 * real-world corpus (../shared/manifests) either parses to a model whose
 * tracks pass the format's own checks and validatePresentation — or, where the
 * file is truly invalid, is refused with the listed ManifestError code. A file
 * moving between the lists is a regression (or a deliberate change of a table).
 */
import { describe, expect, it } from 'vitest';
import type { Presentation, Track } from '../../src/manifest/model.js';
import { validatePresentation } from '../../src/manifest/validate.js';
import { manifestErrorOf } from './manifest-errors.js';

/** What one format's corpus test supplies. */
export interface ManifestCorpus {
  /** The `describe` title, e.g. `DASH corpus`. */
  title: string;
  /** The corpus files of this format (`corpusFiles(ext)`). */
  files: readonly { name: string; text: string }[];
  /** Fewer files than this means the corpus is missing or truncated, not that all is well. */
  minFiles: number;
  /** File name → the ManifestError code it must be refused with. */
  invalid: Record<string, string>;
  /** File name → what every validatePresentation violation of that (parsing, but under-described) file must say. */
  underDescribed: Record<string, RegExp>;
  /** Parses a file served at `manifestUrl`. */
  parse(text: string, manifestUrl: string): Presentation;
  /** The format's own checks of a parsed model and its tracks (at least one, checked here). */
  check(p: Presentation, tracks: Track[]): void;
}

/** Declares the corpus `describe` block: a file-count test and one test per file. */
export function describeManifestCorpus(corpus: ManifestCorpus): void {
  describe(corpus.title, () => {
    it('has the corpus beside the project', () => {
      expect(corpus.files.length).toBeGreaterThanOrEqual(corpus.minFiles);
    });

    it.each(corpus.files.map((f) => [f.name, f.text] as const))('%s', (name, text) => {
      const manifestUrl = `https://cdn.example.com/corpus/${name}`;
      const expectedCode = corpus.invalid[name];
      if (expectedCode) {
        expect(manifestErrorOf(() => corpus.parse(text, manifestUrl)).code).toBe(expectedCode);
        return;
      }
      const p = corpus.parse(text, manifestUrl);
      const tracks = p.periods.flatMap((x) => x.switchingSets.flatMap((s) => s.tracks));
      expect(tracks.length).toBeGreaterThan(0);
      corpus.check(p, tracks);
      const violations = validatePresentation(p);
      const allowed = corpus.underDescribed[name];
      if (allowed) {
        expect(violations.length).toBeGreaterThan(0);
        for (const v of violations) expect(v.message).toMatch(allowed);
      } else {
        expect(violations).toEqual([]);
      }
    });
  });
}
