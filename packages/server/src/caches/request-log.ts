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

export class RequestLog {
  private readonly bySession = new Map<string, RequestLogEntry[]>();

  constructor(
    private readonly maxPerSession = 5_000,
    private readonly maxSessions = 1_000,
  ) {}

  add(entry: RequestLogEntry): void {
    const key = entry.session ?? '';
    let list = this.bySession.get(key);
    if (!list) {
      if (this.bySession.size >= this.maxSessions) this.bySession.delete(this.bySession.keys().next().value!);
      this.bySession.set(key, (list = []));
    }
    list.push(entry);
    if (list.length > this.maxPerSession) list.splice(0, list.length - this.maxPerSession);
  }

  forSession(session: string): RequestLogEntry[] {
    return [...(this.bySession.get(session) ?? [])];
  }

  /** Path parts after `/media/`: `<title>/<kind>/<rendition>/<file>`. */
  static describe(mediaPath: string): { title: string; rendition: string } {
    const parts = mediaPath.split('/');
    return { title: parts[0] ?? '', rendition: parts.length >= 4 ? `${parts[1]}/${parts[2]}` : '' };
  }
}
