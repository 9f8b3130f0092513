/**
 * The licence lifecycle of downloads on the virtual clock (issue 18): the
 * download licence at store time, its expiry (OFFLINE_LICENCE_EXPIRED),
 * renewal without re-downloading, the download limit, a release made
 * offline and synced later, orphan clean-up, and the persistent-session path
 * through EmeOfflineCdm and the DRM manager's persistentSessionIds hook.
 */
import { describe, expect, it, vi } from 'vitest';
import { DownloadManager } from '../../src/offline/download-manager.js';
import { MemoryOfflineStore } from '../../src/offline/offline-store.js';
import { OfflineNetworkClient } from '../../src/offline/offline-network-client.js';
import { OfflineLicences, assertLicencePlayable, offlineDrmConfig } from '../../src/offline/offline-licences.js';
import { EmeOfflineCdm } from '../../src/offline/offline-cdm.js';
import type { DownloadLicenceGrant, DownloadLicenceService } from '../../src/offline/licence-service.js';
import { OfflineError } from '../../src/errors/offline-error.js';
import type { EdgeplayError } from '../../src/errors/edgeplay-error.js';
import { bytesToBase64, bytesToBase64Url, bytesToHex, hexToBytes, utf8Decode, utf8Encode } from '../../src/drm/bytes.js';
import { buildPsshBox } from '../../src/drm/pssh.js';
import { DrmManager } from '../../src/drm/drm-manager.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { FakeNetwork, vodMpd } from '../player/fakes.js';
import { FakeEme, FakeNetwork as FakeLicenceNetwork, FakeSession, instantClock } from '../drm/fake-eme.js';

const MPD_URL = 'https://cdn-a.example/title/manifest.mpd';
const KID = '0123456789abcdef0123456789abcdef';
const KEY = 'ffeeddccbbaa99887766554433221100';
const HOUR = 3_600_000;
const WIDEVINE_ID = 'edef8ba9-79d6-4ace-a3c8-27dcd51d21ed';

/** A 40 s title whose video is CENC with a default KID (and, optionally, a Widevine pssh). */
function encryptedMpd(widevine = false): string {
  const pssh = widevine ? `<ContentProtection schemeIdUri="urn:uuid:${WIDEVINE_ID}"><cenc:pssh>${bytesToBase64(buildPsshBox(WIDEVINE_ID, [KID]))}</cenc:pssh></ContentProtection>` : '';
  return vodMpd(40, 2)
    .replace('<MPD xmlns="urn:mpeg:dash:schema:mpd:2011"', '<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:cenc="urn:mpeg:cenc:2013"')
    .replace('<SegmentTemplate', `<ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="cenc" cenc:default_KID="${KID.replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-')}"/>${pssh}<SegmentTemplate`);
}

/** The licence server's download policy in memory, on the virtual clock: a limit, a duration, and a switch for "no network". */
class LicenceServer implements DownloadLicenceService {
  online = true;
  readonly slots = new Map<string, number>();
  readonly calls: string[] = [];
  private n = 0;

  constructor(private readonly clock: VirtualClock, private readonly limit = 2, private readonly durationMs = 2 * HOUR) {}

  async acquire(keySystem: string, message: Uint8Array): Promise<DownloadLicenceGrant> {
    this.reach('acquire');
    const live = [...this.slots.values()].filter((e) => e > this.clock.wallNow()).length;
    if (live >= this.limit) throw new OfflineError('OFFLINE_LICENCE_REFUSED', 'limit', { details: { status: 403, serverCode: 'DOWNLOAD_LIMIT' } });
    const licenceId = `lic-${++this.n}`;
    const expiresAt = this.clock.wallNow() + this.durationMs;
    this.slots.set(licenceId, expiresAt);
    if (keySystem !== 'org.w3.clearkey') return { response: utf8Encode(`widevine-licence:${bytesToHex(message)}`), licenceId, expiresAt };
    const { kids } = JSON.parse(utf8Decode(message)) as { kids: string[] };
    const keys = kids.filter((k) => k === bytesToBase64Url(hexToBytes(KID))).map((kid) => ({ kty: 'oct', kid, k: bytesToBase64Url(hexToBytes(KEY)) }));
    return { response: utf8Encode(JSON.stringify({ keys, type: 'persistent-license' })), licenceId, expiresAt };
  }

  async renew(licenceId: string): Promise<{ expiresAt: number }> {
    this.reach('renew');
    if (!this.slots.has(licenceId)) throw new OfflineError('OFFLINE_LICENCE_REFUSED', 'unknown', { details: { status: 404 } });
    const expiresAt = this.clock.wallNow() + this.durationMs;
    this.slots.set(licenceId, expiresAt);
    return { expiresAt };
  }

