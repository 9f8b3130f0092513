/**
 * The HLS fMP4 timeline stage on fMP4 HLS segments whose tfdt does not
 * start at 0 (`-output_ts_offset`, as live fMP4 and every post-discontinuity
 * segment do): each segment's first decode time lands at its playlist start,
 * one offset per discontinuity sequence; DASH and unreadable media untouched.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SegmentReference, Track } from '../../src/manifest/model.js';
import type { StageContext } from '../../src/media/segment-pipeline.js';
import { createFmp4TimelineStage } from '../../src/media/stages/fmp4-timeline-stage.js';
import { firstTfdt } from '../../src/timeline/first-tfdt.js';
import { TimelineMapper } from '../../src/timeline/timeline-mapper.js';
import { parseInitTracks } from '../../src/mp4/fragment.js';
import { toDataView } from '../../src/mp4/box-reader.js';
import { createTsTransmuxer } from '../../src/transmux/index.js';
import { ffmpegWrite, FFMPEG_MISSING, lavfiInputs, readBytes, workDir } from '../transmux/support/media-oracle.js';

/**
 * fMP4 HLS (video only) whose tfdt starts at `offsetS`: ffmpeg's mp4 muxer
 * rebases tfdt to 0, so ffmpeg writes TS (`-output_ts_offset` applies there)
 * and our transmuxer packages each segment as fMP4 with the TS clock as tfdt.
 */
function fmp4Hls(name: string, offsetS: number): { init: Uint8Array; segments: Uint8Array[]; durations: number[] } {
  const playlist = ffmpegWrite(`${name}.m3u8`, [
    ...lavfiInputs({ seconds: 6, audio: false }), '-c:v', 'libx264', '-preset', 'veryfast', '-g', '30', '-pix_fmt', 'yuv420p', '-output_ts_offset', String(offsetS),
    '-f', 'hls', '-hls_time', '2', '-hls_list_size', '0', '-hls_segment_filename', path.join(workDir(), `${name}-%d.ts`),
  ]);
  const durations = [...readFileSync(playlist, 'utf8').matchAll(/#EXTINF:([\d.]+)/g)].map((m) => Number(m[1]));
  const files = readdirSync(workDir()).filter((f) => new RegExp(`^${name}-\\d+\\.ts$`).test(f)).sort((a, b) => Number(/(\d+)\.ts$/.exec(a)![1]) - Number(/(\d+)\.ts$/.exec(b)![1]));
  const t = createTsTransmuxer({ mode: 'split' });
  let init: Uint8Array | null = null;
  const segments = files.map((f) => {
    const r = t.push(readBytes(path.join(workDir(), f)));
    init ??= r.init!.find((i) => i.type === 'video')!.data;
    return r.media.find((m) => m.type === 'video')!.data;
  });
  return { init: init!, segments, durations };
}

const track = { id: 'v', type: 'video', mimeType: 'video/mp4', codecs: 'avc1.64000d', bandwidth: 1, baseUrls: [], contentProtection: [] } as unknown as Track;
const ctx = (timeline: TimelineMapper, discontinuity: number, format: 'hls' | 'dash' = 'hls'): StageContext => ({ fetchKey: () => Promise.reject(new Error('none')), discontinuity, signal: new AbortController().signal, timeline, format });

describe.skipIf(FFMPEG_MISSING)('fMP4 timeline stage', () => {
  it('maps tfdt from 10 s, then across a discontinuity into tfdt from 500 s, onto the playlist timeline', async () => {
    const parts = [fmp4Hls('tl-a', 10), fmp4Hls('tl-b', 500)];
    const stage = createFmp4TimelineStage();
    const timeline = new TimelineMapper();
    let start = 0;
    const offsets: number[][] = [[], []];
    for (const [d, part] of parts.entries()) {
      const scale = parseInitTracks(toDataView(part.init))[0]!.timescale;
      for (const [i, data] of part.segments.entries()) {
        const ref: SegmentReference = { start, end: start + part.durations[i]!, uri: `s${d}-${i}`, init: null, timestampOffset: 0, sequence: i, discontinuity: d };
        const out = await stage.process({ kind: 'media', data, track, ref, timestampOffset: 0, initSegment: part.init }, ctx(timeline, d));
        const tfdt = firstTfdt(data, scale)!;
        expect(tfdt).toBeGreaterThan(d === 0 ? 9 : 499);
        expect(Math.abs(tfdt + out.timestampOffset! - start)).toBeLessThan(0.1);
        offsets[d]!.push(out.timestampOffset!);
        start = ref.end;
      }
    }
    for (const o of offsets) expect(new Set(o.map((x) => x.toFixed(6))).size).toBe(1);
    expect(offsets[0]![0]).not.toBeCloseTo(offsets[1]![0]!, 1);
  });

  it('leaves DASH, init payloads and non-fMP4 bytes alone', async () => {
    const { init, segments } = fmp4Hls('tl-c', 10);
    const stage = createFmp4TimelineStage();
    const ref: SegmentReference = { start: 0, end: 2, uri: 's', init: null, timestampOffset: 0.5, sequence: 0, discontinuity: 0 };
    const dash = await stage.process({ kind: 'media', data: segments[0]!, track, ref, timestampOffset: 0.5, initSegment: init }, ctx(new TimelineMapper(), 0, 'dash'));
    expect(dash.timestampOffset).toBe(0.5);
    const junk = new TextEncoder().encode('{"not":"mp4"}');
    const out = await stage.process({ kind: 'media', data: junk, track, ref, timestampOffset: 0.5, initSegment: junk }, ctx(new TimelineMapper(), 0));
    expect(out.timestampOffset).toBe(0.5);
    const initOut = await stage.process({ kind: 'init', data: init, track }, ctx(new TimelineMapper(), 0));
    expect(initOut.data).toBe(init);
  });
});
