/**
 * The segment stages of the browser players (full `createPlayer` and the
 * reduced entries): WebCrypto decryption, the MPEG-TS / packed-audio transmux
 * stage on a Worker (lazy), the HLS fMP4 timeline stage, and CEA-608/708
 * caption extraction from the video (last, on the fMP4 that is appended).
 */
import { createCaptionStage, createDecryptStage, createFmp4TimelineStage, createTransmuxStage, inThreadTransmuxerPort, loadTransmuxModule, type MediaError, type SegmentStage, type TransmuxerPort } from '@edgeplay/core';
import { WebCryptoPort } from './webcrypto-port.js';
import type { WorkerLike, WorkerTransmuxerPortOptions } from './worker-transmuxer-port.js';

/**
 * The segment stages of a browser Player: HLS AES-128 / AES-256 / AES-256-CTR
 * and DASH SEA decryption on WebCrypto, then MPEG-TS / packed audio → fMP4
 * (on the main thread; the transmuxer chunk loads on the first TS segment),
 * and the HLS fMP4 first-tfdt → playlist-time mapping. Fresh per Player (each has its own key
 * cache). Pass your own `segmentStages` to replace them.
 */
export function webSegmentStages(options: { transmuxWorker?: boolean | (() => WorkerLike); onWorkerFallback?: (e: MediaError) => void } = {}): SegmentStage[] {
  const inThread = inThreadTransmuxerPort(loadTransmuxModule);
  const worker = options.transmuxWorker ?? true;
  const port = worker === false ? inThread : lazyWorkerPort({ createWorker: worker === true ? defaultTransmuxWorker : worker, fallback: inThread, ...(options.onWorkerFallback ? { onFallback: options.onWorkerFallback } : {}) });
  return [createDecryptStage({ cryptoPort: () => new WebCryptoPort() }), createTransmuxStage({ canPlay: mseCanPlay, port }), createFmp4TimelineStage(), createCaptionStage()];
}

/**
 * The worker port, imported on the first TS / packed-audio track: a lazy chunk
 * like the transmuxer, so DASH/fMP4-only pages do not carry it (eagerly it
 * added 1.9 KiB gzip to the dash entry, `npm run size`).
 */
function lazyWorkerPort(options: WorkerTransmuxerPortOptions): TransmuxerPort {
  let port: Promise<TransmuxerPort> | null = null;
  return {
    async create(spec) {
      port ??= import('./worker-transmuxer-port.js').then((m) => m.createWorkerTransmuxerPort(options));
      return (await port).create(spec);
    },
  };
}

/** Starts dist/edgeplay-transmux-worker.js (built next to this module and the single-file bundles). */
function defaultTransmuxWorker(): WorkerLike {
  if (typeof Worker === 'undefined') throw new Error('Worker is not available');
  return new Worker(new URL('./edgeplay-transmux-worker.js', import.meta.url)) as unknown as WorkerLike;
}

/** `MediaSource.isTypeSupported` where there is one (the transmux stage picks MPEG audio's output with it). */
function mseCanPlay(type: string): boolean {
  return typeof MediaSource !== 'undefined' && MediaSource.isTypeSupported(type);
}
