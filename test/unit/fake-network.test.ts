import { describe, expect, it } from 'vitest';
import { ScriptedNetwork } from '../support/fake-network.js';
import { VirtualClock } from '../../packages/sim/src/virtual-clock.js';
import type { TransferObserver } from '../../packages/core/src/platform/network-client.js';

const text = (b: ArrayBuffer) => new TextDecoder().decode(b);

/** Records when each promise settles on the virtual clock, and how. */
function outcome(clock: VirtualClock, p: Promise<unknown>): { at?: number; value?: unknown; error?: unknown } {
  const o: { at?: number; value?: unknown; error?: unknown } = {};
  p.then(
    (value) => Object.assign(o, { at: clock.now(), value }),
    (error: unknown) => Object.assign(o, { at: clock.now(), error }),
  );
  return o;
}

describe('ScriptedNetwork (the shared test-kit fake)', () => {
  it('routes by suffix, RegExp and predicate, earlier routes first, and answers after ttfb + body time', async () => {
    const clock = new VirtualClock();
    const net = new ScriptedNetwork({ clock, httpErrors: 'reject', ttfbMs: 30, bodyMs: 20 }, { body: 'fallback' })
      .route('a.mpd', { body: 'suffix' })
      .route(/\/seg-\d+\.m4s$/, { body: 'regexp', bodyMs: 100 })
      .route((u) => u.includes('pred'), { body: 'predicate' });
    const a = outcome(clock, net.request({ url: 'https://h/a.mpd?x=1', kind: 'manifest' }).promise);
    const s = outcome(clock, net.request({ url: 'https://h/seg-3.m4s', kind: 'segment' }).promise);
    const p = outcome(clock, net.request({ url: 'https://h/pred/a.mpd', kind: 'manifest' }).promise);
    const f = outcome(clock, net.request({ url: 'https://h/other', kind: 'other' }).promise);
    await clock.advanceAsync(49);
    expect(a.at).toBeUndefined();
    await clock.advanceAsync(200);
    expect([a, s, p, f].map((o) => text((o.value as { data: ArrayBuffer }).data))).toEqual(['suffix', 'regexp', 'suffix', 'fallback']);
    expect([a.at, s.at, f.at]).toEqual([50, 130, 50]);
    expect(net.log.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });

  it("rejects a status ≥ 400 with HTTP_ERROR when httpErrors is 'reject', resolves it when 'resolve'", async () => {
    const clock = new VirtualClock();
    const rejecting = new ScriptedNetwork({ clock, httpErrors: 'reject', httpErrorSeverity: 'recoverable' }, { status: 503 });
    const resolving = new ScriptedNetwork({ clock, httpErrors: 'resolve' }, { status: 503, body: 'busy' });
    const r = outcome(clock, rejecting.request({ url: 'https://h/x', kind: 'segment' }).promise);
    const ok = outcome(clock, resolving.request({ url: 'https://h/x', kind: 'segment' }).promise);
    const unmatched = outcome(clock, new ScriptedNetwork({ clock, httpErrors: 'reject' }).request({ url: 'https://h/y', kind: 'segment' }).promise);
    await clock.advanceAsync(1);
    expect(r.error).toMatchObject({ category: 'network', code: 'HTTP_ERROR', severity: 'recoverable', details: { status: 503, url: 'https://h/x' } });
    expect(rejecting.log[0]!.status).toBe(503);
    expect(ok.value).toMatchObject({ status: 503 });
    expect(unmatched.error).toMatchObject({ code: 'HTTP_ERROR', details: { status: 404 } });
  });

  it('hangs until aborted, refuses and resets with CONNECTION_FAILED, and logs aborts', async () => {
    const clock = new VirtualClock();
    const net = new ScriptedNetwork({ clock, httpErrors: 'reject', ttfbMs: 10, bodyMs: 100 })
      .route('hang', { hang: true })
      .route('refuse', { refuse: true })
      .route('reset', { reset: true, bytes: 1000 });
    const hung = net.request({ url: 'https://h/hang', kind: 'segment' });
    const h = outcome(clock, hung.promise);
    const refused = outcome(clock, net.request({ url: 'https://h/refuse', kind: 'segment' }).promise);
    const progress: number[] = [];
    const reset = outcome(clock, net.request({ url: 'https://h/reset', kind: 'segment' }, { onProgress: (loaded) => progress.push(loaded) }).promise);
    await clock.advanceAsync(10_000);
    expect(h.at).toBeUndefined();
    expect(refused).toMatchObject({ at: 10, error: { code: 'CONNECTION_FAILED' } });
    expect(reset).toMatchObject({ at: 60, error: { code: 'CONNECTION_FAILED' } });
    expect(progress).toEqual([500]);
    hung.abort();
    await clock.advanceAsync(1);
    expect(h.error).toMatchObject({ code: 'ABORTED' });
    expect(net.log.map((r) => r.aborted)).toEqual([true, false, false]);
    expect(net.abortCalls).toBe(1);
  });

  it('reports headers and progress to the observer as configured', async () => {
    const clock = new VirtualClock();
    const seen: string[] = [];
    const observer: TransferObserver = { onHeaders: (s, now) => seen.push(`h${s}@${now}`), onProgress: (l, _t, now) => seen.push(`${l}@${now}`) };
    const streaming = new ScriptedNetwork({ clock, httpErrors: 'reject', progress: { everyMs: 100, minBodyMs: 200 } }, { ttfbMs: 20, bodyMs: 400, bytes: 4000 });
    streaming.request({ url: 'https://h/s', kind: 'segment' }, observer);
    await clock.advanceAsync(1000);
    expect(seen).toEqual(['h200@20', '1000@120', '2000@220', '3000@320', '4000@420']);
    seen.length = 0;
    const quiet = new ScriptedNetwork({ clock, httpErrors: 'reject', reportHeaders: false, progress: 'halves' }, { bodyMs: 10, bytes: 10 });
    quiet.request({ url: 'https://h/q', kind: 'segment' }, observer);
    await clock.advanceAsync(100);
    expect(seen).toEqual(['5@1005', '10@1010']);
  });

  it('counts requests per URL and overall, and settles without a clock on the microtask queue', async () => {
    const net = new ScriptedNetwork({ httpErrors: 'reject' }, (req, ctx) => ({ body: `${ctx.index}/${ctx.nthForUrl}` }));
    const bodies = await Promise.all(['a', 'b', 'a'].map((u) => net.request({ url: `https://h/${u}`, kind: 'other' }).promise.then((r) => text(r.data))));
    expect(bodies).toEqual(['0/0', '1/0', '2/1']);
    const later = new ScriptedNetwork({ httpErrors: 'resolve' }, async () => ({ status: 201, body: 'x' }));
    await expect(later.request({ url: 'https://h/c', kind: 'license' }).promise).resolves.toMatchObject({ status: 201, bytes: 1 });
  });
});
