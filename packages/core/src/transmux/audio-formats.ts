/**
 * Frame formats of the audio elementary streams the transmuxer packs: how to
 * find and size a frame, what goes into the mp4 sample, and the sample entry.
 */
import { audioSpecificConfig, isAdtsSync, parseAdtsHeader } from './adts.js';
import { isMpegAudioSync, parseMpegAudioHeader } from './mpeg-audio.js';
import { ac3SampleEntry, isAc3Sync, parseAc3Header } from './ac3.js';
import { isOpusControlHeader, OPUS_RATE, opusSampleEntry, parseOpusAccessUnit } from './opus.js';
import { audioSampleEntry, esds } from './sample-entries.js';
import type { TrackConfig } from './types.js';

/** One frame located in a buffer. */
export interface AudioFrame {
  /** Bytes of the whole frame in the stream (header included). */
  length: number;
  /** Offset inside the frame where the mp4 sample starts (ADTS drops its header). */
  payloadOffset: number;
  /** PCM samples per channel the frame decodes to (its duration in the track timescale). */
  samples: number;
  sampleRate: number;
  /** Changes whenever the init segment must change. */
  configKey: string;
  /** Builds the track configuration from this frame. */
  config(): TrackConfig;
}

export interface AudioFrameFormat {
  name: string;
  isSync(b: Uint8Array, at: number): boolean;
  /** The frame at `at`, or `null` if the header is invalid (the caller resyncs). */
  frame(b: Uint8Array, at: number): AudioFrame | null;
}

export const AAC_FORMAT: AudioFrameFormat = {
  name: 'aac',
  isSync: isAdtsSync,
  frame(b, at) {
    const h = parseAdtsHeader(b, at);
    if (!h) return null;
    return {
      length: h.frameLength,
      payloadOffset: h.headerLength,
      samples: 1024 * h.blocks,
      sampleRate: h.sampleRate,
      configKey: `${h.objectType}/${h.sampleRateIndex}/${h.channelConfig}`,
      config: () => {
        const asc = audioSpecificConfig(h);
        const channels = h.channelConfig === 7 ? 8 : h.channelConfig || 2;
        return {
          type: 'audio',
          codec: `mp4a.40.${h.objectType}`,
          timescale: h.sampleRate,
          sampleEntry: audioSampleEntry('mp4a', channels, h.sampleRate, esds(0x40, asc)),
          channels,
          sampleRate: h.sampleRate,
        };
      },
    };
  },
};

/**
 * MP3/MP2 go into `mp4a` with the MPEG-1 (0x6b) or MPEG-2 (0x69) audio object
 * type: Chromium accepts `mp4a.6B` / `mp4a.69` (and `mp3`), Firefox and Safari
 * `mp4a.6B`; ffmpeg decodes both.
 */
export const MPEG_AUDIO_FORMAT: AudioFrameFormat = {
  name: 'mp3',
  isSync: isMpegAudioSync,
  frame(b, at) {
    const h = parseMpegAudioHeader(b, at);
    if (!h) return null;
    const oti = h.version === 1 ? 0x6b : 0x69;
    return {
      length: h.frameLength,
      payloadOffset: 0,
      samples: h.samplesPerFrame,
      sampleRate: h.sampleRate,
      configKey: `${h.version}/${h.layer}/${h.sampleRate}/${h.channels}`,
      config: () => ({
        type: 'audio',
        codec: `mp4a.${oti.toString(16).toUpperCase()}`,
        timescale: h.sampleRate,
        sampleEntry: audioSampleEntry('mp4a', h.channels, h.sampleRate, esds(oti, null)),
        channels: h.channels,
        sampleRate: h.sampleRate,
      }),
    };
  },
};

export const AC3_FORMAT: AudioFrameFormat = {
  name: 'ac-3',
  isSync: isAc3Sync,
  frame(b, at) {
    const h = parseAc3Header(b, at);
    if (!h) return null;
    return {
      length: h.frameLength,
      payloadOffset: 0,
      samples: h.samples,
      sampleRate: h.sampleRate,
      configKey: h.configKey,
      config: () => ({
        type: 'audio',
        codec: h.eac3 ? 'ec-3' : 'ac-3',
        timescale: h.sampleRate,
        sampleEntry: ac3SampleEntry(h),
        channels: h.channels,
        sampleRate: h.sampleRate,
      }),
    };
  },
};

/**
 * Opus access units of MPEG-TS (see opus.ts). The channel count of the first
 * packet's TOC sets the sample entry (a stream does not change it midway; the
 * PMT's extension descriptor is not read).
 */
export const OPUS_FORMAT: AudioFrameFormat = {
  name: 'opus',
  isSync: isOpusControlHeader,
  frame(b, at) {
    const au = parseOpusAccessUnit(b, at);
    if (!au) return null;
    return {
      length: au.headerLength + au.packetLength,
      payloadOffset: au.headerLength,
      samples: au.samples,
      sampleRate: OPUS_RATE,
      configKey: 'opus',
      config: () => ({ type: 'audio', codec: 'opus', timescale: OPUS_RATE, sampleEntry: opusSampleEntry(au.channels), channels: au.channels, sampleRate: OPUS_RATE }),
    };
  },
};
