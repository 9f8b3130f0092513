import { describe, expect, it } from 'vitest';
import { Player } from '../../src/player/player.js';
import { RequestEngine } from '../../src/net/request-engine.js';
import { TelemetryReporter, newSessionId } from '../../src/qoe/telemetry-reporter.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { FakeNetwork, FakeSink, vodMpd } from '../player/fakes.js';

const ENDPOINT = 'https://telemetry.example/v1/events';

describe('TelemetryReporter', () => {
  it('batches events into one POST of {sessionId, events} per batch interval', async () => {
    const clock = new VirtualClock();
    const net = new FakeNetwork(clock);
    net.text('/v1/events', '{}');
    const engine = new RequestEngine({ client: net, clock });
    const r = new TelemetryReporter({ engine, clock, endpoint: ENDPOINT, batchMs: 1000, sessionId: 's-1' });
    r.record('startup', { durationMs: 420 });
    r.record('bitrate-switch', { bitrate: 3e6, from: undefined, bad: NaN });
    await clock.advanceAsync(999);
    expect(net.requests).toHaveLength(0);
    await clock.advanceAsync(100);
    expect(net.requests).toHaveLength(1);
    const body = JSON.parse(net.requests[0]!.body as string) as { sessionId: string; events: Record<string, unknown>[] };
    expect(body.sessionId).toBe('s-1');
    expect(body.events.map((e) => e.type)).toEqual(['startup', 'bitrate-switch']);
    expect(body.events[0]).toMatchObject({ durationMs: 420 });
    expect(body.events[1]).toEqual({ type: 'bitrate-switch', t: clock.wallNow() - 1099, bitrate: 3e6 });
  });

  it('keeps events when the endpoint fails and never throws', async () => {
    const clock = new VirtualClock();
    const net = new FakeNetwork(clock); // no route: 404
    const engine = new RequestEngine({ client: net, clock, retry: { maxAttempts: 1 } });
    const r = new TelemetryReporter({ engine, clock, endpoint: ENDPOINT, batchMs: 500 });
    r.record('heartbeat', { bitrate: 1 });
    await clock.advanceAsync(600);
    expect(net.requests).toHaveLength(1);
    expect(r.pending).toHaveLength(1);
  });

  it('session ids match the server pattern', () => {
    expect(newSessionId()).toMatch(/^[A-Za-z0-9_.:-]{1,100}$/);
  });

  it('a player with telemetry.endpoint reports startup and heartbeats', async () => {
    const clock = new VirtualClock();
    const net = new FakeNetwork(clock);
    net.text('manifest.mpd', vodMpd(60, 2));
    net.text('/v1/events', '{}');
    const player = new Player({ clock, network: net, sink: new FakeSink(clock) }, { telemetry: { endpoint: ENDPOINT, batchMs: 2000, heartbeatMs: 5000 } });
    const loading = player.load('https://cdn.example/manifest.mpd');
    await clock.advanceAsync(50);
    await loading;
    await clock.advanceAsync(12_000);
    const events = net.requests.filter((r) => r.kind === 'telemetry').flatMap((r) => (JSON.parse(r.body as string) as { events: { type: string; durationMs?: number }[] }).events);
    const startup = events.filter((e) => e.type === 'startup');
    expect(startup).toHaveLength(1);
    expect(startup[0]!.durationMs).toBeGreaterThan(0);
    expect(events.filter((e) => e.type === 'heartbeat').length).toBeGreaterThanOrEqual(2);
    expect(player.telemetrySessionId).toMatch(/^ep-/);
  });
});
