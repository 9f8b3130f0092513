/**
 * The transmux stage on ffmpeg-written HLS segments: MPEG-TS becomes
 * `init ‖ moof+mdat` with the fMP4 type, and the timeline mapping puts every
 * segment's first presentation time at its playlist start — for ffmpeg's
 * default 1.4 s PTS start, and across an EXT-X-DISCONTINUITY into a stream
 * that crosses the 33-bit wrap (`-output_ts_offset 95440`, 2^33 / 90 kHz ≈
 * 95443.7 s) — with one offset per discontinuity sequence.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SegmentReference, Track } from '../../src/manifest/model.js';
import type { StageContext } from '../../src/media/segment-pipeline.js';
import { createTransmuxStage, needsTransmux } from '../../src/media/stages/transmux-stage.js';
import { TimelineMapper } from '../../src/timeline/timeline-mapper.js';
import * as transmux from '../../src/transmux/index.js';
import { ffmpegWrite, FFMPEG_MISSING, lavfiInputs, mp4boxParse, readBytes, workDir } from '../transmux/support/media-oracle.js';

const ENCODE = ['-c:v', 'libx264', '-preset', 'veryfast', '-bf', '2', '-g', '30', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '96k'];

/** ffmpeg's HLS segments of `name` and their EXTINF durations. */
function hls(name: string, extra: string[]): { segments: Uint8Array[]; durations: number[] } {
  const playlist = ffmpegWrite(`${name}.m3u8`, [...lavfiInputs({ seconds: 6 }), ...ENCODE, ...extra, '-f', 'hls', '-hls_time', '2', '-hls_list_size', '0', '-hls_segment_filename', path.join(workDir(), `${name}-%d.ts`)]);
  const durations = [...readFileSync(playlist, 'utf8').matchAll(/#EXTINF:([\d.]+)/g)].map((m) => Number(m[1]));
  const files = readdirSync(workDir())
    .filter((f) => new RegExp(`^${name}-\\d+\\.ts$`).test(f))
    .sort((a, b) => Number(/(\d+)\.ts$/.exec(a)![1]) - Number(/(\d+)\.ts$/.exec(b)![1]));
  return { segments: files.map((f) => readBytes(path.join(workDir(), f))), durations };
}

const track: Track = { id: 'v-ts', type: 'video', mimeType: 'video/mp2t', codecs: 'avc1.64000d,mp4a.40.2', bandwidth: 800_000, baseUrls: [], contentProtection: [] } as unknown as Track;

function context(timeline: TimelineMapper, discontinuity: number): StageContext {
  return { fetchKey: () => Promise.reject(new Error('no keys')), discontinuity, signal: new AbortController().signal, timeline, format: 'hls' };
}

/** Smallest composition time over every track of an fMP4 buffer, seconds. */
function firstPresentation(bytes: Uint8Array): number {
  const report = mp4boxParse(bytes);
  let min = Infinity;
  for (const samples of report.samples.values()) for (const s of samples) min = Math.min(min, s.cts / s.timescale);
  return min;
}

describe.skipIf(FFMPEG_MISSING)('transmux stage (TS → fMP4 + timeline mapping)', () => {
  it('applies to TS and packed audio only, unless native MP2T is asked for', () => {
    expect(needsTransmux(track)).toBe(true);
    expect(needsTransmux(track, true)).toBe(false);
    expect(needsTransmux({ ...track, mimeType: 'audio/aac' })).toBe(true);
    expect(needsTransmux({ ...track, mimeType: 'video/mp4' })).toBe(false);
  });

  it('places the 1.4 s PTS start and a discontinuity into a 2^33-wrapping stream on the playlist timeline', async () => {
    const first = hls('stage-a', []);
    const wrap = hls('stage-b', ['-output_ts_offset', '95440']);
    const stage = createTransmuxStage({ load: () => transmux });
    const timeline = new TimelineMapper();
    const placed: Array<{ start: number; at: number; offset: number; discontinuity: number }> = [];
    let start = 0;
    let sequence = 0;
    for (const [discontinuity, part] of [first, wrap].entries()) {
      for (const [i, data] of part.segments.entries()) {
        const ref: SegmentReference = { start, end: start + part.durations[i]!, uri: `seg-${sequence}.ts`, init: null, timestampOffset: 0, sequence: sequence++, discontinuity };
        const out = await stage.process({ kind: 'media', data, track, ref, mimeCodecs: 'video/mp2t', timestampOffset: 0 }, context(timeline, discontinuity));
        expect(String.fromCharCode(...out.data.subarray(4, 8))).toBe('ftyp');
        expect(out.mimeCodecs).toMatch(/^video\/mp4; codecs="avc1\.[0-9a-f]{6},mp4a\.40\.2"$/);
        placed.push({ start, at: firstPresentation(out.data) + out.timestampOffset!, offset: out.timestampOffset!, discontinuity });
        start = ref.end;
      }
    }
    expect(placed.length).toBeGreaterThanOrEqual(6);
    // Media really started away from 0 (ffmpeg's 1.4 s; ~95440 s on the wrapped clock): the offset is what moved it.
    expect(placed[0]!.offset).toBeLessThan(-1);
    for (const p of placed) expect(Math.abs(p.at - p.start)).toBeLessThan(0.1);
    // One offset per discontinuity sequence (up to the 2^33 unwrap step, ≈ 95443.7 s).
    for (const d of [0, 1]) {
      const offsets = placed.filter((p) => p.discontinuity === d).map((p) => p.offset);
      const wrapS = 2 ** 33 / 90_000;
      for (const o of offsets) expect(Math.abs(((o - offsets[0]! + wrapS / 2) % wrapS) - wrapS / 2)).toBeLessThan(1e-6);
    }
  });

  it('garbage instead of TS: a typed error, and the next good segment still transmuxes', async () => {
    const { segments, durations } = hls('stage-c', []);
    const stage = createTransmuxStage({ load: () => transmux });
    const timeline = new TimelineMapper();
    const ref = (n: number): SegmentReference => ({ start: n * 2, end: n * 2 + durations[n]!, uri: `c-${n}.ts`, init: null, timestampOffset: 0, sequence: n, discontinuity: 0 });
    const garbage = new Uint8Array(188 * 4).fill(0x47);
    await expect(stage.process({ kind: 'media', data: garbage, track, ref: ref(0) }, context(timeline, 0))).rejects.toMatchObject({ code: expect.stringMatching(/TRANSMUX_INVALID|MEDIA_UNSUPPORTED/) });
    const ok = await stage.process({ kind: 'media', data: segments[0]!, track, ref: ref(0) }, context(timeline, 0));
    expect(Math.abs(firstPresentation(ok.data) + ok.timestampOffset! - 0)).toBeLessThan(0.1);
  });
});
