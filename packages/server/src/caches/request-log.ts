/** What each session actually fetched, for tests and QA to assert on. Bounded per session and in sessions. */

export interface RequestLogEntry {
  /** When the request arrived, ms since epoch. */
  time: number;
  /** Id of the edge cache that served it. */
  cache: string;
  /** Playback session of the request, when it carried one. */
  session: string | null;
  /** Media path under the fixtures root. */
  path: string;
  /** Title id the path belongs to. */
  title: string;
  /** `video/v1200`, `audio/en`, `text/en`, or '' for manifests. */
  rendition: string;
  /** Body bytes sent. */
  bytes: number;
  /** Request arrival to response end, ms. */
  durationMs: number;
  /** HTTP status answered. */
  status: number;
  /** Name of the injected fault that shaped the answer, if any. */
  fault?: string;
}

/** Longest path kept in an entry (fixture paths are < 80 characters). */
export const MAX_PATH = 256;
/** Rough bytes of an entry beyond its strings (object, numbers, cache id). */
const ENTRY_OVERHEAD = 120;

export class RequestLog {
  /** Map order is recency: a session moves to the end on every entry, so the first key is the least recently used. */
  private readonly bySession = new Map<string, { entries: RequestLogEntry[]; bytes: number }>();

  /**
   * @param maxPerSession entries kept per session (oldest dropped)
   * @param maxSessions sessions kept (least recently used dropped)
   * @param maxBytesPerSession approximate bytes of paths kept per session: junk paths of 1 MB used
   *   to retain 1.1 MB (issue 15 #9); paths are also cut to {@link MAX_PATH}
   */
  constructor(
    private readonly maxPerSession = 5_000,
    private readonly maxSessions = 1_000,
    private readonly maxBytesPerSession = 512 * 1024,
  ) {}

  add(entry: RequestLogEntry): void {
    const key = entry.session ?? '';
    let log = this.bySession.get(key);
    if (log) this.bySession.delete(key);
    else {
      if (this.bySession.size >= this.maxSessions) this.bySession.delete(this.bySession.keys().next().value!);
      log = { entries: [], bytes: 0 };
    }
    this.bySession.set(key, log);
    const e = entry.path.length > MAX_PATH ? { ...entry, path: entry.path.slice(0, MAX_PATH) } : entry;
    log.entries.push(e);
    log.bytes += ENTRY_OVERHEAD + e.path.length + e.title.length + e.rendition.length;
    while (log.entries.length > this.maxPerSession || (log.bytes > this.maxBytesPerSession && log.entries.length > 1)) {
      const old = log.entries.shift()!;
      log.bytes -= ENTRY_OVERHEAD + old.path.length + old.title.length + old.rendition.length;
    }
  }

  forSession(session: string): RequestLogEntry[] {
    return [...(this.bySession.get(session)?.entries ?? [])];
  }

  /** Path parts after `/media/`: `<title>/<kind>/<rendition>/<file>`. */
  static describe(mediaPath: string): { title: string; rendition: string } {
    const parts = mediaPath.split('/');
    return { title: parts[0] ?? '', rendition: parts.length >= 4 ? `${parts[1]}/${parts[2]}` : '' };
  }
}
