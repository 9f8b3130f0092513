import { describe, expect, it } from 'vitest';
import { RequestEngine } from '../../src/net/request-engine.js';
import { SteeringClient } from '../../src/steering/steering-client.js';
import type { SteeringManifest } from '../../src/steering/steering-manifest.js';
import type { EdgeplayError } from '../../src/errors/edgeplay-error.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { ScriptedNetwork } from '../../../../test/support/fake-network.js';

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The steering server: every answer 10 ms later from `script(url, nth)`, any status resolved for the client to read; object bodies as JSON. */
function scriptedServer(clock: VirtualClock, script: (url: URL, nth: number) => Answer): ScriptedNetwork {
  return new ScriptedNetwork({ clock, httpErrors: 'resolve', ttfbMs: 10 }, (req, ctx) => {
    const a = script(new URL(req.url), ctx.index);
    return { status: a.status, body: typeof a.body === 'string' ? a.body : JSON.stringify(a.body ?? {}), ...(a.headers ? { headers: a.headers } : {}) };
  });
}

function setup(script: (url: URL, nth: number) => Answer, steering: { proxyServerUri?: string } = {}, format: 'dash' | 'hls' = 'dash') {
  const clock = new VirtualClock();
  const client = scriptedServer(clock, script);
  const engine = new RequestEngine({ client, clock, random: () => 0.5 });
  let pathway: string | null = 'cdn-a';
  const steer = new SteeringClient({
    engine,
    clock,
    format,
    steering: { serverUri: 'https://steer.example/s?session=1', queryBeforeStart: false, ...steering },
    currentPathway: () => pathway,
    throughput: () => 12_345_678.4,
  });
  const manifests: SteeringManifest[] = [];
  const errors: EdgeplayError[] = [];
  steer.on('manifest', (m) => manifests.push(m));
  steer.on('error', (e) => errors.push(e));
  return { clock, client, steer, manifests, errors, setPathway: (p: string | null) => (pathway = p) };
}

const ok = (priority: string[], ttl = 10, extra: Record<string, unknown> = {}): Answer => ({ status: 200, body: { VERSION: 1, TTL: ttl, 'SERVICE-LOCATION-PRIORITY': priority, ...extra } });

describe('SteeringClient', () => {
  it('reports pathway and throughput, honours TTL and follows RELOAD-URI', async () => {
    const { clock, client, steer, manifests, setPathway } = setup((_u, n) => ok(n % 2 ? ['b', 'a'] : ['a', 'b'], 10, { 'RELOAD-URI': `/s?session=1&n=${n + 1}` }));
    steer.start();
    await clock.advanceAsync(100);
    const first = new URL(client.log[0]!.url);
    expect(first.searchParams.get('_DASH_pathway')).toBe('cdn-a');
    expect(first.searchParams.get('_DASH_throughput')).toBe('12345678');
    expect(first.searchParams.get('session')).toBe('1');
    setPathway(null);
    await clock.advanceAsync(60_000);
    // t = 0, 10, 20, ... 60 s: one request per TTL.
    expect(client.log.map((s) => Math.round(s.at / 1000))).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(new URL(client.log[3]!.url).searchParams.get('n')).toBe('3');
    expect(new URL(client.log[3]!.url).searchParams.has('_DASH_pathway')).toBe(false); // no pathway known: not sent
    expect(manifests.map((m) => m.priority[0])).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a']);
    expect(steer.latest?.priority).toEqual(['a', 'b']);
    steer.stop();
  });

  it('HLS uses _HLS_ parameters and PATHWAY-PRIORITY', async () => {
    const { clock, client, steer, manifests } = setup(() => ({ status: 200, body: { VERSION: 1, TTL: 5, 'PATHWAY-PRIORITY': ['B'] } }), {}, 'hls');
    steer.start();
    await clock.advanceAsync(100);
    expect(new URL(client.log[0]!.url).searchParams.get('_HLS_pathway')).toBe('cdn-a');
    expect(manifests[0]!.priority).toEqual(['B']);
    steer.stop();
  });

  it('failures keep the last answer and back off 2 s, 4 s, 8 s (capped at the TTL); 410 ends steering', async () => {
    const answers: Answer[] = [ok(['a'], 30), { status: 500 }, { status: 200, body: 'not json' }, { status: 503 }, ok(['b'], 30), { status: 410 }];
    const { clock, client, steer, manifests, errors } = setup((_u, n) => answers[Math.min(n, answers.length - 1)]!);
    steer.start();
    await clock.advanceAsync(200_000);
    const times = client.log.map((s) => Math.round(s.at / 1000));
    // 0 ok (TTL 30) → 30 500 → +2 bad JSON → +4 503 → +8 ok → +30 410 → stop.
    expect(times).toEqual([0, 30, 32, 36, 44, 74]);
    expect(manifests.map((m) => m.priority[0])).toEqual(['a', 'b']);
    expect(errors.map((e) => e.code)).toEqual(['HTTP_ERROR', 'MANIFEST_WRONG_FORMAT', 'HTTP_ERROR', 'HTTP_ERROR']);
    expect(errors.every((e) => e.severity === 'recoverable')).toBe(true);
  });

  it('429 with Retry-After waits as told', async () => {
    const { clock, client, steer } = setup((_u, n) => (n === 0 ? { status: 429, headers: { 'retry-after': '7' } } : ok(['a'], 60)));
    steer.start();
    await clock.advanceAsync(20_000);
    expect(client.log.map((s) => Math.round(s.at / 1000))).toEqual([0, 7]);
    steer.stop();
  });

  it('DASH proxyServerURL: requests go to the proxy with the steering URL in `url`', async () => {
    const { clock, client, steer } = setup(() => ok(['a']), { proxyServerUri: 'https://proxy.example/p?k=v' });
    steer.start();
    await clock.advanceAsync(100);
    const u = new URL(client.log[0]!.url);
    expect(u.origin + u.pathname).toBe('https://proxy.example/p');
    expect(u.searchParams.get('k')).toBe('v');
    const target = new URL(u.searchParams.get('url')!);
    expect(target.origin + target.pathname).toBe('https://steer.example/s');
    expect(target.searchParams.get('_DASH_pathway')).toBe('cdn-a');
    steer.stop();
  });

  it('stop() cancels the request in flight and the reload timer', async () => {
    const { clock, client, steer, manifests } = setup(() => ok(['a'], 1));
    steer.start();
    steer.stop();
    await clock.advanceAsync(10_000);
    expect(client.log.length).toBe(1);
    expect(manifests).toEqual([]);
  });
});
