/** The strategies the bench compares, each with the controller constraints it runs under. */
import type { AbrStrategy } from '../../packages/core/src/abr/abr-strategy.js';
import type { AbrControllerConfig } from '../../packages/core/src/abr/abr-controller.js';
import { HybridAbrStrategy } from '../../packages/core/src/abr/hybrid-abr-strategy.js';
import { ThroughputAbrStrategy } from '../../packages/core/src/abr/throughput-abr-strategy.js';
import { RobustMpcStrategy } from '../../packages/core/src/abr/robust-mpc-strategy.js';
import { BolaStrategy } from '../../packages/core/src/abr/bola-strategy.js';
import { createDefaultAbrStrategy } from '../../packages/core/src/abr/default-abr-strategy.js';

/** A bench entry. */
export interface BenchStrategy {
  name: string;
  make(): AbrStrategy;
  /** Controller constraints (bare rules run without the controller's holds and emergency switch). */
  controller: Partial<AbrControllerConfig>;
}

/** No holds, no emergency switch: the rule alone decides. */
export const BARE: Partial<AbrControllerConfig> = { minSwitchIntervalMs: 0, upSwitchHoldAfterDownMs: 0, emergencyBufferS: 0 };

export const STRATEGIES: BenchStrategy[] = [
  { name: 'hybrid (old default)', make: () => new HybridAbrStrategy(), controller: { minSwitchIntervalMs: 4000, upSwitchHoldAfterDownMs: 6000 } },
  { name: 'throughput', make: () => new ThroughputAbrStrategy(), controller: BARE },
  { name: 'robust-mpc', make: () => new RobustMpcStrategy(), controller: BARE },
  { name: 'bola', make: () => new BolaStrategy(), controller: BARE },
  { name: 'edgeplay-mpc', make: () => createDefaultAbrStrategy(), controller: BARE },
  { name: 'mpc-s2', make: () => new RobustMpcStrategy({ name: 'mpc-s2', playerAware: true, rebufferPenalty: 8, smoothnessPenalty: 2, abandon: true }), controller: BARE },
  { name: 'mpc-s3', make: () => new RobustMpcStrategy({ name: 'mpc-s3', playerAware: true, rebufferPenalty: 8, smoothnessPenalty: 3, abandon: true }), controller: BARE },
  { name: 'mpc-s2-d0', make: () => new RobustMpcStrategy({ name: 'mpc-s2-d0', playerAware: true, rebufferPenalty: 8, smoothnessPenalty: 2, errorDiscount: 0.5, abandon: true }), controller: BARE },
  { name: 'mpc-s2-t', make: () => new RobustMpcStrategy({ name: 'mpc-s2-t', playerAware: true, rebufferPenalty: 8, smoothnessPenalty: 2, terminalBufferValue: 0.1, abandon: true }), controller: BARE },
];
