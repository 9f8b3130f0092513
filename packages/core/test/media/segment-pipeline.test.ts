/**
 * The segment pipeline contract with toy stages: what a stage returns is
 * what the sink gets; stages run only on the tracks they apply to, in
 * order; a throwing stage becomes a typed recoverable error and the segment
 * is skipped under the corrupt-segment rule (fatal after
 * `streaming.maxCorruptSegments` in a row).
 */
import { describe, expect, it } from 'vitest';
import { Player, isEdgeplayError, type EdgeplayError, type SegmentPayload, type SegmentStage, type StageContext, type Track } from '@edgeplay/core';
import { runSegmentStages } from '../../src/media/segment-pipeline.js';
import { TimelineMapper } from '../../src/timeline/timeline-mapper.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { FakeNetwork, FakeSink, vodMpd, type FakeMedia } from '../player/fakes.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Serves every media segment byte-reversed: only a stage that reverses it back makes it appendable. */
function scrambledNetwork(clock: VirtualClock): FakeNetwork {
  const net = new FakeNetwork(clock);
  net.text('manifest.mpd', vodMpd(20, 2));
  net.routes.push({
    match: (u) => /seg-\w+-\d+\.m4s$/.test(u),
    respond: (u) => {
      const m = /seg-(\w+)-(\d+)\.m4s$/.exec(u)!;
      const n = Number(m[2]);
      const media: FakeMedia = { kind: 'segment', rep: m[1]!, n, start: (n - 1) * 2, end: n * 2 };
      return { body: enc.encode(JSON.stringify(media)).reverse() };
    },
  });
  return net;
}

const unscramble: SegmentStage = {
  name: 'unscramble',
  appliesTo: (track) => track.type === 'video',
  process: (payload) => (payload.kind === 'media' ? { ...payload, data: payload.data.slice().reverse() } : payload),
};

async function play(stages: SegmentStage[], config: object = {}) {
  const clock = new VirtualClock();
  const net = scrambledNetwork(clock);
  const sink = new FakeSink(clock);
  const player = new Player({ clock, network: net, sink }, { streaming: { bufferGoal: 6 }, ...config }, { segmentStages: stages });
  const errors: EdgeplayError[] = [];
  player.on('error', (e) => errors.push(e));
  const loading = player.load('https://cdn.example/manifest.mpd');
  loading.catch(() => undefined);
  await clock.advanceAsync(100);
  await loading.catch(() => undefined);
  await clock.advanceAsync(30_000); // past the end of the 20 s presentation
  return { player, sink, errors, video: sink.buffers.get('video')! };
}

describe('segment pipeline', () => {
  it('the sink gets what the stages return (init and media, in order)', async () => {
    const seen: string[] = [];
    const spy: SegmentStage = { name: 'spy', appliesTo: () => true, process: (p) => (seen.push(`${p.kind}:${dec.decode(p.data).slice(0, 8)}`), p) };
    const { video, errors, player } = await play([unscramble, spy]);
    expect(errors).toEqual([]);
    expect(video.appended.filter((m) => m.kind === 'segment').map((m) => m.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // The spy runs after unscramble: it already sees plain JSON.
    expect(seen.filter((s) => s.startsWith('media')).every((s) => s === 'media:{"kind":')).toBe(true);
    expect(seen[0]).toBe('init:{"kind":');
    expect(player.state).toBe('ended');
    await player.destroy();
  });

  it('without the stage the scrambled segments are skipped as corrupt and playback fails after maxCorruptSegments', async () => {
    const { errors, video, player } = await play([], { streaming: { bufferGoal: 6, maxCorruptSegments: 2 } });
    expect(video.appended.filter((m) => m.kind === 'segment')).toEqual([]);
    expect(errors.filter((e) => e.severity === 'recoverable').map((e) => e.code)).toEqual(['SEGMENT_CORRUPT', 'SEGMENT_CORRUPT']);
    expect(errors.at(-1)).toMatchObject({ code: 'SEGMENT_CORRUPT', severity: 'fatal' });
    expect(player.state).toBe('error');
    await player.destroy();
  });

  it('a stage that throws yields a typed error naming the stage; that segment is skipped, playback goes on', async () => {
    const failOnThree: SegmentStage = {
      name: 'fail-on-3',
      appliesTo: () => true,
      process: (p) => {
        if (p.ref && p.ref.start === 4) throw new Error('cannot transmux');
        return p;
      },
    };
    const { errors, video, player } = await play([unscramble, failOnThree]);
    expect(errors).toHaveLength(1);
    const e = errors[0]!;
    expect(e).toMatchObject({ category: 'media', code: 'SEGMENT_CORRUPT', severity: 'recoverable' });
    const cause = e.cause as EdgeplayError;
    expect(isEdgeplayError(cause)).toBe(true);
    expect(cause).toMatchObject({ code: 'SEGMENT_STAGE_FAILED', details: { stage: 'fail-on-3', kind: 'media' } });
    expect(cause.message).toContain('cannot transmux');
    // Segment 3 (4–6 s) is skipped; the playhead supervisor jumps the hole and plays on to the end.
    expect(video.appended.filter((m) => m.kind === 'segment').map((m) => m.n)).toEqual([1, 2, 4, 5, 6, 7, 8, 9, 10]);
    expect(player.state).toBe('ended');
    await player.destroy();
  });

  it('runSegmentStages: skips stages that do not apply, rejects a stage returning no data', async () => {
    const track = { id: 'a1', type: 'audio' } as Track;
    const ctx: StageContext = { fetchKey: () => Promise.reject(new Error('no keys')), discontinuity: 0, signal: new AbortController().signal, timeline: new TimelineMapper(), format: 'dash' };
    const payload: SegmentPayload = { kind: 'media', data: new Uint8Array([1, 2, 3]), track };
    await expect(runSegmentStages([unscramble], payload, ctx)).resolves.toBe(payload); // video-only stage
    const broken: SegmentStage = { name: 'broken', appliesTo: () => true, process: async () => ({ ...payload, data: undefined as unknown as Uint8Array }) };
    await expect(runSegmentStages([broken], payload, ctx)).rejects.toMatchObject({ code: 'SEGMENT_STAGE_FAILED', details: { stage: 'broken' } });
  });
});
