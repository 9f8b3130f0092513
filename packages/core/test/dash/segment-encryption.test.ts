/**
 * DASH SEA (ISO/IEC 23009-4) → per-segment keys, with hand-made MPDs whose
 * expected key URIs and IVs are worked out in the comments, and a round trip
 * through the shared HLS/DASH decryptor.
 */
import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseDashManifest } from '../../src/dash/index.js';
import { KeyCache } from '../../src/crypto/key-cache.js';
import { SegmentDecryptor } from '../../src/crypto/segment-decryptor.js';
import type { Presentation, SegmentReference, Track } from '../../src/manifest/model.js';
import { NodeCryptoPort } from '../../../sim/src/node-crypto-port.js';
import { manifestErrorOf } from '../support/manifest-errors.js';

const URL_ = 'https://cdn.example.com/title/manifest.mpd';

const mpd = (cp: string, template = '<SegmentTemplate media="v/$Number$.m4s" initialization="v/init.mp4" duration="2" startNumber="1"/>') => `<?xml version="1.0"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:sea="urn:mpeg:dash:schema:sea:2012" xmlns:cenc="urn:mpeg:cenc:2013" type="static" mediaPresentationDuration="PT20S" minBufferTime="PT2S">
<Period id="p0"><AdaptationSet mimeType="video/mp4" contentType="video">${cp}${template}
<Representation id="v1" bandwidth="1000000" codecs="avc1.64001f"/></AdaptationSet></Period></MPD>`;

const sea = (inner: string, enc = '<sea:SegmentEncryption schemeIdUri="urn:mpeg:dash:sea:aes128-cbc:2013"/>') =>
  `<ContentProtection schemeIdUri="urn:mpeg:dash:sea:2012">${enc}<sea:KeySystem keySystemUri="urn:mpeg:dash:sea:keysys:http:2013"/>${inner}</ContentProtection>`;

const parse = (text: string): Presentation => parseDashManifest(text, { manifestUrl: URL_ });
const track = (p: Presentation): Track => p.periods[0]!.switchingSets[0]!.tracks[0]!;
function segments(t: Track): SegmentReference[] {
  const out: SegmentReference[] = [];
  for (let i = 0; i < t.segmentIndex!.length; i++) out.push(t.segmentIndex!.get(i)!);
  return out;
}

/**
 * The last path segment of `s`'s key URI, or `clear` when the segment has no key. SEA keys always have a URI
 * (`keyUriTemplate` is required), so a key without one shows up as `<no uri>` and fails the comparison.
 */
const keyName = (s: SegmentReference, clear: string): string => (s.key ? (s.key.uri?.split('/').pop() ?? '<no uri>') : clear);

