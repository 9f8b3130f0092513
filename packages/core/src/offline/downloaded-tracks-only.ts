import type { ManifestParser } from '../manifest/manifest-parser.js';
import type { Presentation } from '../manifest/model.js';
import type { DownloadRecord } from './download-record.js';

/**
 * Manifest formats that, while a stored title plays, keep only the tracks
 * that were downloaded: the stored manifest lists the whole ladder, and an
 * ABR choice of a rendition that is not on the device would fail. Wraps
 * the Player's `manifestParsers` component; `current()` says which download
 * is playing (null: online, nothing is removed).
 */
export function downloadedTracksOnly(formats: readonly ManifestParser[], current: () => DownloadRecord | null): ManifestParser[] {
  return formats.map((format) => ({
    name: format.name,
    sniff: (head) => format.sniff(head),
    matchesPath: (path) => format.matchesPath(path),
    open(context) {
      const session = format.open(context);
      return {
        parse(text, finalUrl) {
          const p = session.parse(text, finalUrl);
          const record = current();
          if (record && record.manifestUrl === finalUrl) keepDownloaded(p, record);
          return p;
        },
        fetchIndex: (track, presentation) => session.fetchIndex(track, presentation),
        refresh: (presentation, tracks) => session.refresh(presentation, tracks),
      };
    },
  }));
}

/** Removes the tracks (and emptied switching sets) a download does not hold. */
export function keepDownloaded(p: Presentation, record: DownloadRecord): void {
  const kept = new Set(record.resources.map((r) => r.trackId));
  for (const period of p.periods) {
    for (const set of period.switchingSets) set.tracks = set.tracks.filter((t) => kept.has(t.id));
    period.switchingSets = period.switchingSets.filter((s) => s.tracks.length > 0);
  }
}
