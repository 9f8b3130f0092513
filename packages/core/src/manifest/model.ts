/**
 * The presentation model both parsers (DASH and HLS) produce and the engine
 * consumes. Format-specific details stay in the parsers; what the engine needs
 * to schedule, adapt and fail over lives here.
 *
 * Times are in seconds on the presentation timeline unless a name says
 * otherwise. Presentation time 0 is the start of the first period for VOD and
 * `availabilityStartTime` for live DASH (HLS live uses EXT-X-PROGRAM-DATE-TIME
 * when present, else the playlist's own timeline).
 */
import type { SegmentIndex } from './segment-index.js';

/** The manifest protocol a presentation was parsed from. */
export type ManifestFormat = 'dash' | 'hls';
/** Media type of a track or switching set. */
export type ContentType = 'video' | 'audio' | 'text' | 'image';

/**
 * A delivery pathway (a CDN / edge cache). DASH: a BaseURL with its
 * `serviceLocation`; HLS: a PATHWAY-ID. Order in a list is rank: index 0 is
 * preferred.
 */
export interface BaseUrl {
  /** Absolute URL (ends with `/` for directory bases). */
  url: string;
  /** Pathway id: DASH `serviceLocation`, HLS `PATHWAY-ID`; `""` when unnamed. */
  pathwayId: string;
  /** DASH `dvb:priority` / `dvb:weight` when present. */
  priority?: number;
  weight?: number;
}

/** A byte range, both ends inclusive, as in HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  /** Inclusive end; `null` means to the end of the resource. */
  end: number | null;
}

/** Where the init segment (ftyp+moov) of a track lives. */
export interface InitSegmentReference {
  /** URI relative to the owning track's base URLs, or absolute. */
  uri: string;
  byteRange?: ByteRange;
  /** HLS: key that applies to the init segment (EXT-X-KEY before EXT-X-MAP). */
  key?: SegmentKey;
}

/** HLS segment encryption (EXT-X-KEY). CENC/CBCS keys are ContentProtection. */
export interface SegmentKey {
  /** HLS EXT-X-KEY METHOD. */
  method: 'AES-128' | 'AES-256' | 'AES-256-CTR' | 'SAMPLE-AES' | 'SAMPLE-AES-CTR' | 'NONE';
  /** Absolute URI (may be `data:` or `skd:`). */
  uri?: string;
  /** 16-byte IV as hex (without 0x); when absent the media sequence number is used. */
  iv?: string;
  /** HLS KEYFORMAT (`identity` when absent). */
  keyFormat: string;
  /** HLS KEYFORMATVERSIONS. */
  keyFormatVersions?: string;
  /** DASH SEA `@ivEncryptionFlag`: the IV (given or derived) is AES-encrypted with the key before use. */
  ivEncrypted?: boolean;
}

/** LL-HLS partial segment (EXT-X-PART). */
export interface PartialSegmentReference {
  /** Presentation start time, seconds. */
  start: number;
  /** Presentation end time, seconds. */
  end: number;
  /** URI relative to the track base URLs, or absolute. */
  uri: string;
  /** Byte range within `uri`. */
  byteRange?: ByteRange;
  /** EXT-X-PART INDEPENDENT=YES: starts with an independent frame. */
  independent: boolean;
  /** EXT-X-PART GAP=YES: known to be missing. */
  gap: boolean;
}

/** One media segment. */
export interface SegmentReference {
  /** Presentation start/end time in seconds. */
  start: number;
  /** Presentation end time, seconds. */
  end: number;
  /** URI relative to the owning track's base URLs (template already expanded), or absolute. */
  uri: string;
  /** Byte range within `uri` (DASH SegmentBase/@mediaRange, HLS BYTERANGE). */
  byteRange?: ByteRange;
  /** Init segment to append before this segment (may change at discontinuities). */
  init: InitSegmentReference | null;
  /**
   * Seconds to add to the media's own timestamps (tfdt) to place it on the
   * presentation timeline (DASH: period start − presentationTimeOffset/timescale).
   * Used as SourceBuffer.timestampOffset.
   */
  timestampOffset: number;
  /** DASH $Number$ / HLS media sequence number. */
  sequence: number;
  /** HLS discontinuity sequence, DASH period index. Changes mean "reset decoder timeline". */
  discontinuity: number;
  /** HLS EXT-X-KEY in force for this segment. */
  key?: SegmentKey;
  /** LL-HLS parts of this segment, when the playlist lists them. */
  parts?: PartialSegmentReference[];
  /** Wall-clock time (ms since epoch) of `start`, from EXT-X-PROGRAM-DATE-TIME. */
  programDateTime?: number;
  /** HLS EXT-X-GAP: segment is known to be missing. */
  gap?: boolean;
}

