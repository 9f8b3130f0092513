/**
 * Media playlist semantics from RFC 8216 §4.3.2–4.3.3 and rfc8216bis (LL-HLS),
 * with hand-written playlists.
 */
import { describe, expect, it } from 'vitest';
import { hlsReloadDelay, parseHlsMediaPlaylist } from '../../src/hls/index.js';
import { buildPsshBox } from '../../src/drm/index.js';
import { manifestErrorOf } from '../support/manifest-errors.js';

const URL_ = 'https://cdn.example.com/v/720p.m3u8?token=abc';
const parse = (text: string, previous?: ReturnType<typeof parseHlsMediaPlaylist>) =>
  parseHlsMediaPlaylist(text, previous ? { playlistUrl: URL_, previous } : { playlistUrl: URL_ });

const codeOf = (fn: () => unknown): string => manifestErrorOf(fn).code;

const VOD = `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-TARGETDURATION:4
#EXT-X-MEDIA-SEQUENCE:10
#EXT-X-PLAYLIST-TYPE:VOD
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-MAP:URI="init.mp4",BYTERANGE="800@0"
#EXTINF:4.000,first
seg-10.m4s
#EXTINF:4,
seg-11.m4s
#EXT-X-DISCONTINUITY
#EXTINF:2.5,
seg-12.m4s
#EXT-X-ENDLIST
`;

