/**
 * Bundle entry of an HLS-only page (measured by `npm run size`).
 *
 * Today it is the full player: the core Player still imports every manifest
 * protocol itself. Once the Player takes its protocol parsers as components
 * (a `manifestParsers` registry), this entry passes only the HLS parsers and
 * the DASH parser drops out of the bundle; the budget then tightens.
 */
export { createPlayer, type WebPlayer } from '../create-player.js';
