/**
 * Multivariant playlist semantics (RFC 8216 §4.3.4, rfc8216bis §4.4.6 incl.
 * content steering and pathway cloning), with hand-written playlists.
 */
import { describe, expect, it } from 'vitest';
import { applyMediaPlaylist, parseHlsManifest, parseHlsMediaPlaylist } from '../../src/hls/index.js';
import { manifestErrorOf } from '../support/manifest-errors.js';
import { validatePresentation } from '../../src/manifest/validate.js';
import { candidateUrls } from '../../src/manifest/resolve.js';

const URL_ = 'https://origin.example.com/title/master.m3u8';
const parse = (text: string) => parseHlsManifest(text, { manifestUrl: URL_ });

const codeOf = (fn: () => unknown): string => manifestErrorOf(fn).code;

const MASTER = `#EXTM3U
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="English",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio/en.m3u8"
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="Français",LANGUAGE="fr",DEFAULT=NO,AUTOSELECT=YES,CHANNELS="2",URI="audio/fr.m3u8"
#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=NO,FORCED=NO,CHARACTERISTICS="public.accessibility.transcribes-spoken-dialog",URI="subs/en.m3u8"
#EXT-X-STREAM-INF:BANDWIDTH=800000,AVERAGE-BANDWIDTH=750000,CODECS="avc1.4d401f,mp4a.40.2",RESOLUTION=640x360,FRAME-RATE=25.000,AUDIO="aac",SUBTITLES="subs"
video/360p.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=4500000,CODECS="avc1.640028,mp4a.40.2",RESOLUTION=1920x1080,FRAME-RATE=25,VIDEO-RANGE=PQ,HDCP-LEVEL=TYPE-1,AUDIO="aac",SUBTITLES="subs"
video/1080p.m3u8
#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=90000,CODECS="avc1.4d401f",RESOLUTION=640x360,URI="video/360p-iframes.m3u8"
`;

