import { createDefaultAbrStrategy } from '@edgeplay/core';
import type { AbrStrategy, Component, PlayerComponentsLike } from './core-types.js';
import type { PlatformProfile } from './platform-profile.js';
import { PlatformAbrStrategy } from './platform-abr-strategy.js';

/**
 * The profile's policy components over the app's: the video ABR strategy
 * (the app's, or the default) wrapped in {@link PlatformAbrStrategy}, kept
 * to one codec family where codec switching is not trusted and away from
 * HDR the panel cannot show.
 */
export function componentsForProfile(profile: PlatformProfile, app: PlayerComponentsLike = {}): PlayerComponentsLike {
  const inner: Component<AbrStrategy> = app.abrStrategy ?? (() => createDefaultAbrStrategy());
  const limits = { sameCodecFamily: profile.quirks.codecSwitch === 'same-codec-only', hdr: profile.hdr };
  return { ...app, abrStrategy: (env) => new PlatformAbrStrategy(typeof inner === 'function' ? inner(env) : inner, limits) };
}
