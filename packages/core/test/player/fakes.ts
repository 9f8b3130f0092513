/**
 * In-memory platform fakes for engine tests: a network (a preset of the shared
 * test kit) that serves a synthetic DASH presentation with modelled latency/throughput, and a media
 * sink whose playhead advances with the virtual clock only through buffered
 * media (so running out of data really stalls it).
 */
import { EdgeplayError } from '../../src/errors/edgeplay-error.js';
import type { BufferedRanges, MediaSink, SinkBuffer, SinkBufferType, SinkEvent } from '../../src/platform/media-sink.js';
import type { TextCue, TextRenderer } from '../../src/platform/text-renderer.js';
import type { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { ScriptedNetwork, type LoggedRequest, type ScriptedReply } from '../../../../test/support/fake-network.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Payload carried by fake media bytes. */
export interface FakeMedia {
  kind: 'init' | 'segment';
  rep: string;
  n?: number;
  start?: number;
  end?: number;
  corrupt?: boolean;
}

export interface Ladder {
  id: string;
  bandwidth: number;
  width: number;
  height: number;
}

export const LADDER: Ladder[] = [
  { id: 'v1', bandwidth: 500_000, width: 640, height: 360 },
  { id: 'v2', bandwidth: 1_500_000, width: 1280, height: 720 },
  { id: 'v3', bandwidth: 4_000_000, width: 1920, height: 1080 },
];

/** A VOD MPD: one video AdaptationSet with `ladder`, SegmentTemplate $Number$ starting at 1. */
export function vodMpd(durationS: number, segS: number, ladder: Ladder[] = LADDER): string {
  const reps = ladder
    .map((r) => `<Representation id="${r.id}" bandwidth="${r.bandwidth}" width="${r.width}" height="${r.height}" codecs="avc1.64001f"/>`)
    .join('');
  return `<?xml version="1.0"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT${durationS}S" minBufferTime="PT2S" profiles="urn:mpeg:dash:profile:isoff-live:2011">
<Period id="p0" start="PT0S"><AdaptationSet contentType="video" mimeType="video/mp4" segmentAlignment="true">
<SegmentTemplate timescale="1000" duration="${segS * 1000}" startNumber="1" initialization="init-$RepresentationID$.mp4" media="seg-$RepresentationID$-$Number$.m4s"/>
${reps}</AdaptationSet></Period></MPD>`;
}

/** A live HLS media playlist whose window slides with `nowS`. */
export function liveHlsPlaylist(nowS: number, segS: number, windowSegments: number): string {
  const last = Math.floor(nowS / segS); // segments 0..last-1 are complete
  const first = Math.max(0, last - windowSegments);
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', `#EXT-X-TARGETDURATION:${segS}`, `#EXT-X-MEDIA-SEQUENCE:${first}`, '#EXT-X-MAP:URI="init-live.mp4"'];
  for (let n = first; n < last; n++) lines.push(`#EXTINF:${segS.toFixed(3)},`, `seg-live-${n}.m4s`);
  return lines.join('\n') + '\n';
}

/** One request the fake network saw (the shared kit's log entry: url, kind, at, status, aborted, body). */
export type RequestRecord = LoggedRequest;

/**
 * The engine suites' preset of the shared test-kit network: serves the fake media named by
 * URL (`init-<rep>.mp4`, `seg-<rep>-<n>.m4s`) and text routes, each after `latencyMs` plus
 * its wire size over `throughput` (sampled at request time), with fetch-like progress every
 * 100 ms for bodies over 200 ms; unknown URLs and `failing` files reject as recoverable
 * HTTP 404s; no `onHeaders` calls (as before the kit).
 */
export class FakeNetwork extends ScriptedNetwork {
  /** Bits per second at a given clock time. */
  throughput: (nowMs: number) => number = () => 50_000_000;
  latencyMs = 20;
  /** url (or url suffix) → handler; return null for 404. */
  readonly routes: { match: (url: string) => boolean; respond: (url: string) => { body: Uint8Array; bytes?: number } | null }[] = [];
  /** Segment number → seconds of media missing at the start (a hole in the buffer). */
  readonly holes = new Map<number, number>();
  readonly corrupt = new Set<number>();
  readonly failing = new Set<string>();
  /** Live: media sequence number that sits at presentation time 0. */
  liveFirstSeq = 0;

  constructor(
    private readonly clock: VirtualClock,
    private readonly segS = 2,
    private readonly ladder: Ladder[] = LADDER,
  ) {
    super({ clock, httpErrors: 'reject', httpErrorSeverity: 'recoverable', progress: { everyMs: 100, minBodyMs: 200 }, reportHeaders: false });
    this.route(() => true, (req) => this.reply(req.url));
  }

  /** Every request, in order. */
  get requests(): RequestRecord[] {
    return this.log;
  }

  /** Serves a fixed text at URLs ending with `suffix`. */
  text(suffix: string, body: string | ((nowMs: number) => string)): void {
    this.routes.push({ match: (u) => u.endsWith(suffix), respond: () => ({ body: enc.encode(typeof body === 'string' ? body : body(this.clock.now())) }) });
  }

  private reply(url: string): ScriptedReply {
    const route = this.routes.find((r) => r.match(url));
    const found = this.failing.has(url.split('/').pop()!) ? null : route ? route.respond(url) : this.media(url);
    if (!found) return { status: 404, ttfbMs: this.latencyMs };
    const bytes = found.bytes ?? found.body.byteLength;
    return { body: found.body, bytes, ttfbMs: this.latencyMs, bodyMs: (bytes * 8 * 1000) / Math.max(1, this.throughput(this.clock.now())) };
  }

  private media(url: string): { body: Uint8Array; bytes: number } | null {
    const file = url.split('/').pop()!.split('?')[0]!;
    let m = /^init-(\w+)\.mp4$/.exec(file);
    if (m) return { body: enc.encode(JSON.stringify({ kind: 'init', rep: m[1] } satisfies FakeMedia)), bytes: 1000 };
    m = /^seg-(\w+)-(\d+)\.m4s$/.exec(file);
    if (!m) return null;
    const rep = m[1]!;
    const n = Number(m[2]);
    const live = rep === 'live';
    const start = (live ? n - this.liveFirstSeq : n - 1) * this.segS + (this.holes.get(n) ?? 0);
    const end = (live ? n - this.liveFirstSeq + 1 : n) * this.segS;
    const bw = this.ladder.find((l) => l.id === rep)?.bandwidth ?? 1_000_000;
    const media: FakeMedia = { kind: 'segment', rep, n, start, end, ...(this.corrupt.has(n) ? { corrupt: true } : {}) };
    return { body: enc.encode(JSON.stringify(media)), bytes: Math.round((bw * this.segS) / 8) };
  }

  /** Segment/init requests for `kind`, in order, as file names. */
  files(kind?: string): string[] {
    return this.requests.filter((r) => !kind || r.kind === kind).map((r) => r.url.split('/').pop()!);
  }
}

function addRange(ranges: { start: number; end: number }[], start: number, end: number): void {
  ranges.push({ start, end });
  ranges.sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end + 1e-6) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  ranges.splice(0, ranges.length, ...merged);
}

