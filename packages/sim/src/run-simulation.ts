import { simulateWithPlayer } from './player-simulation.js';
import type { SimulationOptions, SimulationResult } from './simulation-types.js';

/**
 * Simulates one playback of `presentation` over `trace` with the given ABR
 * strategy, with the real `Player` on a virtual clock, and returns its
 * QoE figures.
 */
export function simulatePlayback(options: SimulationOptions): Promise<SimulationResult> {
  return simulateWithPlayer(options);
}