/** DRM signalling for one key system (DASH ContentProtection, HLS EXT-X-KEY/SESSION-KEY with KEYFORMAT). */
export interface ContentProtection {
  /** `urn:uuid:...` scheme lowercased, or `urn:mpeg:dash:mp4protection:2011`, or HLS KEYFORMAT. */
  schemeIdUri: string;
  /** Key system name when known: `org.w3.clearkey`, `com.widevine.alpha`, `com.microsoft.playready`, `com.apple.fps`. */
  keySystem?: string;
  /** `cenc` | `cbcs` | ... from the `@value` attribute of the mp4protection descriptor or METHOD. */
  encryptionScheme?: string;
  /** Default KIDs, lowercase hex without dashes. */
  defaultKeyIds: string[];
  /** Base64 PSSH boxes (`cenc:pssh`) or init data. */
  pssh: string[];
  /** PlayReady Object (`mspr:pro`), base64. */
  playReadyObject?: string;
  /** License server URL signalled in the manifest (`dashif:laurl`, `ms:laurl`, HLS key URI). */
  licenseUrl?: string;
  /** HLS key URI (`skd://...`, `data:...`). */
  keyUri?: string;
}

/** `schemeIdUri` + `value` descriptors passed through untouched (Role, Accessibility, Essential/SupplementalProperty). */
export interface Descriptor {
  /** Scheme of the descriptor. */
  schemeIdUri: string;
  /** @value, when given. */
  value?: string;
  /** @id, when given. */
  id?: string;
  /** Remaining attributes, as written. */
  attributes?: Record<string, string>;
}

/**
 * A track (DASH Representation, HLS variant / rendition). Tracks in one
 * {@link SwitchingSet} are seamlessly switchable.
 */
export interface Track {
  /** Unique within the presentation. */
  id: string;
  /** Media type. */
  type: ContentType;
  /** Bits per second (DASH @bandwidth, HLS BANDWIDTH). Always > 0 for video/audio. */
  bandwidth: number;
  /** HLS AVERAGE-BANDWIDTH when given. */
  averageBandwidth?: number;
  /** RFC 6381 codecs string for this track only (e.g. `avc1.64001f`), `""` if unknown. */
  codecs: string;
  /** e.g. `video/mp4`, `audio/mp4`, `text/vtt`, `application/mp4`. */
  mimeType: string;
  /** Video width, pixels. */
  width?: number;
  /** Video height, pixels. */
  height?: number;
  /** Video frames per second. */
  frameRate?: number;
  /** Dynamic range: `SDR`, `PQ`, `HLG`. */
  hdr?: 'SDR' | 'PQ' | 'HLG';
  /** Audio channel count. */
  channels?: number;
  /** Audio sampling rate, Hz. */
  sampleRate?: number;
  /** BCP-47 language tag, when known. */
  language?: string;
  /** Human-readable name. */
  label?: string;
  /** Roles of its switching set (`main`, `alternate`, `subtitle`...). */
  roles: string[];
  /** Ranked pathways this track can be fetched from. Segment URIs resolve against these. */
  baseUrls: BaseUrl[];
  /** DRM signalling (key systems, default KIDs, PSSH) of this track. */
  contentProtection: ContentProtection[];
  /**
   * The segment index. `null` until loaded when {@link indexSource} says it
   * must be fetched (HLS media playlist, DASH SegmentBase sidx).
   */
  segmentIndex: SegmentIndex | null;
  /** Where the segment index comes from (inline, template, sidx, media playlist). */
  indexSource: IndexSource;
  /** HLS: the track has an I-frame-only playlist / DASH trick-mode track. */
  trickMode?: boolean;
  /** DASH EssentialProperty / SupplementalProperty of the representation. */
  essentialProperties: Descriptor[];
  /** DASH SupplementalProperty of the representation. */
  supplementalProperties: Descriptor[];
  /** HLS: the video variant also carries audio (muxed), so no separate audio is needed. */
  muxedAudio?: boolean;
  /** HLS STABLE-VARIANT-ID / STABLE-RENDITION-ID (pathway clones address tracks by it). */
  stableId?: string;
}

