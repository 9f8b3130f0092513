/**
 * Walks every MPD of the shared real-world corpus (../shared/manifests): each
 * must parse to a model that satisfies validatePresentation's invariants, or —
 * where the file is truly invalid — to the ManifestError listed below. A file
 * moving between the lists is a regression (or a deliberate change of this table).
 */
import { expect } from 'vitest';
import { parseDashManifest } from '../../src/dash/index.js';
import { describeManifestCorpus } from '../support/manifest-corpus.js';
import { corpusFiles } from '../support/shared-data.js';

/** Files that violate ISO/IEC 23009-1 and must be refused with this code. */
const INVALID: Record<string, string> = {
  // type="dynamic" without the mandatory @availabilityStartTime: no live edge can be computed.
  'videojs__mpd-parser__test__manifests__multiperiod-dynamic.mpd': 'MANIFEST_MISSING_ATTRIBUTE',
  // @initialization uses $Number$, which §5.3.9.4.2 forbids (the init URL would differ per segment).
  'videojs__mpd-parser__test__manifests__multiperiod.mpd': 'MANIFEST_INVALID_VALUE',
};

/** Files that parse but describe less media than their declared duration (reported, not hidden). */
const UNDER_DESCRIBED: Record<string, RegExp> = {
  // A trimmed test asset: 5 × 10 s video / 12 × 4 s audio listed for an 84 s presentation.
  'shaka-project__shaka-player__test__test__assets__6339__master.mpd': /segment durations sum to/,
};

const NOW = Date.parse('2026-01-01T00:00:00Z');
const files = corpusFiles('.mpd');

describeManifestCorpus({
  title: 'DASH corpus',
  files,
  minFiles: 20,
  invalid: INVALID,
  underDescribed: UNDER_DESCRIBED,
  parse: (text, manifestUrl) => parseDashManifest(text, { manifestUrl, now: NOW }),
  check(p, tracks) {
    expect(p.format).toBe('dash');
    for (const t of tracks) {
      expect(t.segmentIndex !== null || t.indexSource.kind === 'sidx').toBe(true);
      expect(new Set(tracks.map((x) => x.id)).size).toBe(tracks.length);
    }
  },
});
