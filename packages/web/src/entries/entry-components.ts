/**
 * What each reduced bundle entry registers (`npm run size` measures them):
 * the same modules as the full `createPlayer`, less what the entry leaves
 * out. Kept apart from the entry files (which bind them to the page) so a
 * unit test can compose the very same player in Node.
 *
 * - DASH only: the MPD parser (with SegmentBase sidx / WebM Cues), DRM,
 *   content steering, subtitles, telemetry, and the decrypt stage (DASH SEA);
 *   no HLS parsers, no MPEG-TS transmux stage, no HLS fMP4 timeline stage.
 * - HLS only: the multivariant / media playlist parsers, DRM, steering,
 *   subtitles, telemetry, decrypt (AES-128 / SAMPLE-AES), transmux and the
 *   fMP4 timeline stage; no MPD parser and no WebM Cues reader. TTML in MP4
 *   (stpp) stays: HLS carries IMSC in fMP4 too.
 * - No DRM: both protocols and every stage, no EME DRM module (protected
 *   content is refused with `DRM_NOT_REGISTERED`); segment decryption (HLS
 *   AES-128, DASH SEA) is not EME and stays.
 */
import { createCaptionStage, createDecryptStage, createDrmModule, createSteeringModule, dashFormat, defaultTelemetryModule, defaultTextModule, hlsFormat, type MediaError, type ModularPlayerComponents } from '@edgeplay/core';
import { webSegmentStages } from '../web-segment-stages.js';
import { WebCryptoPort } from '../webcrypto-port.js';

const webCrypto = { cryptoPort: () => new WebCryptoPort() };

/** Where an entry's transmux Worker reports falling back to the main thread (the player's recoverable error). */
export type WorkerFallbackReport = (e: MediaError) => void;

/** The DASH-only entry's modules. */
export function dashEntryComponents(): ModularPlayerComponents {
  return { manifestParsers: [dashFormat], segmentStages: [createDecryptStage(webCrypto), createCaptionStage()], drm: createDrmModule(), steering: createSteeringModule(), textModule: defaultTextModule, telemetry: defaultTelemetryModule };
}

/** The HLS-only entry's modules. */
export function hlsEntryComponents(onWorkerFallback?: WorkerFallbackReport): ModularPlayerComponents {
  return { manifestParsers: [hlsFormat], segmentStages: webSegmentStages(onWorkerFallback ? { onWorkerFallback } : {}), drm: createDrmModule(), steering: createSteeringModule(), textModule: defaultTextModule, telemetry: defaultTelemetryModule };
}

/** The no-DRM entry's modules: everything but `drm`. */
export function noDrmEntryComponents(onWorkerFallback?: WorkerFallbackReport): ModularPlayerComponents {
  return { manifestParsers: [dashFormat, hlsFormat], segmentStages: webSegmentStages(onWorkerFallback ? { onWorkerFallback } : {}), steering: createSteeringModule(), textModule: defaultTextModule, telemetry: defaultTelemetryModule };
}
