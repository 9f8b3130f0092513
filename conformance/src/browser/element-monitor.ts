/**
 * Watches a media element for what the verdict needs and no player reports
 * the same way: startup (load → first `playing`), stalls (a `waiting` after
 * playback started that no seek caused), ended, and whether a text cue reached
 * the element — and which cues (start + text) it saw.
 */
import type { SeenCue } from '../model/cue-match.js';

/** Cues kept per case: the compat fixtures hold 7; a bound keeps a hostile stream from growing the list. */
const MAX_SEEN_CUES = 500;

/**
 * A cue's text: `cue.text` (VTTCue), else the IMSC ISD tree dash.js keeps TTML in, else the HTML
 * element it renders 608 captions into — dash.js draws those itself, not through `cue.text`.
 */
function cueText(cue: TextTrackCue): string {
  const c = cue as TextTrackCue & { text?: string; isd?: unknown; cueHTMLElement?: HTMLElement };
  const isdText = (node: unknown): string => {
    if (!node || typeof node !== 'object') return '';
    const n = node as { kind?: string; text?: unknown; contents?: unknown };
    if (n.kind === 'br') return ' ';
    return (typeof n.text === 'string' ? n.text : '') + (Array.isArray(n.contents) ? n.contents.map(isdText).join('') : '');
  };
  return c.text || isdText(c.isd) || (c.cueHTMLElement?.textContent ?? '');
}

/** Live figures of one element; `dispose()` removes the listeners. */
export interface ElementMonitor {
  readonly startupMs: number | null;
  /** Media position at the first `playing` (a live stream starts near its edge, not at 0). */
  readonly startPosition: number | null;
  readonly stalls: number;
  readonly stallSeconds: number;
  readonly ended: boolean;
  /** Polled during waits: a cue was ever active or loaded into a showing/hidden track. */
  readonly cueShown: boolean;
  /** Cues seen on any text track, deduplicated by start and text. */
  readonly seenCues: readonly SeenCue[];
  /** Call at load() time; startup is measured from here. */
  markLoadStart(): void;
  pollCues(): void;
  dispose(): void;
}

/** Starts watching `video`. */
export function monitorElement(video: HTMLVideoElement): ElementMonitor {
  let loadStart = performance.now();
  let startupMs: number | null = null;
  let startPosition: number | null = null;
  let stalls = 0;
  let stallSeconds = 0;
  let stalledAt: number | null = null;
  let seeking = false;
  let ended = false;
  let cueShown = false;
  const seen = new Map<string, SeenCue>();
  const on: [string, () => void][] = [
    ['playing', () => {
      if (startupMs === null) {
        startupMs = performance.now() - loadStart;
        startPosition = video.currentTime;
      }
      if (stalledAt !== null) stallSeconds += (performance.now() - stalledAt) / 1000;
      stalledAt = null;
      seeking = false;
    }],
    ['seeking', () => (seeking = true)],
    ['seeked', () => (seeking = false)],
    ['waiting', () => {
      if (startupMs === null || seeking || video.seeking || video.ended) return;
      stalls++;
      stalledAt = performance.now();
    }],
    ['ended', () => (ended = true)],
  ];
  for (const [type, fn] of on) video.addEventListener(type, fn);
  return {
    get startupMs() { return startupMs; },
    get startPosition() { return startPosition; },
    get stalls() { return stalls; },
    get stallSeconds() { return stallSeconds + (stalledAt === null ? 0 : (performance.now() - stalledAt) / 1000); },
    get ended() { return ended || video.ended; },
    get cueShown() { return cueShown; },
    get seenCues() { return [...seen.values()]; },
    markLoadStart() {
      loadStart = performance.now();
    },
    pollCues() {
      for (const t of Array.from(video.textTracks)) {
        for (const cue of Array.from(t.cues ?? [])) {
          if (seen.size >= MAX_SEEN_CUES) break;
          const text = cueText(cue);
          const key = `${cue.startTime.toFixed(3)}\u0000${text}`;
          if (!seen.has(key)) seen.set(key, { start: cue.startTime, text });
        }
        if (t.mode === 'disabled') continue;
        if ((t.activeCues?.length ?? 0) > 0 || (t.cues?.length ?? 0) > 0) cueShown = true;
      }
    },
    dispose() {
      for (const [type, fn] of on) video.removeEventListener(type, fn);
    },
  };
}

/** Seconds buffered ahead of the playhead. */
export function bufferedAhead(video: HTMLVideoElement): number {
  const t = video.currentTime;
  for (let i = 0; i < video.buffered.length; i++) {
    if (video.buffered.start(i) <= t + 0.1 && video.buffered.end(i) > t) return video.buffered.end(i) - t;
  }
  return 0;
}

/**
 * JS heap in use, bytes: `performance.measureUserAgentSpecificMemory()` where the page is
 * cross-origin isolated (the only place browsers allow it), else `performance.memory` (Chromium),
 * else null. The measurement is bounded to 2 s: Chromium may defer it until a GC.
 */
export async function heapBytes(): Promise<number | null> {
  const perf = performance as unknown as { memory?: { usedJSHeapSize: number }; measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> };
  if (globalThis.crossOriginIsolated && perf.measureUserAgentSpecificMemory) {
    const timeout = new Promise<null>((r) => setTimeout(() => r(null), 2_000));
    const measured = await Promise.race([perf.measureUserAgentSpecificMemory().then((m) => m.bytes, () => null), timeout]);
    if (measured !== null) return measured;
  }
  return perf.memory ? perf.memory.usedJSHeapSize : null;
}
