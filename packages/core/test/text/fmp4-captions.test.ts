/**
 * CEA-608 out of fMP4 video samples, end to end in core: ffmpeg's H.264 fMP4
 * with pop-on captions injected as SEI by our own fixture encoder
 * (packages/server/src/fixtures/compat/cea608.ts, the one the `cea608` compat
 * case is made with) → `captionVideoTrack` / `ccDataOfFragment` → the 608
 * decoder must give the documented cue text at the documented times; the
 * caption stage must shift them by the payload's timestampOffset into the
 * hub; and the declared HLS / DASH captions must become text tracks.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Period, SwitchingSet, Track } from '../../src/manifest/model.js';
import type { StageContext } from '../../src/media/segment-pipeline.js';
import { createCaptionStage } from '../../src/media/stages/caption-stage.js';
import { iterateBoxes } from '../../src/mp4/box-reader.js';
import type { TextCue } from '../../src/platform/text-renderer.js';
import * as cea from '../../src/text/cea/index.js';
import { Cea608Decoder } from '../../src/text/cea/cea608-decoder.js';
import { CaptionHub } from '../../src/text/caption-hub.js';
import { addCaptionSets, declaredCaptions, parseDashCaptionValue } from '../../src/text/caption-tracks.js';
import * as extractor from '../../src/text/fmp4-cc-data.js';
import { captionVideoTrack, ccDataOfFragment } from '../../src/text/fmp4-cc-data.js';
import { TimelineMapper } from '../../src/timeline/timeline-mapper.js';
import { readFragments, readInit, writeFragments } from '../../../server/src/fixtures/cmaf.js';
import { captionSchedule, injectCaptions } from '../../../server/src/fixtures/compat/cea608.js';
import { ffmpegWrite, FFMPEG_MISSING, lavfiInputs } from '../transmux/support/media-oracle.js';

const FPS = 30;
const EXPECTED = [
  { text: 'CAPTION ONE AT 1S', start: 1, end: 3 },
  { text: 'Mixed case at 4s', start: 4, end: 6 },
];

/** ffmpeg H.264 fMP4 (30 fps, 1 s fragments) with EXPECTED injected as CC1 pop-on captions. */
function captionedFmp4(): { init: Uint8Array; segment: Uint8Array } {
  const file = ffmpegWrite('cc608.mp4', [...lavfiInputs({ seconds: 8, rate: FPS, audio: false }), '-c:v', 'libx264', '-preset', 'ultrafast', '-bf', '0', '-g', String(FPS), '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4']);
  const bytes = new Uint8Array(readFileSync(file));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const firstMoof = [...iterateBoxes(view)].find((b) => b.type === 'moof')!;
  const init = bytes.slice(0, firstMoof.start);
  const info = readInit(init);
  const fragments = readFragments(bytes.slice(firstMoof.start), info);
  const frames = fragments.reduce((n, f) => n + f.samples.length, 0);
  const pairs = captionSchedule(EXPECTED, FPS, frames);
  let frame = 0;
  const captioned = fragments.map((f) => {
    const out = injectCaptions(f, pairs, frame, info.nalLengthSize ?? 4);
    frame += f.samples.length;
    return out;
  });
  return { init, segment: writeFragments(captioned) };
}

function decode(triples: ReturnType<typeof ccDataOfFragment>): TextCue[] {
  const d = new Cea608Decoder();
  d.pushCcData(triples);
  d.flush();
  return d.takeCues().filter((c) => c.channel === 'CC1');
}

function expectCues(cues: readonly TextCue[], shift = 0): void {
  for (const e of EXPECTED) {
    const cue = cues.find((c) => c.text.replace(/<[^>]*>/g, '').trim() === e.text);
    expect(cue, `cue '${e.text}' in ${JSON.stringify(cues.map((c) => [c.text, c.start]))}`).toBeDefined();
    expect(Math.abs(cue!.start - (e.start + shift))).toBeLessThan(0.1);
    expect(Math.abs(cue!.end - (e.end + shift))).toBeLessThan(0.1);
  }
}

