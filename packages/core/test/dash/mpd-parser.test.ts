/**
 * Focused tests of the MPD parser, written from ISO/IEC 23009-1 semantics with
 * hand-made MPDs (the corpus test covers real-world files).
 */
import { describe, expect, it } from 'vitest';
import { parseDashManifest } from '../../src/dash/index.js';
import { manifestErrorOf } from '../support/manifest-errors.js';
import type { Presentation, SegmentReference, Track } from '../../src/manifest/model.js';
import { validatePresentation } from '../../src/manifest/validate.js';
import { candidateUrls } from '../../src/manifest/resolve.js';

const URL_ = 'https://cdn.example.com/title/manifest.mpd';

function mpd(body: string, attrs = 'type="static" mediaPresentationDuration="PT20S" minBufferTime="PT2S"'): string {
  return `<?xml version="1.0"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:cenc="urn:mpeg:cenc:2013" xmlns:mspr="urn:microsoft:playready" xmlns:dashif="https://dashif.org/CPS" ${attrs}>
${body}
</MPD>`;
}

function parse(text: string, now?: number): Presentation {
  return parseDashManifest(text, now === undefined ? { manifestUrl: URL_ } : { manifestUrl: URL_, now });
}

function tracks(p: Presentation): Track[] {
  return p.periods.flatMap((x) => x.switchingSets.flatMap((s) => s.tracks));
}

function segments(t: Track): SegmentReference[] {
  const out: SegmentReference[] = [];
  for (let i = 0; i < t.segmentIndex!.length; i++) out.push(t.segmentIndex!.get(i)!);
  return out;
}

const errorOf = manifestErrorOf;

const VIDEO_AS = (inner: string, rep = '<Representation id="v1" bandwidth="1000000" width="1280" height="720" codecs="avc1.64001f"/>') =>
  `<Period id="p0"><AdaptationSet mimeType="video/mp4" contentType="video">${inner}${rep}</AdaptationSet></Period>`;

