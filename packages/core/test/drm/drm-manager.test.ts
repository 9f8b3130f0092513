import { describe, expect, it } from 'vitest';
import { DrmManager, DrmError, buildPsshBox, parsePsshBoxes, parsePlayReadyObject, extractPlayReadyChallenge, type DrmConfig } from '../../src/drm/index.js';
import { bytesToBase64, bytesToBase64Url, hexToBytes, utf8Decode, utf8Encode } from '../../src/drm/bytes.js';
import type { ContentProtection, Presentation, Track } from '../../src/manifest/model.js';
import { FakeEme, FakeNetwork, instantClock, PLAYREADY_CHALLENGE, utf16le, type FakeMediaKeys } from './fake-eme.js';

const KID = '2ba8bf0e1d4c4f5ea8a14d7e1f0b9a11';
const KID2 = '00112233445566778899aabbccddeeff';
const KEY = '0123456789abcdef0123456789abcdef';
const WV = 'edef8ba9-79d6-4ace-a3c8-27dcd51d21ed';
const PR = '9a04f079-9840-4286-ab92-e65be0885f95';
const CK = '1077efec-c0b2-4d02-ace3-3c1e52e2fb4b';

function track(id: string, type: 'video' | 'audio', cp: ContentProtection[], kid = KID): Track {
  return {
    id, type, bandwidth: 1e6, codecs: type === 'video' ? 'avc1.64001f' : 'mp4a.40.2', mimeType: `${type}/mp4`, roles: [], baseUrls: [], segmentIndex: null,
    indexSource: { kind: 'inline' }, essentialProperties: [], supplementalProperties: [],
    contentProtection: cp.map((c) => ({ ...c, defaultKeyIds: [kid] })),
  };
}

function presentation(tracks: Track[], sessionKeys: ContentProtection[] = []): Presentation {
  return {
    format: 'dash', type: 'vod', duration: 10, pathways: [], manifestUrl: 'https://x/m.mpd', minBufferTime: 2, maxSegmentDuration: 4, utcTiming: [], sessionKeys,
    periods: [{ id: 'p', start: 0, duration: 10, events: [], switchingSets: tracks.map((t) => ({ id: t.id, type: t.type, roles: [], accessibility: [], codecFamily: '', mimeType: t.mimeType, tracks: [t], essentialProperties: [], supplementalProperties: [] })) }],
  };
}

const cp = (keySystem: string, extra: Partial<ContentProtection> = {}): ContentProtection => ({ schemeIdUri: `urn:uuid:x`, keySystem, encryptionScheme: 'cenc', defaultKeyIds: [], pssh: [], ...extra });