describe('parseHlsMediaPlaylist', () => {
  it('builds contiguous references with sequences, discontinuities and the init segment', () => {
    const p = parse(VOD);
    expect(p).toMatchObject({ targetDuration: 4, mediaSequence: 10, endList: true, playlistType: 'VOD', version: 7, independentSegments: true, container: 'fmp4', totalDuration: 10.5 });
    expect(p.segments.map((s) => [s.start, s.end, s.sequence, s.discontinuity, s.uri])).toEqual([
      [0, 4, 10, 0, 'seg-10.m4s'],
      [4, 8, 11, 0, 'seg-11.m4s'],
      [8, 10.5, 12, 1, 'seg-12.m4s'],
    ]);
    expect(p.segments[0]!.init).toEqual({ uri: 'init.mp4', byteRange: { start: 0, end: 799 } });
    expect(p.segmentIndex.find(9)).toBe(2);
  });

  it('places EXT-X-DATERANGE on the presentation timeline through EXT-X-PROGRAM-DATE-TIME', () => {
    const text = `#EXTM3U
#EXT-X-TARGETDURATION:4
#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00.000Z
#EXTINF:4,
a.m4s
#EXTINF:4,
b.m4s
#EXT-X-DISCONTINUITY
#EXT-X-PROGRAM-DATE-TIME:2026-01-01T01:00:00.000Z
#EXTINF:4,
c.m4s
#EXT-X-DATERANGE:ID="ad1",CLASS="com.example.ad",START-DATE="2026-01-01T00:00:02.500Z",DURATION=3.5,SCTE35-OUT=0xFC30
#EXT-X-DATERANGE:ID="ad2",START-DATE="2026-01-01T01:00:01Z",END-DATE="2026-01-01T01:00:03Z"
#EXT-X-DATERANGE:ID="pre",START-DATE="2025-12-31T23:59:59Z",PLANNED-DURATION=1
#EXT-X-ENDLIST`;
    const p = parse(text);
    expect(p.events).toEqual([
      { schemeIdUri: 'urn:hls:daterange:com.example.ad', value: 'com.example.ad', id: 'ad1', start: 2.5, duration: 3.5, messageData: 'fc30' },
      // After the discontinuity the wall clock jumps an hour; the range maps through segment c (t = 8 s).
      { schemeIdUri: 'urn:hls:daterange:', id: 'ad2', start: 9, duration: 2 },
      { schemeIdUri: 'urn:hls:daterange:', id: 'pre', start: -1, duration: 1 },
    ]);
    const noPdt = '#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\na.ts\n#EXT-X-DATERANGE:ID="x",START-DATE="2026-01-01T00:00:00Z"\n#EXT-X-ENDLIST';
    expect(codeOf(() => parse(noPdt))).toBe('MANIFEST_MISSING_ATTRIBUTE');
    const bad = (attrs: string) => `#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00Z\n#EXTINF:4,\na.ts\n#EXT-X-DATERANGE:ID="x",${attrs}\n#EXT-X-ENDLIST`;
    expect(codeOf(() => parse(bad('START-DATE="2026-01-01T00:00:05Z",END-DATE="2026-01-01T00:00:01Z"')))).toBe('MANIFEST_INVALID_VALUE');
    expect(codeOf(() => parse(bad('START-DATE="2026-01-01T00:00:00Z",DURATION=2,END-DATE="2026-01-01T00:00:05Z"')))).toBe('MANIFEST_INVALID_VALUE');
    expect(codeOf(() => parse(bad('START-DATE="soon"')))).toBe('MANIFEST_INVALID_VALUE');
    expect(codeOf(() => parse(bad('CLASS="c"')))).toBe('MANIFEST_MISSING_ATTRIBUTE');
  });

  it('reads EXT-X-BYTERANGE with explicit and implicit offsets', () => {
    const p = parse('#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n#EXT-X-BYTERANGE:1000@500\nall.ts\n#EXTINF:10,\n#EXT-X-BYTERANGE:300\nall.ts\n#EXT-X-ENDLIST');
    expect(p.segments.map((s) => s.byteRange)).toEqual([{ start: 500, end: 1499 }, { start: 1500, end: 1799 }]);
    expect(p.container).toBe('ts');
    expect(codeOf(() => parse('#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n#EXT-X-BYTERANGE:300\nall.ts'))).toBe('MANIFEST_MISSING_ATTRIBUTE');
  });

  it('applies EXT-X-KEY to following segments, with explicit IV, KEYFORMAT and METHOD=NONE', () => {
    const p = parse(`#EXTM3U
#EXT-X-TARGETDURATION:6
#EXT-X-KEY:METHOD=AES-128,URI="keys/k1",IV=0x1
#EXTINF:6,
a.ts
#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://asset-1",KEYFORMAT="com.apple.streamingkeydelivery",KEYFORMATVERSIONS="1"
#EXTINF:6,
b.ts
#EXT-X-KEY:METHOD=NONE
#EXTINF:6,
c.ts
#EXT-X-ENDLIST`);
    expect(p.segments[0]!.key).toEqual({ method: 'AES-128', uri: 'https://cdn.example.com/v/keys/k1', iv: '00000000000000000000000000000001', keyFormat: 'identity' });
    expect(p.segments[1]!.key).toMatchObject({ method: 'SAMPLE-AES', uri: 'skd://asset-1', keyFormat: 'com.apple.streamingkeydelivery', keyFormatVersions: '1' });
    expect(p.segments[2]!.key).toBeUndefined();
    expect(p.keys).toEqual([expect.objectContaining({ keySystem: 'com.apple.fps', keyUri: 'skd://asset-1', encryptionScheme: 'cbcs' })]);
  });

  it('extracts a Widevine PSSH from a data: key URI, and a bare ClearKey key id as a default KID', () => {
    const pssh = Buffer.from(buildPsshBox('edef8ba9-79d6-4ace-a3c8-27dcd51d21ed', ['0123456789abcdef0123456789abcdef'])).toString('base64');
    const p = parse(`#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,URI="data:text/plain;base64,${pssh}",KEYFORMAT="urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed"\n#EXT-X-MAP:URI="i.mp4"\n#EXTINF:6,\na.m4s\n#EXT-X-ENDLIST`);
    expect(p.keys[0]).toMatchObject({ keySystem: 'com.widevine.alpha', pssh: [pssh], encryptionScheme: 'cenc' });
    expect(p.segments[0]!.init!.key).toMatchObject({ method: 'SAMPLE-AES-CTR' });
    const kid = Buffer.from('00112233445566778899aabbccddeeff', 'hex').toString('base64');
    const ck = parse(`#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,URI="data:text/plain;base64,${kid}",KEYFORMAT="org.w3.clearkey"\n#EXT-X-MAP:URI="i.mp4"\n#EXTINF:6,\na.m4s\n#EXT-X-ENDLIST`);
    expect(ck.keys[0]).toMatchObject({ keySystem: 'org.w3.clearkey', pssh: [], defaultKeyIds: ['00112233445566778899aabbccddeeff'] });
  });

  it('carries EXT-X-PROGRAM-DATE-TIME forward and marks EXT-X-GAP', () => {
    const p = parse('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00.000Z\n#EXTINF:2,\na.ts\n#EXT-X-GAP\n#EXTINF:2,\nb.ts\n#EXT-X-ENDLIST');
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    expect(p.segments.map((s) => s.programDateTime)).toEqual([t0, t0 + 2000]);
    expect(p.segments[1]!.gap).toBe(true);
  });

  it('substitutes EXT-X-DEFINE variables (NAME, QUERYPARAM, IMPORT) and fails on undefined ones', () => {
    const text = '#EXTM3U\n#EXT-X-DEFINE:NAME="dir",VALUE="hd"\n#EXT-X-DEFINE:QUERYPARAM="token"\n#EXT-X-DEFINE:IMPORT="cdn"\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n{$cdn}/{$dir}/a.ts?t={$token}\n#EXT-X-ENDLIST';
    const p = parseHlsMediaPlaylist(text, { playlistUrl: URL_, importedVariables: new Map([['cdn', 'https://x.example']]) });
    expect(p.segments[0]!.uri).toBe('https://x.example/hd/a.ts?t=abc');
    expect(codeOf(() => parse('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n{$nope}/a.ts'))).toBe('MANIFEST_UNDEFINED_VARIABLE');
    expect(codeOf(() => parse(text))).toBe('MANIFEST_UNDEFINED_VARIABLE'); // IMPORT without a multivariant value
  });

  it('parses LL-HLS parts, preload hints, server control and rendition reports', () => {
    const p = parse(`#EXTM3U
#EXT-X-TARGETDURATION:4
#EXT-X-PART-INF:PART-TARGET=1.0
#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=24,PART-HOLD-BACK=3.0
#EXT-X-MEDIA-SEQUENCE:100
#EXT-X-MAP:URI="init.mp4"
#EXT-X-PART:DURATION=1.0,URI="p100.0.m4s",INDEPENDENT=YES
#EXT-X-PART:DURATION=1.0,URI="p100.1.m4s"
#EXTINF:2,
s100.m4s
#EXT-X-PART:DURATION=1.0,URI="p101.0.m4s",INDEPENDENT=YES
#EXT-X-PRELOAD-HINT:TYPE=PART,URI="p101.1.m4s"
#EXT-X-RENDITION-REPORT:URI="../1080p.m3u8",LAST-MSN=100,LAST-PART=1`);
    expect(p.endList).toBe(false);
    expect(p.partTargetDuration).toBe(1);
    expect(p.serverControl).toEqual({ canBlockReload: true, canSkipUntil: 24, partHoldBack: 3 });
    expect(p.segments[0]!.parts).toEqual([
      { start: 0, end: 1, uri: 'p100.0.m4s', independent: true, gap: false },
      { start: 1, end: 2, uri: 'p100.1.m4s', independent: false, gap: false },
    ]);
    expect(p.pendingParts).toEqual([{ start: 2, end: 3, uri: 'p101.0.m4s', independent: true, gap: false }]);
    expect(p.preloadHint).toEqual({ type: 'PART', uri: 'p101.1.m4s' });
    expect(p.renditionReports).toEqual([{ uri: '../1080p.m3u8', lastMsn: 100, lastPart: 1 }]);
  });

  it('keeps segment start times stable across live reloads and fills EXT-X-SKIP from the previous version', () => {
    const live = (seq: number, n: number) => `#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:${seq}\n${Array.from({ length: n }, (_, i) => `#EXTINF:4,\ns${seq + i}.ts`).join('\n')}\n`;
    const first = parse(live(100, 3));
    expect(first.segments.map((s) => s.start)).toEqual([0, 4, 8]);
    const second = parse(live(101, 3), first);
    expect(second.segments.map((s) => [s.sequence, s.start])).toEqual([[101, 4], [102, 8], [103, 12]]);
    expect(hlsReloadDelay(first, second)).toBe(4);
    expect(hlsReloadDelay(second, parse(live(101, 3), second))).toBe(2); // unchanged -> half target duration
    const delta = parse('#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:101\n#EXT-X-SKIP:SKIPPED-SEGMENTS=2\n#EXTINF:4,\ns103.ts\n#EXTINF:4,\ns104.ts', second);
    expect(delta.segments.map((s) => [s.sequence, s.start, s.uri])).toEqual([[101, 4, 's101.ts'], [102, 8, 's102.ts'], [103, 12, 's103.ts'], [104, 16, 's104.ts']]);
  });

  it.each([
    ['missing #EXTM3U', '#EXT-X-TARGETDURATION:4\n#EXTINF:4,\na.ts', 'MANIFEST_WRONG_FORMAT'],
    ['empty', '', 'MANIFEST_EMPTY'],
    ['header only', '#EXTM3U\n', 'MANIFEST_NO_PLAYABLE_CONTENT'],
    ['missing target duration', '#EXTM3U\n#EXTINF:4,\na.ts', 'MANIFEST_MISSING_ATTRIBUTE'],
    ['URI without EXTINF', '#EXTM3U\n#EXT-X-TARGETDURATION:4\na.ts', 'MANIFEST_MISSING_ATTRIBUTE'],
    ['negative target duration', '#EXTM3U\n#EXT-X-TARGETDURATION:-4\n#EXTINF:4,\na.ts', 'MANIFEST_INVALID_VALUE'],
    ['zero EXTINF', '#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:0,\na.ts', 'MANIFEST_INVALID_VALUE'],
    ['absurd EXTINF', '#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:1e9,\na.ts', 'MANIFEST_INVALID_VALUE'],
    ['duplicate media sequence', '#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-MEDIA-SEQUENCE:2\n#EXTINF:4,\na.ts', 'MANIFEST_INVALID_VALUE'],
    ['unknown key method', '#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-KEY:METHOD=ROT13,URI="k"\n#EXTINF:4,\na.ts', 'MANIFEST_INVALID_VALUE'],
    ['key without URI', '#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-KEY:METHOD=AES-128\n#EXTINF:4,\na.ts', 'MANIFEST_MISSING_ATTRIBUTE'],
    ['unterminated quote', '#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-MAP:URI="init.mp4\n#EXTINF:4,\na.ts', 'MANIFEST_INVALID_VALUE'],
    ['variant tag in media playlist', '#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8', 'MANIFEST_WRONG_FORMAT'],
    ['bad program date time', '#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-PROGRAM-DATE-TIME:yesterday\n#EXTINF:4,\na.ts', 'MANIFEST_INVALID_VALUE'],
  ])('%s → %s', (_name, text, code) => {
    expect(codeOf(() => parse(text))).toBe(code);
  });

  it('names the line and tag in the error message', () => {
    try {
      parse('#EXTM3U\n#EXT-X-TARGETDURATION:4\n\n#EXTINF:abc,\na.ts');
    } catch (e) {
      expect((e as Error).message).toContain('line 4: #EXTINF');
      return;
    }
    throw new Error('expected an error');
  });

  it('enforces the segment limit', () => {
    const text = `#EXTM3U\n#EXT-X-TARGETDURATION:1\n${'#EXTINF:1,\na.ts\n'.repeat(20)}`;
    expect(() => parseHlsMediaPlaylist(text, { playlistUrl: URL_, maxSegments: 10 })).toThrow(/more than 10 segments/);
  });
});