describe('parseHlsManifest: multivariant', () => {
  it('maps variants and renditions to switching sets with resolved playlist URLs', () => {
    const p = parse(MASTER);
    expect(p.format).toBe('hls');
    const sets = p.periods[0]!.switchingSets;
    const video = sets.find((s) => s.id === 'video:avc1')!;
    expect(video.tracks.map((t) => [t.bandwidth, t.width, t.height, t.codecs, t.hdr])).toEqual([
      [800000, 640, 360, 'avc1.4d401f', 'SDR'],
      [4500000, 1920, 1080, 'avc1.640028', 'PQ'],
    ]);
    expect(video.tracks[0]!.averageBandwidth).toBe(750000);
    expect(video.tracks[0]!.frameRate).toBe(25);
    expect(video.tracks[1]!.supplementalProperties).toEqual([{ schemeIdUri: 'urn:hls:hdcp-level', value: 'TYPE-1' }]);
    expect(video.tracks[0]!.muxedAudio).toBeUndefined(); // audio comes from the AUDIO group
    expect(video.tracks[0]!.indexSource).toEqual({ kind: 'hls-media-playlist', uri: '' });
    expect(candidateUrls(video.tracks[0]!, { uri: '' })[0]!.url).toBe('https://origin.example.com/title/video/360p.m3u8');

    const audio = sets.filter((s) => s.type === 'audio');
    expect(audio.map((s) => [s.language, s.tracks[0]!.codecs, s.tracks[0]!.channels, s.isDefault ?? false])).toEqual([
      ['en', 'mp4a.40.2', 2, true],
      ['fr', 'mp4a.40.2', 2, false],
    ]);
    const text = sets.find((s) => s.type === 'text')!;
    expect(text.accessibility).toEqual([{ schemeIdUri: 'urn:hls:characteristics', value: 'public.accessibility.transcribes-spoken-dialog' }]);
    const trick = sets.find((s) => s.roles.includes('trick'))!;
    expect(trick.tracks[0]!.trickMode).toBe(true);
    expect(validatePresentation(p)).toEqual([]);
  });

  it('collapses pathway-cloned variants into one track with ranked base URLs and reads EXT-X-CONTENT-STEERING', () => {
    const p = parse(`#EXTM3U
#EXT-X-CONTENT-STEERING:SERVER-URI="/steering?video=1",PATHWAY-ID="CDN-A"
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a-A",NAME="en",LANGUAGE="en",URI="https://a.example/audio.m3u8"
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a-B",NAME="en",LANGUAGE="en",URI="https://b.example/audio.m3u8"
#EXT-X-STREAM-INF:BANDWIDTH=1000000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720,AUDIO="a-A",PATHWAY-ID="CDN-A"
https://a.example/720.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=1000000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720,AUDIO="a-B",PATHWAY-ID="CDN-B"
https://b.example/720.m3u8
`);
    expect(p.contentSteering).toEqual({ serverUri: 'https://origin.example.com/steering?video=1', defaultPathwayId: 'CDN-A', queryBeforeStart: false });
    const [video, audio] = p.periods[0]!.switchingSets;
    expect(video!.tracks).toHaveLength(1);
    expect(video!.tracks[0]!.baseUrls).toEqual([
      { url: 'https://a.example/720.m3u8', pathwayId: 'CDN-A' },
      { url: 'https://b.example/720.m3u8', pathwayId: 'CDN-B' },
    ]);
    expect(audio!.tracks).toHaveLength(1);
    expect(audio!.tracks[0]!.baseUrls.map((b) => b.pathwayId)).toEqual(['CDN-A', 'CDN-B']);
    expect(p.pathways.map((b) => b.pathwayId)).toEqual(['CDN-A', 'CDN-B', 'CDN-A', 'CDN-B']);
  });

  it('marks muxed audio and keeps audio-only variants as audio', () => {
    const p = parse('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=500000,CODECS="avc1.42e01e,mp4a.40.2"\nmuxed.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=64000,CODECS="mp4a.40.5"\naudio-only.m3u8');
    const [video, audio] = p.periods[0]!.switchingSets;
    expect(video!.tracks[0]).toMatchObject({ type: 'video', muxedAudio: true, codecs: 'avc1.42e01e,mp4a.40.2' });
    expect(audio!.tracks[0]).toMatchObject({ type: 'audio', codecs: 'mp4a.40.5' });
  });

  it('reads EXT-X-SESSION-KEY into session-level protection', () => {
    const p = parse('#EXTM3U\n#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI="skd://key1",KEYFORMAT="com.apple.streamingkeydelivery"\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8');
    expect(p.sessionKeys).toEqual([expect.objectContaining({ keySystem: 'com.apple.fps', keyUri: 'skd://key1' })]);
  });

  it('substitutes variables in URIs', () => {
    const p = parse('#EXTM3U\n#EXT-X-DEFINE:NAME="host",VALUE="https://edge.example"\n#EXT-X-STREAM-INF:BANDWIDTH=1\n{$host}/v.m3u8');
    expect(p.periods[0]!.switchingSets[0]!.tracks[0]!.baseUrls[0]!.url).toBe('https://edge.example/v.m3u8');
  });

  it('becomes VOD or live once a media playlist is applied', () => {
    const p = parse(MASTER);
    const track = p.periods[0]!.switchingSets[0]!.tracks[0]!;
    const media = parseHlsMediaPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-MAP:URI="i.mp4"\n#EXTINF:4,\na.m4s\n#EXTINF:4,\nb.m4s\n#EXT-X-ENDLIST', { playlistUrl: track.baseUrls[0]!.url });
    applyMediaPlaylist(p, track, media);
    expect(p).toMatchObject({ type: 'vod', duration: 8 });
    expect(track.mimeType).toBe('video/mp4');
    expect(candidateUrls(track, track.segmentIndex!.get(1)!)[0]!.url).toBe('https://origin.example.com/title/video/b.m4s');
    const live = parseHlsMediaPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\na.ts', { playlistUrl: track.baseUrls[0]!.url });
    applyMediaPlaylist(p, track, live);
    expect(p).toMatchObject({ type: 'live', duration: null, minimumUpdatePeriod: 6 });
    expect(track.mimeType).toBe('video/mp2t');
  });

  it('maps CLOSED-CAPTIONS groups onto the video tracks and accessibility CHARACTERISTICS onto roles', () => {
    const text = `#EXTM3U
#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID="cc",NAME="English",LANGUAGE="en",DEFAULT=YES,INSTREAM-ID="CC1"
#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID="cc",NAME="Español",LANGUAGE="es",INSTREAM-ID="SERVICE2"
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="AD",LANGUAGE="en",CHARACTERISTICS="public.accessibility.describes-video",URI="ad.m3u8"
#EXT-X-STREAM-INF:BANDWIDTH=1000000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720,CLOSED-CAPTIONS="cc",AUDIO="a"
v.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=500000,CODECS="avc1.64001e,mp4a.40.2",RESOLUTION=640x360,CLOSED-CAPTIONS=NONE,AUDIO="a"
low.m3u8`;
    const p = parse(text);
    const tracks = p.periods[0]!.switchingSets.flatMap((s) => s.tracks);
    const hd = tracks.find((t) => t.height === 720)!;
    expect(hd.supplementalProperties).toEqual([
      { schemeIdUri: 'urn:hls:closed-captions', value: 'CC1', attributes: { NAME: 'English', LANGUAGE: 'en', DEFAULT: 'YES' } },
      { schemeIdUri: 'urn:hls:closed-captions', value: 'SERVICE2', attributes: { NAME: 'Español', LANGUAGE: 'es' } },
    ]);
    expect(tracks.find((t) => t.height === 360)!.supplementalProperties).toEqual([]);
    expect(tracks.find((t) => t.type === 'audio')!.roles).toEqual(['description']);
    expect(codeOf(() => parse(text.replace('CLOSED-CAPTIONS="cc"', 'CLOSED-CAPTIONS="nope"')))).toBe('MANIFEST_INVALID_VALUE');
    expect(codeOf(() => parse(text.replace('CLOSED-CAPTIONS=NONE', 'CLOSED-CAPTIONS=cc')))).toBe('MANIFEST_INVALID_VALUE');
    expect(codeOf(() => parse(text.replace('INSTREAM-ID="CC1"', 'INSTREAM-ID="CC9"')))).toBe('MANIFEST_INVALID_VALUE');
    expect(codeOf(() => parse(text.replace(',INSTREAM-ID="CC1"', '')))).toBe('MANIFEST_MISSING_ATTRIBUTE');
  });

  it('exports its EXT-X-DEFINE variables for EXT-X-DEFINE:IMPORT in media playlists', () => {
    const variables = new Map<string, string>();
    const p = parseHlsManifest('#EXTM3U\n#EXT-X-DEFINE:NAME="cdn",VALUE="https://edge.example/t"\n#EXT-X-STREAM-INF:BANDWIDTH=1\n{$cdn}/v.m3u8', { manifestUrl: URL_, exportVariables: variables });
    expect([...variables]).toEqual([['cdn', 'https://edge.example/t']]);
    const track = p.periods[0]!.switchingSets[0]!.tracks[0]!;
    const media = parseHlsMediaPlaylist('#EXTM3U\n#EXT-X-DEFINE:IMPORT="cdn"\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\n{$cdn}/a.ts\n#EXT-X-ENDLIST', {
      playlistUrl: track.baseUrls[0]!.url,
      importedVariables: variables,
    });
    expect(media.segments[0]!.uri).toBe('https://edge.example/t/a.ts');
  });

  it('collects EXT-X-DATERANGE events of applied media playlists once per ID', () => {
    const p = parse(MASTER);
    const [low, high] = p.periods[0]!.switchingSets[0]!.tracks;
    const media = '#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00Z\n#EXTINF:4,\na.ts\n#EXT-X-DATERANGE:ID="x",START-DATE="2026-01-01T00:00:01Z"\n#EXT-X-ENDLIST';
    applyMediaPlaylist(p, low!, parseHlsMediaPlaylist(media, { playlistUrl: low!.baseUrls[0]!.url }));
    applyMediaPlaylist(p, high!, parseHlsMediaPlaylist(media, { playlistUrl: high!.baseUrls[0]!.url }));
    expect(p.periods[0]!.events).toEqual([{ schemeIdUri: 'urn:hls:daterange:', id: 'x', start: 1 }]);
    expect(candidateUrls(low!, low!.segmentIndex!.get(0)!)[0]!.url).toBe('https://origin.example.com/title/video/a.ts');
  });

  it('treats a bare media playlist as a one-track presentation', () => {
    const p = parse('#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n#EXT-X-BYTERANGE:125000@0\nall.ts\n#EXTINF:10,\n#EXT-X-BYTERANGE:125000\nall.ts\n#EXT-X-ENDLIST');
    expect(p).toMatchObject({ type: 'vod', duration: 20 });
    const t = p.periods[0]!.switchingSets[0]!.tracks[0]!;
    expect(t.bandwidth).toBe(100000); // measured from byte ranges: 125000 B per 10 s
    expect(validatePresentation(p)).toEqual([]);
  });

  it.each([
    ['STREAM-INF without BANDWIDTH', '#EXTM3U\n#EXT-X-STREAM-INF:RESOLUTION=1x1\nv.m3u8', 'MANIFEST_MISSING_ATTRIBUTE'],
    ['BANDWIDTH=0', '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=0\nv.m3u8', 'MANIFEST_INVALID_VALUE'],
    ['STREAM-INF without URI', '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1', 'MANIFEST_MISSING_ATTRIBUTE'],
    ['bad resolution', '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=big\nv.m3u8', 'MANIFEST_INVALID_VALUE'],
    ['unknown audio group', '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,AUDIO="x"\nv.m3u8', 'MANIFEST_INVALID_VALUE'],
    ['MEDIA without TYPE', '#EXTM3U\n#EXT-X-MEDIA:GROUP-ID="a",NAME="n"\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8', 'MANIFEST_MISSING_ATTRIBUTE'],
    ['SUBTITLES without URI', '#EXTM3U\n#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="s",NAME="n"\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8', 'MANIFEST_MISSING_ATTRIBUTE'],
    ['segment tag in multivariant', '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n#EXTINF:4,\na.ts', 'MANIFEST_WRONG_FORMAT'],
    ['duplicate attribute', '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,BANDWIDTH=2\nv.m3u8', 'MANIFEST_INVALID_VALUE'],
    ['undefined variable', '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n{$x}/v.m3u8', 'MANIFEST_UNDEFINED_VARIABLE'],
    ['comment before #EXTM3U', '# hello\n#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8', 'MANIFEST_WRONG_FORMAT'],
  ])('%s → %s', (_name, text, code) => {
    expect(codeOf(() => parse(text))).toBe(code);
  });

  it('caps the number of variants', () => {
    const text = `#EXTM3U\n${Array.from({ length: 30 }, (_, i) => `#EXT-X-STREAM-INF:BANDWIDTH=${i + 1}\nv${i}.m3u8`).join('\n')}`;
    expect(codeOf(() => parseHlsManifest(text, { manifestUrl: URL_, maxVariants: 10 }))).toBe('MANIFEST_LIMIT_EXCEEDED');
  });
});

describe('parseHlsManifest: variables in attributes', () => {
  it('fails on an undefined variable inside an attribute even when no EXT-X-DEFINE exists', () => {
    expect(() => parseHlsManifest('#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="n",URI="{$x}/a.m3u8"\n#EXT-X-STREAM-INF:BANDWIDTH=1,AUDIO="a"\nv.m3u8', { manifestUrl: URL_ })).toThrow(/not defined/);
    expect(() => parseHlsMediaPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-MAP:URI="{$x}.mp4"\n#EXTINF:4,\na.m4s', { playlistUrl: URL_ })).toThrow(/not defined/);
  });
});
