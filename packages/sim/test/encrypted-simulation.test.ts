/**
 * The simulator plays segment-encrypted content through the same decrypt
 * stage as the web binding (node:crypto port): a synthetic DASH presentation
 * whose media segments are AES-128-CBC encrypted as DASH SEA (ISO/IEC
 * 23009-4: IV = segment number, the same SegmentKey and decryptor as HLS
 * METHOD=AES-128), played on the virtual clock over a bandwidth trace by
 * `simulateWithPlayer`. Ciphertext reaching the simulated sink would not
 * decode as media, so the figures only hold if decryption ran.
 */
import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HighestBandwidthStrategy } from '../../core/src/abr/highest-bandwidth-strategy.js';
import { simulateWithPlayer } from '../src/player-simulation.js';
import { decodeSyntheticPayload } from '../src/synthetic-payload.js';
import { syntheticPresentation, type SyntheticPresentation, type SyntheticResource } from '../src/synthetic-presentation.js';

const KEY = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
const SEG_S = 2;

function segmentIv(n: number): Buffer {
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(n, 12);
  return iv;
}

const KEY_URI = 'https://cdn-a.sim.invalid/content/keys/k.key';

/** `base` with every media segment AES-128-CBC encrypted, a SEA descriptor in each AdaptationSet, and the key served at {@link KEY_URI}. */
function encrypted(base: SyntheticPresentation): SyntheticPresentation {
  const keyUri = KEY_URI;
  const keyResource: SyntheticResource = { header: { type: 'key', trackId: 'key', init: true, start: 0, end: 0 }, bytes: KEY.length };
  const sea = `<ContentProtection schemeIdUri="urn:mpeg:dash:sea:2012"><sea:SegmentEncryption schemeIdUri="urn:mpeg:dash:sea:aes128-cbc:2013"/><sea:KeySystem keySystemUri="urn:mpeg:dash:sea:keysys:http:2013"/><sea:CryptoPeriod keyUriTemplate="${keyUri}"/></ContentProtection>`;
  const manifestText = base.manifestText
    .replace('<MPD xmlns="urn:mpeg:dash:schema:mpd:2011"', '<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:sea="urn:mpeg:dash:schema:sea:2012"')
    .replace(/(<AdaptationSet[^>]*>)/g, `$1${sea}`);
  return {
    ...base,
    manifestText,
    resolve: (url) => (url === KEY_URI ? keyResource : base.resolve(url)),
    payload(resource) {
      if (resource === keyResource) return new Uint8Array(KEY).buffer;
      const clear = new Uint8Array(base.payload(resource));
      if (resource.header.init) return clear.buffer;
      const n = Math.round(resource.header.start / SEG_S) + 1; // SegmentTemplate startNumber 1
      const c = createCipheriv('aes-128-cbc', KEY, segmentIv(n));
      const out = Buffer.concat([c.update(clear), c.final()]);
      return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
    },
  };
}

describe('simulator: encrypted segments', () => {
  it('plays a 40 s AES-128 (DASH SEA) synthetic presentation to the end over a 5 Mb/s trace without stalls', async () => {
    const presentation = encrypted(syntheticPresentation({ ladder: [500_000, 1_500_000], duration: 40, segmentDuration: SEG_S, audioBandwidth: 96_000 }));
    // The ciphertext really is not media: the simulated sink could not read a header from it.
    const someSegment = presentation.resolve('https://cdn-a.sim.invalid/content/video/v500000/seg-3.m4s');
    expect(someSegment).not.toBeNull();
    expect(decodeSyntheticPayload(presentation.payload(someSegment!))).toBeNull();
    const result = await simulateWithPlayer({ trace: [{ time_s: 0, mbps: 5 }, { time_s: 600, mbps: 5 }], presentation, abr: new HighestBandwidthStrategy(), durationS: 40 });
    expect(result.playedS).toBeGreaterThan(39);
    expect(result.stalls).toBe(0);
  });
});
