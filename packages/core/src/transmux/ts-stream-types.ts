/**
 * What an MPEG-2 TS elementary stream carries, from the PMT's stream_type and
 * descriptors (ISO/IEC 13818-1 Table 2-34, ATSC A/52 / ETSI EN 300 468 for
 * AC-3, Apple's HLS sample-encryption spec for 0xdb/0xcf/0xc1).
 */

/** Kinds of elementary streams the transmuxer recognises. */
export type StreamKind = 'h264' | 'hevc' | 'aac' | 'mp3' | 'ac3' | 'eac3' | 'opus' | 'id3' | 'unsupported' | 'ignored';

/** One elementary stream listed in the PMT. */
export interface ElementaryStream {
  pid: number;
  streamType: number;
  kind: StreamKind;
  /** For `unsupported`: what it is, for the error message. */
  description?: string;
  /**
   * HLS SAMPLE-AES stream types (0xdb H.264, 0xcf ADTS AAC, 0xc1 AC-3): the
   * container and headers are clear, the samples must be decrypted between
   * demuxing and muxing (see `TsTransmuxer.demux`).
   */
  sampleAes?: boolean;
}

/** Descriptor tags we look at in the PMT's ES_info. */
const REGISTRATION_DESCRIPTOR = 0x05;
const AC3_DESCRIPTOR = 0x6a;
const EAC3_DESCRIPTOR = 0x7a;

/**
 * Classifies a PMT entry. `descriptors` is the ES_info loop bytes. Private
 * streams (0x06) are identified by their descriptors; unknown private data
 * (DVB subtitles, teletext, SCTE-35...) is `ignored`, not an error, because a
 * player must still play the audio and video next to it.
 */
export function classifyStream(streamType: number, descriptors: Uint8Array): Pick<ElementaryStream, 'kind' | 'description' | 'sampleAes'> {
  switch (streamType) {
    case 0x1b:
      return { kind: 'h264' };
    case 0x24:
      return { kind: 'hevc' };
    case 0x0f:
      return { kind: 'aac' };
    case 0x03:
    case 0x04:
      return { kind: 'mp3' };
    case 0x81:
      return { kind: 'ac3' };
    case 0x87:
      return { kind: 'eac3' };
    case 0x15:
      return { kind: 'id3' };
    case 0xdb:
      return { kind: 'h264', sampleAes: true };
    case 0xcf:
      return { kind: 'aac', sampleAes: true };
    case 0xc1:
      return { kind: 'ac3', sampleAes: true };
    case 0x10:
      return { kind: 'unsupported', description: 'MPEG-4 Part 2 video (stream type 0x10)' };
    case 0x01:
    case 0x02:
      return { kind: 'unsupported', description: `MPEG-${streamType} video (stream type 0x0${streamType})` };
    case 0x11:
      return { kind: 'unsupported', description: 'AAC-LATM audio (stream type 0x11)' };
    case 0x06:
      return classifyPrivate(descriptors);
    default:
      return { kind: 'ignored' };
  }
}

function classifyPrivate(d: Uint8Array): Pick<ElementaryStream, 'kind' | 'description'> {
  for (let at = 0; at + 2 <= d.length; at += 2 + d[at + 1]) {
    const tag = d[at];
    if (tag === AC3_DESCRIPTOR) return { kind: 'ac3' };
    if (tag === EAC3_DESCRIPTOR) return { kind: 'eac3' };
    if (tag === REGISTRATION_DESCRIPTOR && at + 6 <= d.length) {
      const id = String.fromCharCode(d[at + 2], d[at + 3], d[at + 4], d[at + 5]);
      if (id === 'Opus') return { kind: 'opus' };
      if (id === 'AC-3') return { kind: 'ac3' };
      if (id === 'EAC3') return { kind: 'eac3' };
      if (id === 'ID3 ') return { kind: 'id3' };
    }
  }
  return { kind: 'ignored' };
}
