/**
 * Round trip against ffmpeg's own AES-128 HLS output (`-hls_key_info_file`):
 * the same TS is segmented twice with `-c copy`, clear and encrypted, and our
 * decryptor (playlist parsed by our HLS parser, IV rules, key cache) must
 * reproduce the clear segments byte for byte. Both IV styles are covered:
 * explicit `IV=` (one IV for every segment) and the media sequence number:
 * ffmpeg always writes `IV=`, but with `-hls_flags periodic_rekey` it writes a
 * key tag per segment whose IV is that segment's sequence number; the test
 * strips those `IV=` attributes, so only RFC 8216 §5.2's rule can recover them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyCache } from '../../src/crypto/key-cache.js';
import { SegmentDecryptor } from '../../src/crypto/segment-decryptor.js';
import { parseHlsMediaPlaylist } from '../../src/hls/media-playlist-parser.js';
import { NodeCryptoPort } from '../../../sim/src/node-crypto-port.js';
import { DEFAULT_URI_SCHEMES, setAllowedUriSchemes } from '../../src/manifest/resolve.js';

const KEY = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
let dir = '';

const ffmpeg = (...args: string[]) => execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { cwd: dir });

beforeAll(() => {
  // The playlists are read from disk: file: URIs, allowed here as a packaged app would configure it.
  setAllowedUriSchemes([...DEFAULT_URI_SCHEMES, 'file']);
  dir = mkdtempSync(join(tmpdir(), 'edgeplay-aes128-'));
  writeFileSync(join(dir, 'key.bin'), KEY);
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=160x90:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '4',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-c:a', 'aac', '-f', 'mpegts', 'src.ts');
  const hls = (name: string, extra: string[]) =>
    ffmpeg('-i', 'src.ts', '-c', 'copy', '-f', 'hls', '-hls_time', '1', '-hls_list_size', '0', '-start_number', '7',
      '-hls_playlist_type', 'vod', '-hls_segment_filename', `${name}%d.ts`, ...extra, `${name}.m3u8`);
  hls('clear', []);
  writeFileSync(join(dir, 'seq.keyinfo'), `key.bin\n${join(dir, 'key.bin')}\n`);
  hls('seq', ['-hls_key_info_file', 'seq.keyinfo', '-hls_flags', 'periodic_rekey']);
  const m3u8 = readFileSync(join(dir, 'seq.m3u8'), 'utf8');
  if (!/IV=0x0+7\b/.test(m3u8)) throw new Error('ffmpeg no longer writes sequence-number IVs with periodic_rekey');
  writeFileSync(join(dir, 'seq.m3u8'), m3u8.replace(/,IV=0x[0-9a-f]+/gi, ''));
  writeFileSync(join(dir, 'iv.keyinfo'), `key.bin\n${join(dir, 'key.bin')}\n0f0e0d0c0b0a09080706050403020100\n`);
  hls('iv', ['-hls_key_info_file', 'iv.keyinfo']);
}, 60_000);

afterAll(() => {
  setAllowedUriSchemes(DEFAULT_URI_SCHEMES);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function playlist(name: string) {
  return parseHlsMediaPlaylist(readFileSync(join(dir, `${name}.m3u8`), 'utf8'), { playlistUrl: `file://${dir}/${name}.m3u8` });
}

const read = (uri: string) => new Uint8Array(readFileSync(new URL(uri, `file://${dir}/`)));

describe.each(['seq', 'iv'])('ffmpeg AES-128 HLS (%s IV)', (name) => {
  it('decrypts every segment to exactly ffmpeg\'s clear segment, a TS with a sync byte every 188 bytes', async () => {
    const fetched: string[] = [];
    const keys = new KeyCache({ fetchKey: async (uri) => (fetched.push(uri), read(uri)) });
    const decryptor = new SegmentDecryptor(new NodeCryptoPort(), keys);
    const enc = playlist(name);
    const clear = playlist('clear');
    expect(enc.segments.length).toBeGreaterThanOrEqual(4);
    expect(enc.segments.length).toBe(clear.segments.length);
    expect(enc.segments[0]!.sequence).toBe(7);
    expect(enc.segments[0]!.key).toMatchObject({ method: 'AES-128', keyFormat: 'identity' });
    expect(enc.segments[0]!.key!.iv === undefined).toBe(name === 'seq');
    for (let i = 0; i < enc.segments.length; i++) {
      const ref = enc.segments[i]!;
      const cipher = read(ref.uri);
      const expected = read(clear.segments[i]!.uri);
      expect(Buffer.compare(Buffer.from(cipher.subarray(0, 188)), Buffer.from(expected.subarray(0, 188)))).not.toBe(0);
      const out = await decryptor.decrypt(ref.key, ref.sequence, cipher);
      expect(out.length).toBe(expected.length);
      expect(Buffer.from(out).equals(Buffer.from(expected))).toBe(true);
      for (let p = 0; p < out.length; p += 188) expect(out[p]).toBe(0x47);
    }
    expect(fetched).toEqual([`file://${dir}/key.bin`]);
  });

  it('with the IV rule broken (wrong sequence number / IV) the first block is garbage: the IV really is used', async () => {
    const keys = new KeyCache({ fetchKey: async (uri) => read(uri) });
    const decryptor = new SegmentDecryptor(new NodeCryptoPort(), keys);
    const ref = playlist(name).segments[1]!;
    const cipher = read(ref.uri);
    const key = name === 'seq' ? ref.key : { ...ref.key!, iv: '00' };
    const good = await decryptor.decrypt(ref.key, ref.sequence, cipher);
    const out = await decryptor.decrypt(key, ref.sequence + 1, cipher);
    expect(Buffer.from(out.subarray(0, 16)).equals(Buffer.from(good.subarray(0, 16)))).toBe(false);
    expect(Buffer.from(out.subarray(16)).equals(Buffer.from(good.subarray(16)))).toBe(true);
  });
});

it('a wrong key on ffmpeg output is DECRYPT_FAILED naming the key URI (after one refetch of the key)', async () => {
  let fetches = 0;
  const keys = new KeyCache({ fetchKey: async () => (fetches++, new Uint8Array(16).fill(9)) });
  const decryptor = new SegmentDecryptor(new NodeCryptoPort(), keys);
  const ref = playlist('seq').segments[0]!;
  const cipher = read(ref.uri);
  await expect(decryptor.decrypt(ref.key, ref.sequence, cipher)).rejects.toMatchObject({ code: 'DECRYPT_FAILED', details: { keyUri: ref.key!.uri, failure: 'padding' } });
  expect(fetches).toBe(2);
});

it('a truncated segment is DECRYPT_FAILED (input) without refetching the key', async () => {
  let fetches = 0;
  const keys = new KeyCache({ fetchKey: async (uri) => (fetches++, read(uri)) });
  const decryptor = new SegmentDecryptor(new NodeCryptoPort(), keys);
  const ref = playlist('iv').segments[0]!;
  const cipher = read(ref.uri).subarray(0, 1000);
  await expect(decryptor.decrypt(ref.key, ref.sequence, cipher)).rejects.toMatchObject({ code: 'DECRYPT_FAILED', details: { failure: 'input' } });
  expect(fetches).toBe(1);
});
