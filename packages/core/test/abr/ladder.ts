import type { Track } from '../../src/manifest/model.js';
import type { AbrContext } from '../../src/abr/abr-strategy.js';

/** A video track of `kbps` at `height` p. */
export function track(kbps: number, height: number): Track {
  return {
    id: `v${kbps}`,
    type: 'video',
    bandwidth: kbps * 1000,
    codecs: 'avc1.64001f',
    mimeType: 'video/mp4',
    width: Math.round((height * 16) / 9),
    height,
    roles: [],
    baseUrls: [],
    contentProtection: [],
    segmentIndex: null,
    indexSource: { kind: 'inline' },
    essentialProperties: [],
    supplementalProperties: [],
  };
}

export const LADDER: Track[] = [track(400, 240), track(800, 360), track(1500, 480), track(3000, 720), track(6000, 1080)];

export function context(partial: Partial<AbrContext> = {}): AbrContext {
  return {
    tracks: LADDER,
    current: LADDER[2]!,
    estimatedBandwidth: 5e6,
    confidence: 0.9,
    bufferLevel: 20,
    bufferGoal: 30,
    segmentDuration: 4,
    playbackRate: 1,
    startingUp: false,
    rebuffering: false,
    now: 100_000,
    ...partial,
  };
}
