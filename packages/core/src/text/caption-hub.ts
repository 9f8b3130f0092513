/**
 * Where closed-caption data of one load goes: the caption stage pushes each
 * video segment's `cc_data` (times already on the presentation timeline),
 * the hub decodes it continuously (608 and 708 are stateful: a pop-on
 * caption is loaded over many frames before it is shown) into cues per
 * channel, and a selected caption track subscribes to its channel's cues.
 *
 * The decoders are loaded lazily on the first caption data (`load`): pages
 * whose video carries no captions never fetch them. Data arriving before the
 * decoders is queued, in order.
 *
 * Memory is bounded: at most {@link MAX_QUEUED_TRIPLES} triples wait for the
 * decoders, and each channel keeps its latest {@link MAX_CUES_PER_CHANNEL} cues.
 */
import type { TextCue, TextRenderer } from '../platform/text-renderer.js';
import type { CcTriple } from './cea/cea608-decoder.js';
import type * as Cea from './cea/index.js';
import type { CaptionChannelId } from './caption-tracks.js';

/** The decoder classes the hub uses (from `text/cea/index.js`). */
export type CeaModule = Pick<typeof Cea, 'Cea608Decoder' | 'Cea708Decoder'>;

/** Loads the decoders as a separate chunk. */
export function loadCeaModule(): Promise<CeaModule> {
  return import('./cea/index.js');
}

/** One video segment's caption data. */
export interface CaptionData {
  /** The segment's span on the presentation timeline, seconds: a jump between segments (seek, gap) resets the decoders. */
  start: number;
  end: number;
  /** Valid cc_data triples in presentation order, `pts` on the presentation timeline. */
  triples: CcTriple[];
}

/** What the caption stage writes to (`StageContext.captions`). */
export interface CaptionSink {
  push(data: CaptionData): void;
}

/**
 * 608 carries 2 triples per frame and 708 up to ~20 (CTA-708 §4.4: 9600 bit/s
 * at 30 fps); 200 000 triples is over five minutes of the worst case.
 */
export const MAX_QUEUED_TRIPLES = 200_000;
/** A 608 stream changes the display at most ~15 times/s; real captions ~1/s. 10 000 cues is hours of captions. */
export const MAX_CUES_PER_CHANNEL = 10_000;
/** Segments further apart than this are not one stream (seek, skipped segment): decoders restart. */
const CONTINUITY_S = 0.5;

type Listener = (cues: readonly TextCue[]) => void;

/** Options of {@link CaptionHub}. */
export interface CaptionHubOptions {
  /** Loads the decoders; default {@link loadCeaModule}. The simulator passes the module itself (determinism). */
  load?: () => CeaModule | Promise<CeaModule>;
  /** A channel produced its first cue (declared or not: lets the player list discovered captions). */
  onChannel?: (channel: CaptionChannelId) => void;
  /** Decoder load failure (captions then stay off; video is unaffected). */
  onError?: (e: unknown) => void;
}

/** Caption decoding and cue storage for one load. */
export class CaptionHub implements CaptionSink {
  private queue: CaptionData[] = [];
  private queued = 0;
  private module: CeaModule | null = null;
  private decoders: { d608: InstanceType<CeaModule['Cea608Decoder']>; d708: InstanceType<CeaModule['Cea708Decoder']> } | null = null;
  private loading = false;
  private failed = false;
  private lastEnd: number | null = null;
  private readonly cues = new Map<CaptionChannelId, TextCue[]>();
  private readonly listeners = new Map<CaptionChannelId, Set<Listener>>();

  constructor(private readonly options: CaptionHubOptions = {}) {}

  push(data: CaptionData): void {
    if (this.failed) return;
    if (this.decoders) {
      this.decode(data);
      return;
    }
    if (!data.triples.length && !this.queue.length) {
      this.lastEnd = data.end; // nothing to decode yet: only continuity matters
      return;
    }
    this.queue.push(data);
    this.queued += data.triples.length;
    while (this.queued > MAX_QUEUED_TRIPLES && this.queue.length > 1) this.queued -= this.queue.shift()!.triples.length;
    if (!this.loading) this.startLoading();
  }

  /** Channels that produced cues so far. */
  channels(): CaptionChannelId[] {
    return [...this.cues.keys()];
  }

  /** Calls `listener` with `channel`'s cues so far, then with each batch of new ones. Returns the unsubscribe function. */
  subscribe(channel: CaptionChannelId, listener: Listener): () => void {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    const existing = this.cues.get(channel);
    if (existing?.length) listener(existing.slice());
    return () => set.delete(listener);
  }

  /** Shows `channel`'s cues (those so far and every later one) on `renderer` until `stop()`. */
  show(channel: CaptionChannelId, renderer: TextRenderer): { seek(time: number): void; stop(): void } {
    const stop = this.subscribe(channel, (cues) => renderer.addCues(cues));
    // The renderer keeps every cue and the hub decodes the whole stream, so a seek needs nothing here.
    return { seek: () => undefined, stop };
  }

  private startLoading(): void {
    this.loading = true;
    const load = this.options.load ?? loadCeaModule;
    const ready = (m: CeaModule) => {
      this.module = m;
      this.decoders = { d608: new m.Cea608Decoder(), d708: new m.Cea708Decoder() };
      const queued = this.queue;
      this.queue = [];
      this.queued = 0;
      for (const d of queued) this.decode(d);
    };
    try {
      const m = load();
      if (m instanceof Promise) m.then(ready, (e: unknown) => this.fail(e));
      else ready(m);
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown): void {
    this.failed = true;
    this.queue = [];
    this.options.onError?.(e);
  }

  private decode(data: CaptionData): void {
    const d = this.decoders!;
    if (this.lastEnd !== null && Math.abs(data.start - this.lastEnd) > CONTINUITY_S) {
      // Not the segment after the last one: what is on screen ends where the old stream ended.
      d.d608.flush(this.lastEnd);
      d.d708.flush(this.lastEnd);
      this.collect();
      this.decoders = { d608: new this.module!.Cea608Decoder(), d708: new this.module!.Cea708Decoder() };
    }
    this.lastEnd = data.end;
    this.decoders!.d608.pushCcData(data.triples);
    this.decoders!.d708.pushCcData(data.triples);
    this.collect();
  }

  private collect(): void {
    const d = this.decoders!;
    const fresh = new Map<CaptionChannelId, TextCue[]>();
    for (const c of d.d608.takeCues()) push(fresh, c.channel, c);
    for (const c of d.d708.takeCues()) push(fresh, `SERVICE${c.service}`, c);
    for (const [channel, cues] of fresh) {
      let all = this.cues.get(channel);
      if (!all) {
        this.cues.set(channel, (all = []));
        this.options.onChannel?.(channel);
      }
      all.push(...cues);
      if (all.length > MAX_CUES_PER_CHANNEL) all.splice(0, all.length - MAX_CUES_PER_CHANNEL);
      for (const l of this.listeners.get(channel) ?? []) l(cues);
    }
  }
}

function push(map: Map<CaptionChannelId, TextCue[]>, key: CaptionChannelId, cue: TextCue): void {
  const list = map.get(key);
  if (list) list.push(cue);
  else map.set(key, [cue]);
}