  async release(licenceId: string): Promise<void> {
    this.reach('release');
    this.slots.delete(licenceId);
  }

  private reach(what: string): void {
    this.calls.push(what);
    if (!this.online) throw new OfflineError('OFFLINE_LICENCE_FAILED', `${what}: no network`);
  }
}

function setup(options: { widevine?: boolean; cdm?: EmeOfflineCdm; limit?: number } = {}) {
  const clock = new VirtualClock();
  const net = new FakeNetwork(clock, 2);
  net.throughput = () => 20_000_000;
  net.text('manifest.mpd', encryptedMpd(options.widevine));
  const store = new MemoryOfflineStore();
  const server = new LicenceServer(clock, options.limit ?? 2);
  let n = 0;
  const manager = () => new DownloadManager({ network: net, clock, store, newId: () => `dl-${++n}`, licences: new OfflineLicences({ service: server, clock, store, ...(options.cdm ? { cdm: options.cdm } : {}) }) });
  return { clock, net, store, server, manager: manager(), reload: manager };
}

async function until<T>(clock: VirtualClock, done: Promise<T>, limitMs = 300_000): Promise<T> {
  let settled = false;
  void done.then(() => (settled = true), () => (settled = true));
  for (let t = 0; t < limitMs && !settled; t += 100) await clock.advanceAsync(100);
  expect(settled).toBe(true);
  return done;
}

const fail = <T>(p: Promise<T>) => p.then(() => null, (e: EdgeplayError) => e);

