/**
 * Licences and server certificates go through the request engine: its
 * timeouts, jittered retries and the app's network filters apply, and a hung
 * certificate server fails `attach()` with a typed error on a virtual clock.
 */
import { describe, expect, it } from 'vitest';
import { DrmManager, DrmError, type DrmConfig } from '../../src/drm/index.js';
import { bytesToBase64Url, hexToBytes, utf8Decode } from '../../src/drm/bytes.js';
import type { Presentation, Track } from '../../src/manifest/model.js';
import { RequestEngine } from '../../src/net/request-engine.js';
import { NetworkError } from '../../src/errors/network-error.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { FakeEme, FakeNetwork } from './fake-eme.js';

const KID = '2ba8bf0e1d4c4f5ea8a14d7e1f0b9a11';
const KEY = '0123456789abcdef0123456789abcdef';
const CK = 'org.w3.clearkey';

function clearKeyPresentation(): Presentation {
  const track: Track = {
    id: 'v', type: 'video', bandwidth: 1e6, codecs: 'avc1.64001f', mimeType: 'video/mp4', roles: [], baseUrls: [], segmentIndex: null,
    indexSource: { kind: 'inline' }, essentialProperties: [], supplementalProperties: [],
    contentProtection: [{ schemeIdUri: 'urn:uuid:x', keySystem: CK, encryptionScheme: 'cenc', defaultKeyIds: [KID], pssh: [] }],
  };
  return {
    format: 'dash', type: 'vod', duration: 10, pathways: [], manifestUrl: 'https://x/m.mpd', minBufferTime: 2, maxSegmentDuration: 4, utcTiming: [], sessionKeys: [],
    periods: [{ id: 'p', start: 0, duration: 10, events: [], switchingSets: [{ id: 'v', type: 'video', roles: [], accessibility: [], codecFamily: '', mimeType: 'video/mp4', tracks: [track], essentialProperties: [], supplementalProperties: [] }] }],
  };
}

/** A ClearKey licence answering the CDM's JSON request with KEY for every requested kid. */
function clearKeyLicense(body: Uint8Array): string {
  const { kids } = JSON.parse(utf8Decode(body)) as { kids: string[] };
  return JSON.stringify({ keys: kids.map((kid) => ({ kty: 'oct', kid, k: bytesToBase64Url(hexToBytes(KEY)) })) });
}

const never = () => new Promise<never>(() => undefined);

describe('DRM over the request engine', () => {
  it('a hung certificate server fails attach() with DRM_SERVER_CERTIFICATE_FAILED after the retry budget, not never', async () => {
    const clock = new VirtualClock();
    const net = new FakeNetwork(never);
    const config: DrmConfig = { servers: { [CK]: 'https://lic/ck' }, advanced: { [CK]: { serverCertificateUri: 'https://lic/cert' } }, retry: { maxAttempts: 2, timeoutMs: 5000, baseDelayMs: 100 } };
    const manager = new DrmManager({ eme: new FakeEme([CK]), network: net, clock, requests: new RequestEngine({ client: net, clock, random: () => 0.5 }) }, config);
    let outcome: unknown = 'pending';
    void manager.attach(clearKeyPresentation()).then(
      () => (outcome = 'resolved'),
      (e: unknown) => (outcome = e),
    );
    await clock.advanceAsync(4999);
    expect(outcome).toBe('pending');
    expect(net.requests.map((r) => [r.kind, r.url])).toEqual([['certificate', 'https://lic/cert']]);
    // 5000 ms timeout, 100 ms back-off (random 0.5 = no jitter offset), second 5000 ms timeout.
    await clock.advanceAsync(5000 + 100 + 1);
    expect(net.requests).toHaveLength(2);
    expect(outcome).toBeInstanceOf(DrmError);
    const error = outcome as DrmError;
    expect([error.code, error.severity]).toEqual(['DRM_SERVER_CERTIFICATE_FAILED', 'fatal']);
    expect(error.cause).toBeInstanceOf(NetworkError);
    expect((error.cause as NetworkError).code).toBe('TIMEOUT');
    expect(clock.now()).toBe(10_100);
  });

  it('licence retries are jittered by the engine: the second attempt leaves base × (1 ± fuzz) after the first', async () => {
    const sendTimes = async (random: number): Promise<number[]> => {
      const clock = new VirtualClock();
      const times: number[] = [];
      const net = new FakeNetwork((req, n) => {
        times.push(clock.now());
        return n < 2 ? { status: 503, body: 'busy' } : { status: 200, body: clearKeyLicense(req.body as Uint8Array) };
      });
      const manager = new DrmManager({ eme: new FakeEme([CK]), network: net, clock, requests: new RequestEngine({ client: net, clock, random: () => random }) }, { servers: { [CK]: 'https://lic/ck' }, retry: { baseDelayMs: 1000 } });
      const errors: DrmError[] = [];
      manager.on('error', (e) => errors.push(e));
      await manager.attach(clearKeyPresentation());
      await clock.advanceAsync(5000);
      expect(errors).toEqual([]);
      expect(manager.statuses.get(KID)).toBe('usable');
      return times;
    };
    // Engine default fuzz ±50 %: random 0 → 500 ms, random 0.75 → 1250 ms.
    expect(await sendTimes(0)).toEqual([0, 500]);
    expect(await sendTimes(0.75)).toEqual([0, 1250]);
  });

  it("the app's network filters see licence requests (kind 'license'); drm.license*Filters config hooks run too", async () => {
    const clock = new VirtualClock();
    const net = new FakeNetwork((req) => ({ status: 200, body: JSON.stringify({ wrapped: clearKeyLicense(req.body as Uint8Array) }) }));
    const engine = new RequestEngine({ client: net, clock });
    const seenKinds: string[] = [];
    engine.addRequestFilter((r) => {
      seenKinds.push(r.kind);
      return r.kind === 'license' ? { ...r, headers: { ...r.headers, 'X-Network-Filter': '1' } } : r;
    });
    const config: DrmConfig = {
      servers: { [CK]: 'https://lic/ck' },
      licenseRequestFilters: [(req) => void (req.headers.Authorization = `Bearer for-${req.sessionId}`)],
      licenseResponseFilters: [(res) => void (res.data = new TextEncoder().encode((JSON.parse(utf8Decode(res.data)) as { wrapped: string }).wrapped))],
    };
    const manager = new DrmManager({ eme: new FakeEme([CK]), network: net, clock, requests: engine }, config);
    const errors: DrmError[] = [];
    manager.on('error', (e) => errors.push(e));
    await manager.attach(clearKeyPresentation());
    await clock.advanceAsync(10);
    expect(seenKinds).toEqual(['license']);
    expect(net.requests[0]!.headers).toMatchObject({ Authorization: 'Bearer for-s1', 'X-Network-Filter': '1' });
    expect(errors).toEqual([]);
    expect(manager.statuses.get(KID)).toBe('usable');
  });

  it('429 from the licence server is a concurrency refusal, not retried', async () => {
    const clock = new VirtualClock();
    const net = new FakeNetwork(() => ({ status: 429, body: 'slow down' }));
    const manager = new DrmManager({ eme: new FakeEme([CK]), network: net, clock }, { servers: { [CK]: 'https://lic/ck' } });
    const errors: DrmError[] = [];
    manager.on('error', (e) => errors.push(e));
    await manager.attach(clearKeyPresentation());
    await clock.advanceAsync(60_000);
    expect(net.requests).toHaveLength(1);
    expect(errors.map((e) => [e.code, e.details.status, e.details.body])).toEqual([['DRM_CONCURRENCY_LIMIT', 429, 'slow down']]);
  });
});
