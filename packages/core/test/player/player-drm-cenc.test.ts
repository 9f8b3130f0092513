/**
 * Player on the virtual clock with a fake CDM: ordinary CENC (Widevine +
 * PlayReady pssh, cenc:default_KID) played with app-held ClearKey keys, after a
 * clear first period.
 */
import { describe, expect, it } from 'vitest';
import { Player } from '../../src/player/player.js';
import type { EdgeplayError } from '../../src/errors/edgeplay-error.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { bytesToBase64, bytesToBase64Url, hexToBytes, utf8Decode } from '../../src/drm/bytes.js';
import { buildPsshBox } from '../../src/drm/pssh.js';
import { FakeEme } from '../drm/fake-eme.js';
import { FakeNetwork, FakeSink } from './fakes.js';

const KID = '0123456789abcdef0123456789abcdef';
const KEY = 'fedcba9876543210fedcba9876543210';
const KID_UUID = `${KID.slice(0, 8)}-${KID.slice(8, 12)}-${KID.slice(12, 16)}-${KID.slice(16, 20)}-${KID.slice(20)}`;
const WV = 'edef8ba9-79d6-4ace-a3c8-27dcd51d21ed';
const PR = '9a04f079-9840-4286-ab92-e65be0885f95';

const CENC =
  `<ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="cenc" cenc:default_KID="${KID_UUID}"/>` +
  `<ContentProtection schemeIdUri="urn:uuid:${WV}"><cenc:pssh>${bytesToBase64(buildPsshBox(WV, [KID], new Uint8Array([0x12, 0x10])))}</cenc:pssh></ContentProtection>` +
  `<ContentProtection schemeIdUri="urn:uuid:${PR}"><cenc:pssh>${bytesToBase64(buildPsshBox(PR, [KID]))}</cenc:pssh></ContentProtection>`;

function period(id: string, start: number, rep: string, startNumber: number, protection: string): string {
  return `<Period id="${id}" start="PT${start}S" duration="PT10S"><AdaptationSet contentType="video" mimeType="video/mp4">${protection}<SegmentTemplate timescale="1000" duration="2000" startNumber="${startNumber}" initialization="init-$RepresentationID$.mp4" media="seg-$RepresentationID$-$Number$.m4s"/><Representation id="${rep}" bandwidth="800000" width="640" height="360" codecs="avc1.64001f"/></AdaptationSet></Period>`;
}

async function play(mpd: string, drm: Record<string, unknown>, supported = ['org.w3.clearkey']) {
  const clock = new VirtualClock();
  const net = new FakeNetwork(clock);
  net.text('m.mpd', `<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:cenc="urn:mpeg:cenc:2013" type="static" mediaPresentationDuration="PT20S" minBufferTime="PT2S" profiles="urn:mpeg:dash:profile:isoff-live:2011">${mpd}</MPD>`);
  const sink = new FakeSink(clock);
  const eme = new FakeEme(supported);
  const player = new Player({ clock, network: net, sink, eme }, { drm });
  const errors: EdgeplayError[] = [];
  player.on('error', (e) => errors.push(e));
  const loading = player.load('https://dash.example/m.mpd').catch((e: unknown) => e as EdgeplayError);
  await clock.advanceAsync(100);
  const outcome = await loading;
  await clock.advanceAsync(30_000);
  return { outcome, player, errors, sink, net, eme };
}

describe('Player: app-held ClearKey keys on Widevine/PlayReady CENC', () => {
  it('a clear period then an encrypted one plays to the end with the key from drm.clearKeys and no licence request', async () => {
    const { outcome, player, errors, sink, net, eme } = await play(period('clear', 0, 'pc', 1, '') + period('enc', 10, 'pe', 6, CENC), { clearKeys: { [KID]: KEY } });
    expect(outcome).toBeUndefined();
    expect(errors).toEqual([]);
    expect(eme.attached?.keySystem).toBe('org.w3.clearkey');
    const session = eme.lastKeys!.sessions[0]!;
    expect(session.requests[0]!.type).toBe('keyids');
    expect(JSON.parse(utf8Decode(session.updates[0]!)).keys[0]).toEqual({ kty: 'oct', kid: bytesToBase64Url(hexToBytes(KID)), k: bytesToBase64Url(hexToBytes(KEY)) });
    expect(net.requests.filter((r) => r.kind === 'license')).toEqual([]);
    expect(net.files('segment')).toContain('seg-pe-10.m4s');
    expect(player.state).toBe('ended');
    expect(sink.currentTime()).toBeCloseTo(20, 5);
  });

  it('the same content without app keys or a licence server fails with a typed drm error', async () => {
    const { outcome, player } = await play(period('clear', 0, 'pc', 1, '') + period('enc', 10, 'pe', 6, CENC), {});
    expect((outcome as EdgeplayError).code).toBe('DRM_NO_KEY_SYSTEM');
    expect(player.state).toBe('error');
  });
});