/**
 * How a track's segment index is obtained.
 * - `inline`: the manifest contained it (SegmentTemplate/Timeline/List, or an HLS media playlist already parsed).
 * - `sidx`: DASH SegmentBase — fetch `indexRange` of the media (or of the
 *   separate `indexUri`, a RepresentationIndex) and parse the `sidx`
 *   (WebM: the `Cues`, with the init range).
 * - `hls-media-playlist`: fetch the media playlist (URLs ranked by pathway) and parse it.
 */
export type IndexSource =
  | { kind: 'inline' }
  | {
      kind: 'sidx';
      /** The media resource the index points into ('' = the track's BaseURL). */
      uri: string;
      /** Bytes of the index: in `indexUri` when set, else in `uri`. `end: null` = to the end of the resource. */
      indexRange: ByteRange;
      /**
       * DASH `RepresentationIndex@sourceURL`: the index lives in its own
       * resource. Its byte offsets then count from the start of the media
       * resource (the anchor shaka-player uses; ISO/IEC 23009-1 leaves it open for ISOBMFF).
       */
      indexUri?: string;
      /** `webm`: the index is a Matroska `Cues` element (read with the init range's Info), not a `sidx`. */
      container?: 'webm';
      init: InitSegmentReference | null;
      timescaleHint?: number;
      timestampOffset: number;
      periodStart: number;
      periodEnd: number | null;
    }
  | { kind: 'hls-media-playlist'; uri: string };

/** A DASH AdaptationSet or an HLS group of switchable variants/renditions. */
export interface SwitchingSet {
  /** Unique within the period. */
  id: string;
  /** Media type of every track in the set. */
  type: ContentType;
  /** BCP-47 language tag, when known. */
  language?: string;
  /** Human-readable name (DASH Label, HLS NAME). */
  label?: string;
  /** DASH Role values (`main`, `alternate`, `subtitle`, `caption`, ...), HLS DEFAULT/AUTOSELECT/FORCED mapped to `main`/`forced-subtitle`. */
  roles: string[];
  /** DASH Accessibility descriptors; HLS CHARACTERISTICS as `urn:hls:characteristics` descriptors. */
  accessibility: Descriptor[];
  /** Codec family shared by the tracks (`avc1`, `hvc1`, `mp4a`, `wvtt`, ...) */
  codecFamily: string;
  /** Container MIME type shared by the tracks. */
  mimeType: string;
  /** The tracks ABR switches between, seamlessly. */
  tracks: Track[];
  /** DASH EssentialProperty of the adaptation set. */
  essentialProperties: Descriptor[];
  /** DASH SupplementalProperty of the adaptation set. */
  supplementalProperties: Descriptor[];
  /** HLS: GROUP-ID of the EXT-X-MEDIA group. */
  groupId?: string;
  /** Default selection hint (HLS DEFAULT=YES, DASH Role main). */
  isDefault?: boolean;
}

/** DASH EventStream / HLS EXT-X-DATERANGE. */
export interface TimelineEvent {
  /** Event scheme: DASH EventStream@schemeIdUri; `urn:hls:daterange:<CLASS>` for HLS EXT-X-DATERANGE. */
  schemeIdUri: string;
  /** Event stream @value. */
  value?: string;
  /** Event id. */
  id?: string;
  /** Presentation time, seconds. */
  start: number;
  /** Duration, seconds, when known. */
  duration?: number;
  /** Event payload as text. */
  messageData?: string;
}

