/**
 * EXT-X-MAP under an AES-128 EXT-X-KEY (RFC 8216bis §4.4.4.5: the key in
 * force applies to the init section too): the parser puts the key on the init
 * reference and the decryptor opens it — with the tag's IV, or IV 0 when the
 * playlist omits it (init sections have no media sequence number).
 */
import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyCache } from '../../src/crypto/key-cache.js';
import { SegmentDecryptor } from '../../src/crypto/segment-decryptor.js';
import { parseHlsMediaPlaylist } from '../../src/hls/media-playlist-parser.js';
import { NodeCryptoPort } from '../../../sim/src/node-crypto-port.js';

const KEY = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
// An init section's first box: ftyp 'iso6'.
const INIT = Buffer.concat([Buffer.from([0, 0, 0, 20]), Buffer.from('ftypiso6'), Buffer.alloc(4), Buffer.from('iso6'), Buffer.alloc(300, 7)]);
const encrypt = (iv: Buffer) => {
  const c = createCipheriv('aes-128-cbc', KEY, iv);
  return new Uint8Array(Buffer.concat([c.update(INIT), c.final()]));
};

const playlist = (ivAttr: string) => `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-TARGETDURATION:2
#EXT-X-MEDIA-SEQUENCE:30
#EXT-X-KEY:METHOD=AES-128,URI="key.bin"${ivAttr}
#EXT-X-MAP:URI="init.mp4"
#EXTINF:2,
s30.m4s
#EXT-X-ENDLIST`;

const decryptor = () => new SegmentDecryptor(new NodeCryptoPort(), new KeyCache({ fetchKey: async () => new Uint8Array(KEY) }));

describe('encrypted EXT-X-MAP', () => {
  it('uses the key tag\'s IV', async () => {
    const p = parseHlsMediaPlaylist(playlist(',IV=0x00112233445566778899aabbccddeeff'), { playlistUrl: 'https://h/v/p.m3u8' });
    const init = p.segments[0]!.init!;
    expect(init.key).toMatchObject({ method: 'AES-128', uri: 'https://h/v/key.bin', iv: '00112233445566778899aabbccddeeff' });
    const clear = await decryptor().decrypt(init.key, 0, encrypt(Buffer.from('00112233445566778899aabbccddeeff', 'hex')));
    expect(Buffer.from(clear).equals(INIT)).toBe(true);
    expect(Buffer.from(clear.subarray(4, 8)).toString()).toBe('ftyp');
  });

  it('without IV: IV 0 for the init section, the media sequence number (30) for the segment', async () => {
    const p = parseHlsMediaPlaylist(playlist(''), { playlistUrl: 'https://h/v/p.m3u8' });
    const ref = p.segments[0]!;
    const d = decryptor();
    expect(Buffer.from(await d.decrypt(ref.init!.key, 0, encrypt(Buffer.alloc(16)))).equals(INIT)).toBe(true);
    const iv30 = Buffer.alloc(16);
    iv30[15] = 30;
    expect(Buffer.from(await d.decrypt(ref.key, ref.sequence, encrypt(iv30))).equals(INIT)).toBe(true);
  });
});
