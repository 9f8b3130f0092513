/**
 * The player the failover and chaos simulations run: the real Player (request
 * engine, pathway manager, transfer supervision, schedulers) with the hybrid
 * ABR strategy and a 10 s buffer goal, on a simulated media sink and the
 * caller's virtual clock and simulated network.
 */
import { HybridAbrStrategy, Player, type NetworkClient } from '@edgeplay/core';
import { SimulatedMediaSink, installAbrStrategy, type VirtualClock } from '../../../packages/sim/src/index.js';

/** A 10 s buffer goal: short enough that a failover the player gets wrong shows up as a stall. */
const BUFFER_GOAL_S = 10;

/** Builds the player over `network` on `clock`; the caller loads, runs and destroys it. */
export function simulatedPlayer(clock: VirtualClock, network: NetworkClient): { player: Player; sink: SimulatedMediaSink } {
  const sink = new SimulatedMediaSink({ clock });
  const player = new Player({ clock, network, sink }, { streaming: { bufferGoal: BUFFER_GOAL_S } });
  installAbrStrategy(player, new HybridAbrStrategy());
  return { player, sink };
}
