import { describe, expect, it } from 'vitest';
import { TraceNetworkClient } from '../src/trace-network-client.js';
import { VirtualClock } from '../src/virtual-clock.js';
import { syntheticPresentation } from '../src/synthetic-presentation.js';
import { decodeSyntheticPayload } from '../src/synthetic-payload.js';
import type { NetworkResponse } from '../../core/src/platform/network-client.js';

const flat = (mbps: number) => [{ time_s: 0, mbps }];

describe('TraceNetworkClient', () => {
  it('takes RTT + bytes / bandwidth', async () => {
    const clock = new VirtualClock();
    const net = new TraceNetworkClient({ clock, trace: flat(8), rttMs: 50, defaultBytes: 1_000_000 });
    const p = net.request({ url: 'https://x/a', kind: 'segment' }).promise;
    clock.advance(5000);
    const r = await p;
    expect(r.timing).toEqual({ requestStart: 0, firstByte: 50, end: 1050 });
    expect(r.bytes).toBe(1_000_000);
  });

  it('shares bandwidth between concurrent bodies', async () => {
    const clock = new VirtualClock();
    const net = new TraceNetworkClient({ clock, trace: flat(8), rttMs: 0, defaultBytes: 1_000_000 });
    const a = net.request({ url: 'https://x/a', kind: 'segment' }).promise;
    const b = net.request({ url: 'https://x/b', kind: 'segment' }).promise;
    clock.advance(5000);
    expect((await a).timing.end).toBeCloseTo(2000, 6);
    expect((await b).timing.end).toBeCloseTo(2000, 6);
  });

  it('follows bandwidth changes in the trace', async () => {
    const clock = new VirtualClock();
    // 8 Mbit/s for 0.5 s (500 kB), then 4 Mbit/s: 500 kB more takes 1 s.
    const net = new TraceNetworkClient({ clock, trace: [{ time_s: 0, mbps: 0 }, { time_s: 0.5, mbps: 8 }, { time_s: 100, mbps: 4 }], rttMs: 0, defaultBytes: 1_000_000 });
    const p = net.request({ url: 'https://x/a', kind: 'segment' }).promise;
    clock.advance(5000);
    expect((await p).timing.end).toBeCloseTo(1500, 6);
  });

  it('reports progress and supports abort', async () => {
    const clock = new VirtualClock();
    const net = new TraceNetworkClient({ clock, trace: flat(8), rttMs: 10, defaultBytes: 1_000_000, progressIntervalMs: 100 });
    const seen: number[] = [];
    const req = net.request({ url: 'https://x/a', kind: 'segment' }, { onProgress: (l) => seen.push(l) });
    clock.advance(510);
    expect(seen.length).toBe(5);
    expect(seen[4]).toBe(500_000);
    req.abort();
    await expect(req.promise).rejects.toMatchObject({ code: 'ABORTED' });
    expect(net.log[0]).toMatchObject({ outcome: 'aborted', bytes: 500_000 });
    clock.advance(10_000);
    expect(clock.pendingTimers).toBe(0);
  });

  it('serves the synthetic manifest, sized segments that carry their media time, and 404 for unknown URLs', async () => {
    const clock = new VirtualClock();
    const content = syntheticPresentation({ ladder: [1e6, 2e6], duration: 10, segmentDuration: 4 });
    const net = new TraceNetworkClient({ clock, trace: flat(100), rttMs: 1, content });
    const m = net.request({ url: content.manifestUrl, kind: 'manifest' }).promise;
    const s = net.request({ url: 'https://cdn-b.sim.invalid/content/video/v2000000/seg-3.m4s', kind: 'segment' }).promise;
    const bad = net.request({ url: 'https://cdn-b.sim.invalid/content/video/v2000000/seg-9.m4s', kind: 'segment' }).promise;
    clock.advance(1000);
    expect(new TextDecoder().decode((await m).data)).toContain('<MPD');
    const seg: NetworkResponse = await s;
    expect(seg.bytes).toBe((2e6 * 2) / 8); // last segment is 2 s long
    expect(decodeSyntheticPayload(seg.data)).toMatchObject({ type: 'video', start: 8, end: 10, init: false });
    await expect(bad).rejects.toMatchObject({ code: 'HTTP_ERROR', details: { status: 404 } });
    expect(net.log.map((l) => l.pathwayId)).toEqual(['a', 'b', 'b']);
  });

  it('injects faults per pathway: refuse, status, stall, throttle', async () => {
    const clock = new VirtualClock();
    const content = syntheticPresentation({ ladder: [8e6], duration: 8, segmentDuration: 4 });
    const net = new TraceNetworkClient({
      clock,
      trace: flat(80),
      rttMs: 10,
      content,
      faults: (req, { pathwayId }) => {
        if (pathwayId !== 'a') return null;
        if (req.url.endsWith('seg-1.m4s')) return { kind: 'refuse' };
        if (req.url.endsWith('seg-2.m4s')) return { kind: 'status', status: 503 };
        return null;
      },
    });
    const a = 'https://cdn-a.sim.invalid/content/video/v8000000/';
    const r1 = net.request({ url: `${a}seg-1.m4s`, kind: 'segment' }).promise;
    const r2 = net.request({ url: `${a}seg-2.m4s`, kind: 'segment' }).promise;
    clock.advance(100);
    await expect(r1).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
    await expect(r2).rejects.toMatchObject({ code: 'HTTP_ERROR', details: { status: 503 } });

    const stallNet = new TraceNetworkClient({ clock, trace: flat(80), rttMs: 0, defaultBytes: 1_000_000, faults: () => ({ kind: 'stall', afterBytes: 200_000 }) });
    const loaded: number[] = [];
    const stalled = stallNet.request({ url: 'https://z/s', kind: 'segment' }, { onProgress: (l) => loaded.push(l) });
    clock.advance(10_000);
    expect(Math.max(...loaded)).toBe(200_000);
    stalled.abort();
    await expect(stalled.promise).rejects.toMatchObject({ code: 'ABORTED' });

    const slow = new TraceNetworkClient({ clock, trace: flat(80), rttMs: 0, defaultBytes: 1_000_000, faults: () => ({ kind: 'throttle', mbps: 1 }) });
    const t0 = clock.now();
    const p = slow.request({ url: 'https://z/s', kind: 'segment' }).promise;
    clock.advance(20_000);
    expect((await p).timing.end - t0).toBeCloseTo(8000, 3);
  });
});
