/**
 * App-held ClearKey keys on ordinary CENC: content that signals only Widevine
 * and PlayReady (pssh + cenc:default_KID) is decrypted with the app's keys.
 */
import { describe, expect, it } from 'vitest';
import { DrmManager, DrmError, buildPsshBox, candidateKeySystems, type DrmConfig } from '../../src/drm/index.js';
import { clearKeyInitData } from '../../src/drm/clearkey-init-data.js';
import { bytesToBase64, bytesToBase64Url, hexToBytes, utf8Decode } from '../../src/drm/bytes.js';
import type { ContentProtection, Presentation, Track } from '../../src/manifest/model.js';
import { FakeEme, FakeNetwork, instantClock } from './fake-eme.js';

const KID = '2ba8bf0e1d4c4f5ea8a14d7e1f0b9a11';
const KEY = '0123456789abcdef0123456789abcdef';
const WV = 'edef8ba9-79d6-4ace-a3c8-27dcd51d21ed';
const PR = '9a04f079-9840-4286-ab92-e65be0885f95';

/** What a packager writes for Widevine + PlayReady CENC: mp4protection with the KID, one descriptor per system with its pssh. */
function ordinaryCenc(kids: string[] = [KID]): ContentProtection[] {
  return [
    { schemeIdUri: 'urn:mpeg:dash:mp4protection:2011', encryptionScheme: 'cenc', defaultKeyIds: kids, pssh: [] },
    { schemeIdUri: `urn:uuid:${WV}`, keySystem: 'com.widevine.alpha', encryptionScheme: 'cenc', defaultKeyIds: kids, pssh: [bytesToBase64(buildPsshBox(WV, [KID], new Uint8Array([0x12, 0x10])))] },
    { schemeIdUri: `urn:uuid:${PR}`, keySystem: 'com.microsoft.playready', encryptionScheme: 'cenc', defaultKeyIds: kids, pssh: [bytesToBase64(buildPsshBox(PR, [KID]))] },
  ];
}

function track(id: string, cp: ContentProtection[]): Track {
  return {
    id, type: 'video', bandwidth: 1e6, codecs: 'avc1.64001f', mimeType: 'video/mp4', roles: [], baseUrls: [], segmentIndex: null,
    indexSource: { kind: 'inline' }, essentialProperties: [], supplementalProperties: [], contentProtection: cp,
  };
}

/** Two periods: the first clear (no ContentProtection), the second ordinary CENC. */
function clearThenEncrypted(cp: ContentProtection[]): Presentation {
  const period = (id: string, start: number, t: Track) => ({
    id, start, duration: 10, events: [],
    switchingSets: [{ id: t.id, type: t.type, roles: [], accessibility: [], codecFamily: '', mimeType: t.mimeType, tracks: [t], essentialProperties: [], supplementalProperties: [] }],
  });
  return {
    format: 'dash', type: 'vod', duration: 20, pathways: [], manifestUrl: 'https://x/m.mpd', minBufferTime: 2, maxSegmentDuration: 4, utcTiming: [], sessionKeys: [],
    periods: [period('clear', 0, track('v0', [])), period('enc', 10, track('v1', cp))],
  };
}

describe('candidateKeySystems with app-held ClearKey keys', () => {
  it('puts ClearKey first although only Widevine and PlayReady are signalled, keeping them as fallbacks when they have a server', () => {
    expect(candidateKeySystems(ordinaryCenc(), { clearKeys: { [KID]: KEY } })).toEqual(['org.w3.clearkey']);
    expect(candidateKeySystems(ordinaryCenc(), { clearKeys: { [KID]: KEY }, servers: { 'com.widevine.alpha': 'https://lic/wv' } })).toEqual(['org.w3.clearkey', 'com.widevine.alpha']);
    expect(candidateKeySystems(ordinaryCenc(), { clearKeys: { [KID]: KEY }, preferredKeySystems: ['com.widevine.alpha'], servers: { 'com.widevine.alpha': 'https://lic/wv' } })[0]).toBe('org.w3.clearkey');
  });

  it('without app keys nothing changes: signalled systems need a licence source, an empty clearKeys map is not a source', () => {
    expect(candidateKeySystems(ordinaryCenc(), {})).toEqual([]);
    expect(candidateKeySystems(ordinaryCenc(), { clearKeys: {} })).toEqual([]);
    expect(candidateKeySystems(ordinaryCenc(), { servers: { 'com.widevine.alpha': 'https://lic/wv' } })).toEqual(['com.widevine.alpha']);
  });
});

