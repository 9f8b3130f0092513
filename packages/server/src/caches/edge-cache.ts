/**
 * One simulated edge cache (an "OCA"): its own HTTP port serving the fixture
 * tree under `/media/<title>/<path>` and, session-scoped for shaping and the
 * request log, `/s/<session>/media/<title>/<path>`; `/health` reports load.
 * Faults injected through {@link EdgeCache.addFault} shape what clients see:
 * resets, HTTP errors, latency, bandwidth caps or trace-driven throughput,
 * bodies that stall, end early or arrive corrupted.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { isPublicMediaPath } from '../catalog/public-catalog.js';
import { applyServerTimeouts, drainServer, guardConnections, LISTENER_OPTIONS, type ConnectionTracker } from '../http/connection-guard.js';
import { HttpError } from '../http/http-error.js';
import { CORS_HEADERS, handleOptions, sendError, sendJson } from '../http/respond.js';
import { contentTypeOf, parseRange, resolveSafe } from '../http/static-files.js';
import { activeFaults, type FaultSpec } from './faults.js';
import { CacheHealth, type MeasuredHealth, type Transfer } from './cache-health.js';
import { RequestLog } from './request-log.js';
import { SessionShaper } from './session-shaper.js';
import { loadTrace, type ThroughputTrace } from './trace.js';

export interface EdgeCacheOptions {
  id: string;
  kind: 'isp' | 'ixp';
  fixturesRoot: string;
  /** Where `traceFile` names are resolved (the shared traces folder). */
  tracesRoot: string;
  requestLog: RequestLog;
  host: string;
  port?: number;
  log?: (entry: Record<string, unknown>) => void;
  /** Concurrent connections one client address may hold (default 1024). */
  maxConnectionsPerClient?: number;
}

const CHUNK = 16 * 1024;
/** A client that reads nothing for this long while we wait to write is dropped (write timeout). */
const WRITE_STALL_MS = 30_000;

export class EdgeCache {
  readonly id: string;
  readonly kind: 'isp' | 'ixp';
  private server: Server;
  private readonly connections: ConnectionTracker;
  private readonly measured = new CacheHealth();
  private faults: FaultSpec[] = [];
  private nextFaultId = 1;
  private readonly shaper = new SessionShaper();
  private readonly traces = new Map<string, ThroughputTrace>();
  private readonly startedAt = Date.now();
  private active = 0;
  private served = 0;
  private errors = 0;
  url = '';

