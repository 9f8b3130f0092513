/**
 * Issue 15 #6, player side: the reference server takes telemetry only with the
 * caller's playback token, so the reporter can send it (and the playback
 * session's id) with every beacon.
 */
import { describe, expect, it } from 'vitest';
import { RequestEngine } from '../../src/net/request-engine.js';
import { TelemetryReporter } from '../../src/qoe/telemetry-reporter.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { FakeNetwork } from '../player/fakes.js';

describe('TelemetryReporter with a playback token', () => {
  it('sends the configured headers and session id with every batch; content-type stays JSON', async () => {
    const clock = new VirtualClock();
    const net = new FakeNetwork(clock);
    net.text('/telemetry', '{}');
    const engine = new RequestEngine({ client: net, clock });
    const r = new TelemetryReporter({ engine, clock, endpoint: 'https://server.example/telemetry', batchMs: 100, sessionId: 'sid-1', headers: { Authorization: 'Bearer tok', 'content-type': 'text/plain' } });
    r.record('startup', { durationMs: 300 });
    await clock.advanceAsync(150);
    expect(net.requests).toHaveLength(1);
    expect(net.requests[0]!.headers).toMatchObject({ Authorization: 'Bearer tok', 'content-type': 'application/json' });
    expect((JSON.parse(net.requests[0]!.body as string) as { sessionId: string }).sessionId).toBe('sid-1');
  });
});