describe('clearKeyInitData', () => {
  it('asks for the default KIDs, or for the app keys when the manifest names none', () => {
    const fromKids = clearKeyInitData(ordinaryCenc(), { ffffffffffffffffffffffffffffffff: KEY })!;
    expect(JSON.parse(utf8Decode(fromKids.data))).toEqual({ kids: [bytesToBase64Url(hexToBytes(KID))] });
    const fromApp = clearKeyInitData(ordinaryCenc([]), { [KID.toUpperCase()]: KEY, 'not-a-kid': KEY })!;
    expect(fromApp.keyIds).toEqual([KID]);
    expect(clearKeyInitData(ordinaryCenc([]), undefined)).toBeNull();
  });
});

describe('DrmManager: ClearKey on Widevine/PlayReady CENC', () => {
  async function attach(config: DrmConfig, supported = ['org.w3.clearkey', 'com.widevine.alpha']) {
    const eme = new FakeEme(supported);
    const net = new FakeNetwork(() => ({ status: 500, body: 'no licence server should be asked' }));
    const m = new DrmManager({ eme, network: net, clock: instantClock }, config);
    const errors: DrmError[] = [];
    m.on('error', (e) => errors.push(e));
    const outcome = await m.attach(clearThenEncrypted(ordinaryCenc())).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 20));
    return { eme, net, m, errors, outcome };
  }

  it('selects ClearKey, opens a keyids session for the default KID and answers it locally; the clear period needs nothing', async () => {
    const { eme, net, m, errors, outcome } = await attach({ clearKeys: { [KID]: KEY } });
    expect(outcome).toBeUndefined();
    expect(m.keySystem).toBe('org.w3.clearkey');
    expect(eme.attempts.map((a) => a.keySystem)).toEqual(['org.w3.clearkey']);
    // Only the encrypted period's track shapes the configuration.
    expect(eme.attempts[0]!.configurations[0]!.videoCapabilities).toEqual([{ contentType: 'video/mp4; codecs="avc1.64001f"', robustness: '', encryptionScheme: 'cenc' }]);
    const sessions = eme.lastKeys!.sessions;
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.requests[0]!.type).toBe('keyids');
    expect(JSON.parse(utf8Decode(sessions[0]!.updates[0]!)).keys).toEqual([{ kty: 'oct', kid: bytesToBase64Url(hexToBytes(KID)), k: bytesToBase64Url(hexToBytes(KEY)) }]);
    expect(m.statuses.get(KID)).toBe('usable');
    expect(net.requests).toHaveLength(0);
    expect(errors).toEqual([]);
  });

  it('a Widevine pssh arriving in the media later opens no second (unusable) ClearKey session', async () => {
    const { eme } = await attach({ clearKeys: { [KID]: KEY } });
    eme.fireEncrypted('cenc', buildPsshBox(WV, [KID]));
    await new Promise((r) => setTimeout(r, 20));
    expect(eme.lastKeys!.sessions).toHaveLength(1);
  });

  it('without app keys or servers the same content still fails with DRM_NO_KEY_SYSTEM', async () => {
    const { outcome } = await attach({});
    expect((outcome as DrmError).code).toBe('DRM_NO_KEY_SYSTEM');
  });
});