/** A sink buffer that records appends and keeps time ranges. */
export class FakeBuffer implements SinkBuffer {
  readonly ranges: { start: number; end: number }[] = [];
  readonly appended: FakeMedia[] = [];
  readonly types: string[] = [];
  /** Max seconds the buffer may hold (quota). */
  quotaS = Infinity;
  quotaErrors = 0;

  constructor(
    readonly type: SinkBufferType,
    mime: string,
  ) {
    this.types.push(mime);
  }

  async append(data: ArrayBuffer | Uint8Array): Promise<void> {
    await Promise.resolve();
    const media = JSON.parse(dec.decode(data)) as FakeMedia;
    if (media.corrupt) throw new EdgeplayError('media', 'MEDIA_DECODE_ERROR', `corrupt ${media.rep}-${media.n}`, { severity: 'recoverable' });
    if (media.kind === 'segment') {
      const held = this.ranges.reduce((s, r) => s + r.end - r.start, 0);
      if (held + (media.end! - media.start!) > this.quotaS + 1e-6) {
        this.quotaErrors++;
        throw new EdgeplayError('media', 'QUOTA_EXCEEDED', 'quota', { severity: 'recoverable' });
      }
      addRange(this.ranges, media.start!, media.end!);
    }
    this.appended.push(media);
  }

  async remove(start: number, end: number): Promise<void> {
    await Promise.resolve();
    const out: { start: number; end: number }[] = [];
    for (const r of this.ranges) {
      if (r.end <= start || r.start >= end) out.push(r);
      else {
        if (r.start < start) out.push({ start: r.start, end: start });
        if (r.end > end) out.push({ start: end, end: r.end });
      }
    }
    this.ranges.splice(0, this.ranges.length, ...out);
  }

  async abort(): Promise<void> {}

  async changeType(mime: string): Promise<void> {
    this.types.push(mime);
  }

