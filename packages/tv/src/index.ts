/**
 * @packageDocumentation
 * Edgeplay for TV runtimes: platform detection and versioned profiles
 * (Tizen, webOS, VIDAA, Vizio, Xbox, PlayStation 4/5, Chromecast/Google TV,
 * Fire TV, HbbTV, WebKit STBs, generic Chromium TVs, desktop), byte-based
 * buffer budgets, self-checking stall recovery and one remote-key layer, on
 * top of `@edgeplay/web`.
 */
export { createTvPlayer, peakBandwidthOf, type TvPlayer, type TvPlayerOptions } from './create-tv-player.js';
export * from './pure.js';
export const version = '0.1.0';
