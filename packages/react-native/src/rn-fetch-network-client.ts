import { NetworkError, type NetworkClient, type NetworkRequest, type NetworkResponse, type PendingRequest } from '@edgeplay/core';

/**
 * NetworkClient over React Native's `fetch`, which has no streaming response
 * body: the body is read whole with `arrayBuffer()` (fine for what core
 * fetches here — manifests, steering, licences, beacons; segments go through
 * the native player).
 */
export class RnFetchNetworkClient implements NetworkClient {
  constructor(private readonly now: () => number = () => Date.now()) {}

  request(req: NetworkRequest): PendingRequest {
    const controller = new AbortController();
    let reason: 'ABORTED' | 'TIMEOUT' | null = null;
    const timer = req.timeoutMs ? setTimeout(() => {
      reason = 'TIMEOUT';
      controller.abort();
    }, req.timeoutMs) : null;
    const promise = this.run(req, controller.signal).catch((e: unknown) => {
      if (e instanceof NetworkError) throw e;
      const code = reason ?? (controller.signal.aborted ? 'ABORTED' : 'CONNECTION_FAILED');
      throw new NetworkError(code, `${req.kind} request ${code.toLowerCase()}: ${req.url}`, { url: req.url, attempt: 1, kind: req.kind }, { severity: 'recoverable', cause: e });
    }).finally(() => {
      if (timer) clearTimeout(timer);
    });
    return { promise, abort: () => { reason ??= 'ABORTED'; controller.abort(); } };
  }

  private async run(req: NetworkRequest, signal: AbortSignal): Promise<NetworkResponse> {
    const headers: Record<string, string> = { ...(req.headers ?? {}) };
    if (req.byteRange) headers.Range = `bytes=${req.byteRange.start}-${req.byteRange.end ?? ''}`;
    const requestStart = this.now();
    const body = req.body === null || req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : req.body instanceof Uint8Array ? req.body.slice().buffer : req.body;
    const res = await fetch(req.url, { method: req.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}), signal });
    const firstByte = this.now();
    const data = await res.arrayBuffer();
    const out: Record<string, string> = {};
    res.headers.forEach((v, k) => (out[k] = v));
    return { url: res.url || req.url, status: res.status, headers: out, data, timing: { requestStart, firstByte, end: this.now() }, bytes: data.byteLength };
  }
}