describe('parseDashManifest: SegmentTemplate', () => {
  it('expands $Number%05d$, $RepresentationID$, $Bandwidth$ and $$ with @duration', () => {
    const p = parse(mpd(VIDEO_AS('<SegmentTemplate timescale="1000" duration="4000" startNumber="7" initialization="$RepresentationID$/init-$Bandwidth$.mp4" media="$RepresentationID$/s$Number%05d$$$.m4s"/>')));
    const [t] = tracks(p);
    const segs = segments(t!);
    expect(segs).toHaveLength(5);
    expect(segs[0]).toMatchObject({ start: 0, end: 4, uri: 'v1/s00007$.m4s', sequence: 7 });
    expect(segs[4]).toMatchObject({ start: 16, end: 20, uri: 'v1/s00011$.m4s' });
    expect(segs[0]!.init!.uri).toBe('v1/init-1000000.mp4');
    expect(candidateUrls(t!, segs[0]!)[0]!.url).toBe('https://cdn.example.com/title/v1/s00007$.m4s');
    expect(t!.segmentIndex!.find(9.5)).toBe(2);
    expect(validatePresentation(p)).toEqual([]);
  });

  it('clips the last segment to the period end when the duration does not divide it', () => {
    const p = parse(mpd(VIDEO_AS('<SegmentTemplate timescale="1" duration="6" media="$Number$.m4s" initialization="i.mp4"/>')));
    const segs = segments(tracks(p)[0]!);
    expect(segs.map((s) => [s.start, s.end])).toEqual([[0, 6], [6, 12], [12, 18], [18, 20]]);
  });

  it('expands a SegmentTimeline with r, r=-1 to the period end, and $Time$', () => {
    const tl = '<SegmentTimeline><S t="90000" d="180000" r="1"/><S d="90000"/><S d="180000" r="-1"/></SegmentTimeline>';
    const p = parse(mpd(VIDEO_AS(`<SegmentTemplate timescale="90000" presentationTimeOffset="90000" media="t$Time$.m4s" initialization="i.mp4">${tl}</SegmentTemplate>`), 'type="static" mediaPresentationDuration="PT11S"'));
    const segs = segments(tracks(p)[0]!);
    // PTO = 1 s maps media time 90000 to presentation 0.
    expect(segs.map((s) => s.start)).toEqual([0, 2, 4, 5, 7, 9]);
    expect(segs.at(-1)!.end).toBe(11);
    expect(segs.map((s) => s.uri).slice(0, 3)).toEqual(['t90000.m4s', 't270000.m4s', 't450000.m4s']);
    expect(segs[0]!.timestampOffset).toBe(-1);
  });

  it('repeats r=-1 up to the next S@t', () => {
    const tl = '<SegmentTimeline><S t="0" d="2" r="-1"/><S t="10" d="5"/></SegmentTimeline>';
    const p = parse(mpd(VIDEO_AS(`<SegmentTemplate media="$Number$.m4s" initialization="i.mp4">${tl}</SegmentTemplate>`), 'type="static" mediaPresentationDuration="PT15S"'));
    expect(segments(tracks(p)[0]!).map((s) => [s.start, s.end])).toEqual([[0, 2], [2, 4], [4, 6], [6, 8], [8, 10], [10, 15]]);
  });

  it('inherits SegmentTemplate attributes Period → AdaptationSet → Representation, most specific wins', () => {
    const body = `<Period><SegmentTemplate timescale="10" duration="20" media="$RepresentationID$-$Number$.m4s" initialization="p-init.mp4"/>
      <AdaptationSet mimeType="audio/mp4" codecs="mp4a.40.2" lang="fr"><SegmentTemplate duration="40"/>
        <Representation id="a" bandwidth="128000"/>
        <Representation id="b" bandwidth="64000"><SegmentTemplate initialization="b-init.mp4"/></Representation>
      </AdaptationSet></Period>`;
    const [a, b] = tracks(parse(mpd(body)));
    expect(a!.type).toBe('audio');
    expect(a!.language).toBe('fr');
    expect(segments(a!)).toHaveLength(5); // 4 s segments over 20 s
    expect(segments(a!)[1]!.uri).toBe('a-2.m4s');
    expect(segments(a!)[0]!.init!.uri).toBe('p-init.mp4');
    expect(segments(b!)[0]!.init!.uri).toBe('b-init.mp4');
  });

  it('shares one expanded timeline across the representations of an AdaptationSet', () => {
    const rep = (i: number) => `<Representation id="v${i}" bandwidth="${(i + 1) * 100000}"/>`;
    const body = VIDEO_AS('<SegmentTemplate media="$RepresentationID$/$Time$.m4s" initialization="i.mp4"><SegmentTimeline><S t="0" d="2" r="9"/></SegmentTimeline></SegmentTemplate>', [0, 1, 2].map(rep).join(''));
    const ts = tracks(parse(mpd(body)));
    expect(ts.map((t) => segments(t)[3]!.uri)).toEqual(['v0/6.m4s', 'v1/6.m4s', 'v2/6.m4s']);
  });
});

