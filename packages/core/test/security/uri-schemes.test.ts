/**
 * Finding 13 of issue 15: the model accepted `javascript:`, `file:`, `data:`
 * and scheme-relative BaseURLs and segment URIs. Schemes are allow-listed
 * (http/https by default, configurable); key URIs keep data:/skd:.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseDashManifest } from '../../src/dash/index.js';
import { parseHlsManifest, parseHlsMediaPlaylist } from '../../src/hls/index.js';
import { assertUriAllowed, candidateUrls, DEFAULT_URI_SCHEMES, resolveUri, setAllowedUriSchemes } from '../../src/manifest/resolve.js';
import { defaultPlayerConfig, mergeConfig, validateConfig } from '../../src/player/config.js';

const mpd = (baseUrl: string, media = 'seg-$Number$.m4s') =>
  `<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT4S" minBufferTime="PT2S" profiles="urn:mpeg:dash:profile:isoff-live:2011"><BaseURL>${baseUrl}</BaseURL><Period><AdaptationSet mimeType="video/mp4" contentType="video"><SegmentTemplate media="${media}" initialization="init.mp4" duration="2" timescale="1"/><Representation id="v" bandwidth="100000" codecs="avc1.64001f" width="640" height="360"/></AdaptationSet></Period></MPD>`;
const media = (uri: string) => `#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\n${uri}\n#EXT-X-ENDLIST\n`;
const refused = expect.objectContaining({ category: 'manifest', code: 'MANIFEST_URI_REFUSED' });

afterEach(() => setAllowedUriSchemes(DEFAULT_URI_SCHEMES));

describe('URI scheme allow-list (issue 15 #13)', () => {
  it.each(['javascript:alert(1)//', 'file:///etc/passwd', 'data:video/mp4;base64,AAAA', 'JavaScript:alert(1)'])('DASH BaseURL %s is a typed error', (base) => {
    expect(() => parseDashManifest(mpd(base), { manifestUrl: 'https://cdn.example/m.mpd' })).toThrow(refused);
  });

  it.each(['javascript:alert(1)', 'file:///dev/zero', 'data:video/mp2t;base64,AAAA'])('HLS segment URI %s is a typed error', (uri) => {
    expect(() => parseHlsMediaPlaylist(media(uri), { playlistUrl: 'https://cdn.example/p.m3u8' })).toThrow(refused);
  });

  it('a scheme-relative URI takes the manifest\'s scheme: https stays allowed, a file: manifest\'s is refused', () => {
    expect(resolveUri('//cdn2.example/s.ts', 'https://cdn.example/p.m3u8')).toBe('https://cdn2.example/s.ts');
    expect(() => resolveUri('//evil.example/s.ts', 'file:///sdcard/p.m3u8')).toThrow(refused);
    expect(() => parseDashManifest(mpd('//evil.example/x/'), { manifestUrl: 'file:///sdcard/m.mpd' })).toThrow(refused);
  });

  it('HLS variant URIs and EXT-X-MAP URIs are checked too', () => {
    expect(() => parseHlsManifest('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nfile:///v.m3u8\n', { manifestUrl: 'https://cdn.example/m.m3u8' })).toThrow(refused);
    expect(() => parseHlsMediaPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-MAP:URI="javascript:x"\n#EXTINF:4,\na.m4s\n#EXT-X-ENDLIST\n', { playlistUrl: 'https://cdn.example/p.m3u8' })).toThrow(refused);
  });

  it('an absolute segment template of a refused scheme fails where the URL is built', () => {
    const p = parseDashManifest(mpd('https://cdn.example/t/', 'javascript:x$Number$'), { manifestUrl: 'https://cdn.example/m.mpd' });
    const track = p.periods[0]!.switchingSets[0]!.tracks[0]!;
    expect(() => candidateUrls(track, track.segmentIndex!.get(0)!)).toThrow(refused);
  });

  it('relative URIs against a file: manifest are refused by default and allowed when configured', () => {
    expect(() => resolveUri('seg.m4s', 'file:///sdcard/movie/m.mpd')).toThrow(refused);
    setAllowedUriSchemes(['http', 'https', 'file']);
    expect(resolveUri('seg.m4s', 'file:///sdcard/movie/m.mpd')).toBe('file:///sdcard/movie/seg.m4s');
    expect(() => parseDashManifest(mpd('file:///sdcard/movie/'), { manifestUrl: 'file:///sdcard/movie/m.mpd' })).not.toThrow();
  });

  it('HLS keys keep their data: (PSSH) and skd: (FairPlay) URIs', () => {
    const text = '#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://key-1",KEYFORMAT="com.apple.streamingkeydelivery"\n#EXTINF:4,\na.ts\n#EXT-X-ENDLIST\n';
    expect(() => parseHlsMediaPlaylist(text, { playlistUrl: 'https://cdn.example/p.m3u8' })).not.toThrow();
  });

  it('ordinary http(s) URIs still resolve, fast path included', () => {
    expect(resolveUri('v/1.m4s', 'https://cdn.example/t/m.mpd')).toBe('https://cdn.example/t/v/1.m4s');
    expect(resolveUri('http://other.example/x', 'https://cdn.example/t/m.mpd')).toBe('http://other.example/x');
    expect(() => assertUriAllowed('relative/path')).not.toThrow();
  });

  it('the Player config carries the allow-list and refuses nonsense', () => {
    expect(defaultPlayerConfig().manifest.allowedUriSchemes).toEqual(['http', 'https']);
    expect(() => validateConfig(mergeConfig(defaultPlayerConfig(), { manifest: { allowedUriSchemes: ['https', 'javascript'] } }))).toThrow(/javascript/);
    expect(() => validateConfig(mergeConfig(defaultPlayerConfig(), { manifest: { allowedUriSchemes: ['HTTP:'] } }))).toThrow(/lowercase/);
  });
});
