/**
 * NetworkClient over `fetch`: streams the body through a reader so the engine
 * sees progress (bytes, time) while a segment downloads — what abandonment and
 * bandwidth estimation need — with abort, timeout, Range and transfer timing.
 * HTTP error statuses resolve (the RequestEngine decides about retries);
 * connection failures, timeouts and aborts reject with a NetworkError.
 */
import { NetworkError, type NetworkClient, type NetworkRequest, type NetworkResponse, type PendingRequest, type TransferObserver } from '@edgeplay/core';

/** The core's NetworkClient over `fetch`, streaming the body for progress and throughput samples. */
export class FetchNetworkClient implements NetworkClient {
  request(req: NetworkRequest, observer?: TransferObserver): PendingRequest {
    const controller = new AbortController();
    let reason: 'ABORTED' | 'TIMEOUT' | null = null;
    const timer = req.timeoutMs ? setTimeout(() => {
      reason = 'TIMEOUT';
      controller.abort();
    }, req.timeoutMs) : null;
    const promise = this.run(req, controller.signal, observer).catch((e: unknown) => {
      if (e instanceof NetworkError) throw e;
      const code = reason ?? (controller.signal.aborted ? 'ABORTED' : 'CONNECTION_FAILED');
      throw new NetworkError(code, `${req.kind} request ${code === 'TIMEOUT' ? `timed out after ${req.timeoutMs} ms` : code === 'ABORTED' ? 'aborted' : `failed: ${(e as Error)?.message ?? e}`}: ${req.url}`, { url: req.url, attempt: 1, kind: req.kind }, { severity: 'recoverable', cause: e });
    }).finally(() => {
      if (timer) clearTimeout(timer);
    });
    return {
      promise,
      abort: () => {
        reason ??= 'ABORTED';
        controller.abort();
      },
    };
  }

  private async run(req: NetworkRequest, signal: AbortSignal, observer?: TransferObserver): Promise<NetworkResponse> {
    const headers: Record<string, string> = { ...(req.headers ?? {}) };
    if (req.byteRange) headers.Range = `bytes=${req.byteRange.start}-${req.byteRange.end ?? ''}`;
    const requestStart = performance.now();
    const body = req.body === null || req.body === undefined ? null : typeof req.body === 'string' ? req.body : req.body instanceof Uint8Array ? req.body.slice().buffer : req.body;
    const res = await fetch(req.url, { method: req.method ?? 'GET', headers, body, signal, credentials: req.withCredentials ? 'include' : 'same-origin', cache: 'no-store' });
    const firstByte = performance.now();
    observer?.onHeaders?.(res.status, firstByte);
    const total = Number(res.headers.get('content-length') ?? NaN);
    const chunks: Uint8Array[] = [];
    let loaded = 0;
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        loaded += value.byteLength;
        observer?.onProgress?.(loaded, Number.isFinite(total) ? total : null, performance.now(), value);
      }
    }
    const data = new Uint8Array(loaded);
    let o = 0;
    for (const c of chunks) {
      data.set(c, o);
      o += c.byteLength;
    }
    const out: Record<string, string> = {};
    res.headers.forEach((v, k) => (out[k] = v));
    return { url: res.url || req.url, status: res.status, headers: out, data: data.buffer, timing: { requestStart, firstByte, end: performance.now() }, bytes: loaded };
  }
}
