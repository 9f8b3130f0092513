/**
 * The playback session the license service accounts for: while the stream
 * plays, heartbeats keep its concurrency lease alive; when the player stops,
 * the lease is released so another device may start. Both are plain HTTP calls
 * configured by the app (`drm.session`), because every service names them differently.
 */
import type { Clock, TimerHandle } from '../platform/clock.js';
import type { NetworkClient } from '../platform/network-client.js';
import { DrmError } from './drm-error.js';

/** Heartbeat and release endpoints of a stream-concurrency service (`drm.session`). */
export interface StreamSessionConfig {
  /** POSTed every `heartbeatIntervalMs` once a license was obtained. */
  heartbeatUrl?: string;
  heartbeatIntervalMs?: number;
  /** JSON body of heartbeats (e.g. `{ token }`). */
  heartbeatBody?: unknown;
  /** Called with `releaseMethod` when the player stops. */
  releaseUrl?: string;
  releaseMethod?: 'POST' | 'DELETE';
  /** Headers on both calls (e.g. `Authorization: Bearer <token>`). */
  headers?: Record<string, string>;
}

export class StreamSession {
  private timer: TimerHandle | null = null;
  private stopped = false;

  constructor(
    private readonly config: StreamSessionConfig,
    private readonly network: NetworkClient,
    private readonly clock: Clock,
    private readonly onError: (e: DrmError) => void,
  ) {}

  /** Starts heartbeats (idempotent). */
  start(): void {
    if (this.timer !== null || this.stopped || !this.config.heartbeatUrl) return;
    const interval = this.config.heartbeatIntervalMs ?? 10_000;
    const beat = () => {
      if (this.stopped) return;
      const url = this.config.heartbeatUrl!;
      this.network
        .request({ url, method: 'POST', kind: 'license', headers: { 'Content-Type': 'application/json', ...(this.config.headers ?? {}) }, body: JSON.stringify(this.config.heartbeatBody ?? {}) })
        .promise.then(
          (res) => {
            if (res.status >= 400) this.onError(new DrmError('DRM_HEARTBEAT_FAILED', `stream heartbeat refused (HTTP ${res.status}): the license service may end this stream`, { severity: 'recoverable', details: { url, status: res.status } }));
          },
          (e) => this.onError(new DrmError('DRM_HEARTBEAT_FAILED', `stream heartbeat failed: ${(e as Error)?.message ?? e}`, { severity: 'recoverable', cause: e, details: { url } })),
        )
        .finally(() => {
          if (!this.stopped) this.timer = this.clock.setTimeout(beat, interval);
        });
    };
    this.timer = this.clock.setTimeout(beat, interval);
  }

  /** Stops heartbeats and releases the lease (best effort; never throws). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (!this.config.releaseUrl) return;
    await this.network
      .request({ url: this.config.releaseUrl, method: this.config.releaseMethod ?? 'DELETE', kind: 'license', headers: { ...(this.config.headers ?? {}) } })
      .promise.catch(() => undefined);
  }
}
