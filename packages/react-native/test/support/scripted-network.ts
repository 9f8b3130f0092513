import type { NetworkClient, NetworkRequest, NetworkResponse, PendingRequest } from '../../../core/src/platform/network-client.js';
import { NetworkError } from '../../../core/src/errors/network-error.js';
import type { VirtualClock } from '../../../sim/src/virtual-clock.js';

/** One scripted answer: a body with a status, or a refused connection. */
export type ScriptedAnswer = { status?: number; body?: string } | 'refuse';

/** A NetworkClient on a virtual clock that answers from a table and logs every request. */
export class ScriptedNetwork implements NetworkClient {
  readonly log: { url: string; method: string; kind: string; body?: unknown; headers?: Record<string, string> }[] = [];
  constructor(
    private readonly clock: VirtualClock,
    private readonly answer: (req: NetworkRequest) => ScriptedAnswer,
    private readonly latencyMs = 20,
  ) {}

  request(req: NetworkRequest): PendingRequest {
    this.log.push({ url: req.url, method: req.method ?? 'GET', kind: req.kind, body: req.body, ...(req.headers ? { headers: req.headers } : {}) });
    const a = this.answer(req);
    const start = this.clock.now();
    const promise = new Promise<NetworkResponse>((resolve, reject) => {
      this.clock.setTimeout(() => {
        if (a === 'refuse') return reject(new NetworkError('CONNECTION_FAILED', `refused ${req.url}`, { url: req.url, attempt: 1, kind: req.kind }));
        const data = new TextEncoder().encode(a.body ?? '').buffer;
        resolve({ url: req.url, status: a.status ?? 200, headers: {}, data, bytes: data.byteLength, timing: { requestStart: start, firstByte: this.clock.now(), end: this.clock.now() } });
      }, this.latencyMs);
    });
    promise.catch(() => undefined);
    return { promise, abort: () => undefined };
  }
}
