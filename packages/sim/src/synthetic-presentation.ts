import { parseDashManifest, type BaseUrl, type Presentation } from '@edgeplay/core';
import { encodeSyntheticPayload, type SyntheticMediaHeader } from './synthetic-payload.js';

/** One rung of a synthetic ladder. */
export interface LadderRung {
  /** Bits per second. */
  bandwidth: number;
  width?: number;
  height?: number;
}

/** Shape of a generated presentation (ladder, duration, segment duration, audio, pathways, VBR). */
export interface SyntheticPresentationOptions {
  /** Video ladder: bits/s numbers or rungs. Sorted ascending in the output. */
  ladder: readonly (number | LadderRung)[];
  /** Seconds. */
  duration: number;
  /** Seconds per segment. */
  segmentDuration: number;
  /** Audio bitrate, bits/s; 0 or omitted = no separate audio. */
  audioBandwidth?: number;
  /** Pathways; default two CDNs `a` and `b`. */
  pathways?: readonly BaseUrl[];
  /**
   * Segment size variation (VBR) as a fraction: each segment's size is the
   * nominal `bandwidth × duration` scaled by a deterministic factor in
   * [1 − vbr, 1 + vbr]. Default 0 (CBR).
   */
  vbr?: number;
  /**
   * List every video segment with its byte range (`SegmentList` with
   * `@mediaRange`), as an indexed on-demand encode (sidx, `EXT-X-BYTERANGE`)
   * tells a player each segment's size before it is fetched. Default false:
   * `SegmentTemplate` numbering, sizes unknown until fetched.
   */
  segmentSizesInManifest?: boolean;
  /** DASH-IF `<ContentSteering>`: the steering server the player should ask (serve it with the network's `routes`). */
  contentSteering?: { serverUri: string; defaultServiceLocation?: string; queryBeforeStart?: boolean };
}

/** A resource of the synthetic presentation. */
export interface SyntheticResource {
  header: SyntheticMediaHeader;
  /** Size on the wire, bytes. */
  bytes: number;
}

/** A generated presentation the simulated network can serve. */
export interface SyntheticPresentation {
  /** Where the MPD is served. */
  manifestUrl: string;
  /** The MPD text (what the player fetches). */
  manifestText: string;
  /** The same presentation, parsed. */
  presentation: Presentation;
  /** Maps a request URL (any pathway) to the resource it names, or null (→ 404). */
  resolve(url: string): SyntheticResource | null;
  /** Payload bytes of a resolved resource. */
  payload(resource: SyntheticResource): ArrayBuffer;
}

const DEFAULT_PATHWAYS: BaseUrl[] = [
  { url: 'https://cdn-a.sim.invalid/content/', pathwayId: 'a' },
  { url: 'https://cdn-b.sim.invalid/content/', pathwayId: 'b' },
];

