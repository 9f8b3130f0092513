import type { AbrContext, AbrDecision, AbrStrategy } from './abr-strategy.js';
import { abrFeatures, FEATURE_VERSION } from './abr-features.js';
import { formatBps, sortByBandwidth } from './track-ladder.js';

/** What a model may answer: a rung index (0 = lowest allowed track) or one score per rung (argmax wins). */
export type ModelOutput = number | readonly number[];

/** Why the fallback decided instead of the model. */
export type ModelFallbackReason = 'timeout' | 'error' | 'out-of-range';

/** One decision as logged for offline learning. */
export interface ModelDecisionLog {
  /** Feature layout version ({@link FEATURE_VERSION}). */
  features: string;
  /** The feature vector the model saw. */
  input: readonly number[];
  /** What the model answered (undefined on timeout / error). */
  output?: ModelOutput;
  /** The track used and by whom. */
  decision: { trackId: string; bandwidth: number; by: 'model' | 'fallback' };
  fallback?: { reason: ModelFallbackReason; detail: string };
  /** In shadow mode: what the candidate would have chosen. */
  shadow?: { trackId: string; bandwidth: number } | { error: string };
  now: number;
}

/** Options of {@link createModelStrategy}. */
export interface ModelStrategyOptions {
  /** The feature builder; default the documented {@link abrFeatures}. */
  features?: (context: AbrContext) => ArrayLike<number>;
  /** The model: sync, or a Promise (a Worker round trip, a remote policy). */
  infer: (features: Float64Array) => ModelOutput | Promise<ModelOutput>;
  /** The heuristic that decides on timeout, error or an out-of-range answer. */
  fallback: AbrStrategy;
  /** Longest wait for an async answer, ms (default 50). */
  timeoutMs?: number;
  /**
   * Called on every fallback use; the Player turns it into a recoverable
   * `ABR_MODEL_FALLBACK` error so it is never silent.
   */
  onFallback?: (reason: ModelFallbackReason, detail: string) => void;
  /** Receives one entry per decision (inputs, decision, fallback, shadow) for offline learning. */
  log?: (entry: ModelDecisionLog) => void;
  /**
   * Shadow mode: a candidate run beside the active choice; only logged, never
   * applied. A sync candidate's choice is logged with the decision; an async
   * candidate's when it settles.
   */
  shadow?: AbrStrategy;
  /** Timer for the timeout (default globalThis.setTimeout; the simulator passes its virtual clock's). */
  setTimer?: (ms: number, fire: () => void) => () => void;
  name?: string;
}

const defaultTimer = (ms: number, fire: () => void) => {
  const id = setTimeout(fire, ms);
  return () => clearTimeout(id);
};

/**
 * The ML hook: wraps an app's model as an {@link AbrStrategy}. The engine
 * builds the fixed, normalised feature vector, calls the model, validates
 * the answer (an integer rung in range, or one finite score per rung) and
 * falls back to a heuristic on timeout, error or out-of-range output —
 * reported through `onFallback`, never silent — and logs inputs, decision
 * and fallback use. With an async model the strategy answers with a Promise
 * (the AbrController keeps the current track meanwhile and applies the answer
 * to the next segment).
 */
