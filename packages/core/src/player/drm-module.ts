/** The DRM module of the full player (`PlayerComponents.drm`). */
import { DrmManager } from '../drm/drm-manager.js';
import type { DrmModule } from './player-components.js';

/**
 * EME DRM through a `DrmManager` per protected load: key-system
 * selection, licences and certificates through the player's request engine,
 * the licence formats, key-status restrictions.
 */
export function createDrmModule(): DrmModule {
  return { start: ({ config, ...deps }) => new DrmManager(deps, config) };
}
