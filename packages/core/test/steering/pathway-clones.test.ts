import { describe, expect, it } from 'vitest';
import { applyPathwayClones, clonedUrl } from '../../src/steering/pathway-clones.js';
import { parseHlsManifest } from '../../src/hls/index.js';
import type { PathwayClone } from '../../src/steering/steering-manifest.js';

const MULTIVARIANT = `#EXTM3U
#EXT-X-CONTENT-STEERING:SERVER-URI="https://steer.example/s",PATHWAY-ID="A"
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud-A",NAME="en",LANGUAGE="en",URI="https://a.example/audio/en.m3u8",STABLE-RENDITION-ID="en"
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud-B",NAME="en",LANGUAGE="en",URI="https://b.example/audio/en.m3u8",STABLE-RENDITION-ID="en"
#EXT-X-STREAM-INF:BANDWIDTH=1000000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=640x360,AUDIO="aud-A",PATHWAY-ID="A",STABLE-VARIANT-ID="v1"
https://a.example/v1/playlist.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=1000000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=640x360,AUDIO="aud-B",PATHWAY-ID="B",STABLE-VARIANT-ID="v1"
https://b.example/v1/playlist.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=3000000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720,AUDIO="aud-A",PATHWAY-ID="A",STABLE-VARIANT-ID="v2"
https://a.example/v2/playlist.m3u8?x=1
`;

const clone = (c: Partial<PathwayClone>): PathwayClone => ({ baseId: 'A', id: 'C', params: {}, perVariantUris: {}, perRenditionUris: {}, ...c });

describe('pathway clones', () => {
  it('add one base URL per track the base pathway serves, rewriting host and query', () => {
    const p = parseHlsManifest(MULTIVARIANT, { manifestUrl: 'https://a.example/master.m3u8' });
    const added = applyPathwayClones(p, [clone({ host: 'c.example:8443', params: { token: 't1', x: '2' } })]);
    const tracks = p.periods[0]!.switchingSets.flatMap((s) => s.tracks).filter((t) => t.type !== 'text');
    expect(added).toBe(tracks.length);
    const v2 = tracks.find((t) => t.bandwidth === 3_000_000)!;
    expect(v2.baseUrls.map((b) => b.pathwayId)).toEqual(['A', 'C']);
    // Query parameters are set, replacing same-named ones of the base URI.
    expect(v2.baseUrls[1]!.url).toBe('https://c.example:8443/v2/playlist.m3u8?x=2&token=t1');
    expect(p.pathways.some((b) => b.pathwayId === 'C')).toBe(true);
  });

  it('prefer per-variant / per-rendition URIs addressed by stable id', () => {
    const p = parseHlsManifest(MULTIVARIANT, { manifestUrl: 'https://a.example/master.m3u8' });
    applyPathwayClones(p, [clone({ host: 'c.example', perVariantUris: { v1: 'https://elsewhere.example/v1.m3u8' }, perRenditionUris: { en: 'https://elsewhere.example/en.m3u8' } })]);
    const tracks = p.periods[0]!.switchingSets.flatMap((s) => s.tracks);
    const v1 = tracks.find((t) => t.stableId === 'v1')!;
    const en = tracks.find((t) => t.type === 'audio')!;
    expect(v1.baseUrls.find((b) => b.pathwayId === 'C')!.url).toBe('https://elsewhere.example/v1.m3u8');
    expect(en.baseUrls.find((b) => b.pathwayId === 'C')!.url).toBe('https://elsewhere.example/en.m3u8');
    expect(tracks.find((t) => t.stableId === 'v2')!.baseUrls.find((b) => b.pathwayId === 'C')!.url).toBe('https://c.example/v2/playlist.m3u8?x=1');
  });

  it('never replace an existing pathway, and ignore an unknown base id', () => {
    const p = parseHlsManifest(MULTIVARIANT, { manifestUrl: 'https://a.example/master.m3u8' });
    expect(applyPathwayClones(p, [clone({ id: 'B', host: 'x.example' })])).toBe(0);
    expect(applyPathwayClones(p, [clone({ baseId: 'Z', id: 'Y', host: 'x.example' })])).toBe(0);
    const v1 = p.periods[0]!.switchingSets.flatMap((s) => s.tracks).find((t) => t.stableId === 'v1')!;
    expect(v1.baseUrls.find((b) => b.pathwayId === 'B')!.url).toBe('https://b.example/v1/playlist.m3u8');
    // Applying the same clone twice adds nothing the second time.
    expect(applyPathwayClones(p, [clone({ host: 'c.example' })])).toBeGreaterThan(0);
    expect(applyPathwayClones(p, [clone({ host: 'c.example' })])).toBe(0);
  });

  it('leave non-http URIs alone', () => {
    expect(clonedUrl('data:text/plain,x', clone({ host: 'c.example' }), null)).toBeNull();
    expect(clonedUrl('not a url', clone({ host: 'c.example' }), null)).toBeNull();
  });
});