function manager(eme: FakeEme, net: FakeNetwork, config: DrmConfig) {
  const m = new DrmManager({ eme, network: net, clock: instantClock }, config);
  const errors: DrmError[] = [];
  const licenses: string[] = [];
  m.on('error', (e) => errors.push(e));
  m.on('license', (l) => licenses.push(`${l.keySystem}:${l.messageType}`));
  return { m, errors, licenses };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('DrmManager: ClearKey', () => {
  it('builds keyids init data from default KIDs, posts the JSON request and applies the license', async () => {
    const eme = new FakeEme(['org.w3.clearkey']);
    const net = new FakeNetwork((req) => {
      const body = JSON.parse(utf8Decode(req.body as Uint8Array)) as { kids: string[] };
      return { status: 200, body: JSON.stringify({ keys: body.kids.map((kid) => ({ kty: 'oct', kid, k: bytesToBase64Url(hexToBytes(KEY)) })) }) };
    });
    const { m, errors, licenses } = manager(eme, net, { servers: { 'org.w3.clearkey': 'https://lic/clearkey' } });
    await m.attach(presentation([track('v', 'video', [cp('org.w3.clearkey')])]));
    await settle();
    expect(m.keySystem).toBe('org.w3.clearkey');
    expect(eme.attached).toBe(eme.lastKeys);
    const session = eme.lastKeys!.sessions[0]!;
    expect(session.requests[0]!.type).toBe('keyids');
    expect(net.requests[0]).toMatchObject({ url: 'https://lic/clearkey', method: 'POST', kind: 'license', headers: { 'Content-Type': 'application/json' } });
    expect(JSON.parse(utf8Decode(session.updates[0]!)).keys[0].kid).toBe(bytesToBase64Url(hexToBytes(KID)));
    expect(m.statuses.get(KID)).toBe('usable');
    expect(licenses).toEqual(['org.w3.clearkey:license-request']);
    expect(errors).toEqual([]);
  });

  it('answers from app-held keys without a license server', async () => {
    const eme = new FakeEme(['org.w3.clearkey']);
    const net = new FakeNetwork(() => ({ status: 500, body: 'should not be called' }));
    const { m, errors } = manager(eme, net, { clearKeys: { [KID]: KEY } });
    await m.attach(presentation([track('v', 'video', [cp('org.w3.clearkey')])]));
    await settle();
    expect(net.requests).toHaveLength(0);
    const license = JSON.parse(utf8Decode(eme.lastKeys!.sessions[0]!.updates[0]!));
    expect(license.keys).toEqual([{ kty: 'oct', kid: bytesToBase64Url(hexToBytes(KID)), k: bytesToBase64Url(hexToBytes(KEY)) }]);
    expect(errors).toEqual([]);
  });
});

describe('DrmManager: key system selection', () => {
  it('tries the preferred system first, falls back in order, and builds capabilities per codec and robustness', async () => {
    const eme = new FakeEme(['com.microsoft.playready']);
    const net = new FakeNetwork(() => ({ status: 200, body: 'license' }));
    const { m } = manager(eme, net, {
      servers: { 'com.widevine.alpha': 'https://lic/wv', 'com.microsoft.playready': 'https://lic/pr' },
      preferredKeySystems: ['com.widevine.alpha'],
      advanced: { 'com.widevine.alpha': { videoRobustness: ['HW_SECURE_ALL', 'SW_SECURE_DECODE'] } },
    });
    const cps = [cp('com.widevine.alpha'), cp('com.microsoft.playready')];
    await m.attach(presentation([track('v', 'video', cps), track('a', 'audio', cps)]));
    expect(eme.attempts.map((a) => a.keySystem)).toEqual(['com.widevine.alpha', 'com.microsoft.playready.recommendation', 'com.microsoft.playready']);
    expect(eme.attempts[0]!.configurations[0]!.videoCapabilities).toEqual([
      { contentType: 'video/mp4; codecs="avc1.64001f"', robustness: 'HW_SECURE_ALL', encryptionScheme: 'cenc' },
      { contentType: 'video/mp4; codecs="avc1.64001f"', robustness: 'SW_SECURE_DECODE', encryptionScheme: 'cenc' },
    ]);
    expect(eme.attempts[0]!.configurations[0]!.audioCapabilities).toEqual([{ contentType: 'audio/mp4; codecs="mp4a.40.2"', robustness: '', encryptionScheme: 'cenc' }]);
    expect(m.keySystem).toBe('com.microsoft.playready');
  });

  it('fails with DRM_NO_KEY_SYSTEM listing why each candidate failed', async () => {
    const eme = new FakeEme([]);
    const { m } = manager(eme, new FakeNetwork(() => ({ status: 200, body: '' })), { servers: { 'com.widevine.alpha': 'https://lic/wv' } });
    const err = await m.attach(presentation([track('v', 'video', [cp('com.widevine.alpha')])])).catch((e) => e);
    expect(err).toBeInstanceOf(DrmError);
    expect(err.code).toBe('DRM_NO_KEY_SYSTEM');
    expect(err.details.attempts).toEqual([{ keySystem: 'com.widevine.alpha', reason: 'NotSupportedError: com.widevine.alpha is not supported' }]);
    const none = await manager(new FakeEme(['com.widevine.alpha']), new FakeNetwork(() => ({ status: 200, body: '' })), { servers: { 'org.w3.clearkey': 'https://lic' } }).m
      .attach(presentation([track('v', 'video', [cp('com.widevine.alpha')])])).catch((e) => e);
    expect(none.code).toBe('DRM_NO_KEY_SYSTEM');
    expect(none.message).toMatch(/no overlap/);
  });

  it('does nothing for clear content', async () => {
    const eme = new FakeEme(['org.w3.clearkey']);
    const { m } = manager(eme, new FakeNetwork(() => ({ status: 200, body: '' })), {});
    await m.attach(presentation([track('v', 'video', [])]));
    expect(eme.attempts).toEqual([]);
    expect(m.keySystem).toBeNull();
  });
});

describe('DrmManager: Widevine, PlayReady, FairPlay message flows', () => {
  it('Widevine: uses the manifest PSSH for its system only and posts the raw request', async () => {
    const eme = new FakeEme(['com.widevine.alpha']);
    const license = new Uint8Array([1, 2, 3, 4]);
    const net = new FakeNetwork(() => ({ status: 200, body: license }));
    const { m, errors } = manager(eme, net, { servers: { 'com.widevine.alpha': 'https://lic/wv' } });
    const wvPssh = bytesToBase64(buildPsshBox(WV, [KID], new Uint8Array([9, 9])));
    const prPssh = bytesToBase64(buildPsshBox(PR, [KID]));
    await m.attach(presentation([track('v', 'video', [cp('com.widevine.alpha', { pssh: [wvPssh, prPssh] })])]));
    await settle();
    const session = eme.lastKeys!.sessions[0]!;
    expect(parsePsshBoxes(session.requests[0]!.data).map((b) => b.systemId)).toEqual([WV]);
    expect(net.requests[0]!.headers).toEqual({ 'Content-Type': 'application/octet-stream' });
    expect([...(net.requests[0]!.body as Uint8Array).slice(0, 2)]).toEqual([0x08, 0x04]);
    expect([...session.updates[0]!]).toEqual([1, 2, 3, 4]);
    expect(errors).toEqual([]);
  });

  it('PlayReady: sends the SOAP challenge unwrapped from the UTF-16 key message with its HTTP headers', async () => {
    const eme = new FakeEme(['com.microsoft.playready']);
    const net = new FakeNetwork(() => ({ status: 200, body: '<License/>' }));
    const { m, errors } = manager(eme, net, { servers: { 'com.microsoft.playready': 'https://lic/pr' } });
    await m.attach(presentation([track('v', 'video', [cp('com.microsoft.playready', { pssh: [bytesToBase64(buildPsshBox(PR, [KID]))] })])]));
    await settle();
    expect(utf8Decode(net.requests[0]!.body as Uint8Array)).toBe(PLAYREADY_CHALLENGE);
    expect(net.requests[0]!.headers).toMatchObject({ 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '"http://schemas.microsoft.com/DRM/2007/03/protocols/AcquireLicense"' });
    expect(errors).toEqual([]);
  });

  it('FairPlay: requires a server certificate, uses skd: init data and unwraps the CKC', async () => {
    const fps = cp('com.apple.fps', { keyUri: 'skd://asset-42', encryptionScheme: 'cbcs' });
    const noCert = await manager(new FakeEme(['com.apple.fps']), new FakeNetwork(() => ({ status: 200, body: '' })), { servers: { 'com.apple.fps': 'https://lic/fps' } }).m
      .attach(presentation([], [fps])).catch((e) => e);
    expect(noCert.code).toBe('DRM_SERVER_CERTIFICATE_FAILED');

    const eme = new FakeEme(['com.apple.fps']);
    const ckc = utf8Encode('CKC-bytes');
    const net = new FakeNetwork((req) => (req.kind === 'certificate' ? { status: 200, body: new Uint8Array([7, 7, 7]) } : { status: 200, body: `<ckc>${bytesToBase64(ckc)}</ckc>` }));
    const { m, errors } = manager(eme, net, { servers: { 'com.apple.fps': 'https://lic/fps' }, advanced: { 'com.apple.fps': { serverCertificateUri: 'https://lic/cert' } } });
    await m.attach(presentation([], [fps]));
    await settle();
    const keys = eme.lastKeys as FakeMediaKeys;
    expect([...keys.certificate!]).toEqual([7, 7, 7]);
    expect(eme.attempts[0]!.configurations[0]!.initDataTypes).toEqual(['sinf', 'skd']);
    expect(keys.sessions[0]!.requests[0]).toMatchObject({ type: 'skd' });
    expect(utf8Decode(net.requests[1]!.body as Uint8Array)).toBe('SPC(asset-42)');
    expect(utf8Decode(keys.sessions[0]!.updates[0]!)).toBe('CKC-bytes');
    expect(errors).toEqual([]);
  });
});

describe('DrmManager: license errors, retries and filters', () => {
  const setup = (handler: ConstructorParameters<typeof FakeNetwork>[0], config: DrmConfig = {}) => {
    const eme = new FakeEme(['org.w3.clearkey']);
    const net = new FakeNetwork(handler);
    const r = manager(eme, net, { servers: { 'org.w3.clearkey': 'https://lic/ck' }, retry: { baseDelayMs: 1 }, ...config });
    return { eme, net, ...r };
  };
  const attach = (m: DrmManager) => m.attach(presentation([track('v', 'video', [cp('org.w3.clearkey')])]));

  it('403 → DRM_LICENSE_REJECTED with status and body excerpt, not retried', async () => {
    const { m, net, errors } = setup(() => ({ status: 403, body: '{"error":"TOKEN_EXPIRED"}' }));
    await attach(m);
    await settle();
    expect(net.requests).toHaveLength(1);
    expect(errors.map((e) => [e.code, e.details.status, e.details.body])).toEqual([['DRM_LICENSE_REJECTED', 403, '{"error":"TOKEN_EXPIRED"}']]);
  });

  it('concurrency refusal → DRM_CONCURRENCY_LIMIT', async () => {
    const { m, errors } = setup(() => ({ status: 403, body: '{"error":"CONCURRENCY_LIMIT","message":"2 streams already playing"}' }));
    await attach(m);
    await settle();
    expect(errors.map((e) => e.code)).toEqual(['DRM_CONCURRENCY_LIMIT']);
  });

  it('retries 5xx with back-off and succeeds; gives up after the budget with a fatal error', async () => {
    const ok = setup((_r, n) => (n < 3 ? { status: 503, body: 'busy' } : { status: 200, body: JSON.stringify({ keys: [] }) }));
    await attach(ok.m);
    await settle();
    expect(ok.net.requests).toHaveLength(3);
    expect(ok.errors).toEqual([]);
    const bad = setup(() => ({ status: 500, body: 'down' }), { retry: { maxAttempts: 2, baseDelayMs: 1 } });
    await attach(bad.m);
    await settle();
    expect(bad.net.requests).toHaveLength(2);
    expect(bad.errors.map((e) => [e.code, e.severity])).toEqual([['DRM_LICENSE_REQUEST_FAILED', 'fatal']]);
  });

  it('runs request filters (auth token) and response filters (unwrap) in order', async () => {
    const { m, net, eme, errors } = setup(() => ({ status: 200, body: JSON.stringify({ license: bytesToBase64(utf8Encode('{"keys":[]}')) }) }));
    m.licenseRequestFilters.push((req) => {
      req.headers.Authorization = 'Bearer t0k3n';
    });
    m.licenseResponseFilters.push((res) => {
      res.data = Uint8Array.from(atob(JSON.parse(utf8Decode(res.data)).license), (c) => c.charCodeAt(0));
    });
    await attach(m);
    await settle();
    expect(net.requests[0]!.headers!.Authorization).toBe('Bearer t0k3n');
    expect(utf8Decode(eme.lastKeys!.sessions[0]!.updates[0]!)).toBe('{"keys":[]}');
    expect(errors).toEqual([]);
  });

  it('a CDM that rejects the license → DRM_LICENSE_UPDATE_FAILED', async () => {
    const { m, eme, errors } = setup(() => ({ status: 200, body: 'garbage' }));
    const attaching = attach(m);
    await attaching;
    eme.lastKeys!.rejectUpdates = true;
    await settle();
    expect(errors.map((e) => e.code)).toEqual(['DRM_LICENSE_UPDATE_FAILED']);
  });
});

describe('DrmManager: key statuses, renewal, rotation, teardown', () => {
  const ready = async () => {
    const eme = new FakeEme(['org.w3.clearkey']);
    const net = new FakeNetwork(() => ({ status: 200, body: JSON.stringify({ keys: [] }) }));
    const r = manager(eme, net, { servers: { 'org.w3.clearkey': 'https://lic/ck' } });
    const restricted: string[][] = [];
    r.m.on('keystatuses', (e) => restricted.push(e.restrictedKeyIds));
    const v = track('v', 'video', [cp('org.w3.clearkey', { pssh: [bytesToBase64(buildPsshBox(CK, [KID]))] })]);
    await r.m.attach(presentation([v]));
    await settle();
    return { eme, net, v, restricted, ...r };
  };

  it('output-restricted keys restrict their tracks; internal-error surfaces as a typed error', async () => {
    const { eme, m, v, restricted, errors } = await ready();
    expect(m.isTrackRestricted(v)).toBe(false);
    eme.lastKeys!.sessions[0]!.setStatuses([{ keyId: KID, status: 'output-restricted' }]);
    expect(m.isTrackRestricted(v)).toBe(true);
    expect(restricted.at(-1)).toEqual([KID]);
    eme.lastKeys!.sessions[0]!.setStatuses([{ keyId: KID, status: 'internal-error' }]);
    expect(errors.map((e) => e.code)).toEqual(['DRM_KEY_INTERNAL_ERROR']);
    eme.lastKeys!.sessions[0]!.setStatuses([{ keyId: KID, status: 'usable' }]);
    expect(m.isTrackRestricted(v)).toBe(false);
  });

  it('answers license-renewal messages with a new exchange', async () => {
    const { eme, net, licenses } = await ready();
    eme.lastKeys!.sessions[0]!.emitMessage('license-renewal', utf8Encode(JSON.stringify({ kids: [bytesToBase64Url(hexToBytes(KID))] })));
    await settle();
    expect(net.requests).toHaveLength(2);
    expect(licenses).toEqual(['org.w3.clearkey:license-request', 'org.w3.clearkey:license-renewal']);
  });

  it('key rotation: new init data opens a new session; repeated init data and covered key sets do not', async () => {
    const { eme, m } = await ready();
    eme.fireEncrypted('cenc', buildPsshBox(CK, [KID])); // already covered
    await settle();
    expect(eme.lastKeys!.sessions).toHaveLength(1);
    await m.addInitData('cenc', buildPsshBox(CK, [KID2])); // rotated key
    await settle();
    expect(eme.lastKeys!.sessions).toHaveLength(2);
    await m.addInitData('cenc', buildPsshBox(CK, [KID2]));
    await m.addInitData('cenc', buildPsshBox(WV, [KID, KID2])); // another system's pssh: ignored
    expect(eme.lastKeys!.sessions).toHaveLength(2);
    expect(m.statuses.get(KID2)).toBe('usable');
  });

  it('destroy closes every session and detaches MediaKeys', async () => {
    const { eme, m } = await ready();
    await m.destroy();
    expect(eme.lastKeys!.sessions.every((s) => s.closed)).toBe(true);
    expect(eme.attached).toBeNull();
    await m.destroy(); // idempotent
  });
});

describe('init data parsing', () => {
  it('round-trips pssh v0/v1 and rejects truncated boxes', () => {
    const data = new Uint8Array([1, 2, 3]);
    const both = new Uint8Array([...buildPsshBox(WV, [], data), ...buildPsshBox(PR, [KID, KID2])]);
    const parsed = parsePsshBoxes(both);
    expect(parsed.map((p) => [p.systemId, p.version, p.keyIds, [...p.data]])).toEqual([[WV, 0, [], [1, 2, 3]], [PR, 1, [KID, KID2], []]]);
    for (const cut of [10, 30, both.length - 1]) {
      expect(() => parsePsshBoxes(both.slice(0, cut))).toThrow(DrmError);
    }
  });

  it('reads KIDs and LA_URL from a PlayReady object and unwraps raw challenges', () => {
    // GUID bytes are little-endian in the first three groups.
    const guid = new Uint8Array([0x0e, 0xbf, 0xa8, 0x2b, 0x4c, 0x1d, 0x5e, 0x4f, 0xa8, 0xa1, 0x4d, 0x7e, 0x1f, 0x0b, 0x9a, 0x11]);
    const xml = `<WRMHEADER version="4.0.0.0"><DATA><KID>${bytesToBase64(guid)}</KID><LA_URL>https://pr.example/rightsmanager.asmx?a=1&amp;b=2</LA_URL></DATA></WRMHEADER>`;
    const record = utf16le(xml);
    const pro = new Uint8Array(10 + record.length);
    const v = new DataView(pro.buffer);
    v.setUint32(0, pro.length, true);
    v.setUint16(4, 1, true);
    v.setUint16(6, 1, true);
    v.setUint16(8, record.length, true);
    pro.set(record, 10);
    expect(parsePlayReadyObject(bytesToBase64(pro))).toEqual({ keyIds: [KID], laUrl: 'https://pr.example/rightsmanager.asmx?a=1&b=2' });
    expect(() => parsePlayReadyObject('AAAA')).toThrow(DrmError);
    const raw = utf8Encode('<soap/>');
    expect(extractPlayReadyChallenge(raw).body).toBe(raw);
  });
});

describe('DrmManager: stream session heartbeats and release', () => {
  it('heartbeats after the first license and releases the lease on destroy', async () => {
    const eme = new FakeEme(['org.w3.clearkey']);
    const net = new FakeNetwork((req) => (req.url.includes('/license') ? { status: 200, body: JSON.stringify({ keys: [] }) } : { status: 200, body: '{}' }));
    const { m, errors } = manager(eme, net, {
      servers: { 'org.w3.clearkey': 'https://lic/ck' },
      session: { heartbeatUrl: 'https://lic/heartbeat', heartbeatIntervalMs: 1, heartbeatBody: { token: 't' }, releaseUrl: 'https://lic/session/s1', headers: { Authorization: 'Bearer t' } },
    });
    await m.attach(presentation([track('v', 'video', [cp('org.w3.clearkey')])]));
    await settle();
    const beats = net.requests.filter((r) => r.url === 'https://lic/heartbeat');
    expect(beats.length).toBeGreaterThan(0);
    expect(beats[0]).toMatchObject({ method: 'POST', body: '{"token":"t"}', headers: { Authorization: 'Bearer t' } });
    await m.destroy();
    const after = net.requests.length;
    expect(net.requests.at(-1)).toMatchObject({ url: 'https://lic/session/s1', method: 'DELETE' });
    await settle();
    expect(net.requests.length).toBe(after); // no heartbeat after release
    expect(errors).toEqual([]);
  });

  it('a refused heartbeat is a recoverable typed error', async () => {
    const eme = new FakeEme(['org.w3.clearkey']);
    const net = new FakeNetwork((req) => (req.url === 'https://lic/heartbeat' ? { status: 409, body: '{"error":{"code":"NO_ACTIVE_STREAM"}}' } : { status: 200, body: JSON.stringify({ keys: [] }) }));
    const { m, errors } = manager(eme, net, { servers: { 'org.w3.clearkey': 'https://lic/ck' }, session: { heartbeatUrl: 'https://lic/heartbeat', heartbeatIntervalMs: 1 } });
    await m.attach(presentation([track('v', 'video', [cp('org.w3.clearkey')])]));
    await settle();
    await m.destroy();
    expect(errors[0]).toMatchObject({ code: 'DRM_HEARTBEAT_FAILED', severity: 'recoverable' });
  });
});
