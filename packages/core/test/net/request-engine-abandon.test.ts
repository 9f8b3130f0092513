/** The request engine as the only reporter to the pathway selector: abandon(reason) and the failover reason on responses. */
import { describe, expect, it } from 'vitest';
import { RequestEngine } from '../../src/net/request-engine.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { PathwayManager } from '../../src/steering/pathway-manager.js';
import { FakeNetworkClient } from './fake-network-client.js';
import { engineOnFakeNetwork as setup, RecordingSelector, TWO_PATHWAYS as bases } from './request-engine-setup.js';

describe('RequestEngine abandon and failover reasons', () => {
  it('abandon(reason) aborts and reports the reason against the pathway of the attempt in flight; abort() reports nothing', async () => {
    const selector = new RecordingSelector();
    const { clock, engine } = setup(() => ({ bodyMs: 10_000 }), { pathways: selector });
    const abandoned = engine.fetch({ uri: 's1', baseUrls: bases, kind: 'segment' });
    await clock.advanceAsync(500);
    abandoned.abandon('stalled');
    await expect(abandoned.promise).rejects.toMatchObject({ code: 'ABORTED' });
    const aborted = engine.fetch({ uri: 's2', baseUrls: bases, kind: 'segment' });
    await clock.advanceAsync(500);
    aborted.abort();
    await expect(aborted.promise).rejects.toMatchObject({ code: 'ABORTED' });
    expect(selector.events).toEqual(['fail a stalled']);
  });

  it('a response served after leaving a pathway carries the reason; cdnchanged reports it', async () => {
    const clock = new VirtualClock();
    const manager = new PathwayManager({ clock });
    const client = new FakeNetworkClient(clock, (r) => (r.url.startsWith('https://a.') ? { status: 503 } : {}));
    const engine = new RequestEngine({ client, clock, pathways: manager, random: () => 0.5, retry: { baseDelayMs: 100, fuzz: 0, maxAttempts: 3 } });
    const changes: string[] = [];
    manager.on('cdnchanged', (c) => changes.push(`${c.from} → ${c.to}: ${c.reason}`));
    manager.served(bases[0]); // a served before
    const req = engine.fetch({ uri: 's', baseUrls: bases, kind: 'segment' });
    await clock.advanceAsync(1000);
    const res = await req.promise;
    expect(res.pathwayId).toBe('b');
    expect(res.failedOverReason).toBe('http-error');
    manager.served(res.pathway, res.failedOverReason);
    expect(changes).toEqual(['a → b: failure:http-error']);
  });
});
