/** What each session actually fetched, for tests and QA to assert on. Bounded per session and in sessions. */

export interface RequestLogEntry {
  time: number;
  cache: string;
  session: string | null;
  path: string;
  title: string;
  /** `video/v1200`, `audio/en`, `text/en`, or '' for manifests. */
  rendition: string;
  bytes: number;
  durationMs: number;
  status: number;
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