  constructor(private readonly opts: EdgeCacheOptions) {
    this.id = opts.id;
    this.kind = opts.kind;
    this.server = createServer(LISTENER_OPTIONS, (req, res) => void this.handle(req, res));
    applyServerTimeouts(this.server);
    this.connections = guardConnections(this.server, opts.maxConnectionsPerClient ?? 1024);
    this.server.on('connection', (socket) => {
      // A whole-cache "down" fault resets connections before any byte is read.
      if (activeFaults(this.faults, '', null, Date.now()).some((f) => f.mode === 'down' && f.pathPattern === undefined && f.session === undefined)) {
        socket.destroy();
      }
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port ?? 0, this.opts.host, () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://${this.opts.host}:${port}`;
  }

  /** Stops accepting and lets in-flight downloads finish, up to `drainMs`. */
  async close(drainMs = 0): Promise<void> {
    await drainServer(this.server, this.connections, drainMs);
  }

  /** Measured health for steering (error rate, throughput, TTFB, load; see cache-health.ts). */
  steeringHealth(now: number): MeasuredHealth & { healthy: boolean } {
    return { ...this.measured.measure(now), healthy: this.health().healthy };
  }

  /** A client reported a failed transfer from this cache. */
  clientReport(client: string, now: number): void {
    this.measured.clientReport(client, now);
  }

  addFault(spec: Omit<FaultSpec, 'id'>): FaultSpec {
    const fault = { ...spec, id: this.nextFaultId++ } as FaultSpec;
    this.faults.push(fault);
    if (fault.mode === 'trace') this.trace(fault.traceFile!); // fail early on a bad trace
    return fault;
  }

  clearFaults(): void {
    this.faults = [];
  }

  listFaults(): FaultSpec[] {
    const now = Date.now();
    this.faults = this.faults.filter((f) => f.activeUntil > now);
    return [...this.faults];
  }

  /** Health as the steering service and the control API see it. */
  health(): { id: string; kind: string; url: string; healthy: boolean; activeRequests: number; served: number; errors: number; faults: string[] } {
    const faults = this.listFaults().filter((f) => Date.now() >= f.activeFrom);
    const broken = faults.some((f) => (f.mode === 'down' || f.mode === 'http-error' || f.mode === 'stall') && f.pathPattern === undefined && f.session === undefined && f.probability >= 0.5);
    return { id: this.id, kind: this.kind, url: this.url, healthy: !broken, activeRequests: this.active, served: this.served, errors: this.errors, faults: faults.map((f) => f.mode) };
  }

  private trace(name: string): ThroughputTrace {
    let t = this.traces.get(name);
    if (!t) {
      if (name.includes('..') || path.isAbsolute(name) || name.includes('\0')) throw new HttpError(400, 'BAD_TRACE', 'traceFile must be a relative name under the traces folder');
      try {
        t = loadTrace(path.join(this.opts.tracesRoot, name));
      } catch (e) {
        if (e instanceof HttpError) throw e;
        throw new HttpError(400, 'BAD_TRACE', `trace ${name} could not be read`);
      }
      this.traces.set(name, t);
    }
    return t;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (handleOptions(req, res)) return;
    const started = Date.now();
    let session: string | null = null;
    let mediaPath = '';
    let status = 0;
    let bytes = 0;
    let faultName: string | undefined;
    let failed = false;
    let ttfbMs: number | null = null;
    // Health is measured per client: the session when the URL names one, else the address.
    let transfer: Transfer | null = null;
    this.active++;
    try {
      const url = new URL(req.url ?? '/', 'http://cache');
      if (url.pathname === '/health') {
        sendJson(res, 200, this.health());
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'caches serve GET and HEAD');
      let p: string;
      try {
        p = decodeURIComponent(url.pathname);
      } catch {
        throw new HttpError(400, 'BAD_PATH', 'malformed percent-encoding');
      }
      const m = /^\/(?:s\/([A-Za-z0-9_.-]{1,100})\/)?media\/(.+)$/.exec(p);
      if (!m) throw new HttpError(404, 'NOT_FOUND', 'caches serve /media/<title>/<path> and /s/<session>/media/<title>/<path>');
      session = m[1] ?? null;
      mediaPath = m[2]!;
      transfer = this.measured.begin(session ?? `addr:${req.socket.remoteAddress ?? '?'}`, started);
      if (!isPublicMediaPath(mediaPath)) throw new HttpError(404, 'NOT_FOUND', 'not found');
      const faults = activeFaults(this.faults, mediaPath, session, started);
      faultName = faults.map((f) => f.mode).join('+') || undefined;
      if (faults.some((f) => f.mode === 'down')) {
        status = 0;
        failed = true;
        req.socket.destroy();
        return;
      }
      const latency = faults.reduce((ms, f) => (f.mode === 'latency' ? ms + (f.latencyMs ?? 0) : ms), 0);
      if (latency > 0) await sleep(latency);
      const httpError = faults.find((f) => f.mode === 'http-error');
      if (httpError) throw new HttpError(httpError.status ?? 503, 'INJECTED_FAULT', `injected HTTP ${httpError.status ?? 503} by cache ${this.id}`);
      const { file, size } = await resolveSafe(this.opts.fixturesRoot, mediaPath);
      const range = parseRange(req.headers.range, size);
      const start = range?.start ?? 0;
      const end = range?.end ?? size - 1;
      const length = end - start + 1;
      const headers: Record<string, string | number> = { ...CORS_HEADERS, 'Content-Type': contentTypeOf(file), 'Accept-Ranges': 'bytes', 'Content-Length': length, 'X-Edgeplay-Cache': this.id, 'Cache-Control': 'no-cache' };
      if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
      status = range ? 206 : 200;
      res.writeHead(status, headers);
      ttfbMs = Date.now() - started;
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      // Streamed in CHUNK-sized reads: memory per request is a chunk or two whatever the file size
      // (whole-file reads took RSS from 47 to 557 MB at 200 concurrent 2.2 MB segments, issue 15 #9).
      const handle = await fs.open(file, 'r');
      try {
        bytes = await this.sendBody(res, handle, start, length, faults, session ?? `anon:${req.socket.remoteAddress}:${req.socket.remotePort}`, transfer);
      } finally {
        // Not awaited: the request log entry (below) must be there by the time the client has the body.
        handle.close().catch(() => undefined);
      }
      failed = faults.some((f) => f.mode === 'stall' || f.mode === 'truncate' || f.mode === 'corrupt');
    } catch (e) {
      if (e instanceof HttpError) status = e.status;
      else status = 500;
      failed = status >= 500 || (e instanceof HttpError && e.code === 'INJECTED_FAULT');
      this.errors++;
      sendError(res, e, this.opts.log);
    } finally {
      this.active--;
      if (transfer) this.measured.end(transfer, { time: Date.now(), failed, bytes, durationMs: Date.now() - started, ttfbMs });
      if (status >= 200 && status < 400) this.served++;
      if (mediaPath) {
        const { title, rendition } = RequestLog.describe(mediaPath);
        this.opts.requestLog.add({ time: started, cache: this.id, session, path: mediaPath, title, rendition, bytes, durationMs: Date.now() - started, status, ...(faultName ? { fault: faultName } : {}) });
      }
      this.opts.log?.({ level: 'info', cache: this.id, method: req.method, path: mediaPath || req.url, status, bytes, ms: Date.now() - started, session, fault: faultName });
    }
  }

  /**
   * Streams `length` bytes of `handle` from `start`, honouring bandwidth/trace shaping and
   * stall/truncate/corrupt faults. Returns bytes written.
   */
  private async sendBody(res: ServerResponse, handle: fs.FileHandle, start: number, length: number, faults: FaultSpec[], sessionKey: string, progress: Transfer): Promise<number> {
    const corrupt = faults.some((f) => f.mode === 'corrupt');
    const stall = faults.some((f) => f.mode === 'stall');
    const truncate = faults.some((f) => f.mode === 'truncate');
    const cutAt = stall || truncate ? Math.floor(length / 2) : length;
    const caps = faults.filter((f) => f.mode === 'bandwidth' || f.mode === 'trace');
    let written = 0;
    while (written < cutAt) {
      if (res.destroyed) return written;
      const n = Math.min(CHUNK, cutAt - written);
      if (caps.length) {
        const now = Date.now();
        const rate = Math.min(...caps.map((f) => (f.mode === 'bandwidth' ? f.kbps! * 1000 : this.trace(f.traceFile!).rateAt((now - this.startedAt) / 1000))));
        const wait = this.shaper.reserve(sessionKey, n, rate, now);
        if (wait > 1) await sleep(wait);
        // The client may have gone while we slept (it abandoned a slow transfer): stop here, or the
        // write below fails silently and the wait for 'drain' never ends (a leaked active request).
        if (res.destroyed) return written;
      }
      // A fresh buffer per chunk: res.write keeps a reference until the bytes are on the socket.
      const chunk = Buffer.allocUnsafe(n);
      const { bytesRead } = await handle.read(chunk, 0, n, start + written);
      if (bytesRead < n) {
        res.destroy(); // the file shrank under us: never send fewer bytes than Content-Length promised
        return written;
      }
      if (corrupt) {
        // Deterministic damage spread through the payload (box headers and sample data alike): every 997th byte from 7.
        const first = written <= 7 ? 7 : 7 + Math.ceil((written - 7) / 997) * 997;
        for (let at = first; at < written + n; at += 997) chunk[at - written] = chunk[at - written]! ^ 0x5a;
      }
      const ok = res.write(chunk);
      written += n;
      progress.bytes = written;
      if (!ok && !(await drainOrClose(res, WRITE_STALL_MS))) {
        res.destroy(); // a client that does not read holds a socket and memory: write timeout
        return written;
      }
    }
    if (stall) {
      // Hold the connection open with no further bytes until the client gives up (or 60 s pass).
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          res.destroy();
          resolve();
        }, 60_000);
        res.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      return written;
    }
    if (truncate) {
      res.destroy(); // fewer bytes than Content-Length, then the connection drops
      return written;
    }
    res.end();
    return written;
  }
}

/** Waits for `drain` (or `close`), removing both listeners afterwards so they do not pile up. */
function drainOrClose(res: ServerResponse, timeoutMs: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    if (res.destroyed || res.writableEnded) return resolve(true);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      res.off('drain', onDrain);
      res.off('close', onDrain);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    res.on('drain', onDrain);
    res.on('close', onDrain);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
