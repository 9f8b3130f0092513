import { describe, expect, it } from 'vitest';
import { RequestEngine } from '../../src/net/request-engine.js';
import { NetworkError } from '../../src/errors/network-error.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import type { TransferSample } from '../../src/net/throughput-estimator.js';
import { engineOnFakeNetwork as setup, RecordingSelector, TWO_PATHWAYS as bases } from './request-engine-setup.js';

async function settle<T>(clock: VirtualClock, p: Promise<T>, ms = 60_000): Promise<T> {
  await clock.advanceAsync(ms);
  return p;
}

describe('RequestEngine', () => {
  it('applies request filters in registration order, each seeing the previous output', async () => {
    const { clock, client, engine } = setup(() => ({}));
    engine.addRequestFilter((r) => ({ ...r, url: `${r.url}?a=1`, headers: { ...r.headers, x: '1' } }));
    engine.addRequestFilter(async (r) => ({ ...r, url: `${r.url}&sig=${r.url.length}` }));
    const res = await settle(clock, engine.fetch({ url: 'https://h/s.m4s', kind: 'segment' }).promise);
    expect(client.log[0]!.url).toBe('https://h/s.m4s?a=1&sig=19');
    expect(client.log[0]!.headers).toEqual({ x: '1' });
    expect(res.status).toBe(200);
  });

  it('runs response filters in order with the filtered request', async () => {
    const { clock, engine } = setup(() => ({}));
    const seen: string[] = [];
    engine.addResponseFilter((res, req) => {
      seen.push(`1 ${req.url}`);
      return { ...res, headers: { step: '1' } };
    });
    engine.addResponseFilter((res) => {
      seen.push(`2 ${res.headers.step}`);
      return res;
    });
    await settle(clock, engine.fetch({ url: 'https://h/x', kind: 'manifest' }).promise);
    expect(seen).toEqual(['1 https://h/x', '2 1']);
  });

  it('retries with exponential back-off, then succeeds', async () => {
    const { clock, client, engine } = setup((_u, nth) => (nth < 2 ? { status: 503, ttfbMs: 10 } : { ttfbMs: 10, bodyMs: 10 }));
    const p = engine.fetch({ url: 'https://h/s', kind: 'segment' }).promise;
    const res = await settle(clock, p);
    expect(res.attempts).toBe(3);
    // 10 ms fail, 100 ms wait, 10 ms fail, 200 ms wait, 10+10 ms success.
    expect(res.timing.end).toBe(340);
    expect(client.log).toHaveLength(3);
  });

  it('gives up after maxAttempts with the last typed error', async () => {
    const { clock, engine } = setup(() => ({ status: 500 }));
    const p = engine.fetch({ url: 'https://h/s', kind: 'segment' }).promise;
    const err = await settle(clock, p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toMatchObject({ code: 'HTTP_ERROR', severity: 'fatal', details: { status: 500, attempt: 3, url: 'https://h/s' } });
  });

  it('does not retry a 403', async () => {
    const { clock, client, engine } = setup(() => ({ status: 403 }));
    const err = await settle(clock, engine.fetch({ url: 'https://h/s', kind: 'segment' }).promise).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HTTP_ERROR', details: { status: 403 } });
    expect(client.log).toHaveLength(1);
  });

  it('fails over to the next pathway immediately and reports both outcomes', async () => {
    const selector = new RecordingSelector();
    const { clock, client, engine } = setup((u) => (u.startsWith('https://a.') ? { refuse: true, ttfbMs: 5 } : {}), { pathways: selector });
    const res = await settle(clock, engine.fetch({ uri: 'seg-1.m4s', baseUrls: bases, kind: 'segment' }).promise);
    expect(client.log.map((r) => r.url)).toEqual(['https://a.example/v/seg-1.m4s', 'https://b.example/v/seg-1.m4s']);
    expect(res.pathwayId).toBe('b');
    expect(res.timing.requestStart).toBe(5); // no back-off between pathways
    expect(selector.events).toEqual(['fail a connection', 'ok b']);
  });

  it('asks the selector for the order', async () => {
    const selector = new RecordingSelector();
    selector.order = (c) => [...c].reverse();
    const { clock, client, engine } = setup(() => ({}), { pathways: selector });
    await settle(clock, engine.fetch({ uri: 's.m4s', baseUrls: bases, kind: 'segment' }).promise);
    expect(client.log[0]!.url).toBe('https://b.example/v/s.m4s');
  });

  it('raises ALL_PATHWAYS_FAILED listing every failure', async () => {
    const { clock, client, engine } = setup(() => ({ status: 503 }), { retry: { maxAttempts: 2, baseDelayMs: 100, fuzz: 0 } });
    const err = (await settle(clock, engine.fetch({ uri: 's.m4s', baseUrls: bases, kind: 'segment' }).promise).catch((e: unknown) => e)) as NetworkError;
    expect(err.code).toBe('ALL_PATHWAYS_FAILED');
    expect(err.details.failures).toEqual(['a (attempt 1): HTTP_ERROR 503', 'b (attempt 1): HTTP_ERROR 503', 'a (attempt 2): HTTP_ERROR 503', 'b (attempt 2): HTTP_ERROR 503']);
    expect(client.log).toHaveLength(4);
  });

  it('rides out a network outage: rounds where no pathway answers at all do not use up the budget', async () => {
    // Every connection is refused for the first 25 s (the client's own network is down), then all is well.
    const { clock, client, engine } = setup(() => (clock.now() < 25_000 ? { refuse: true } : {}), { retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 2000, fuzz: 0, outageToleranceMs: 60_000 } });
    const res = await settle(clock, engine.fetch({ uri: 's.m4s', baseUrls: bases, kind: 'segment' }).promise);
    expect(res.status).toBe(200);
    expect(res.timing.requestStart).toBeGreaterThanOrEqual(25_000);
    // Retries ran at the capped delay meanwhile, so it resumed within one delay of the network coming back.
    expect(res.timing.requestStart).toBeLessThan(25_000 + 2000 + 1);
    expect(client.log.length).toBeGreaterThan(6);
  });

  it('retryDelayCapMs bounds the back-off: a request whose caller is about to stall probes sooner once the outage ends', async () => {
    // Refused for 25 s; the back-off grows to 4 s. Uncapped, the network's return can be up to 4 s away from the next round.
    const retry = { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 4000, fuzz: 0, outageToleranceMs: 60_000 };
    const uncapped = setup(() => (uncapped.clock.now() < 25_000 ? { refuse: true } : {}), { retry });
    const late = await settle(uncapped.clock, uncapped.engine.fetch({ uri: 's.m4s', baseUrls: bases, kind: 'segment' }).promise);
    expect(late.timing.requestStart - 25_000).toBeGreaterThan(1000);
    const capped = setup(() => (capped.clock.now() < 25_000 ? { refuse: true } : {}), { retry });
    const soon = await settle(capped.clock, capped.engine.fetch({ uri: 's.m4s', baseUrls: bases, kind: 'segment', retryDelayCapMs: () => 1000 }).promise);
    expect(soon.timing.requestStart).toBeGreaterThanOrEqual(25_000);
    expect(soon.timing.requestStart - 25_000).toBeLessThanOrEqual(1000);
  });

  it('an outage longer than the tolerance ends in ALL_PATHWAYS_FAILED, with a bounded failure list', async () => {
    const { clock, engine } = setup(() => ({ refuse: true }), { retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, fuzz: 0, outageToleranceMs: 20_000 } });
    let settledAt = -1;
    const p = engine.fetch({ uri: 's.m4s', baseUrls: bases, kind: 'segment' }).promise.catch((e: unknown) => {
      settledAt = clock.now();
      return e;
    });
    const err = (await settle(clock, p, 120_000)) as NetworkError;
    expect(err.code).toBe('ALL_PATHWAYS_FAILED');
    expect(settledAt).toBeGreaterThanOrEqual(20_000);
    // Past the tolerance the ordinary budget (3 rounds, 1 s apart) still applies.
    expect(settledAt).toBeLessThan(20_000 + 3 * 1000 + 100);
    expect((err.details.failures as string[]).length).toBeLessThanOrEqual(16);
  });

  it('rounds in which a cache answers with an HTTP error count at once, outage or not', async () => {
    const { clock, client, engine } = setup((u) => (u.startsWith('https://a.') ? { status: 503 } : { refuse: true }), {
      retry: { maxAttempts: 3, baseDelayMs: 100, fuzz: 0, outageToleranceMs: 60_000 },
    });
    const err = (await settle(clock, engine.fetch({ uri: 's.m4s', baseUrls: bases, kind: 'segment' }).promise).catch((e: unknown) => e)) as NetworkError;
    expect(err.code).toBe('ALL_PATHWAYS_FAILED');
    expect(client.log).toHaveLength(6);
  });

  it('a request with its own attempt budget is not stretched by the outage tolerance', async () => {
    const { clock, client, engine } = setup(() => ({ refuse: true }));
    const err = (await settle(clock, engine.fetch({ url: 'https://s/steer', kind: 'steering', maxAttempts: 1 }).promise).catch((e: unknown) => e)) as NetworkError;
    expect(err.code).toBe('CONNECTION_FAILED');
    expect(client.log).toHaveLength(1);
  });

  it('times out a hanging request and retries', async () => {
    const { clock, client, engine } = setup((_u, nth) => (nth === 0 ? { hang: true } : {}));
    const res = await settle(clock, engine.fetch({ url: 'https://h/s', kind: 'segment', timeoutMs: 1000, ttfbTimeoutMs: 0 }).promise);
    expect(res.attempts).toBe(2);
    expect(res.timing.requestStart).toBe(1100);
    expect(client.aborted).toBe(1);
  });

  it('rideOut(): an attempt kept through a network-wide outage outlasts the whole-attempt timeout, up to the outage tolerance', async () => {
    // The first attempt's body takes 40 s; the whole-attempt timeout is 30 s, the outage tolerance 60 s.
    const retry = { maxAttempts: 3, baseDelayMs: 100, fuzz: 0, outageToleranceMs: 60_000 };
    const plain = setup((_u, nth) => (nth === 0 ? { bodyMs: 40_000 } : {}), { retry, timeouts: { totalMs: 30_000 } });
    const cut = await settle(plain.clock, plain.engine.fetch({ url: 'https://h/s', kind: 'segment' }).promise);
    expect(cut.attempts).toBe(2);

    const kept = setup((_u, nth) => (nth === 0 ? { bodyMs: 40_000 } : {}), { retry, timeouts: { totalMs: 30_000 } });
    const request = kept.engine.fetch({ url: 'https://h/s', kind: 'segment' });
    await kept.clock.advanceAsync(1000);
    request.rideOut();
    const res = await settle(kept.clock, request.promise);
    expect(res.attempts).toBe(1);
    expect(kept.client.aborted).toBe(0);

    // Bounded: an attempt that never ends is still cut at the outage tolerance.
    const dead = setup((_u, nth) => (nth === 0 ? { bodyMs: 200_000 } : {}), { retry, timeouts: { totalMs: 30_000 } });
    const hung = dead.engine.fetch({ url: 'https://h/s', kind: 'segment' });
    await dead.clock.advanceAsync(1000);
    hung.rideOut();
    const after = await settle(dead.clock, hung.promise, 120_000);
    expect(after.attempts).toBe(2);
    expect(after.timing.requestStart).toBeGreaterThanOrEqual(60_000);
    expect(after.timing.requestStart).toBeLessThan(61_000);
  });

  it('enforces the TTFB timeout and reports slow-ttfb to the selector', async () => {
    const selector = new RecordingSelector();
    const { clock, engine } = setup((u) => (u.startsWith('https://a.') ? { ttfbMs: 5000 } : {}), { pathways: selector });
    const res = await settle(clock, engine.fetch({ uri: 's', baseUrls: bases, kind: 'segment', ttfbTimeoutMs: 500 }).promise);
    expect(res.pathwayId).toBe('b');
    expect(selector.events[0]).toBe('fail a slow-ttfb');
    expect(res.timing.requestStart).toBe(500);
  });

  it('abort rejects with ABORTED, stops retries and waiting back-off', async () => {
    const { clock, client, engine } = setup(() => ({ status: 503 }));
    const req = engine.fetch({ url: 'https://h/s', kind: 'segment' });
    await clock.advanceAsync(50); // first attempt failed, engine waits 100 ms
    req.abort();
    const err = await settle(clock, req.promise).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ABORTED', severity: 'recoverable' });
    expect(client.log).toHaveLength(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('abort cancels the transfer in flight', async () => {
    const { clock, client, engine } = setup(() => ({ ttfbMs: 100, bodyMs: 1000 }));
    const req = engine.fetch({ url: 'https://h/s', kind: 'segment' });
    await clock.advanceAsync(300);
    req.abort();
    await expect(req.promise).rejects.toMatchObject({ code: 'ABORTED' });
    expect(client.aborted).toBe(1);
    expect(engine.inFlight).toBe(0);
  });

  it('failover() abandons a slow transfer and moves to the next pathway at once', async () => {
    const selector = new RecordingSelector();
    const { clock, engine } = setup((u) => (u.startsWith('https://a.') ? { bodyMs: 10_000 } : {}), { pathways: selector });
    const req = engine.fetch({ uri: 's', baseUrls: bases, kind: 'segment' });
    await clock.advanceAsync(1000);
    expect(req.failover('too-slow')).toBe(true);
    const res = await settle(clock, req.promise);
    expect(res.pathwayId).toBe('b');
    expect(res.timing.requestStart).toBe(1000);
    expect(selector.events).toEqual(['fail a too-slow', 'ok b']);
  });

  it('emits transfer samples with TTFB, body duration and concurrency', async () => {
    const { clock, engine } = setup(() => ({ ttfbMs: 40, bodyMs: 200, bytes: 50_000 }));
    const samples: TransferSample[] = [];
    engine.onTransfer((s) => samples.push(s));
    const p1 = engine.fetch({ url: 'https://h/1', kind: 'segment' }).promise;
    const p2 = engine.fetch({ url: 'https://h/2', kind: 'segment' }).promise;
    await settle(clock, Promise.all([p1, p2]));
    expect(samples).toEqual([
      { bytes: 50_000, durationMs: 200, ttfbMs: 40, endTime: 240, concurrency: 1 },
      { bytes: 50_000, durationMs: 200, ttfbMs: 40, endTime: 240, concurrency: 2 },
    ]);
  });

  it('flags implausibly fast transfers as cached', async () => {
    const { clock, engine } = setup(() => ({ ttfbMs: 0, bodyMs: 0, bytes: 1_000_000 }));
    const samples: TransferSample[] = [];
    engine.onTransfer((s) => samples.push(s));
    await settle(clock, engine.fetch({ url: 'https://h/1', kind: 'segment' }).promise);
    expect(samples[0]!.fromCache).toBe(true);
  });

  it('a client that throws a plain Error yields a typed CONNECTION_FAILED', async () => {
    const clock = new VirtualClock();
    const engine = new RequestEngine({
      clock,
      retry: { maxAttempts: 1 },
      client: {
        request: () => {
          throw new TypeError('boom');
        },
      },
    });
    await expect(engine.fetch({ url: 'https://h/1', kind: 'segment' }).promise).rejects.toMatchObject({ code: 'CONNECTION_FAILED', category: 'network' });
  });
});
