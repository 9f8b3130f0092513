/**
 * RepresentationIndex (ISO/IEC 23009-1 §5.3.9.2): a SegmentBase index held in
 * its own resource, at Representation or AdaptationSet level, is loaded as the
 * sidx source instead of the whole file becoming one segment.
 */
import { describe, expect, it } from 'vitest';
import { parseDashManifest, segmentIndexFromSidx } from '../../src/dash/index.js';
import type { Track } from '../../src/manifest/model.js';
import { ManifestLoader } from '../../src/player/manifest-loader.js';
import { defaultManifestFormats } from '../../src/player/manifest-formats.js';
import { RequestEngine } from '../../src/net/request-engine.js';
import { ScriptedNetwork } from '../../../../test/support/fake-network.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';

const URL_ = 'https://cdn.example/title/manifest.mpd';

/** A version-0 sidx (ISO/IEC 14496-12 §8.16.3) with 1000-unit timescale. */
function sidx(firstOffset: number, refs: { size: number; duration: number }[]): Uint8Array {
  const size = 32 + refs.length * 12;
  const buf = new Uint8Array(size);
  const v = new DataView(buf.buffer);
  v.setUint32(0, size);
  buf.set([0x73, 0x69, 0x64, 0x78], 4);
  v.setUint32(12, 1);
  v.setUint32(16, 1000);
  v.setUint32(20, 0);
  v.setUint32(24, firstOffset);
  v.setUint16(30, refs.length);
  refs.forEach((r, i) => {
    v.setUint32(32 + i * 12, r.size);
    v.setUint32(36 + i * 12, r.duration);
    v.setUint32(40 + i * 12, 0x90000000);
  });
  return buf;
}

const mpd = (as: string) =>
  `<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT6S" minBufferTime="PT2S"><Period id="p"><AdaptationSet mimeType="video/mp4" contentType="video">${as}</AdaptationSet></Period></MPD>`;

function tracks(text: string): Track[] {
  return parseDashManifest(text, { manifestUrl: URL_ }).periods[0]!.switchingSets[0]!.tracks;
}

describe('RepresentationIndex in the model', () => {
  it('Representation level: a separate index file becomes the sidx source (whole file when no range)', () => {
    const [t] = tracks(mpd(`<Representation id="v1" bandwidth="1000000" codecs="avc1.64001f"><BaseURL>v1.mp4</BaseURL><SegmentBase><Initialization range="0-799"/><RepresentationIndex sourceURL="v1.sidx"/></SegmentBase></Representation>`));
    expect(t!.segmentIndex).toBeNull();
    expect(t!.indexSource).toMatchObject({ kind: 'sidx', uri: '', indexUri: 'v1.sidx', indexRange: { start: 0, end: null }, init: { uri: '', byteRange: { start: 0, end: 799 } } });
  });

  it('AdaptationSet level, templated per representation, with a range', () => {
    const ts = tracks(
      mpd(`<SegmentBase><Initialization range="0-799"/><RepresentationIndex sourceURL="idx/$RepresentationID$.sidx" range="100-199"/></SegmentBase><Representation id="a" bandwidth="1"><BaseURL>a.mp4</BaseURL></Representation><Representation id="b" bandwidth="2"><BaseURL>b.mp4</BaseURL></Representation>`),
    );
    expect(ts.map((t) => t.indexSource.kind === 'sidx' && [t.indexSource.indexUri, t.indexSource.indexRange])).toEqual([
      ['idx/a.sidx', { start: 100, end: 199 }],
      ['idx/b.sidx', { start: 100, end: 199 }],
    ]);
  });

  it('a RepresentationIndex with only a range indexes the media file itself', () => {
    const [t] = tracks(mpd(`<Representation id="v1" bandwidth="1"><BaseURL>v1.mp4</BaseURL><SegmentBase><Initialization range="0-799"/><RepresentationIndex range="800-899"/></SegmentBase></Representation>`));
    expect(t!.indexSource).toMatchObject({ kind: 'sidx', indexRange: { start: 800, end: 899 } });
    expect((t!.indexSource as { indexUri?: string }).indexUri).toBeUndefined();
  });

  it('an external index anchors its byte offsets at the start of the media resource', () => {
    const [t] = tracks(mpd(`<Representation id="v1" bandwidth="1"><BaseURL>v1.mp4</BaseURL><SegmentBase><RepresentationIndex sourceURL="v1.sidx"/></SegmentBase></Representation>`));
    const src = t!.indexSource as Extract<Track['indexSource'], { kind: 'sidx' }>;
    const index = segmentIndexFromSidx(sidx(800, [{ size: 1000, duration: 2000 }, { size: 500, duration: 4000 }]), src);
    expect([index.get(0)!.byteRange, index.get(1)!.byteRange]).toEqual([
      { start: 800, end: 1799 },
      { start: 1800, end: 2299 },
    ]);
    expect(index.get(1)).toMatchObject({ start: 2, end: 6, uri: '' });
  });
});

/** Serves fixed bodies by URL suffix, at once (no clock); anything else is an HTTP 404 rejection. */
function bodyServer(bodies: Record<string, Uint8Array | string>): ScriptedNetwork {
  const server = new ScriptedNetwork({ httpErrors: 'reject' });
  for (const [suffix, body] of Object.entries(bodies)) server.route(suffix, { body });
  return server;
}

describe('RepresentationIndex through the manifest loader', () => {
  it('fetches the index file (not the media) and builds segments pointing into the media', async () => {
    const text = mpd(`<Representation id="v1" bandwidth="1000000" codecs="avc1.64001f"><BaseURL>v1.mp4</BaseURL><SegmentBase><Initialization range="0-799"/><RepresentationIndex sourceURL="v1.sidx"/></SegmentBase></Representation>`);
    const client = bodyServer({ 'manifest.mpd': text, 'v1.sidx': sidx(800, [{ size: 1000, duration: 3000 }, { size: 700, duration: 3000 }]) });
    const clock = new VirtualClock();
    const loader = new ManifestLoader(new RequestEngine({ client, clock }), clock, defaultManifestFormats());
    const p = await loader.load(URL_);
    const track = p.periods[0]!.switchingSets[0]!.tracks[0]!;
    const index = await loader.ensureIndex(track);
    const indexRequest = client.log.find((r) => r.kind === 'index')!;
    expect(indexRequest.url).toBe('https://cdn.example/title/v1.sidx');
    expect(index.length).toBe(2);
    expect(index.get(1)).toMatchObject({ start: 3, end: 6, byteRange: { start: 1800, end: 2499 } });
  });
});