/** A time span of the presentation with its own switching sets (DASH Period; HLS has one). */
export interface Period {
  /** DASH Period@id (generated when absent); `main` for HLS. */
  id: string;
  /** Presentation time at which the period starts. */
  start: number;
  /** `null` when unknown (last period of a live stream). */
  duration: number | null;
  /** Adaptation sets / HLS renditions of the period. */
  switchingSets: SwitchingSet[];
  /** Timed events (DASH EventStream, HLS EXT-X-DATERANGE). */
  events: TimelineEvent[];
}

/** DASH UTCTiming element. */
export interface UtcTimingSource {
  /** DASH UTCTiming scheme (e.g. `urn:mpeg:dash:utc:http-iso:2014`). */
  schemeIdUri: string;
  /** Where to get the time (URL) or the time itself, per scheme. */
  value: string;
}

/** DASH-IF Content Steering / HLS EXT-X-CONTENT-STEERING. */
export interface ContentSteering {
  /** Absolute steering server URL. */
  serverUri: string;
  /** Pathway to start on (DASH @defaultServiceLocation, HLS PATHWAY-ID). */
  defaultPathwayId?: string;
  /** DASH @queryBeforeStart. */
  queryBeforeStart: boolean;
  /** DASH @proxyServerURL. */
  proxyServerUri?: string;
}

/** LL-HLS EXT-X-SERVER-CONTROL / DASH low-latency hints. */
export interface LowLatencyInfo {
  /** HLS CAN-BLOCK-RELOAD: blocking playlist reload is supported. */
  canBlockReload?: boolean;
  /** HLS CAN-SKIP-UNTIL, seconds: delta playlists are available. */
  canSkipUntil?: number;
  /** HLS CAN-SKIP-DATERANGES. */
  canSkipDateRanges?: boolean;
  /** HLS HOLD-BACK, seconds from the live edge. */
  holdBack?: number;
  /** HLS PART-HOLD-BACK, seconds from the live edge with parts. */
  partHoldBack?: number;
  /** HLS EXT-X-PART-INF PART-TARGET, seconds. */
  partTargetDuration?: number;
  /** DASH ServiceDescription Latency@target in seconds. */
  targetLatency?: number;
}

/** A parsed manifest: the protocol-independent model the Player streams from. */
export interface Presentation {
  /** Protocol of the source manifest. */
  format: ManifestFormat;
  /** `live` for dynamic MPDs and HLS playlists without ENDLIST. */
  type: 'vod' | 'live';
  /** Total duration in seconds (VOD); `null` for live. */
  duration: number | null;
  /** Periods in presentation order. */
  periods: Period[];
  /** Ranked pathways for the whole presentation (union over tracks, in rank order). */
  pathways: BaseUrl[];
  /** Content steering server of the presentation, when signalled. */
  contentSteering?: ContentSteering;
  /** Where to re-fetch the manifest (DASH Location, else the original URL). */
  manifestUrl: string;
  /** Live: ms since epoch of presentation time 0 (DASH availabilityStartTime). */
  availabilityStartTime?: number;
  /** Live: DVR window length in seconds. */
  timeShiftBufferDepth?: number;
  /** Live: how often to re-fetch the manifest, seconds (DASH minimumUpdatePeriod, HLS target duration). */
  minimumUpdatePeriod?: number;
  /** Live: suggested distance from the live edge, seconds. */
  suggestedPresentationDelay?: number;
  /** DASH @minBufferTime, seconds. */
  minBufferTime: number;
  /** Longest segment duration, seconds (DASH @maxSegmentDuration, HLS TARGETDURATION). */
  maxSegmentDuration: number;
  /** Clock sources for live edge math (DASH UTCTiming). */
  utcTiming: UtcTimingSource[];
  /** Session-level protection data (HLS EXT-X-SESSION-KEY). */
  sessionKeys: ContentProtection[];
  /** Low-latency parameters (LL-HLS server control, DASH ServiceDescription). */
  lowLatency?: LowLatencyInfo;
  /** Ms since epoch when the manifest was fetched/published (DASH @publishTime). */
  publishTime?: number;
}
