/**
 * Runs the core TS / packed-audio transmuxer off the main thread: a Web
 * Worker entry ({@link installTransmuxWorker}) and the main-thread client
 * ({@link TransmuxWorkerClient}). Segment bytes go in and fMP4 bytes come back
 * as transferred ArrayBuffers (no copies across the thread boundary); typed
 * errors come back as MediaErrors with the same code, message and details.
 *
 * Both sides talk through a {@link MessagePortLike}, so the same code runs over
 * a `Worker`, a `MessagePort` or Node's `MessageChannel` (tests).
 *
 * Loaded only when a stream needs transmuxing: import it from the worker
 * script (`installTransmuxWorker(self)`) and from the lazily loaded TS path of
 * the player, never from the package index, so a DASH/fMP4-only page does not
 * carry the transmuxer.
 */
import { createPackedAudioTransmuxer, createTsTransmuxer, probeSegment, type PackedAudioTransmuxer, type ProbeResult, type TransmuxMode, type TransmuxResult, type TsTransmuxer } from '@edgeplay/core/transmux/index.js';
import { isEdgeplayError, MediaError, type MediaErrorCode } from '@edgeplay/core';

/** The part of Worker / MessagePort / DedicatedWorkerGlobalScope both sides use. */
export interface MessagePortLike {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener?(type: 'message', listener: (event: { data: unknown }) => void): void;
}

/** Which transmuxer a stream uses. */
export type TransmuxKind = 'ts' | 'packed-audio';

type Request =
  | { id: number; op: 'push'; stream: string; kind: TransmuxKind; mode: TransmuxMode; rawMpegAudio: boolean; bytes: ArrayBuffer; byteOffset: number; byteLength: number; discontinuity: boolean }
  | { id: number; op: 'reset'; stream: string }
  | { id: number; op: 'probe'; bytes: ArrayBuffer; byteOffset: number; byteLength: number };

/** A request before the client numbers it (distributes over the union). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type RequestBody = WithoutId<Request>;

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { code: string; message: string; details: Record<string, unknown>; typed: boolean } };

/** Every ArrayBuffer of a result, for the transfer list. */
function buffersOf(r: TransmuxResult): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const part of [...(r.init ?? []), ...r.media, ...r.metadata]) out.add(part.data.buffer as ArrayBuffer);
  return [...out];
}

/**
 * Worker side: answers push/reset/probe requests, one transmuxer per `stream`
 * key (e.g. `video`, `audio`, or a rendition id). Never throws out of the
 * message handler: failures are replies.
 */
export function installTransmuxWorker(port: MessagePortLike): void {
  const streams = new Map<string, TsTransmuxer | PackedAudioTransmuxer>();
  port.addEventListener('message', ({ data }) => {
    const req = data as Request;
    try {
      if (req.op === 'reset') {
        streams.get(req.stream)?.reset();
        streams.delete(req.stream);
        return port.postMessage({ id: req.id, ok: true, value: null } satisfies Reply, []);
      }
      const bytes = new Uint8Array(req.bytes, req.byteOffset, req.byteLength);
      if (req.op === 'probe') return port.postMessage({ id: req.id, ok: true, value: probeSegment(bytes) } satisfies Reply, []);
      let t = streams.get(req.stream);
      if (!t) {
        t = req.kind === 'ts' ? createTsTransmuxer({ mode: req.mode, rawMpegAudio: req.rawMpegAudio }) : createPackedAudioTransmuxer({ rawMpegAudio: req.rawMpegAudio });
        streams.set(req.stream, t);
      }
      const result = t.push(bytes, { discontinuity: req.discontinuity });
      port.postMessage({ id: req.id, ok: true, value: result } satisfies Reply, buffersOf(result));
    } catch (e) {
      const typed = isEdgeplayError(e);
      const error = typed ? { code: e.code, message: e.message, details: e.details, typed } : { code: 'TRANSMUX_INVALID', message: `transmuxer failed: ${String((e as Error)?.message ?? e)}`, details: {}, typed };
      port.postMessage({ id: req.id, ok: false, error } satisfies Reply, []);
    }
  });
}

/** Main-thread side: promises over the worker's replies. */
export class TransmuxWorkerClient {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private readonly onMessage = ({ data }: { data: unknown }) => {
    const reply = data as Reply;
    const w = this.waiting.get(reply.id);
    if (!w) return;
    this.waiting.delete(reply.id);
    if (reply.ok) w.resolve(reply.value);
    else w.reject(new MediaError(reply.error.code as MediaErrorCode, reply.error.message, { details: reply.error.details }));
  };

  constructor(private readonly port: MessagePortLike) {
    port.addEventListener('message', this.onMessage);
  }

  /**
   * Transmuxes one segment of `stream`. The segment's buffer is transferred
   * (unusable by the caller afterwards) when it is exactly the view's buffer;
   * a view into a larger buffer is copied first, so other data in it stays put.
   */
  push(stream: string, segment: Uint8Array, options: { kind?: TransmuxKind; mode?: TransmuxMode; rawMpegAudio?: boolean; discontinuity?: boolean } = {}): Promise<TransmuxResult> {
    const { bytes, byteOffset, byteLength } = transferable(segment);
    return this.request({ op: 'push', stream, kind: options.kind ?? 'ts', mode: options.mode ?? 'muxed', rawMpegAudio: options.rawMpegAudio ?? false, bytes, byteOffset, byteLength, discontinuity: options.discontinuity ?? false }, [bytes]) as Promise<TransmuxResult>;
  }

  /** Container and codecs of a segment (a copy is sent; the caller keeps its bytes). */
  probe(segment: Uint8Array): Promise<ProbeResult> {
    const copy = segment.slice();
    return this.request({ op: 'probe', bytes: copy.buffer, byteOffset: 0, byteLength: copy.length }, [copy.buffer]) as Promise<ProbeResult>;
  }

  /** Forgets the transmuxer state of `stream` (seek, rendition change). */
  reset(stream: string): Promise<void> {
    return this.request({ op: 'reset', stream }, []) as Promise<void>;
  }

  /** Stops listening; pending requests reject. */
  dispose(): void {
    this.port.removeEventListener?.('message', this.onMessage);
    for (const w of this.waiting.values()) w.reject(new MediaError('TRANSMUX_INVALID', 'transmux worker client disposed'));
    this.waiting.clear();
  }

  private request(req: RequestBody, transfer: Transferable[]): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.port.postMessage({ ...req, id }, transfer);
    });
  }
}

function transferable(view: Uint8Array): { bytes: ArrayBuffer; byteOffset: number; byteLength: number } {
  if (view.buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === view.buffer.byteLength) return { bytes: view.buffer, byteOffset: 0, byteLength: view.byteLength };
  const copy = view.slice();
  return { bytes: copy.buffer, byteOffset: 0, byteLength: copy.byteLength };
}