  buffered(): BufferedRanges {
    return this.ranges.map((r) => ({ ...r }));
  }
}

/** A sink whose playhead advances with the clock through buffered media only. */
export class FakeSink implements MediaSink {
  readonly buffers = new Map<SinkBufferType, FakeBuffer>();
  private anchorTime = 0;
  private anchorNow = 0;
  private playing = false;
  duration = NaN;
  endOfStreamCalls = 0;
  seeks: number[] = [];
  seekable: [number, number] | null = null;
  private readonly listeners = new Map<SinkEvent, Set<() => void>>();

  constructor(private readonly clock: VirtualClock) {}

  private advance(): void {
    const now = this.clock.now();
    if (this.playing) {
      let limit = Infinity;
      for (const b of this.buffers.values()) {
        const r = b.ranges.find((x) => this.anchorTime >= x.start - 0.05 && this.anchorTime < x.end);
        limit = Math.min(limit, r ? r.end : this.anchorTime);
      }
      if (!Number.isNaN(this.duration)) limit = Math.min(limit, this.duration);
      this.anchorTime = Math.max(this.anchorTime, Math.min(limit, this.anchorTime + (now - this.anchorNow) / 1000));
    }
    this.anchorNow = now;
  }

  async open(): Promise<void> {}
  isTypeSupported(): boolean {
    return true;
  }
  addBuffer(type: SinkBufferType, mime: string): SinkBuffer {
    const b = new FakeBuffer(type, mime);
    this.buffers.set(type, b);
    return b;
  }
  setDuration(s: number): void {
    this.duration = s;
  }
  setSeekableRange(start: number, end: number): void {
    this.seekable = [start, end];
  }
  endOfStream(): void {
    this.endOfStreamCalls++;
  }
  currentTime(): number {
    this.advance();
    return this.anchorTime;
  }
  seek(t: number): void {
    this.advance();
    this.seeks.push(t);
    this.anchorTime = t;
  }
  paused(): boolean {
    return !this.playing;
  }
  async play(): Promise<void> {
    this.advance();
    const was = this.playing;
    this.playing = true;
    if (!was) this.emit('play');
  }
  pause(): void {
    this.advance();
    const was = this.playing;
    this.playing = false;
    if (was) this.emit('pause');
  }
  private emit(event: SinkEvent): void {
    for (const l of [...(this.listeners.get(event) ?? [])]) l();
  }
  playbackRate(): number {
    return 1;
  }
  setPlaybackRate(): void {}
  readyState(): number {
    return 4;
  }
  displaySize(): { width: number; height: number } | null {
    return null;
  }
  playbackQuality(): { decodedFrames: number; droppedFrames: number } | null {
    return { decodedFrames: Math.round(this.anchorTime * 30), droppedFrames: 0 };
  }
  on(event: SinkEvent, listener: () => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }
  async destroy(): Promise<void> {
    this.buffers.clear();
  }
}

/** A dynamic MPD (SegmentTemplate $Number$ from 1, period at AST) — the window depends on the parse time. */
export function liveMpd(availabilityStartTime: string, segS: number, ladder: Ladder[] = LADDER.slice(0, 2)): string {
  const reps = ladder.map((r) => `<Representation id="${r.id}" bandwidth="${r.bandwidth}" width="${r.width}" height="${r.height}" codecs="avc1.64001f"/>`).join('');
  return `<?xml version="1.0"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="dynamic" availabilityStartTime="${availabilityStartTime}" publishTime="${availabilityStartTime}" minimumUpdatePeriod="PT2S" timeShiftBufferDepth="PT20S" suggestedPresentationDelay="PT6S" minBufferTime="PT2S" maxSegmentDuration="PT${segS}S" profiles="urn:mpeg:dash:profile:isoff-live:2011">
<Period id="p0" start="PT0S"><AdaptationSet contentType="video" mimeType="video/mp4" segmentAlignment="true">
<SegmentTemplate timescale="1000" duration="${segS * 1000}" startNumber="1" initialization="init-$RepresentationID$.mp4" media="seg-$RepresentationID$-$Number$.m4s"/>
${reps}</AdaptationSet></Period></MPD>`;
}

/** A text renderer that keeps what the player handed it: the cues added since the last clear, and the visibility asked for. */
export class RecordingTextRenderer implements TextRenderer {
  cues: TextCue[] = [];
  visible = false;
  addCues(cues: readonly TextCue[]): void {
    this.cues.push(...cues);
  }
  clear(): void {
    this.cues = [];
  }
  setVisible(v: boolean): void {
    this.visible = v;
  }
}