describe('parseDashManifest: SegmentList and SegmentBase', () => {
  it('reads SegmentList with SegmentURL media/mediaRange and Initialization range', () => {
    const body = VIDEO_AS(`<SegmentList timescale="1000" duration="10000"><Initialization sourceURL="v.mp4" range="0-799"/>
      <SegmentURL media="v.mp4" mediaRange="800-1999"/><SegmentURL media="v.mp4" mediaRange="2000-2999"/></SegmentList>`);
    const segs = segments(tracks(parse(mpd(body)))[0]!);
    expect(segs).toHaveLength(2);
    expect(segs[1]).toMatchObject({ start: 10, end: 20, uri: 'v.mp4', byteRange: { start: 2000, end: 2999 } });
    expect(segs[0]!.init).toEqual({ uri: 'v.mp4', byteRange: { start: 0, end: 799 } });
  });

  it('turns SegmentBase@indexRange into a sidx index source', () => {
    const body = VIDEO_AS('<BaseURL>video.mp4</BaseURL><SegmentBase indexRange="900-1099" timescale="90000"><Initialization range="0-899"/></SegmentBase>');
    const [t] = tracks(parse(mpd(body)));
    expect(t!.segmentIndex).toBeNull();
    expect(t!.indexSource).toMatchObject({ kind: 'sidx', indexRange: { start: 900, end: 1099 }, init: { uri: '', byteRange: { start: 0, end: 899 } } });
    expect(t!.baseUrls[0]!.url).toBe('https://cdn.example.com/title/video.mp4');
  });

  it('treats a representation with only a BaseURL as one self-contained resource (sidecar text)', () => {
    const body = '<Period><AdaptationSet mimeType="text/vtt" lang="en"><Role schemeIdUri="urn:mpeg:dash:role:2011" value="subtitle"/><Representation id="t" bandwidth="256"><BaseURL>subs/en.vtt</BaseURL></Representation></AdaptationSet></Period>';
    const p = parse(mpd(body));
    const [t] = tracks(p);
    expect(t!.type).toBe('text');
    expect(t!.roles).toEqual(['subtitle']);
    expect(segments(t!)).toEqual([expect.objectContaining({ start: 0, end: 20, uri: '' })]);
    expect(candidateUrls(t!, segments(t!)[0]!)[0]!.url).toBe('https://cdn.example.com/title/subs/en.vtt');
  });
});

describe('parseDashManifest: periods, base URLs, pathways', () => {
  it('computes period starts from @start / previous @duration and offsets segment times', () => {
    const period = (id: string, extra: string) => `<Period id="${id}" ${extra}>${VIDEO_AS(`<SegmentTemplate timescale="1" duration="2" media="${id}-$Number$.m4s" initialization="i.mp4"/>`).replace(/^<Period id="p0">|<\/Period>$/g, '')}</Period>`;
    const p = parse(mpd(period('a', 'duration="PT6S"') + period('b', ''), 'type="static" mediaPresentationDuration="PT10S"'));
    expect(p.periods.map((x) => [x.start, x.duration])).toEqual([[0, 6], [6, 4]]);
    const second = p.periods[1]!.switchingSets[0]!.tracks[0]!;
    expect(second.id).not.toBe(p.periods[0]!.switchingSets[0]!.tracks[0]!.id); // ids unique across periods
    expect(segments(second)[0]).toMatchObject({ start: 6, end: 8, discontinuity: 1, timestampOffset: 6 });
    expect(p.duration).toBe(10);
    expect(validatePresentation(p)).toEqual([]);
  });

  it('keeps several BaseURLs with serviceLocation as ranked pathways and resolves nested relative BaseURLs', () => {
    const body = `<BaseURL serviceLocation="isp-a">https://a.example.net/t/</BaseURL><BaseURL serviceLocation="ixp">https://b.example.net/t/</BaseURL>
      <Period>${VIDEO_AS('<SegmentTemplate timescale="1" duration="4" media="$Number$.m4s" initialization="i.mp4"/>', '<Representation id="v" bandwidth="1"><BaseURL>video/</BaseURL></Representation>').replace(/^<Period id="p0">|<\/Period>$/g, '')}</Period>`;
    const p = parse(mpd(body));
    const [t] = tracks(p);
    expect(t!.baseUrls).toEqual([
      { url: 'https://a.example.net/t/video/', pathwayId: 'isp-a' },
      { url: 'https://b.example.net/t/video/', pathwayId: 'ixp' },
    ]);
    expect(p.pathways.map((b) => b.pathwayId)).toEqual(['isp-a', 'ixp']);
    expect(candidateUrls(t!, segments(t!)[0]!).map((c) => c.url)).toEqual(['https://a.example.net/t/video/1.m4s', 'https://b.example.net/t/video/1.m4s']);
  });

  it('parses the DASH-IF ContentSteering element', () => {
    const p = parse(mpd(`<ContentSteering defaultServiceLocation="isp-a" queryBeforeStart="true" proxyServerURL="https://proxy/">steer?x=1</ContentSteering>${VIDEO_AS('<SegmentTemplate duration="4" media="$Number$" initialization="i"/>')}`));
    expect(p.contentSteering).toEqual({ serverUri: 'https://cdn.example.com/title/steer?x=1', defaultPathwayId: 'isp-a', queryBeforeStart: true, proxyServerUri: 'https://proxy/' });
  });

  it('follows Location for refreshes', () => {
    const p = parse(mpd(`<Location>https://other.example.com/live.mpd</Location>${VIDEO_AS('<SegmentTemplate duration="4" media="$Number$" initialization="i"/>')}`));
    expect(p.manifestUrl).toBe('https://other.example.com/live.mpd');
  });
});

