import type { ByteRange, ContentType } from '../manifest/model.js';

/** What a request is for; filters and telemetry (CMCD `ot`) key off it. */
export type RequestKind = 'manifest' | 'media-playlist' | 'init' | 'segment' | 'index' | 'license' | 'certificate' | 'key' | 'steering' | 'telemetry' | 'other';

/** One HTTP request as a {@link NetworkClient} (and request filters) see it. */
export interface NetworkRequest {
  /** Absolute URL. */
  url: string;
  /** HTTP method; GET when absent. */
  method?: 'GET' | 'POST' | 'HEAD' | 'PUT' | 'DELETE';
  /** Request headers. */
  headers?: Record<string, string>;
  /** Request body (POST: licences, telemetry). */
  body?: ArrayBuffer | Uint8Array | string | null;
  /** Byte range to fetch (a `Range` header), inclusive. */
  byteRange?: ByteRange;
  /** What the request is for. */
  kind: RequestKind;
  /** Give up after this many ms without completion (0 = none). */
  timeoutMs?: number;
  /** Send cookies/credentials cross-origin. */
  withCredentials?: boolean;
  /**
   * What a media request (`init`, `segment`, `index`) fetches, when the
   * caller knows: filters such as CMCD report it (`ot`, `br`, `d`).
   */
  media?: RequestMedia;
}

/** The media object a request fetches: type, encoded bitrate (bits/s) and duration (s; 0 for init). */
export interface RequestMedia {
  /** Media type of the object. */
  contentType: ContentType;
  /** Encoded bitrate of the object's track, bits/s. */
  bandwidth: number;
  /** Media duration of the object, seconds (0 for init segments). */
  duration: number;
}

/** Transfer timing, all in {@link Clock.now} milliseconds. */
export interface TransferTiming {
  /** Request sent. */
  requestStart: number;
  /** First byte of the body (or headers) received. */
  firstByte: number;
  /** Last byte received. */
  end: number;
}

/** A completed HTTP exchange (any status) with its body and timing. */
export interface NetworkResponse {
  /** Final URL after redirects. */
  url: string;
  /** HTTP status. */
  status: number;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
  /** Response body. */
  data: ArrayBuffer;
  /** When the exchange started, got its first byte and ended. */
  timing: TransferTiming;
  /** Bytes transferred over the wire for the body. */
  bytes: number;
  /** True when served from a local cache (too fast to be a throughput sample). */
  fromCache?: boolean;
}

/** Progress callbacks while a body streams in. */
export interface TransferObserver {
  /** Called as chunks arrive. `loaded` bytes so far; `total` when known. `chunk` is the newly received data. */
  onProgress?(loaded: number, total: number | null, now: number, chunk?: Uint8Array): void;
  /** Called when response headers arrive (time to first byte). */
  onHeaders?(status: number, now: number): void;
}

/** A request in flight: its outcome and a way to abort it. */
export interface PendingRequest {
  readonly promise: Promise<NetworkResponse>;
  /** Aborts the transfer; `promise` rejects with an aborted NetworkError. */
  abort(): void;
}

/**
 * One HTTP exchange, no retries or policy: the network engine above it adds
 * retries, timeouts, filters and pathway failover.
 *
 * Implementations reject with an `EdgeplayError` of category `network` and one
 * of the codes in {@link NetworkErrorCode}; a non-2xx status resolves as a
 * rejection with code `HTTP_ERROR` and `details.status`.
 */
export interface NetworkClient {
  request(request: NetworkRequest, observer?: TransferObserver): PendingRequest;
}

export type { NetworkErrorCode } from '../errors/network-error.js';
