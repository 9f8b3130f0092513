/**
 * Data types shared by the transmuxer's demuxers and fMP4 writers. Times in
 * elementary-stream samples are in the track's own timescale; times in
 * {@link TransmuxTiming} are seconds on the unwrapped MPEG-2 clock.
 */

/** Which SourceBuffer an output belongs to: one per type (`split`) or a single one (`muxed`). */
export type BufferType = 'video' | 'audio' | 'muxed';

/** `muxed`: one init + one fragment per push holding every track; `split`: one per track type. */
export type TransmuxMode = 'muxed' | 'split';

/** A coded sample ready for an mp4 fragment. */
export interface EncodedSample {
  /** Decode time in the track timescale (unwrapped, may exceed 2^33 ticks). */
  dts: number;
  /** Composition (presentation) time minus decode time, in the track timescale. */
  cts: number;
  /** Duration in the track timescale, filled in before the fragment is written. */
  duration: number;
  /** Sync sample (IDR / every audio frame). */
  key: boolean;
  /** Bytes the sample takes in the mdat. */
  size: number;
  /**
   * The sample's bytes: a raw frame (audio), or NAL units (video) that the
   * fragment writer prefixes with 4-byte lengths as it copies them into the
   * mdat — building length-prefixed samples first would copy every byte once more.
   */
  data: Uint8Array | { nalUnits: readonly Uint8Array[] };
}

/** What the init segment needs to describe one track. */
export interface TrackConfig {
  type: 'video' | 'audio';
  /** RFC 6381 codec string, e.g. `avc1.64001f`, `mp4a.40.2`. */
  codec: string;
  timescale: number;
  /** The complete sample entry box (`avc1`, `hvc1`, `mp4a`, `ac-3`...). */
  sampleEntry: Uint8Array;
  width?: number;
  height?: number;
  channels?: number;
  sampleRate?: number;
}

/** A track as the caller sees it in an init segment. */
export interface TrackInfo {
  type: 'video' | 'audio';
  /** Track ID in the init segment and fragments. */
  id: number;
  /** RFC 6381 codec string (put it in the SourceBuffer MIME type). */
  codecs: string;
  timescale: number;
  width?: number;
  height?: number;
  channels?: number;
  sampleRate?: number;
}

/** An init segment (ftyp + moov) for one SourceBuffer. */
export interface InitSegment {
  type: BufferType;
  data: Uint8Array;
  tracks: TrackInfo[];
  /** MIME type for `addSourceBuffer`, e.g. `video/mp4; codecs="avc1.64001f,mp4a.40.2"`. */
  mimeType: string;
}

/** A media segment (moof + mdat) for one SourceBuffer. */
export interface MediaFragment {
  type: BufferType;
  data: Uint8Array;
}

/** An ID3 timed-metadata item (TS stream type 0x15 PES, or a packed-audio tag). */
export interface Id3Frame {
  /** Presentation time, seconds on the unwrapped media clock. */
  pts: number;
  /** The whole ID3v2 tag(s) as carried. */
  data: Uint8Array;
}

/** Media time span covered by one push, seconds on the unwrapped media clock. */
export interface TransmuxTiming {
  /** Smallest presentation time over all tracks. */
  firstPts: number;
  /** Smallest decode time over all tracks. */
  firstDts: number;
  /** Largest decode time + duration over all tracks. */
  lastEnd: number;
}

/** The result of one push. */
export interface TransmuxResult {
  /** New init segment(s), present on the first push and whenever codec parameters change. */
  init?: InitSegment[];
  media: MediaFragment[];
  /** `null` when the segment held no samples (e.g. PSI only). */
  timing: TransmuxTiming | null;
  metadata: Id3Frame[];
  /** Recoverable oddities (continuity errors, dropped partial frames), for logs. */
  warnings: string[];
}

/** Options of one push. */
export interface PushOptions {
  /** The segment follows an `EXT-X-DISCONTINUITY` (timestamps may restart, parameters may change). */
  discontinuity?: boolean;
}