describe('parseDashManifest: dynamic MPDs', () => {
  const AST = Date.parse('2026-01-01T00:00:00Z');
  const live = (extra = '') =>
    mpd(
      VIDEO_AS('<SegmentTemplate timescale="1" duration="2" startNumber="1" media="$Number$.m4s" initialization="i.mp4"/>'),
      `type="dynamic" availabilityStartTime="2026-01-01T00:00:00Z" minimumUpdatePeriod="PT2S" timeShiftBufferDepth="PT10S" suggestedPresentationDelay="PT6S" minBufferTime="PT2S" publishTime="2026-01-01T00:01:00Z" ${extra}`,
    );

  it('exposes the live window: segments completed by now, within the time-shift buffer', () => {
    const p = parse(live(), AST + 61_000); // 61 s after AST
    expect(p.type).toBe('live');
    expect(p.duration).toBeNull();
    expect(p).toMatchObject({ availabilityStartTime: AST, timeShiftBufferDepth: 10, minimumUpdatePeriod: 2, suggestedPresentationDelay: 6 });
    const segs = segments(tracks(p)[0]!);
    expect(segs.at(-1)).toMatchObject({ start: 58, end: 60, uri: '30.m4s', sequence: 30 });
    expect(segs[0]!.start).toBeGreaterThanOrEqual(60 - 10 - 2);
    expect(segs[0]!.uri).toBe(`${segs[0]!.sequence}.m4s`);
  });

  it('reads UTCTiming and requires availabilityStartTime', () => {
    const p = parse(live().replace('</MPD>', '<UTCTiming schemeIdUri="urn:mpeg:dash:utc:http-iso:2014" value="https://time/"/></MPD>'), AST + 20_000);
    expect(p.utcTiming).toEqual([{ schemeIdUri: 'urn:mpeg:dash:utc:http-iso:2014', value: 'https://time/' }]);
    const e = errorOf(() => parse(mpd(VIDEO_AS(''), 'type="dynamic"')));
    expect(e.code).toBe('MANIFEST_MISSING_ATTRIBUTE');
  });
});

