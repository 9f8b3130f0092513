/**
 * A real WebM, made at test time by ffmpeg (VP9 + Opus, `-dash 1`, DASH
 * manifest by ffmpeg's webm_dash_manifest muxer), read through our MPD parser
 * and Cues index; cue times are checked against ffprobe's keyframe times and
 * duration, byte ranges against the Cluster IDs in the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDashManifest } from '../../src/dash/index.js';
import { segmentIndexFromWebm } from '../../src/dash/webm-segment-index.js';
import type { SegmentReference, Track } from '../../src/manifest/model.js';
import { validatePresentation } from '../../src/manifest/validate.js';
import { ManifestLoader } from '../../src/player/manifest-loader.js';
import { defaultManifestFormats } from '../../src/player/manifest-formats.js';
import { RequestEngine } from '../../src/net/request-engine.js';
import { ScriptedNetwork } from '../../../../test/support/fake-network.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';

/** Serves the tmp dir over a fake network (no clock), honouring byte ranges with a 206; the kit logs requests. */
function fileServer(): ScriptedNetwork {
  return new ScriptedNetwork({ httpErrors: 'reject' }, (req) => {
    const file = readFileSync(path.join(dir, req.url.split('/').pop()!));
    const r = req.byteRange;
    const body = r ? file.subarray(r.start, r.end === null ? file.length : r.end + 1) : file;
    return { status: r ? 206 : 200, body };
  });
}

let dir = '';
const ff = (...args: string[]) => execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { cwd: dir });
const probe = (...args: string[]) => execFileSync('ffprobe', ['-v', 'error', ...args], { cwd: dir, encoding: 'utf8' });

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'edgeplay-webm-'));
  // 8 s, keyframe every 2 s at 25 fps: -dash 1 starts a Cluster (and a CuePoint) at each keyframe.
  ff('-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25', '-t', '8', '-c:v', 'libvpx-vp9', '-b:v', '200k', '-g', '50', '-keyint_min', '50', '-deadline', 'realtime', '-cpu-used', '8', '-dash', '1', '-f', 'webm', 'v.webm');
  ff('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '8', '-c:a', 'libopus', '-b:a', '64k', '-dash', '1', '-dash_track_number', '1', '-f', 'webm', 'a.webm');
  ff('-f', 'webm_dash_manifest', '-i', 'v.webm', '-f', 'webm_dash_manifest', '-i', 'a.webm', '-c', 'copy', '-map', '0', '-map', '1', '-f', 'webm_dash_manifest', '-adaptation_sets', 'id=0,streams=0 id=1,streams=1', 'm.mpd');
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function indexOf(track: Track, file: string): SegmentReference[] {
  const src = track.indexSource;
  if (src.kind !== 'sidx') throw new Error('expected a SegmentBase index source');
  const bytes = readFileSync(path.join(dir, file));
  const slice = (r: { start: number; end: number | null }) => bytes.subarray(r.start, r.end === null ? bytes.length : r.end + 1);
  const index = segmentIndexFromWebm(slice(src.init!.byteRange!), slice(src.indexRange), src);
  track.segmentIndex = index;
  return Array.from({ length: index.length }, (_, i) => index.get(i)!);
}

describe('WebM SegmentBase from ffmpeg', () => {
  it('the MPD parses to webm SegmentBase tracks', () => {
    const p = parseDashManifest(readFileSync(path.join(dir, 'm.mpd'), 'utf8'), { manifestUrl: 'https://cdn.example/webm/m.mpd' });
    const tracks = p.periods[0]!.switchingSets.flatMap((s) => s.tracks);
    expect(tracks.map((t) => [t.type, t.mimeType, t.indexSource.kind === 'sidx' && t.indexSource.container])).toEqual([
      ['video', 'video/webm', 'webm'],
      ['audio', 'audio/webm', 'webm'],
    ]);
  });

  it('video cue times are the keyframe times ffprobe reports; the last ends at the duration; ranges start at Clusters and tile the file up to the Cues', () => {
    const p = parseDashManifest(readFileSync(path.join(dir, 'm.mpd'), 'utf8'), { manifestUrl: 'https://cdn.example/webm/m.mpd' });
    const [video, audio] = p.periods[0]!.switchingSets.map((s) => s.tracks[0]!);
    const refs = indexOf(video!, 'v.webm');
    const keyframes = probe('-select_streams', 'v', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', 'v.webm')
      .trim()
      .split('\n')
      .filter((l) => l.includes('K'))
      .map((l) => Number(l.split(',')[0]));
    expect(refs.map((r) => r.start)).toEqual(keyframes);
    expect(keyframes).toEqual([0, 2, 4, 6]);
    const duration = Number(probe('-show_entries', 'format=duration', '-of', 'csv=p=0', 'v.webm').trim());
    expect(refs.at(-1)!.end).toBeCloseTo(Math.min(duration, p.periods[0]!.duration!), 3);
    const bytes = readFileSync(path.join(dir, 'v.webm'));
    const src = video!.indexSource as Extract<Track['indexSource'], { kind: 'sidx' }>;
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i]!.byteRange!;
      expect([...bytes.subarray(r.start, r.start + 4)]).toEqual([0x1f, 0x43, 0xb6, 0x75]); // Cluster ID
      expect(r.end).toBe(i + 1 < refs.length ? refs[i + 1]!.byteRange!.start - 1 : src.indexRange.start - 1);
    }
    // Audio: Opus packets are all keyframes; cues still land on Clusters and cover the stream.
    const a = indexOf(audio!, 'a.webm');
    expect(a[0]!.start).toBeLessThanOrEqual(0.01);
    expect(a.at(-1)!.end).toBeGreaterThan(7.9);
    // Both indexes (now on the tracks) satisfy the model's invariants: contiguous, inside the period, URLs absolute.
    expect(validatePresentation(p)).toEqual([]);
  });

  it('the manifest loader fetches the init and Cues ranges of a webm track and builds its index', async () => {
    const client = fileServer();
    const clock = new VirtualClock();
    const loader = new ManifestLoader(new RequestEngine({ client, clock }), clock, defaultManifestFormats());
    const p = await loader.load('https://cdn.example/webm/m.mpd');
    const video = p.periods[0]!.switchingSets[0]!.tracks[0]!;
    const index = await loader.ensureIndex(video);
    expect(index.length).toBe(4);
    const src = video.indexSource as Extract<Track['indexSource'], { kind: 'sidx' }>;
    expect(client.log.filter((r) => r.url.endsWith('v.webm')).map((r) => [r.kind, r.byteRange])).toEqual([
      ['index', src.indexRange],
      ['init', src.init!.byteRange],
    ]);
  });
});
