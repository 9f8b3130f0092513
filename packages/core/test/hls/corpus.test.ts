/**
 * Walks every m3u8 of the shared corpus (../shared/manifests). Multivariant
 * playlists must give a model passing validatePresentation; media playlists a
 * monotonic, contiguous (within discontinuities) index with absolute URLs. The
 * deliberately malformed files must be refused with the ManifestError listed.
 */
import { describe, expect, it } from 'vitest';
import { parseHlsManifest, parseHlsMediaPlaylist } from '../../src/hls/index.js';
import { describeManifestCorpus } from '../support/manifest-corpus.js';
import { candidateUrls } from '../../src/manifest/resolve.js';
import { corpusFiles } from '../support/shared-data.js';

const P = 'videojs__m3u8-parser__test__fixtures__integration__';
/** Truly invalid per RFC 8216 — and why. */
const INVALID: Record<string, string> = {
  [`${P}headerOnly.m3u8`]: 'MANIFEST_NO_PLAYABLE_CONTENT', // #EXTM3U and nothing else
  [`${P}liveMissingSegmentDuration.m3u8`]: 'MANIFEST_MISSING_ATTRIBUTE', // URIs without #EXTINF (§4.3.2.1: REQUIRED)
  [`${P}multipleTargetDurations.m3u8`]: 'MANIFEST_MISSING_ATTRIBUTE', // URIs without #EXTINF
  [`${P}llhls-byte-range.m3u8`]: 'MANIFEST_INVALID_VALUE', // "587500@" has no offset after '@'
  [`${P}manifestExtTTargetdurationNegative.m3u8`]: 'MANIFEST_INVALID_VALUE', // decimal-integer cannot be negative
  [`${P}negativeMediaSequence.m3u8`]: 'MANIFEST_INVALID_VALUE', // idem
  [`${P}twoMediaSequences.m3u8`]: 'MANIFEST_INVALID_VALUE', // §4.3.3.2 appears at most once: which one is right?
  [`${P}zeroDuration.m3u8`]: 'MANIFEST_INVALID_VALUE', // a 0 s segment cannot be placed on a timeline
  [`${P}master.m3u8`]: 'MANIFEST_WRONG_FORMAT', // a comment line before #EXTM3U (§4.3.1.1: MUST be the first line)
  [`${P}streamInfInvalid.m3u8`]: 'MANIFEST_WRONG_FORMAT', // idem (and a STREAM-INF without BANDWIDTH)
  [`${P}llhls-delta-byte-range.m3u8`]: 'MANIFEST_MISSING_ATTRIBUTE', // an #EXTINF with no URI before #EXT-X-SKIP
};

/** Parse, but describe less than is needed to play — reported as violations, not hidden. */
const UNDER_DESCRIBED: Record<string, RegExp> = {
  // The rfc8216bis delta-update example: fMP4 segments without the EXT-X-MAP a real playlist would carry.
  [`${P}llhlsDelta.m3u8`]: /no init segment/,
};

const files = corpusFiles('.m3u8');

describeManifestCorpus({
  title: 'HLS corpus',
  files,
  minFiles: 40,
  invalid: INVALID,
  underDescribed: UNDER_DESCRIBED,
  parse: (text, manifestUrl) => parseHlsManifest(text, { manifestUrl }),
  check(_p, tracks) {
    expect(new Set(tracks.map((t) => t.id)).size).toBe(tracks.length);
    for (const t of tracks) {
      expect(t.baseUrls.length).toBeGreaterThan(0);
      if (t.type === 'video' || t.type === 'audio') expect(t.bandwidth).toBeGreaterThan(0);
      expect(t.segmentIndex !== null || t.indexSource.kind === 'hls-media-playlist').toBe(true);
    }
  },
});

/** Media playlists of the corpus: the segment list itself, without the presentation around it. */
const mediaPlaylists = files.filter((f) => !INVALID[f.name] && !/#EXT-X-(STREAM-INF|I-FRAME-STREAM-INF|MEDIA):/.test(f.text));

describe('HLS corpus: media playlists', () => {
  it('has media playlists to check', () => {
    expect(mediaPlaylists.length).toBeGreaterThanOrEqual(20);
  });

  it.each(mediaPlaylists.map((f) => [f.name, f.text] as const))('%s', (name, text) => {
    const playlistUrl = `https://cdn.example.com/corpus/${name}`;
    const p = parseHlsMediaPlaylist(text, { playlistUrl });
    const track = { baseUrls: [{ url: playlistUrl, pathwayId: '' }] };
    const segs = p.segments;
    expect(segs.length).toBeGreaterThan(0);
    expect(p.segmentIndex.length).toBe(segs.length);
    let sum = 0;
    segs.forEach((s, i) => {
      expect(s.end).toBeGreaterThan(s.start);
      expect(candidateUrls(track, s)[0]!.url).toMatch(/^(https?|data|skd):/);
      if (s.init) expect(candidateUrls(track, s.init)[0]!.url).toMatch(/^(https?|data):/);
      sum += s.end - s.start;
      if (i === 0) return;
      const prev = segs[i - 1]!;
      expect(s.sequence).toBe(prev.sequence + 1);
      expect(s.start).toBeCloseTo(prev.end, 9); // contiguous, also across discontinuities
      expect(s.discontinuity).toBeGreaterThanOrEqual(prev.discontinuity);
    });
    expect(p.totalDuration).toBeCloseTo(sum, 6);
    // O(log n) lookup agrees with the list: the middle of every segment finds that segment.
    segs.forEach((s, i) => expect(p.segmentIndex.find((s.start + s.end) / 2)).toBe(i));
  });
});
