/**
 * AC-3 and E-AC-3 sync frames (ATSC A/52 §5.3 and Annex E) and their mp4
 * sample entries `ac-3`+`dac3` / `ec-3`+`dec3` (ETSI TS 102 366 Annex F).
 * Whether the platform decodes them is the player's question
 * (`MediaSource.isTypeSupported('audio/mp4; codecs="ac-3"')`); this only packages.
 * E-AC-3 dependent substreams (7.1) are not merged into their independent
 * frame: such a stream is refused in {@link parseAc3Header}.
 */
import { BitReader } from './bit-reader.js';
import { box, u8 } from './box-writer.js';
import { audioSampleEntry } from './sample-entries.js';

const AC3_RATES = [48000, 44100, 32000];
const EAC3_REDUCED_RATES = [24000, 22050, 16000];
const AC3_BITRATES_KBPS = [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 576, 640];
const ACMOD_CHANNELS = [2, 1, 2, 3, 3, 4, 4, 5];
const EAC3_BLOCKS = [1, 2, 3, 6];

export interface Ac3Header {
  eac3: boolean;
  sampleRate: number;
  fscod: number;
  bsid: number;
  bsmod: number;
  acmod: number;
  lfeon: number;
  /** AC-3 frmsizecod >> 1 (the dac3 bit_rate_code). */
  bitRateCode: number;
  frameLength: number;
  samples: number;
  channels: number;
  configKey: string;
}

export function isAc3Sync(b: Uint8Array, at: number): boolean {
  return at + 1 < b.length && b[at] === 0x0b && b[at + 1] === 0x77;
}

/** Parses the syncinfo + start of the BSI at `at`, or `null` when invalid/truncated. */
export function parseAc3Header(b: Uint8Array, at: number): Ac3Header | null {
  if (at + 8 > b.length || !isAc3Sync(b, at)) return null;
  const bsid = b[at + 5] >> 3;
  try {
    return bsid > 10 ? parseEac3(b.subarray(at + 2, at + 8), bsid) : parseAc3(b.subarray(at + 4, at + 8), bsid);
  } catch {
    return null;
  }
}

function parseAc3(b: Uint8Array, bsid: number): Ac3Header | null {
  const r = new BitReader(b);
  const fscod = r.bits(2);
  const frmsizecod = r.bits(6);
  if (fscod === 3 || frmsizecod > 37) return null;
  r.skip(5); // bsid
  const bsmod = r.bits(3);
  const acmod = r.bits(3);
  if (acmod & 1 && acmod !== 1) r.skip(2);
  if (acmod & 4) r.skip(2);
  if (acmod === 2) r.skip(2);
  const lfeon = r.bits(1);
  const kbps = AC3_BITRATES_KBPS[frmsizecod >> 1];
  const sampleRate = AC3_RATES[fscod];
  // Words per sync frame (A/52 Table 5.18): 1536 samples at the bit rate, 44.1 kHz rounds down and odd codes add a word.
  const words = fscod === 1 ? Math.floor((kbps * 96000) / 44100) + (frmsizecod & 1) : (kbps * 96000) / sampleRate;
  const channels = ACMOD_CHANNELS[acmod] + lfeon;
  return { eac3: false, sampleRate, fscod, bsid, bsmod, acmod, lfeon, bitRateCode: frmsizecod >> 1, frameLength: words * 2, samples: 1536, channels, configKey: `ac3/${fscod}/${acmod}/${lfeon}/${bsmod}` };
}

function parseEac3(b: Uint8Array, bsid: number): Ac3Header | null {
  const r = new BitReader(b);
  const strmtyp = r.bits(2);
  r.skip(3); // substreamid
  const frmsiz = r.bits(11);
  const fscod = r.bits(2);
  let sampleRate: number;
  let blocks = 6;
  if (fscod === 3) {
    const fscod2 = r.bits(2);
    if (fscod2 === 3) return null;
    sampleRate = EAC3_REDUCED_RATES[fscod2];
  } else {
    blocks = EAC3_BLOCKS[r.bits(2)];
    sampleRate = AC3_RATES[fscod];
  }
  const acmod = r.bits(3);
  const lfeon = r.bits(1);
  if (strmtyp === 1) return null; // dependent substream: not supported, see the module comment
  const frameLength = (frmsiz + 1) * 2;
  const samples = 256 * blocks;
  const channels = ACMOD_CHANNELS[acmod] + lfeon;
  return { eac3: true, sampleRate, fscod, bsid, bsmod: 0, acmod, lfeon, bitRateCode: 0, frameLength, samples, channels, configKey: `eac3/${sampleRate}/${acmod}/${lfeon}/${frameLength}` };
}

/** `ac-3` + dac3, or `ec-3` + dec3 with one independent substream. */
export function ac3SampleEntry(h: Ac3Header): Uint8Array {
  if (!h.eac3) {
    const v = (h.fscod << 22) | (h.bsid << 17) | (h.bsmod << 14) | (h.acmod << 11) | (h.lfeon << 10) | (h.bitRateCode << 5);
    return audioSampleEntry('ac-3', h.channels, h.sampleRate, box('dac3', u8(v >> 16, v >> 8, v)));
  }
  const dataRateKbps = Math.round((h.frameLength * 8 * h.sampleRate) / h.samples / 1000);
  const fscod = h.sampleRate === 48000 ? 0 : h.sampleRate === 44100 ? 1 : 2;
  const dec3 = box(
    'dec3',
    u8(dataRateKbps >> 5, ((dataRateKbps & 0x1f) << 3) | 0), // data_rate(13) num_ind_sub(3) = 0 → one substream
    u8((fscod << 6) | (h.bsid << 1), (h.bsmod << 1) | (h.acmod >> 2), ((h.acmod & 3) << 6) | (h.lfeon << 5), 0),
  );
  return audioSampleEntry('ec-3', h.channels, h.sampleRate, dec3);
}