describe('offline licence lifecycle', () => {
  it('stores a ClearKey download licence with its expiry; once expired the title refuses to play until renewed, with no segment fetched again', async () => {
    const { clock, net, store, server, manager } = setup();
    const op = await until(clock, manager.store(MPD_URL, { maxHeight: 360 }, { title: 'Title' }));
    const done = await until(clock, op.done);
    expect(done.state).toBe('complete');
    const [listed] = await manager.list();
    expect(listed!.licence).toMatchObject({ keySystem: 'org.w3.clearkey', licenceId: 'lic-1' });
    expect(listed!.licence!.expiresAt).toBe(server.slots.get('lic-1'));
    // ClearKey in Chromium has no persistent sessions: the kept answer becomes app-held keys at play time.
    expect(offlineDrmConfig(listed!)).toEqual({ preferredKeySystems: ['org.w3.clearkey'], clearKeys: { [KID]: KEY }, persistentSessionIds: [] });
    expect(() => assertLicencePlayable(listed!, clock.wallNow())).not.toThrow();

    await clock.advanceAsync(2 * HOUR);
    const expired = (() => {
      try {
        assertLicencePlayable(listed!, clock.wallNow());
        return null;
      } catch (e) {
        return e as EdgeplayError;
      }
    })();
    expect(expired?.code).toBe('OFFLINE_LICENCE_EXPIRED');
    // Loading `offline:` directly is refused too (the reason in the details).
    const offline = new OfflineNetworkClient(store, null, clock);
    const direct = await fail(offline.request({ url: 'offline:dl-1', kind: 'manifest' }).promise);
    expect(direct?.details.offline).toBe('OFFLINE_LICENCE_EXPIRED');

    const requestsBefore = net.requests.length;
    const renewed = await manager.renewLicence('dl-1');
    expect(renewed.expiresAt).toBe(clock.wallNow() + 2 * HOUR);
    expect(net.requests.length).toBe(requestsBefore);
    const after = await manager.get('dl-1');
    expect(after.licence!.expiresAt).toBe(renewed.expiresAt);
    expect(after.state).toBe('complete');
    expect(() => assertLicencePlayable(after, clock.wallNow())).not.toThrow();
    expect((await offline.request({ url: 'offline:dl-1', kind: 'manifest' }).promise).status).toBe(200);
  });

  it('refuses a download over the account limit before storing anything', async () => {
    const { clock, store, manager } = setup({ limit: 1 });
    await until(clock, (await until(clock, manager.store(MPD_URL, { maxHeight: 360 }))).done);
    const err = await until(clock, fail(manager.store(MPD_URL, { maxHeight: 360 })));
    expect(err?.code).toBe('OFFLINE_LICENCE_REFUSED');
    expect(err?.details.serverCode).toBe('DOWNLOAD_LIMIT');
    expect((await store.listRecords()).map((r) => r.id)).toEqual(['dl-1']);
    expect(await store.listResourceOwners()).toEqual(['dl-1']);
  });

  it('a renewal made offline fails with a typed error and keeps the old expiry', async () => {
    const { clock, server, manager } = setup();
    await until(clock, (await until(clock, manager.store(MPD_URL, { maxHeight: 360 }))).done);
    const before = (await manager.getLicence('dl-1'))!.expiresAt;
    server.online = false;
    await clock.advanceAsync(HOUR);
    expect((await fail(manager.renewLicence('dl-1')))?.code).toBe('OFFLINE_LICENCE_FAILED');
    expect((await manager.getLicence('dl-1'))!.expiresAt).toBe(before);
  });

  it('a removal made offline frees the storage at once, queues the release, and a later start (page reload) syncs it', async () => {
    const { clock, store, server, manager, reload } = setup();
    await until(clock, (await until(clock, manager.store(MPD_URL, { maxHeight: 360 }))).done);
    expect(server.slots.size).toBe(1);
    server.online = false;
    expect(await manager.remove('dl-1')).toBe('queued');
    expect(await store.listRecords()).toEqual([]);
    expect(await store.listResourceOwners()).toEqual([]);
    expect(await store.listPendingReleases()).toMatchObject([{ licenceId: 'lic-1', attempts: 1 }]);
    expect(server.slots.size).toBe(1);

    // Still offline at the next start: nothing lost.
    expect((await reload().cleanUp()).releases).toEqual({ released: 0, pending: 1 });
    expect(await store.listPendingReleases()).toMatchObject([{ licenceId: 'lic-1', attempts: 2 }]);
    server.online = true;
    expect((await reload().cleanUp()).releases).toEqual({ released: 1, pending: 0 });
    expect(server.slots.size).toBe(0);
    expect(await store.listPendingReleases()).toEqual([]);
  });

  it('clean-up at start deletes resources no record owns and keeps every stored download', async () => {
    const { clock, store, manager, reload } = setup();
    await until(clock, (await until(clock, manager.store(MPD_URL, { maxHeight: 360 }))).done);
    await store.putResource('crashed-before-record', 'manifest', new Uint8Array(100));
    const { orphans } = await reload().cleanUp();
    expect(orphans).toEqual(['crashed-before-record']);
    expect(await store.listResourceOwners()).toEqual(['dl-1']);
    expect((await manager.get('dl-1')).state).toBe('complete');
  });

  it('with a persistent-license CDM the licence lives in a session: its id is kept, played through persistentSessionIds, and removed with the download', async () => {
    const eme = new FakeEme(['com.widevine.alpha', 'org.w3.clearkey']);
    const cdm = new EmeOfflineCdm(eme);
    const loaded = vi.spyOn(FakeSession.prototype, 'load').mockResolvedValue(true);
    const removed = vi.spyOn(FakeSession.prototype, 'remove');
    try {
      const { clock, server, manager } = setup({ widevine: true, cdm });
      await until(clock, (await until(clock, manager.store(MPD_URL, { maxHeight: 360 }))).done);
      const record = await manager.get('dl-1');
      expect(record.licence).toMatchObject({ keySystem: 'com.widevine.alpha', licenceId: 'lic-1' });
      expect(record.licence!.sessionId).toMatch(/^s\d+$/);
      expect(record.licence!.response).toBeUndefined();
      const keys = eme.lastKeys!;
      expect(keys.sessions.map((s) => s.type)).toEqual(['persistent-license']);
      expect(utf8Decode(keys.sessions[0]!.updates[0]!)).toMatch(/^widevine-licence:/);
      expect(eme.attempts.at(-1)!.configurations[0]).toMatchObject({ persistentState: 'required', sessionTypes: ['persistent-license'] });

      const drm = offlineDrmConfig(record);
      expect(drm.persistentSessionIds).toEqual([record.licence!.sessionId]);
      // The DRM manager loads the stored session and sends no licence request (there is no server offline).
      const licenceNet = new FakeLicenceNetwork(() => ({ status: 500, body: 'no server' }));
      const manager2 = new DrmManager({ eme, network: licenceNet, clock: instantClock }, drm);
      const errors: string[] = [];
      manager2.on('error', (e) => errors.push(e.code));
      const presentationTrack = { contentProtection: [{ schemeIdUri: `urn:uuid:${WIDEVINE_ID}`, keySystem: 'com.widevine.alpha', defaultKeyIds: [KID], pssh: [bytesToBase64(buildPsshBox(WIDEVINE_ID, [KID]))] }], type: 'video', mimeType: 'video/mp4', codecs: 'avc1.64001f' };
      await manager2.attach({ sessionKeys: [], periods: [{ switchingSets: [{ tracks: [presentationTrack] }] }] } as never);
      expect(loaded).toHaveBeenCalledWith(record.licence!.sessionId);
      expect(licenceNet.requests).toEqual([]);
      expect(errors).toEqual([]);

      expect(await manager.remove('dl-1')).toBe('released');
      expect(removed).toHaveBeenCalledTimes(1);
      expect(server.slots.size).toBe(0);
    } finally {
      loaded.mockRestore();
      removed.mockRestore();
    }
  });
});
