/**
 * Real-world HLS through Edgeplay's Player in Chromium: an ffmpeg-written
 * MPEG-TS stream (PTS from ffmpeg's 1.4 s, H.264 with B-frames + AAC),
 * encrypted with METHOD=AES-128 by ffmpeg's own `-hls_key_info_file` (one
 * key; IV = the media sequence number, as no IV is given), served by a
 * tiny loopback server with a media playlist that has no CODECS. It plays
 * only if the decrypt stage (WebCrypto), codec discovery, the transmux stage
 * and the timeline mapping all work: ciphertext, a `video/mp2t` buffer
 * without codecs or an unmapped 1.4 s start would stall or fail.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useChromiumSession } from './support/chromium-session.js';
import { openEdgeplay } from './support/edgeplay-page.js';

const FFMPEG_MISSING = spawnSync('ffmpeg', ['-version']).status !== 0;
const chromium = useChromiumSession();
const SECONDS = 16;
let media: Server;
let origin = '';
const keyRequests: string[] = [];

/** Writes `dir/enc.m3u8` + `enc-N.ts`, AES-128 under `dir/enc.key` (IV from the sequence number: no IV line in the key info). */
function writeEncryptedHls(dir: string): void {
  const key = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
  writeFileSync(path.join(dir, 'enc.key'), key);
  writeFileSync(path.join(dir, 'keyinfo'), `enc.key\n${path.join(dir, 'enc.key')}\n`);
  const args = [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', String(SECONDS),
    '-c:v', 'libx264', '-preset', 'veryfast', '-bf', '2', '-g', '50', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '96k',
    '-f', 'hls', '-hls_time', '2', '-hls_list_size', '0', '-hls_playlist_type', 'vod', '-hls_key_info_file', path.join(dir, 'keyinfo'),
    '-hls_segment_filename', path.join(dir, 'enc-%d.ts'), path.join(dir, 'enc.m3u8'),
  ];
  const r = spawnSync('ffmpeg', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffmpeg failed: ${r.stderr}`);
}

/**
 * `dir/disc.m3u8`: 6 s of TS from ffmpeg's 1.4 s start, an EXT-X-DISCONTINUITY, then 8 s of TS whose clock
 * starts at 95440 s and wraps at 2^33 / 90 kHz ≈ 95443.7 s inside its second segment (CODECS declared).
 */
function writeDiscontinuityHls(dir: string): void {
  const part = (name: string, seconds: number, extra: string[]) => {
    const r = spawnSync('ffmpeg', [
      '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=660:sample_rate=48000', '-t', String(seconds),
      '-c:v', 'libx264', '-preset', 'veryfast', '-bf', '2', '-g', '50', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '96k', ...extra,
      '-f', 'hls', '-hls_time', '2', '-hls_list_size', '0', '-hls_segment_filename', path.join(dir, `${name}-%d.ts`), path.join(dir, `${name}.m3u8`),
    ], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ffmpeg failed: ${r.stderr}`);
    return readFileSync(path.join(dir, `${name}.m3u8`), 'utf8').split('\n').filter((l) => l.startsWith('#EXTINF') || l.endsWith('.ts'));
  };
  const a = part('da', 6, []);
  const b = part('db', 8, ['-output_ts_offset', '95440']);
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:3', '#EXT-X-PLAYLIST-TYPE:VOD', ...a, '#EXT-X-DISCONTINUITY', ...b, '#EXT-X-ENDLIST'];
  writeFileSync(path.join(dir, 'disc-media.m3u8'), lines.join('\n') + '\n');
  writeFileSync(path.join(dir, 'disc.m3u8'), ['#EXTM3U', '#EXT-X-STREAM-INF:BANDWIDTH=1500000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2"', 'disc-media.m3u8'].join('\n') + '\n');
}

beforeAll(async () => {
  if (FFMPEG_MISSING) return;
  const dir = mkdtempSync(path.join(tmpdir(), 'edgeplay-hls-int-'));
  writeEncryptedHls(dir);
  writeDiscontinuityHls(dir);
  media = createServer((req, res) => {
    const file = path.basename(new URL(req.url ?? '/', 'http://x').pathname);
    if (file.endsWith('.key')) keyRequests.push(file);
    let body: Buffer;
    try {
      body = readFileSync(path.join(dir, file));
    } catch {
      res.writeHead(404, { 'access-control-allow-origin': '*' }).end();
      return;
    }
    const type = file.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : file.endsWith('.ts') ? 'video/mp2t' : 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'access-control-allow-origin': '*', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((r) => media.listen(0, '127.0.0.1', () => r()));
  origin = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((r) => (media ? media.close(r) : r(undefined)));
});

describe.skipIf(FFMPEG_MISSING)('real-world HLS in Chromium', () => {
  it('AES-128 MPEG-TS without CODECS, PTS from 1.4 s: plays ≥ 8 s from time 0 with frames advancing, one key fetch', async () => {
    const p = await openEdgeplay(chromium.browser, chromium.server.url, 'hls-aes-ts');
    await p.load(`${origin}/enc.m3u8`);
    await p.waitForTime(1, 20_000);
    const start = await p.progress();
    await p.waitForTime(10, 30_000);
    const end = await p.progress();
    expect(end.errors.filter((e) => e.severity === 'fatal')).toEqual([]);
    expect(end.errors.map((e) => e.code)).not.toContain('SEGMENT_CORRUPT');
    expect(end.frames - start.frames).toBeGreaterThan(8 * 25 * 0.8);
    // The 1.4 s PTS start was mapped onto the playlist's 0: the buffer starts at 0, not at 1.4 s.
    const buffered = await p.call<Array<[number, number]>>('(_p, v) => Array.from({ length: v.buffered.length }, (_, i) => [v.buffered.start(i), v.buffered.end(i)])');
    expect(buffered[0]![0]).toBeLessThan(0.2);
    expect(keyRequests).toEqual(['enc.key']);
    await p.close();
  }, 90_000);

  it('TS across an EXT-X-DISCONTINUITY into a stream crossing the 33-bit PTS wrap: plays through both to 12 s', async () => {
    const p = await openEdgeplay(chromium.browser, chromium.server.url, 'hls-disc-wrap');
    await p.load(`${origin}/disc.m3u8`);
    await p.waitForTime(1, 20_000);
    const start = await p.progress();
    await p.waitForTime(12, 40_000);
    const end = await p.progress();
    expect(end.errors.filter((e) => e.severity === 'fatal')).toEqual([]);
    expect(end.frames - start.frames).toBeGreaterThan(10 * 25 * 0.8);
    // Buffered from 0 and nothing beyond the 14 s playlist: the second part was mapped to 6 s and its wrap unwrapped
    // (unmapped it would sit at ~95440 s, a missed unwrap ~26.5 h away, and playback could not have passed 6 s).
    const buffered = await p.call<Array<[number, number]>>('(_p, v) => Array.from({ length: v.buffered.length }, (_, i) => [v.buffered.start(i), v.buffered.end(i)])');
    expect(buffered[0]![0]).toBeLessThan(0.2);
    expect(buffered.at(-1)![1]).toBeLessThan(15);
    await p.close();
  }, 90_000);
});
