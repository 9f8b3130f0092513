/**
 * load() against a hung server-certificate endpoint: the certificate request
 * goes through the request engine with the licence timeout and retry budget,
 * so load() rejects with a typed DRM error instead of waiting forever.
 */
import { describe, expect, it } from 'vitest';
import { Player } from '../../src/player/player.js';
import { isEdgeplayError, type EdgeplayError } from '../../src/errors/edgeplay-error.js';
import type { NetworkRequest, PendingRequest, TransferObserver } from '../../src/platform/network-client.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { FakeEme } from '../drm/fake-eme.js';
import { FakeNetwork, FakeSink, vodMpd } from './fakes.js';

const KID_UUID = '01234567-89ab-cdef-0123-456789abcdef';
const CERT_URL = 'https://cert.example/hung';

function protectedMpd(): string {
  const cp = `<ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="cenc" cenc:default_KID="${KID_UUID}"/><ContentProtection schemeIdUri="urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e" value="ClearKey1.0"/>`;
  return vodMpd(20, 2).replace('<MPD ', '<MPD xmlns:cenc="urn:mpeg:cenc:2013" ').replace('<SegmentTemplate', `${cp}<SegmentTemplate`);
}

/** The fake CDN, except that the certificate server accepts the connection and never answers. */
class HungCertificateNetwork extends FakeNetwork {
  readonly certificateRequests: number[] = [];
  constructor(private readonly vclock: VirtualClock) {
    super(vclock);
  }
  override request(req: NetworkRequest, observer?: TransferObserver): PendingRequest {
    if (req.url !== CERT_URL) return super.request(req, observer);
    this.certificateRequests.push(this.vclock.now());
    return { promise: new Promise(() => undefined), abort: () => undefined };
  }
}

describe('Player DRM: hung certificate server', () => {
  it('load() rejects with DRM_SERVER_CERTIFICATE_FAILED once the retry budget is spent, not never', async () => {
    const clock = new VirtualClock();
    const net = new HungCertificateNetwork(clock);
    net.text('manifest.mpd', protectedMpd());
    const player = new Player(
      { clock, network: net, sink: new FakeSink(clock), eme: new FakeEme(['org.w3.clearkey']) },
      { drm: { servers: { 'org.w3.clearkey': 'https://license.example/ck' }, advanced: { 'org.w3.clearkey': { serverCertificateUri: CERT_URL } }, retry: { maxAttempts: 2, timeoutMs: 4000, baseDelayMs: 200 } } },
    );
    // Widened on purpose: assigned in the load() callbacks, so TS must not narrow it to 'pending' here.
    let settled = 'pending' as 'pending' | 'resolved' | EdgeplayError;
    player.load('https://cdn.example/manifest.mpd').then(
      () => (settled = 'resolved'),
      (e: unknown) => (settled = e as EdgeplayError),
    );
    await clock.advanceAsync(3000);
    expect(settled).toBe('pending');
    expect(net.certificateRequests).toHaveLength(1);
    // 2 attempts × 4 s timeout + 200 ms ± 50 % back-off, plus the manifest fetch: well inside 10 s.
    await clock.advanceAsync(7000);
    expect(net.certificateRequests).toHaveLength(2);
    expect(settled).not.toBe('pending');
    expect(isEdgeplayError(settled)).toBe(true);
    expect(settled).toMatchObject({ category: 'drm', code: 'DRM_SERVER_CERTIFICATE_FAILED' });
    expect(player.state).toBe('error');
  });
});