describe('DASH SEA parsing', () => {
  it('is not DRM: no ContentProtection entry reaches key-system selection', () => {
    const t = track(parse(mpd(sea('<sea:CryptoPeriod keyUriTemplate="keys/k.bin"/>'))));
    expect(t.contentProtection).toEqual([]);
  });

  it('CryptoPeriods: segments 1–4 under k1 with the given IV, 5–10 under the unbounded last period with derived IVs', () => {
    const t = track(parse(mpd(sea('<sea:CryptoPeriod numSegments="4" IV="0x0102" keyUriTemplate="keys/k$Number$.bin"/><sea:CryptoPeriod keyUriTemplate="https://keys.example/$RepresentationID$/$Number%03d$"/>'))));
    const segs = segments(t);
    expect(segs.map((s) => s.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(segs.slice(0, 4).map((s) => s.key)).toEqual(new Array(4).fill({ method: 'AES-128', uri: 'https://cdn.example.com/title/keys/k1.bin', keyFormat: 'identity', iv: '00000000000000000000000000000102' }));
    // $Number$ is the first segment of the crypto period: 5.
    expect(segs.slice(4).map((s) => s.key)).toEqual(new Array(6).fill({ method: 'AES-128', uri: 'https://keys.example/v1/005', keyFormat: 'identity' }));
    // The init segment gets its media segment's key (packagers encrypt it too; the decrypt stage passes a clear one through).
    expect(segs[0]!.init?.key).toEqual(segs[0]!.key);
  });

  it('CryptoTimeline with firstOffset from startNumber 5: 5 clear, then 3 periods of 2 (keys 6, 8, 10), then clear', () => {
    const t = track(parse(mpd(sea('<sea:CryptoTimeline numCryptoPeriods="3" numSegments="2" firstOffset="1" keyUriTemplate="k/$Number$"/>'), '<SegmentTemplate media="v/$Number$.m4s" duration="2" startNumber="5"/>')));
    const byNumber = Object.fromEntries(segments(t).map((s) => [s.sequence, keyName(s, 'clear')]));
    expect(byNumber).toEqual({ 5: 'clear', 6: '6', 7: '6', 8: '8', 9: '8', 10: '10', 11: '10', 12: 'clear', 13: 'clear', 14: 'clear' });
  });

  it('CryptoPeriod@offset leaves a gap of clear segments', () => {
    const t = track(parse(mpd(sea('<sea:CryptoPeriod numSegments="2" keyUriTemplate="a"/><sea:CryptoPeriod offset="3" numSegments="1" keyUriTemplate="b"/>'))));
    expect(segments(t).map((s) => keyName(s, '-')).join('')).toBe('aa---b----');
  });

  it('keeps real DRM descriptors next to SEA', () => {
    const t = track(parse(mpd(`${sea('<sea:CryptoPeriod keyUriTemplate="k"/>')}<ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="cenc" cenc:default_KID="11111111-2222-3333-4444-555555555555"/>`)));
    expect(t.contentProtection.map((c) => c.schemeIdUri)).toEqual(['urn:mpeg:dash:mp4protection:2011']);
  });

  it('what cannot be decrypted is refused at load with a typed error naming it', () => {
    expect(manifestErrorOf(() => parse(mpd(sea('<sea:CryptoPeriod keyUriTemplate="k"/>', '<sea:SegmentEncryption schemeIdUri="urn:mpeg:dash:sea:aes128-ctr:2013"/>'))))).toMatchObject({ code: 'MANIFEST_UNSUPPORTED' });
    expect(manifestErrorOf(() => parse(mpd(sea('<sea:CryptoPeriod ivUriTemplate="iv/$Number$" keyUriTemplate="k"/>'))))).toMatchObject({ code: 'MANIFEST_UNSUPPORTED' });
    expect(manifestErrorOf(() => parse(mpd(sea('<sea:CryptoPeriod numSegments="2"/>'))))).toMatchObject({ code: 'MANIFEST_MISSING_ATTRIBUTE' });
    expect(manifestErrorOf(() => parse(mpd(sea('<sea:CryptoPeriod keyUriTemplate="a"/><sea:CryptoPeriod keyUriTemplate="b"/>'))))).toMatchObject({ code: 'MANIFEST_MISSING_ATTRIBUTE' });
    expect(manifestErrorOf(() => parse(mpd(sea('<sea:CryptoPeriod IV="0xnothex" keyUriTemplate="k"/>'))))).toMatchObject({ code: 'MANIFEST_INVALID_VALUE' });
    expect(manifestErrorOf(() => parse(mpd(sea('<sea:CryptoTimeline numSegments="2" keyUriTemplate="k"/>'))))).toMatchObject({ code: 'MANIFEST_MISSING_ATTRIBUTE' });
  });
});

describe('DASH SEA decryption (shared with HLS AES-128)', () => {
  const KEY = Buffer.from('8899aabbccddeeff0011223344556677', 'hex');
  const clear = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 13) & 0xff));
  const encrypt = (iv: Buffer) => {
    const c = createCipheriv('aes-128-cbc', KEY, iv);
    return new Uint8Array(Buffer.concat([c.update(clear), c.final()]));
  };
  const numberIv = (n: number) => Buffer.from(n.toString(16).padStart(32, '0'), 'hex');

  it('IV derived from the segment number', async () => {
    const ref = segments(track(parse(mpd(sea('<sea:CryptoPeriod keyUriTemplate="k"/>')))))[6]!;
    expect(ref.sequence).toBe(7);
    const d = new SegmentDecryptor(new NodeCryptoPort(), new KeyCache({ fetchKey: async () => new Uint8Array(KEY) }));
    expect(Buffer.from(await d.decrypt(ref.key, ref.sequence, encrypt(numberIv(7)))).equals(clear)).toBe(true);
  });

  it('ivEncryptionFlag: the derived IV is AES-encrypted with the key first', async () => {
    const text = mpd(sea('<sea:CryptoPeriod keyUriTemplate="k"/>', '<sea:SegmentEncryption schemeIdUri="urn:mpeg:dash:sea:aes128-cbc:2013" ivEncryptionFlag="true"/>'));
    const ref = segments(track(parse(text)))[2]!;
    expect(ref.key).toMatchObject({ ivEncrypted: true });
    const ecb = createCipheriv('aes-128-ecb', KEY, null).setAutoPadding(false);
    const iv = Buffer.concat([ecb.update(numberIv(3)), ecb.final()]);
    const d = new SegmentDecryptor(new NodeCryptoPort(), new KeyCache({ fetchKey: async () => new Uint8Array(KEY) }));
    expect(Buffer.from(await d.decrypt(ref.key, ref.sequence, encrypt(iv))).equals(clear)).toBe(true);
    // Without the flag the same bytes fail or give garbage in the first block.
    const plain = await d.decrypt({ ...ref.key!, ivEncrypted: false }, ref.sequence, encrypt(iv)).catch(() => null);
    expect(plain === null || !Buffer.from(plain.subarray(0, 16)).equals(clear.subarray(0, 16))).toBe(true);
  });
});