describe.skipIf(FFMPEG_MISSING)('CEA-608 from fMP4 samples', () => {
  const { init, segment } = captionedFmp4();

  it('reads the video track (avcC length size 4) and decodes the documented cues at their times', () => {
    const video = captionVideoTrack(init)!;
    expect(video).toMatchObject({ codec: 'h264', lengthSize: 4 });
    const triples = ccDataOfFragment(segment, video);
    expect(triples.length).toBeGreaterThan(8 * FPS - 5); // one pair per frame (padding included)
    expectCues(decode(triples));
  });

  it('the caption stage puts them on the presentation timeline (payload timestampOffset) into the hub; a selected channel sees them', async () => {
    const hub = new CaptionHub({ load: () => cea });
    const stage = createCaptionStage({ load: () => extractor });
    const track = { id: 'v', type: 'video', mimeType: 'video/mp4', codecs: 'avc1.64000d', bandwidth: 1, baseUrls: [], contentProtection: [] } as unknown as Track;
    const ctx: StageContext = { fetchKey: () => Promise.reject(new Error('none')), discontinuity: 0, signal: new AbortController().signal, timeline: new TimelineMapper(), format: 'hls', captions: hub };
    const ref = { start: 10, end: 18, uri: 's.m4s', init: null, timestampOffset: 0, sequence: 0, discontinuity: 0 };
    const out = await stage.process({ kind: 'media', data: segment, track, ref, initSegment: init, timestampOffset: 10 }, ctx);
    expect(out.data).toBe(segment); // passed on at once; the captions follow
    await new Promise((r) => setTimeout(r, 0));
    const shown: TextCue[] = [];
    hub.subscribe('CC1', (cues) => shown.push(...cues));
    expect(hub.channels()).toEqual(['CC1']);
    // The last caption ends at the next EOC/EDM, inside the segment: both are complete without a flush.
    expectCues(shown, 10);
  });

  it('fuzz: mutated captioned fragments → triples or a BoxFormatError, never another exception', () => {
    const video = captionVideoTrack(init)!;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(segment.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 30 }), (flips) => {
        const bytes = segment.slice();
        for (const [at, v] of flips) bytes[at] = v;
        try {
          ccDataOfFragment(bytes, video);
        } catch (e) {
          expect((e as Error).name).toBe('BoxFormatError');
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('declared captions → text tracks', () => {
  const video = (over: Partial<SwitchingSet>, tracks: Partial<Track>[] = [{}]): SwitchingSet =>
    ({ id: 'v', type: 'video', roles: [], accessibility: [], tracks: tracks.map((t) => ({ id: 'v1', supplementalProperties: [], ...t })), ...over }) as unknown as SwitchingSet;

  it('DASH Accessibility cea-608 / cea-708 values (both forms)', () => {
    expect(parseDashCaptionValue('608', 'CC1=eng;CC3=spa')).toEqual([{ channel: 'CC1', language: 'eng' }, { channel: 'CC3', language: 'spa' }]);
    expect(parseDashCaptionValue('608', 'eng;deu')).toEqual([{ channel: 'CC1', language: 'eng' }, { channel: 'CC2', language: 'deu' }]);
    expect(parseDashCaptionValue('708', '1=lang:eng;2=lang:spa,war:1')).toEqual([{ channel: 'SERVICE1', language: 'eng' }, { channel: 'SERVICE2', language: 'spa' }]);
    expect(parseDashCaptionValue('608', undefined)).toEqual([{ channel: 'CC1' }]);
  });

  it('HLS CLOSED-CAPTIONS (INSTREAM-ID, NAME, LANGUAGE) and DASH Accessibility become caption text sets, once', () => {
    const hls = { id: 'main', start: 0, duration: null, events: [], switchingSets: [video({}, [{ supplementalProperties: [{ schemeIdUri: 'urn:hls:closed-captions', value: 'CC1', attributes: { NAME: 'English CC', LANGUAGE: 'en' } }] }])] } as unknown as Period;
    expect(declaredCaptions(hls)).toEqual([{ channel: 'CC1', language: 'en', label: 'English CC' }]);
    const added = addCaptionSets(hls);
    expect(added.map((s) => [s.type, s.tracks[0]!.id, s.tracks[0]!.language, s.label])).toEqual([['text', 'captions:CC1', 'en', 'English CC']]);
    expect(addCaptionSets(hls)).toEqual([]);
    const dash = { id: 'p0', start: 0, duration: null, events: [], switchingSets: [video({ accessibility: [{ schemeIdUri: 'urn:scte:dash:cc:cea-608:2015', value: 'CC1=eng' }] })] } as unknown as Period;
    addCaptionSets(dash, [{ channel: 'CC3' }]);
    expect(dash.switchingSets.filter((s) => s.type === 'text').map((s) => s.tracks[0]!.id)).toEqual(['captions:CC1', 'captions:CC3']);
  });
});
