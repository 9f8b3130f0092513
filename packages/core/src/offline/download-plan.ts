import type { Presentation, SwitchingSet, Track } from '../manifest/model.js';
import type { SegmentIndex } from '../manifest/segment-index.js';
import type { DownloadResource } from './download-record.js';
import { resourceKey } from './resource-key.js';
import { resolveUri } from '../manifest/resolve.js';

/** Which tracks to download. */
export interface TrackPreferences {
  /** Largest picture height to download (the highest rung at or below it; default: the highest). */
  maxHeight?: number;
  /** Audio languages to keep (default: the default/first audio set). */
  audioLanguages?: readonly string[];
  /** Subtitle languages to keep (default: all; `[]` for none). */
  textLanguages?: readonly string[];
  /** Full control: given the switching sets of a period, returns the tracks to download. */
  choose?: (sets: readonly SwitchingSet[]) => Track[];
}

/** The tracks preferences pick in one period. */
export function pickTracks(sets: readonly SwitchingSet[], prefs: TrackPreferences): Track[] {
  if (prefs.choose) return prefs.choose(sets);
  const picked: Track[] = [];
  const video = sets.filter((s) => s.type === 'video');
  if (video.length) {
    const all = video.flatMap((s) => s.tracks).sort((a, b) => a.bandwidth - b.bandwidth);
    const fitting = all.filter((t) => prefs.maxHeight === undefined || (t.height ?? 0) <= prefs.maxHeight);
    const top = (fitting.length ? fitting : all.slice(0, 1)).at(-1);
    if (top) picked.push(top);
  }
  const audio = sets.filter((s) => s.type === 'audio');
  const wanted = prefs.audioLanguages
    ? audio.filter((s) => s.language && prefs.audioLanguages!.some((l) => s.language!.toLowerCase().startsWith(l.toLowerCase())))
    : [audio.find((s) => s.isDefault) ?? audio[0]].filter((s): s is SwitchingSet => !!s);
  for (const s of wanted) picked.push([...s.tracks].sort((a, b) => b.bandwidth - a.bandwidth)[0]!);
  for (const s of sets.filter((x) => x.type === 'text')) {
    if (prefs.textLanguages && !prefs.textLanguages.some((l) => (s.language ?? '').toLowerCase().startsWith(l.toLowerCase()))) continue;
    if (s.tracks[0]) picked.push(s.tracks[0]);
  }
  return picked;
}

/** Every base URL of the presentation, as strings (longest-prefix keys, {@link resourceKey}). */
export function presentationBases(p: Presentation): string[] {
  const out = new Set<string>();
  for (const period of p.periods) for (const set of period.switchingSets) for (const t of set.tracks) for (const b of t.baseUrls) out.add(b.url);
  return [...out];
}

/**
 * The resources of `track` within its period: unique init segments, then
 * every media segment the period holds, each with its storage key and size
 * estimate (exact for byte ranges, bandwidth × duration otherwise).
 */
export function trackResources(track: Track, index: SegmentIndex, period: { start: number; end: number }, bases: readonly string[], manifestUrl: string): DownloadResource[] {
  const out: DownloadResource[] = [];
  const seenInit = new Set<string>();
  const baseUrls = track.baseUrls.map((b) => ({ url: b.url, pathwayId: b.pathwayId }));
  const absolute = (uri: string) => (baseUrls[0] ? resolveUri(uri, baseUrls[0].url) : resolveUri(uri, manifestUrl));
  const estimate = (range: { start: number; end?: number | null } | undefined, seconds: number) =>
    range && typeof range.end === 'number' ? range.end - range.start + 1 : Math.ceil((track.bandwidth * Math.max(0, seconds)) / 8);
  for (let i = 0; i < index.length; i++) {
    const ref = index.get(i);
    if (!ref || ref.gap) continue;
    if (ref.end <= period.start + 1e-3 || ref.start >= period.end - 1e-3) continue;
    if (ref.init) {
      const id = `${ref.init.uri}|${ref.init.byteRange?.start ?? ''}-${ref.init.byteRange?.end ?? ''}`;
      if (!seenInit.has(id)) {
        seenInit.add(id);
        out.push({
          key: resourceKey(absolute(ref.init.uri), bases, ref.init.byteRange), kind: 'init', uri: ref.init.uri, baseUrls,
          ...(ref.init.byteRange ? { byteRange: ref.init.byteRange } : {}), start: ref.start, end: ref.start, trackId: track.id,
          estimatedBytes: estimate(ref.init.byteRange, 0) || 2000,
        });
      }
    }
    out.push({
      key: resourceKey(absolute(ref.uri), bases, ref.byteRange), kind: 'segment', uri: ref.uri, baseUrls,
      ...(ref.byteRange ? { byteRange: ref.byteRange } : {}), start: ref.start, end: ref.end, trackId: track.id,
      estimatedBytes: estimate(ref.byteRange, ref.end - ref.start),
    });
  }
  return out;
}
