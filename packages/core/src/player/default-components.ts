/**
 * The full composition: what `new Player(deps)` and the web `createPlayer`
 * are made of unless the app replaces a slot. The bundle entries that want
 * less (DASH only, HLS only, no DRM) compose a `ModularPlayer` from the
 * same modules instead, so what they leave out is never imported.
 */
import { createCaptionStage } from '../media/stages/caption-stage.js';
import { createDecryptStage } from '../media/stages/decrypt-stage.js';
import { createFmp4TimelineStage } from '../media/stages/fmp4-timeline-stage.js';
import { createTransmuxStage } from '../media/stages/transmux-stage.js';
import { createSteeringModule } from '../steering/steering-module.js';
import { createDrmModule } from './drm-module.js';
import { defaultManifestFormats } from './manifest-formats.js';
import { defaultPolicyComponents, type PlayerComponents } from './player-components.js';
import { defaultTelemetryModule } from './telemetry-module.js';
import { defaultTextModule } from './text-module.js';

/** The default composition of `Player`: the policy defaults and every feature module. */
export function defaultPlayerComponents(): PlayerComponents {
  return {
    ...defaultPolicyComponents(),
    manifestParsers: defaultManifestFormats(),
    segmentStages: [createDecryptStage(), createTransmuxStage(), createFmp4TimelineStage(), createCaptionStage()],
    textModule: defaultTextModule,
    telemetry: defaultTelemetryModule,
    drm: createDrmModule(),
    steering: createSteeringModule(),
  };
}
