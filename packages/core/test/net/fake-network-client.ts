import { EdgeplayError } from '../../src/errors/edgeplay-error.js';
import type { NetworkClient, NetworkRequest, NetworkResponse, PendingRequest, TransferObserver } from '../../src/platform/network-client.js';
import type { VirtualClock } from '../../../sim/src/virtual-clock.js';

/** How the fake answers one URL: an HTTP status after `ttfbMs`, a body taking `bodyMs`, or a hang. */
export interface FakeRoute {
  status?: number;
  ttfbMs?: number;
  bodyMs?: number;
  bytes?: number;
  /** Never answers (to exercise timeouts). */
  hang?: boolean;
  /** Rejects with CONNECTION_FAILED. */
  refuse?: boolean;
}

/** A scripted NetworkClient on a virtual clock; records every request it saw. */
export class FakeNetworkClient implements NetworkClient {
  readonly log: NetworkRequest[] = [];
  aborted = 0;
  constructor(
    private readonly clock: VirtualClock,
    private readonly route: (req: NetworkRequest, nth: number) => FakeRoute,
  ) {}

  request(req: NetworkRequest, observer?: TransferObserver): PendingRequest {
    const nth = this.log.filter((r) => r.url === req.url).length;
    this.log.push(req);
    const r = this.route(req, nth);
    const start = this.clock.now();
    const timers: unknown[] = [];
    let rejectFn: (e: unknown) => void = () => undefined;
    const promise = new Promise<NetworkResponse>((resolve, reject) => {
      rejectFn = reject;
      if (r.hang) return;
      const ttfb = r.ttfbMs ?? 10;
      timers.push(
        this.clock.setTimeout(() => {
          if (r.refuse) return reject(new EdgeplayError('network', 'CONNECTION_FAILED', `refused ${req.url}`));
          const status = r.status ?? 200;
          observer?.onHeaders?.(status, this.clock.now());
          if (status >= 400) return reject(new EdgeplayError('network', 'HTTP_ERROR', `HTTP ${status}`, { details: { status } }));
          const bytes = r.bytes ?? 1000;
          const firstByte = this.clock.now();
          const bodyMs = r.bodyMs ?? 10;
          timers.push(this.clock.setTimeout(() => observer?.onProgress?.(bytes / 2, bytes, this.clock.now()), bodyMs / 2));
          timers.push(
            this.clock.setTimeout(() => {
              observer?.onProgress?.(bytes, bytes, this.clock.now());
              resolve({ url: req.url, status, headers: {}, data: new ArrayBuffer(bytes), bytes, timing: { requestStart: start, firstByte, end: this.clock.now() } });
            }, bodyMs),
          );
        }, ttfb),
      );
    });
    promise.catch(() => undefined);
    return {
      promise,
      abort: () => {
        this.aborted++;
        for (const t of timers) this.clock.clearTimeout(t);
        rejectFn(new EdgeplayError('network', 'ABORTED', 'aborted'));
      },
    };
  }
}
