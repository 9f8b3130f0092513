/**
 * SegmentList addressing is clipped to its period (as SegmentTemplate is), and
 * the validator rejects indexes that end before they start or run past the period.
 */
import { describe, expect, it } from 'vitest';
import { parseDashManifest } from '../../src/dash/index.js';
import type { Presentation, SegmentReference, Track } from '../../src/manifest/model.js';
import { ListSegmentIndex } from '../../src/manifest/segment-index.js';
import { validatePresentation } from '../../src/manifest/validate.js';

const URL_ = 'https://cdn.example.com/title/manifest.mpd';

function mpd(periods: string, duration = 'PT12S'): string {
  return `<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="${duration}" minBufferTime="PT2S">${periods}</MPD>`;
}

const list = (n: number, extra = '') =>
  `<SegmentList timescale="1000" duration="1000"${extra}><Initialization sourceURL="init.mp4"/>${Array.from({ length: n }, (_, i) => `<SegmentURL media="s${i + 1}.m4s"/>`).join('')}</SegmentList>`;

const period = (id: string, start: number, dur: number, inner: string) =>
  `<Period id="${id}" start="PT${start}S" duration="PT${dur}S"><AdaptationSet mimeType="video/mp4" contentType="video">${inner}<Representation id="v" bandwidth="1000000" codecs="avc1.64001f"/></AdaptationSet></Period>`;

function refs(p: Presentation, pi: number): SegmentReference[] {
  const t: Track = p.periods[pi]!.switchingSets[0]!.tracks[0]!;
  const out: SegmentReference[] = [];
  for (let i = 0; i < t.segmentIndex!.length; i++) out.push(t.segmentIndex!.get(i)!);
  return out;
}

describe('SegmentList clipped to its period', () => {
  it('10 SegmentURLs of 1 s in a 6 s period: 6 segments, the last ending at the period end; the model validates', () => {
    const p = parseDashManifest(mpd(period('a', 0, 6, list(10)) + period('b', 6, 6, list(6)), 'PT12S'), { manifestUrl: URL_ });
    const a = refs(p, 0);
    expect(a.map((r) => r.uri)).toEqual(['s1.m4s', 's2.m4s', 's3.m4s', 's4.m4s', 's5.m4s', 's6.m4s']);
    expect(a.at(-1)).toMatchObject({ start: 5, end: 6 });
    expect(refs(p, 1)[0]).toMatchObject({ start: 6, end: 7 });
    expect(validatePresentation(p)).toEqual([]);
  });

  it('a partial last segment is cut at the period end; a presentationTimeOffset shifts which URLs fit', () => {
    const cut = parseDashManifest(mpd(period('a', 0, 5.5, list(10)), 'PT5.5S'), { manifestUrl: URL_ });
    expect(refs(cut, 0).map((r) => [r.start, r.end]).at(-1)).toEqual([5, 5.5]);
    expect(refs(cut, 0)).toHaveLength(6);
    // PTO only maps media time to presentation time; the period still holds 6 of the URLs.
    const pto = parseDashManifest(mpd(period('a', 0, 6, list(10, ' presentationTimeOffset="2000"')), 'PT6S'), { manifestUrl: URL_ });
    expect(refs(pto, 0)).toHaveLength(6);
    expect(refs(pto, 0).at(-1)).toMatchObject({ start: 5, end: 6, timestampOffset: -2 });
  });
});

describe('validatePresentation rejects impossible indexes', () => {
  function withIndex(segments: [number, number][]): Presentation {
    const p = parseDashManifest(mpd(period('a', 0, 6, list(6)), 'PT6S'), { manifestUrl: URL_ });
    const track = p.periods[0]!.switchingSets[0]!.tracks[0]!;
    const init = refs(p, 0)[0]!.init;
    track.segmentIndex = new ListSegmentIndex(segments.map(([start, end], i) => ({ start, end, uri: `https://cdn.example.com/s${i}.m4s`, init, timestampOffset: 0, sequence: i + 1, discontinuity: 0 })));
    return p;
  }

  it('a reference that ends before it starts', () => {
    const v = validatePresentation(withIndex([[0, 3], [3, 6], [9, 6]]));
    expect(v.map((x) => x.message).join()).toMatch(/end 6 not after start 9|after the period ends/);
    expect(validatePresentation(withIndex([[0, 3], [3, 2]]))[0]!.message).toMatch(/end 2 not after start 3/);
  });

  it('references past the period end even when the durations look right', () => {
    const v = validatePresentation(withIndex([[0, 2], [2, 4], [4, 6], [6, 8]]));
    expect(v[0]!.message).toMatch(/starts at 6, after the period ends at 6/);
  });
});
