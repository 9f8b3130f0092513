/**
 * The few operations a player-behaviour case needs from a player. Edgeplay,
 * shaka-player, hls.js and dash.js each get a small adapter so the same cases
 * compare players on one device in one report. Everything else a case checks
 * (progress, stalls, cues) is read from the media element or the reference
 * server's request log, so no adapter can grade itself.
 */

/** A video rendition as the catalog describes it (adapters match on bandwidth/height, ids differ per player). */
export interface RenditionRef {
  id: string;
  bandwidth: number;
  height: number;
}

/** A typed error as a player reported it. */
export interface AdapterError {
  code: string;
  severity: 'fatal' | 'recoverable' | string;
  message: string;
}

/** A player driven by the conformance executor. */
export interface PlayerAdapter {
  /** `edgeplay`, `shaka`, `hlsjs`, `dashjs`. */
  readonly name: string;
  /** Formats the adapter plays (hls.js: HLS only; dash.js: DASH only). */
  readonly formats: readonly ('dash' | 'hls')[];
  /** Loads `url` into the element (absolute URL) with the case's config; resolves once loading started. */
  load(url: string, options: { startTime?: number; config?: Record<string, unknown> }): Promise<void>;
  seek(time: number): Promise<void>;
  selectVideo(rendition: RenditionRef): void;
  selectAudio(language: string): void;
  /** `null` turns text off; `'*'` picks the first text or caption track, whatever its language. */
  selectText(language: string | null): void;
  /** Errors reported since load. */
  errors(): AdapterError[];
  /** Releases the player; the element can be reused. */
  destroy(): Promise<void>;
}

/** Creates an adapter on a fresh video element. */
export type AdapterFactory = (video: HTMLVideoElement) => Promise<PlayerAdapter>;

/** Loads a classic (UMD) script from the reference server once. */
export function loadScript(src: string): Promise<void> {
  if (document.querySelector(`script[data-src="${src}"]`)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.dataset.src = src;
    s.onload = () => resolve();
    s.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(s);
  });
}

/** The rendition whose bandwidth is nearest `r` among `candidates` (players report slightly different figures). */
export function nearestByBandwidth<T>(candidates: readonly T[], bandwidthOf: (c: T) => number, r: RenditionRef): T | undefined {
  let best: T | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = Math.abs(Math.log(Math.max(1, bandwidthOf(c)) / r.bandwidth));
    if (d < bestDist) [best, bestDist] = [c, d];
  }
  return best;
}