describe('parseDashManifest: descriptors and protection', () => {
  it('merges mp4protection scheme and default_KID into each key system, with pssh, mspr:pro and laurl', () => {
    const cp = `<ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="cenc" cenc:default_KID="2ba8bf0e-1d4c-4f5e-a8a1-4d7e1f0b9a11"/>
      <ContentProtection schemeIdUri="urn:uuid:EDEF8BA9-79D6-4ACE-A3C8-27DCD51D21ED"><cenc:pssh>AAAAQ3Bzc2g=</cenc:pssh></ContentProtection>
      <ContentProtection schemeIdUri="urn:uuid:9a04f079-9840-4286-ab92-e65be0885f95"><mspr:pro>PRO==</mspr:pro></ContentProtection>
      <ContentProtection schemeIdUri="urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e"><dashif:laurl>https://lic/ck</dashif:laurl></ContentProtection>`;
    const [t] = tracks(parse(mpd(VIDEO_AS(`${cp}<SegmentTemplate duration="4" media="$Number$" initialization="i"/>`))));
    const kid = '2ba8bf0e1d4c4f5ea8a14d7e1f0b9a11';
    expect(t!.contentProtection).toEqual([
      { schemeIdUri: 'urn:mpeg:dash:mp4protection:2011', encryptionScheme: 'cenc', defaultKeyIds: [kid], pssh: [] },
      { schemeIdUri: 'urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed', keySystem: 'com.widevine.alpha', encryptionScheme: 'cenc', defaultKeyIds: [kid], pssh: ['AAAAQ3Bzc2g='] },
      { schemeIdUri: 'urn:uuid:9a04f079-9840-4286-ab92-e65be0885f95', keySystem: 'com.microsoft.playready', encryptionScheme: 'cenc', defaultKeyIds: [kid], pssh: [], playReadyObject: 'PRO==' },
      { schemeIdUri: 'urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e', keySystem: 'org.w3.clearkey', encryptionScheme: 'cenc', defaultKeyIds: [kid], pssh: [], licenseUrl: 'https://lic/ck' },
    ]);
  });

  it('passes Role, Accessibility, Label, Essential/SupplementalProperty through and derives HDR, frame rate, channels', () => {
    const body = `<Period>
      <AdaptationSet mimeType="video/mp4" codecs="hvc1.2.4.L120" frameRate="30000/1001">
        <Role schemeIdUri="urn:mpeg:dash:role:2011" value="main"/>
        <Accessibility schemeIdUri="urn:tva:metadata:cs:AudioPurposeCS:2007" value="1"/>
        <Label>Main video</Label>
        <SupplementalProperty schemeIdUri="urn:mpeg:mpegB:cicp:TransferCharacteristics" value="16"/>
        <SegmentTemplate duration="4" media="$Number$" initialization="i"/>
        <Representation id="hdr" bandwidth="8000000" width="3840" height="2160"/>
      </AdaptationSet>
      <AdaptationSet mimeType="audio/mp4" codecs="ec-3" lang="en">
        <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="6"/>
        <EssentialProperty schemeIdUri="urn:example:custom" value="x" foo="bar"/>
        <SegmentTemplate duration="4" media="$Number$" initialization="i"/>
        <Representation id="ec3" bandwidth="384000" audioSamplingRate="48000"/>
      </AdaptationSet></Period>`;
    const p = parse(mpd(body));
    const [vset, aset] = p.periods[0]!.switchingSets;
    expect(vset).toMatchObject({ type: 'video', roles: ['main'], isDefault: true, label: 'Main video', codecFamily: 'hvc1' });
    expect(vset!.accessibility).toEqual([{ schemeIdUri: 'urn:tva:metadata:cs:AudioPurposeCS:2007', value: '1' }]);
    expect(vset!.tracks[0]).toMatchObject({ hdr: 'PQ', width: 3840, height: 2160 });
    expect(vset!.tracks[0]!.frameRate).toBeCloseTo(29.97, 2);
    expect(aset!.tracks[0]).toMatchObject({ channels: 6, sampleRate: 48000, language: 'en' });
    expect(aset!.essentialProperties).toEqual([{ schemeIdUri: 'urn:example:custom', value: 'x', attributes: { foo: 'bar' } }]);
  });

  it('parses EventStream events onto the presentation timeline', () => {
    const body = `<Period start="PT10S"><EventStream schemeIdUri="urn:scte:scte35:2013:xml" timescale="10"><Event presentationTime="50" duration="20" id="1">payload</Event></EventStream>${VIDEO_AS('<SegmentTemplate duration="4" media="$Number$" initialization="i"/>').replace(/^<Period id="p0">|<\/Period>$/g, '')}</Period>`;
    const p = parse(mpd(body, 'type="static" mediaPresentationDuration="PT30S"'));
    expect(p.periods[0]!.events).toEqual([{ schemeIdUri: 'urn:scte:scte35:2013:xml', id: '1', start: 15, duration: 2, messageData: 'payload' }]);
  });
});

