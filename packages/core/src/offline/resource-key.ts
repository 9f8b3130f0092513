/**
 * Storage keys independent of which edge cache served a resource: a URL is
 * stored under its path relative to the longest matching pathway base URL
 * (`~/<relative>`), so a segment fetched from cache B after a failover is
 * found when offline playback asks for it under cache A's URL. URLs under no
 * known base stay as they are. Byte ranges are part of the key (SegmentBase
 * titles keep every segment in one file).
 */
export function resourceKey(url: string, bases: readonly string[], range?: { start: number; end?: number | null }): string {
  const clean = url.split('#')[0]!;
  let best = '';
  for (const b of bases) if (clean.startsWith(b) && b.length > best.length) best = b;
  const path = best ? `~/${clean.slice(best.length)}` : clean;
  return range ? `${path}|${range.start}-${range.end ?? ''}` : path;
}

/** The directory part of a URL, the way the presentation's base URLs are written (ends with `/`). */
export function directoryOf(url: string): string {
  const clean = url.split(/[?#]/)[0]!;
  return clean.slice(0, clean.lastIndexOf('/') + 1);
}
