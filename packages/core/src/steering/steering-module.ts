/**
 * Content steering as an optional module: the {@link PathwayManager} keeps the
 * penalty box (failover needs no module), and asks a `SteeringModule` for a
 * steering session only when a presentation signals a steering server (DASH
 * `<ContentSteering>`, HLS `#EXT-X-CONTENT-STEERING`). A player composed
 * without one follows the manifest's pathway order and default pathway, so a
 * bundle that leaves it out drops the steering client and the steering-manifest
 * parser.
 */
import { SteeringClient, type SteeringClientEvents, type SteeringClientOptions } from './steering-client.js';

/** One presentation's steering: what the pathway manager needs of a {@link SteeringClient}. */
export interface SteeringSession {
  /** `manifest` (a steering answer to apply) and `error` (recoverable). Returns the unsubscribe. */
  on<K extends keyof SteeringClientEvents>(type: K, listener: (payload: SteeringClientEvents[K]) => void): () => void;
  /** Sends the first steering request and keeps reloading every TTL. */
  start(): void;
  /** Stops reloading (unload, or a new presentation). */
  stop(): void;
  /** Steering requests sent so far (player stats). */
  readonly requestCount: number;
}

/** Starts content steering for a presentation (`PlayerComponents.steering`). */
export type SteeringModule = (options: SteeringClientOptions) => SteeringSession;

/** The content-steering module of the full player: a {@link SteeringClient} per presentation. */
export function createSteeringModule(): SteeringModule {
  return (options) => new SteeringClient(options);
}