export function createModelStrategy(options: ModelStrategyOptions): AbrStrategy {
  const timeoutMs = Math.max(0, options.timeoutMs ?? 50);
  const setTimer = options.setTimer ?? defaultTimer;
  const build = options.features ?? abrFeatures;

  const record = (context: AbrContext, input: Float64Array, decision: AbrDecision, by: 'model' | 'fallback', output?: ModelOutput, fallback?: ModelDecisionLog['fallback']) => {
    if (!options.log && !options.shadow) return;
    const entry: ModelDecisionLog = {
      features: FEATURE_VERSION,
      input: Array.from(input),
      ...(output !== undefined ? { output } : {}),
      decision: { trackId: decision.track.id, bandwidth: decision.track.bandwidth, by },
      ...(fallback ? { fallback } : {}),
      now: context.now,
    };
    const shadow = options.shadow;
    if (!shadow) return options.log?.(entry);
    let answer: AbrDecision | Promise<AbrDecision>;
    try {
      answer = shadow.chooseTrack(context);
    } catch (e) {
      return options.log?.({ ...entry, shadow: { error: String(e) } });
    }
    if (answer instanceof Promise) {
      answer.then(
        (a) => options.log?.({ ...entry, shadow: { trackId: a.track.id, bandwidth: a.track.bandwidth } }),
        (e: unknown) => options.log?.({ ...entry, shadow: { error: String(e) } }),
      );
    } else options.log?.({ ...entry, shadow: { trackId: answer.track.id, bandwidth: answer.track.bandwidth } });
  };

  const fallBack = (context: AbrContext, input: Float64Array, reason: ModelFallbackReason, detail: string, output?: ModelOutput): AbrDecision | Promise<AbrDecision> => {
    options.onFallback?.(reason, detail);
    const settle = (d: AbrDecision): AbrDecision => {
      const decision = { track: d.track, reason: `model ${reason} (${detail}); fallback ${options.fallback.name}: ${d.reason}` };
      record(context, input, decision, 'fallback', output, { reason, detail });
      return decision;
    };
    const answer = options.fallback.chooseTrack(context);
    return answer instanceof Promise ? answer.then(settle) : settle(answer);
  };

  const accept = (context: AbrContext, input: Float64Array, output: ModelOutput): AbrDecision | Promise<AbrDecision> => {
    const sorted = sortByBandwidth(context.tracks);
    const rung = interpret(output, sorted.length);
    if (typeof rung === 'string') return fallBack(context, input, 'out-of-range', rung, output);
    const decision = { track: sorted[rung]!, reason: `model: rung ${rung} (${formatBps(sorted[rung]!.bandwidth)})` };
    record(context, input, decision, 'model', output);
    return decision;
  };

  return {
    name: options.name ?? `model(${options.fallback.name})`,
    chooseTrack(context: AbrContext): AbrDecision | Promise<AbrDecision> {
      const input = Float64Array.from(build(context));
      let output: ModelOutput | Promise<ModelOutput>;
      try {
        output = options.infer(input);
      } catch (e) {
        return fallBack(context, input, 'error', String(e));
      }
      if (!(output instanceof Promise)) return accept(context, input, output);
      const pending = output;
      return new Promise<AbrDecision>((resolve) => {
        let done = false;
        const cancel = setTimer(timeoutMs, () => {
          if (done) return;
          done = true;
          void Promise.resolve(fallBack(context, input, 'timeout', `no answer in ${timeoutMs} ms`)).then(resolve);
        });
        pending.then(
          (o) => {
            if (done) return;
            done = true;
            cancel();
            void Promise.resolve(accept(context, input, o)).then(resolve);
          },
          (e: unknown) => {
            if (done) return;
            done = true;
            cancel();
            void Promise.resolve(fallBack(context, input, 'error', String(e))).then(resolve);
          },
        );
      });
    },
    shouldAbandon: options.fallback.shouldAbandon ? (context) => options.fallback.shouldAbandon!(context) : undefined,
    reset() {
      options.fallback.reset?.();
      options.shadow?.reset?.();
    },
  } satisfies AbrStrategy;
}

/** A rung index in [0, n) from a model answer, or why it is unusable. */
function interpret(output: ModelOutput, n: number): number | string {
  if (typeof output === 'number') {
    return Number.isInteger(output) && output >= 0 && output < n ? output : `rung ${output} not an integer in [0, ${n})`;
  }
  if (!Array.isArray(output) || output.length !== n) return `expected ${n} scores, got ${Array.isArray(output) ? output.length : typeof output}`;
  let best = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(output[i])) return `score ${i} is not finite`;
    if (output[i]! > output[best]!) best = i;
  }
  return best;
}
