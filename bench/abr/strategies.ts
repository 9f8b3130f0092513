/** The strategies the bench compares, each with the controller constraints it runs under. */
import type { AbrStrategy } from '../../packages/core/src/abr/abr-strategy.js';
import type { AbrControllerConfig } from '../../packages/core/src/abr/abr-controller.js';
import { HybridAbrStrategy } from '../../packages/core/src/abr/hybrid-abr-strategy.js';
import { ThroughputAbrStrategy } from '../../packages/core/src/abr/throughput-abr-strategy.js';
import { RobustMpcStrategy, TUNED_ROBUST_MPC_CONFIG, type RobustMpcConfig } from '../../packages/core/src/abr/robust-mpc-strategy.js';
import { BolaStrategy } from '../../packages/core/src/abr/bola-strategy.js';
import { createDefaultAbrStrategy, DEFAULT_STOCHASTIC_MPC_CONFIG, defaultThroughputForecast } from '../../packages/core/src/abr/default-abr-strategy.js';
import { StochasticMpcStrategy, type StochasticMpcConfig } from '../../packages/core/src/abr/stochastic-mpc-strategy.js';
import { decodeThroughputForecast, type EncodedThroughputForecast } from '../../packages/core/src/abr/throughput-forecast.js';
import { LearnedAbrStrategy } from '../../packages/core/src/abr/learned-abr-strategy.js';
import type { RungScorerWeights } from '../../packages/core/src/abr/rung-scorer.js';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A bench entry. */
export interface BenchStrategy {
  name: string;
  make(): AbrStrategy;
  /** Controller constraints (bare rules run without the controller's holds and emergency switch). */
  controller: Partial<AbrControllerConfig>;
}

/** No holds, no emergency switch: the rule alone decides. */
export const BARE: Partial<AbrControllerConfig> = { minSwitchIntervalMs: 0, upSwitchHoldAfterDownMs: 0, emergencyBufferS: 0 };

/** The shipped learned policy's weights, when trained (npm run train:abr). */
export function learnedWeights(): RungScorerWeights | null {
  const file = fileURLToPath(new URL('../../packages/core/src/abr/learned-policy.json', import.meta.url));
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RungScorerWeights) : null;
}

const weights = learnedWeights();

export const STRATEGIES: BenchStrategy[] = [
  // The default the issue measured, as the Player wired it: hybrid under the controller's holds (counted in media segments).
  { name: 'hybrid (old default)', make: () => new HybridAbrStrategy(), controller: {} },
  { name: 'throughput', make: () => new ThroughputAbrStrategy(), controller: BARE },
  { name: 'bola', make: () => new BolaStrategy(), controller: BARE },
  { name: 'robust-mpc', make: () => new RobustMpcStrategy(), controller: BARE },
  // The previous default: robustMPC tuned for the Player.
  { name: 'tuned-robust-mpc (previous default)', make: () => new RobustMpcStrategy(TUNED_ROBUST_MPC_CONFIG), controller: {} },
  // The default as the Player wires it: stochastic MPC on the shipped forecast (it owns its hysteresis).
  { name: 'edgeplay-mpc (default)', make: () => createDefaultAbrStrategy(), controller: {} },
  ...(weights ? [{ name: 'learned', make: () => new LearnedAbrStrategy(weights), controller: {} }] : []),
];

/** A robustMPC candidate (bench --only tune): the previous default's configuration with overrides. */
const tune = (name: string, extra: Partial<RobustMpcConfig>): BenchStrategy => ({
  name,
  make: () => new RobustMpcStrategy({ ...TUNED_ROBUST_MPC_CONFIG, name, ...extra }),
  controller: {},
});

/** A forecast file to try instead of the shipped one (ABR_FORECAST=path to an EncodedThroughputForecast JSON). */
const forecastOverride = process.env.ABR_FORECAST ? decodeThroughputForecast(JSON.parse(readFileSync(process.env.ABR_FORECAST, 'utf8')) as EncodedThroughputForecast) : null;

/** A stochastic-MPC candidate (bench --only stune): the default's configuration with overrides. */
const stune = (name: string, extra: Partial<StochasticMpcConfig>): BenchStrategy => ({
  name,
  make: () => new StochasticMpcStrategy(forecastOverride ?? defaultThroughputForecast(), { ...DEFAULT_STOCHASTIC_MPC_CONFIG, name, ...extra }),
  controller: {},
});

/** Candidates explored while tuning (bench --only tune), on the train split only. */
export const TUNING: BenchStrategy[] = (process.env.ABR_TUNE ?? '')
  .split(';')
  .filter(Boolean)
  .map((spec, i) => tune(`tune${i}:${spec}`, JSON.parse(spec) as Partial<RobustMpcConfig>))
  .concat(
    (process.env.ABR_TUNE_STOCHASTIC ?? '')
      .split(';')
      .filter(Boolean)
      .map((spec, i) => stune(`stune${i}:${spec}`, JSON.parse(spec) as Partial<StochasticMpcConfig>)),
  );

