import type { ByteRange } from '../manifest/model.js';

/** Lifecycle of a download. */
export type DownloadState = 'downloading' | 'paused' | 'complete' | 'failed';

/** One resource of a download: what to fetch and whether it is stored. */
export interface DownloadResource {
  /** Storage key: the resource's URL relative to its pathway (see {@link resourceKey}). */
  key: string;
  kind: 'init' | 'segment';
  /** What the request engine fetches: the URI relative to the track's base URLs (or absolute). */
  uri: string;
  baseUrls: { url: string; pathwayId: string }[];
  byteRange?: ByteRange;
  /** Presentation time of the segment (init: that of its first segment), for "plays up to the last contiguous segment". */
  start: number;
  end: number;
  trackId: string;
  /** Estimated size before download (track bandwidth × duration, or the byte range), bytes. */
  estimatedBytes: number;
  /** Stored: its size and checksum. */
  bytes?: number;
  checksum?: string;
  /** Found corrupt by `verify`: fetch again, never adopt the stored copy. */
  refetch?: boolean;
}

/**
 * A download, manifest first: written before the first segment is fetched
 * and updated as segments land, so pause / resume / abort / a page reload
 * continue where they stopped.
 */
export interface DownloadRecord {
  id: string;
  /** The manifest URL as loaded (the key under which the stored manifest is served offline). */
  manifestUrl: string;
  /** Base URLs of every pathway of the presentation (to map request URLs back to storage keys). */
  bases: string[];
  title?: string;
  createdAt: number;
  updatedAt: number;
  state: DownloadState;
  /** The chosen tracks (ids) per type. */
  tracks: { video: string | null; audio: string[]; text: string[] };
  duration: number;
  resources: DownloadResource[];
  /** Sum of estimates (before download) — corrected by actual bytes as resources land. */
  estimatedBytes: number;
  /** The last error, when `state` is failed. */
  error?: { code: string; message: string };
  /** The download licence of an encrypted title (see `OfflineLicences`); absent for clear content. */
  licence?: DownloadLicence;
}

/**
 * The offline licence of a download. A CDM with persistent sessions keeps the
 * licence itself (`sessionId`); ClearKey in Chromium has none, so the licence
 * answer is kept (`response`) and a temporary session is re-created from it
 * at play time.
 */
export interface DownloadLicence {
  keySystem: string;
  /** The licence server's id of the download licence (renewal, release). */
  licenceId: string;
  /** When the offline licence lapses (ms since epoch, wall clock); playing after it is OFFLINE_LICENCE_EXPIRED. */
  expiresAt: number;
  /** Persistent-license session id (CDMs that have them). */
  sessionId?: string;
  /** Content types the persistent session's MediaKeys were created for (to load it again). */
  contentTypes?: { video: string[]; audio: string[] };
  /** The licence answer (base64), when the CDM cannot persist it. */
  response?: string;
  /** Wall time of the last renewal. */
  renewedAt?: number;
}

/** A licence release that has not reached the server yet (the device was offline when the download was removed). */
export interface PendingRelease {
  licenceId: string;
  keySystem: string;
  /** A persistent session still to remove from the CDM. */
  sessionId?: string;
  contentTypes?: { video: string[]; audio: string[] };
  /** Wall time of the removal. */
  requestedAt: number;
  attempts: number;
}

/** Bytes stored so far. */
export function storedBytes(record: DownloadRecord): number {
  let n = 0;
  for (const r of record.resources) n += r.bytes ?? 0;
  return n;
}

/**
 * Expected total: actual bytes for stored resources, and for the rest the
 * estimate scaled by how the stored ones compared with their estimates (the
 * "corrected by actual bytes" estimate; a CBR-ish ladder converges after a
 * few segments).
 */
export function expectedBytes(record: DownloadRecord): number {
  let done = 0;
  let doneEstimate = 0;
  let rest = 0;
  for (const r of record.resources) {
    if (r.bytes !== undefined) {
      done += r.bytes;
      doneEstimate += r.estimatedBytes;
    } else {
      rest += r.estimatedBytes;
    }
  }
  const ratio = doneEstimate > 0 ? done / doneEstimate : 1;
  return done + rest * ratio;
}

/**
 * End of the media playable offline: the last segment end up to which every
 * chosen track has contiguous stored segments from the start.
 */
export function playableUntil(record: DownloadRecord): number {
  const byTrack = new Map<string, DownloadResource[]>();
  for (const r of record.resources) {
    if (r.kind !== 'segment') continue;
    let list = byTrack.get(r.trackId);
    if (!list) byTrack.set(r.trackId, (list = []));
    list.push(r);
  }
  let until = Infinity;
  for (const list of byTrack.values()) {
    list.sort((a, b) => a.start - b.start);
    let end = list.length ? list[0]!.start : 0;
    for (const r of list) {
      if (r.bytes === undefined) break;
      end = r.end;
    }
    until = Math.min(until, end);
  }
  return until === Infinity ? 0 : until;
}
