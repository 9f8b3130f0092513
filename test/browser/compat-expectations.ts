/**
 * What Edgeplay does with each compat case today, and the reference player CI
 * proves the fixture with (Edgeplay + one reference player per case keeps the
 * CI run inside its budget; `npm run compat` runs all of them).
 * - `plays`: Edgeplay must do what a correct player does (play, or a clean
 *   refusal where the case allows one).
 * - `gap: <issue item> …`: Edgeplay does not play it yet. The test fails with
 *   "update the table" as soon as it does, so this table stays honest.
 * Issue items: 12.N / 13.N = item N of issue 12 (HLS) / 13 (DASH).
 */
import type { PlayerName } from '../../bench/compat/lib/matrix.mjs';

export interface CompatExpectation {
  edgeplay: 'plays' | `gap: ${string}`;
  /** The reference player that must prove the fixture in CI. */
  reference: Exclude<PlayerName, 'edgeplay'>;
  /** Set when no reference player plays the fixture (the validity check is skipped, with this reason). */
  unverifiedFixture?: string;
}

export const COMPAT_EXPECTATIONS: Record<string, CompatExpectation> = {
  'hls-ts-pts1.4': { edgeplay: 'plays', reference: 'hls.js' },
  'hls-ts-nocodecs': { edgeplay: 'plays', reference: 'hls.js' },
  'hls-ts-media-playlist': { edgeplay: 'plays', reference: 'shaka' },
  'hls-ts-pts10': { edgeplay: 'plays', reference: 'shaka' },
  'hls-ts-rollover': { edgeplay: 'plays', reference: 'shaka' },
  'hls-ts-bframes': { edgeplay: 'plays', reference: 'shaka' },
  'hls-ts-mp3': { edgeplay: 'plays', reference: 'shaka' },
  'hls-ts-opus': { edgeplay: 'plays', reference: 'shaka' },
  'hls-ts-ac3': { edgeplay: 'plays', reference: 'shaka' },
  'hls-ts-audio-only': { edgeplay: 'plays', reference: 'shaka' },
  'hls-ts-disc': { edgeplay: 'plays', reference: 'shaka' },
  'hls-fmp4-disc': { edgeplay: 'plays', reference: 'shaka' },
  'hls-aes128-iv': { edgeplay: 'plays', reference: 'shaka' },
  'hls-aes128-seq-iv': { edgeplay: 'plays', reference: 'shaka' },
  'hls-sample-aes': { edgeplay: 'plays', reference: 'hls.js' },
  'hls-packed-aac': { edgeplay: 'plays', reference: 'shaka' },
  'hls-packed-aac-nocodecs': { edgeplay: 'plays', reference: 'shaka' },
  'hls-packed-mp3': { edgeplay: 'plays', reference: 'shaka' },
  'hls-packed-mp3-nocodecs': { edgeplay: 'plays', reference: 'shaka' },
  'hls-cea608': { edgeplay: 'plays', reference: 'shaka' },
  'dash-cea608': { edgeplay: 'plays', reference: 'shaka' },
  'hls-redundant': { edgeplay: 'plays', reference: 'shaka' },
  'hls-redundant-503': { edgeplay: 'plays', reference: 'hls.js' },
  'dash-ttml-stpp': { edgeplay: 'plays', reference: 'shaka' },
  'dash-ttml-sidecar': { edgeplay: 'plays', reference: 'shaka' },
  'dash-cenc-wvpr': { edgeplay: 'plays', reference: 'shaka' },
  'dash-clear-then-cenc': { edgeplay: 'plays', reference: 'shaka' },
  'dash-webm': { edgeplay: 'plays', reference: 'shaka' },
  'dash-video-late-10s': { edgeplay: 'plays', reference: 'shaka' },
  'dash-av-offset-1s': { edgeplay: 'plays', reference: 'shaka' },
  'dash-404-seg7': { edgeplay: 'plays', reference: 'shaka' },
  'dash-segmentlist-overflow': { edgeplay: 'plays', reference: 'shaka' },
  // Plays, but by treating the whole file as one segment (issue 13 item 7): the outcome matrix cannot see that.
  'dash-representation-index': { edgeplay: 'plays', reference: 'shaka' },
  'dash-sea-aes128': { edgeplay: 'plays', reference: 'shaka' },
};