const RESOURCE = /\/(video|audio)\/([^/?#]+)\/(?:init\.mp4|seg-(\d+)\.m4s)(?:[?#].*)?$/;

/** Common heights for a bitrate when the ladder gives none (roughly Apple's HLS authoring spec). */
function heightFor(bps: number): number {
  if (bps >= 5e6) return 1080;
  if (bps >= 2.5e6) return 720;
  if (bps >= 1.2e6) return 540;
  if (bps >= 7e5) return 432;
  if (bps >= 4e5) return 360;
  return 234;
}

/** Deterministic pseudo-random in [0, 1) from two integers (no global state). */
function hash01(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 4294967296;
}

/**
 * Builds a VOD presentation (a DASH MPD with `SegmentTemplate` numbering, two
 * pathways by default) whose segments the simulated network serves with
 * realistic sizes. The presentation is produced by the real DASH parser from
 * the MPD text, so the simulator exercises the same path as playback.
 */
export function syntheticPresentation(options: SyntheticPresentationOptions): SyntheticPresentation {
  const { duration, segmentDuration } = options;
  if (!(duration > 0) || !(segmentDuration > 0)) throw new RangeError(`syntheticPresentation: duration (${duration}) and segmentDuration (${segmentDuration}) must be > 0`);
  if (options.ladder.length === 0) throw new RangeError('syntheticPresentation: empty ladder');
  const rungs = options.ladder
    .map((r) => (typeof r === 'number' ? { bandwidth: r } : r))
    .map((r) => {
      if (!(r.bandwidth > 0)) throw new RangeError(`syntheticPresentation: bandwidth ${r.bandwidth} must be > 0`);
      const height = r.height ?? heightFor(r.bandwidth);
      return { bandwidth: Math.round(r.bandwidth), height, width: r.width ?? Math.round((height * 16) / 9 / 2) * 2 };
    })
    .sort((a, b) => a.bandwidth - b.bandwidth);
  const pathways = options.pathways ?? DEFAULT_PATHWAYS;
  const audio = options.audioBandwidth && options.audioBandwidth > 0 ? Math.round(options.audioBandwidth) : 0;
  const vbr = Math.min(0.9, Math.max(0, options.vbr ?? 0));
  const segmentCount = Math.ceil(duration / segmentDuration - 1e-9);
  const manifestUrl = `${pathways[0]?.url ?? DEFAULT_PATHWAYS[0]!.url}manifest.mpd`;

  const ms = (s: number) => Math.round(s * 1000);
  // One segment's size: nominal × a deterministic VBR factor per (segment, rung).
  const segmentBytes = (bandwidth: number, n: number): number => {
    const start = (n - 1) * segmentDuration;
    const end = Math.min(duration, n * segmentDuration);
    const factor = 1 + vbr * (2 * hash01(n, bandwidth) - 1);
    return Math.max(200, Math.round(((bandwidth * (end - start)) / 8) * factor));
  };
  const segmentList = (bandwidth: number) =>
    [
      `<SegmentList timescale="1000" duration="${ms(segmentDuration)}" startNumber="1">`,
      `<Initialization sourceURL="video/v${bandwidth}/init.mp4"/>`,
      ...Array.from({ length: segmentCount }, (_, i) => `<SegmentURL media="video/v${bandwidth}/seg-${i + 1}.m4s" mediaRange="0-${segmentBytes(bandwidth, i + 1) - 1}"/>`),
      '</SegmentList>',
    ].join('');
  const indexed = options.segmentSizesInManifest === true;
  const template = (type: string) =>
    `<SegmentTemplate timescale="1000" duration="${ms(segmentDuration)}" startNumber="1" initialization="${type}/$RepresentationID$/init.mp4" media="${type}/$RepresentationID$/seg-$Number$.m4s"/>`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" profiles="urn:mpeg:dash:profile:isoff-live:2011" mediaPresentationDuration="PT${(ms(duration) / 1000).toFixed(3)}S" minBufferTime="PT2S" maxSegmentDuration="PT${(ms(segmentDuration) / 1000).toFixed(3)}S">`,
    ...pathways.map((p) => `  <BaseURL serviceLocation="${p.pathwayId}">${p.url}</BaseURL>`),
    ...(options.contentSteering
      ? [
          `  <ContentSteering${options.contentSteering.defaultServiceLocation ? ` defaultServiceLocation="${options.contentSteering.defaultServiceLocation}"` : ''} queryBeforeStart="${options.contentSteering.queryBeforeStart ? 'true' : 'false'}">${options.contentSteering.serverUri}</ContentSteering>`,
        ]
      : []),
    '  <Period id="p0" start="PT0S">',
    '    <AdaptationSet id="1" contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1">',
    ...(indexed ? [] : [`      ${template('video')}`]),
    ...rungs.map(
      (r) =>
        `      <Representation id="v${r.bandwidth}" bandwidth="${r.bandwidth}" width="${r.width}" height="${r.height}" codecs="avc1.64001f" frameRate="30"${indexed ? `>${segmentList(r.bandwidth)}</Representation>` : '/>'}`,
    ),
    '    </AdaptationSet>',
    ...(audio
      ? [
          '    <AdaptationSet id="2" contentType="audio" mimeType="audio/mp4" lang="en" segmentAlignment="true">',
          `      ${template('audio')}`,
          `      <Representation id="a${audio}" bandwidth="${audio}" codecs="mp4a.40.2" audioSamplingRate="48000"/>`,
          '    </AdaptationSet>',
        ]
      : []),
    '  </Period>',
    '</MPD>',
  ];
  const manifestText = lines.join('\n');
  const presentation = parseDashManifest(manifestText, { manifestUrl });

  const bandwidthOf = new Map<string, number>(rungs.map((r) => [`v${r.bandwidth}`, r.bandwidth]));
  if (audio) bandwidthOf.set(`a${audio}`, audio);

  const resolve = (url: string): SyntheticResource | null => {
    const m = RESOURCE.exec(url);
    if (!m) return null;
    const [, type, trackId, numberText] = m;
    const bandwidth = bandwidthOf.get(trackId!);
    if (bandwidth === undefined || (type === 'video') !== trackId!.startsWith('v')) return null;
    if (numberText === undefined) {
      return { header: { type: type!, trackId: trackId!, init: true, start: 0, end: 0 }, bytes: 900 };
    }
    const n = Number(numberText);
    if (!(n >= 1 && n <= segmentCount)) return null;
    const start = (n - 1) * segmentDuration;
    const end = Math.min(duration, n * segmentDuration);
    return { header: { type: type!, trackId: trackId!, init: false, start, end }, bytes: segmentBytes(bandwidth, n) };
  };

  return {
    manifestUrl,
    manifestText,
    presentation,
    resolve,
    payload: (resource) => encodeSyntheticPayload(resource.header, resource.bytes),
  };
}
