import type { Track } from '../manifest/model.js';

/** Limits on which tracks ABR may choose. */
export interface AbrCaps {
  /** User cap (e.g. data saver): tracks larger than this are excluded. */
  maxResolution?: { width: number; height: number } | null;
  /** Rendered element size in CSS pixels; tracks must fit within it × `devicePixelRatio`. */
  displaySize?: { width: number; height: number } | null;
  devicePixelRatio?: number;
  /** Tracks that must not be used (HDCP output restriction, unusable key status, decode errors). */
  restrictedTrackIds?: ReadonlySet<string>;
  /** Upper bitrate bound, bits/s (e.g. CMCD/CMSD server hint or user preference). */
  maxBandwidth?: number;
}

/** Result of applying caps: the allowed tracks and, per excluded track, why. */
export interface CappedTracks {
  allowed: Track[];
  excluded: { track: Track; reason: string }[];
}

function fits(track: Track, box: { width: number; height: number }): boolean {
  // Tracks without dimensions (audio, unknown) always fit.
  return (track.width === undefined || track.width <= box.width) && (track.height === undefined || track.height <= box.height);
}

/**
 * Applies caps to a ladder. Restricted tracks are always removed (playing
 * them fails). Size and bandwidth caps are soft: if they would remove every
 * track, the smallest remaining track is kept, because playing something
 * slightly too large beats playing nothing.
 */
export function applyCaps(tracks: readonly Track[], caps: AbrCaps): CappedTracks {
  const excluded: CappedTracks['excluded'] = [];
  const usable = tracks.filter((t) => {
    if (caps.restrictedTrackIds?.has(t.id)) {
      excluded.push({ track: t, reason: 'restricted' });
      return false;
    }
    return true;
  });
  const soft: { test: (t: Track) => boolean; reason: string }[] = [];
  if (caps.maxResolution) {
    const box = caps.maxResolution;
    soft.push({ test: (t) => fits(t, box), reason: `above max resolution ${box.width}x${box.height}` });
  }
  if (caps.displaySize && caps.displaySize.width > 0 && caps.displaySize.height > 0) {
    const dpr = caps.devicePixelRatio && caps.devicePixelRatio > 0 ? caps.devicePixelRatio : 1;
    const box = { width: Math.ceil(caps.displaySize.width * dpr), height: Math.ceil(caps.displaySize.height * dpr) };
    soft.push({ test: (t) => fits(t, box), reason: `larger than the display (${box.width}x${box.height} device px)` });
  }
  if (caps.maxBandwidth !== undefined && caps.maxBandwidth > 0) {
    const max = caps.maxBandwidth;
    soft.push({ test: (t) => t.bandwidth <= max, reason: `above max bandwidth ${max}` });
  }
  let allowed = usable;
  for (const rule of soft) {
    const kept = allowed.filter(rule.test);
    if (kept.length === 0 && allowed.length > 0) {
      // Keep the smallest rather than nothing.
      const smallest = allowed.reduce((a, b) => (b.bandwidth < a.bandwidth ? b : a));
      for (const t of allowed) if (t !== smallest) excluded.push({ track: t, reason: rule.reason });
      allowed = [smallest];
    } else {
      for (const t of allowed) if (!rule.test(t)) excluded.push({ track: t, reason: rule.reason });
      allowed = kept;
    }
  }
  return { allowed, excluded };
}