describe('parseDashManifest: bad input', () => {
  it.each([
    ['empty', 'MANIFEST_EMPTY', ''],
    ['not XML', 'MANIFEST_XML_MALFORMED', 'hello'],
    ['wrong root', 'MANIFEST_WRONG_FORMAT', '<html/>'],
    ['no period', 'MANIFEST_NO_PLAYABLE_CONTENT', mpd('')],
    ['no bandwidth', 'MANIFEST_MISSING_ATTRIBUTE', mpd(VIDEO_AS('<SegmentTemplate duration="4" media="$Number$"/>', '<Representation id="x"/>'))],
    ['no id', 'MANIFEST_MISSING_ATTRIBUTE', mpd(VIDEO_AS('<SegmentTemplate duration="4" media="$Number$"/>', '<Representation bandwidth="1"/>'))],
    ['negative bandwidth', 'MANIFEST_INVALID_VALUE', mpd(VIDEO_AS('<SegmentTemplate duration="4" media="$Number$"/>', '<Representation id="x" bandwidth="-5"/>'))],
    ['zero bandwidth video', 'MANIFEST_INVALID_VALUE', mpd(VIDEO_AS('<SegmentTemplate duration="4" media="$Number$"/>', '<Representation id="x" bandwidth="0"/>'))],
    ['bad duration', 'MANIFEST_INVALID_VALUE', mpd(VIDEO_AS(''), 'type="static" mediaPresentationDuration="forever"')],
    ['unknown template identifier', 'MANIFEST_INVALID_VALUE', mpd(VIDEO_AS('<SegmentTemplate duration="4" media="$Segment$.m4s"/>'))],
    ['timescale 0', 'MANIFEST_INVALID_VALUE', mpd(VIDEO_AS('<SegmentTemplate timescale="0" duration="4" media="$Number$"/>'))],
    ['S without d', 'MANIFEST_MISSING_ATTRIBUTE', mpd(VIDEO_AS('<SegmentTemplate media="$Number$"><SegmentTimeline><S t="0"/></SegmentTimeline></SegmentTemplate>'))],
    ['absurd repeat count', 'MANIFEST_LIMIT_EXCEEDED', mpd(VIDEO_AS('<SegmentTemplate media="$Number$"><SegmentTimeline><S t="0" d="1" r="999999999999"/></SegmentTimeline></SegmentTemplate>'), 'type="static" mediaPresentationDuration="P100000D"')],
    ['absurd duration count', 'MANIFEST_LIMIT_EXCEEDED', mpd(VIDEO_AS('<SegmentTemplate timescale="1000" duration="1" media="$Number$"/>'), 'type="static" mediaPresentationDuration="P100000D"')],
    ['time goes back', 'MANIFEST_INVALID_VALUE', mpd(VIDEO_AS('<SegmentTemplate media="$Number$"><SegmentTimeline><S t="10" d="1"/><S t="0" d="1"/></SegmentTimeline></SegmentTemplate>'))],
    ['bad byte range', 'MANIFEST_INVALID_VALUE', mpd(VIDEO_AS('<SegmentBase indexRange="9-1"/>'))],
    ['periods out of order', 'MANIFEST_INVALID_VALUE', mpd(`<Period start="PT10S">${VIDEO_AS('<SegmentTemplate duration="4" media="$Number$"/>').slice(16)}<Period start="PT0S"/>`)],
  ])('%s → ManifestError %s', (_name, code, text) => {
    const e = errorOf(() => parse(text));
    expect(e.code).toBe(code);
  });

  it('names the element path in the message', () => {
    const e = errorOf(() => parse(mpd(VIDEO_AS('<SegmentTemplate duration="4" media="$Number$"/>', '<Representation id="ok" bandwidth="1"/><Representation id="x" bandwidth="abc"/>'))));
    expect(e.message).toContain('MPD/Period[0]/AdaptationSet[0]/Representation[1]@bandwidth');
  });
});
