/**
 * Inputs that grow beyond any corpus: size and amplification families for the
 * manifest and box parsers (issue 15, "Done means"). Each family maps a scale
 * to an input of at most ~2 MB; the fuzz test runs them at increasing scales.
 */
import { box, concat, u32, u64, wvttInit, wvttSample } from '../text/wvtt-boxes.js';

/** One generated input: which parser reads it and the bytes or text. */
export interface AmplificationInput {
  family: string;
  parser: 'dash' | 'hls' | 'hls-media' | 'wvtt';
  input: string | Uint8Array;
}

const MPD_OPEN = '<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT10S" minBufferTime="PT2S" profiles="urn:mpeg:dash:profile:isoff-live:2011">';

/** Repeats `unit` as many times as fit in `bytes` characters. */
const fill = (unit: string, bytes: number): string => unit.repeat(Math.max(1, Math.floor(bytes / unit.length)));

/** Families by name; `bytes` is the target input size. */
export const FAMILIES: Record<string, (bytes: number) => AmplificationInput> = {
  // Deep nesting: the reader must refuse depth, not recurse or build a 2 MB-deep stack.
  'xml-nesting': (bytes) => ({ family: 'xml-nesting', parser: 'dash', input: `${MPD_OPEN}${fill('<a>', bytes / 2)}` }),
  // Element count: empty elements are the cheapest input per element (the 4.9 M → 1.1 GB report).
  'xml-elements': (bytes) => ({ family: 'xml-elements', parser: 'dash', input: `${MPD_OPEN}<Period>${fill('<x/>', bytes)}</Period></MPD>` }),
  // A minified (single-line) MPD with many representations: the quadratic lineAt() case.
  'xml-minified-representations': (bytes) => ({
    family: 'xml-minified-representations',
    parser: 'dash',
    input: `${MPD_OPEN}<Period id="p"><AdaptationSet mimeType="video/mp4" contentType="video"><SegmentTemplate media="$RepresentationID$/$Number$.m4s" initialization="$RepresentationID$/init.mp4" duration="2" timescale="1"/>${Array.from({ length: Math.floor(bytes / 110) }, (_, i) => `<Representation id="r${i}" bandwidth="${100000 + i}" codecs="avc1.64001f" width="640" height="360"/>`).join('')}</AdaptationSet></Period></MPD>`,
  }),
  // Many attributes on one element.
  'xml-attributes': (bytes) => ({ family: 'xml-attributes', parser: 'dash', input: `${MPD_OPEN}<Period ${Array.from({ length: Math.floor(bytes / 12) }, (_, i) => `a${i}="v"`).join(' ')}/></MPD>` }),
  // Character references in text: decoding must stay linear.
  'xml-entities': (bytes) => ({ family: 'xml-entities', parser: 'dash', input: `${MPD_OPEN}<BaseURL>${fill('&amp;', bytes)}</BaseURL><Period/></MPD>` }),
  // EXT-X-DEFINE chains: each level doubles (depth amplification).
  'hls-define-chain': (bytes) => {
    const levels = Math.min(60, 10 + Math.floor(Math.log2(Math.max(2, bytes / 1024))) * 3);
    const defs = ['#EXT-X-DEFINE:NAME="v0",VALUE="aaaaaaaaaaaaaaaa"', ...Array.from({ length: levels }, (_, i) => `#EXT-X-DEFINE:NAME="v${i + 1}",VALUE="{$v${i}}{$v${i}}"`)];
    return { family: 'hls-define-chain', parser: 'hls-media', input: `#EXTM3U\n#EXT-X-TARGETDURATION:4\n${defs.join('\n')}\n#EXTINF:4,\n{$v${levels}}.ts\n#EXT-X-ENDLIST\n` };
  },
  // Many references to one large variable on many lines (breadth amplification).
  'hls-define-breadth': (bytes) => {
    const line = `#EXTINF:4,\n${'{$x}'.repeat(50)}\n`;
    return { family: 'hls-define-breadth', parser: 'hls-media', input: `#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-DEFINE:NAME="x",VALUE="${'b'.repeat(8000)}"\n${fill(line, bytes)}#EXT-X-ENDLIST\n` };
  },
  // Plain size: the most segments that fit.
  'hls-segments': (bytes) => ({ family: 'hls-segments', parser: 'hls-media', input: `#EXTM3U\n#EXT-X-TARGETDURATION:4\n${fill('#EXTINF:4,\ns.ts\n', bytes)}#EXT-X-ENDLIST\n` }),
  // Variants: a multivariant playlist of as many variants as fit.
  'hls-variants': (bytes) => ({ family: 'hls-variants', parser: 'hls', input: `#EXTM3U\n${fill('#EXT-X-STREAM-INF:BANDWIDTH=1000\nv.m3u8\n', bytes)}` }),
  // trun sample counts: a defaults-only trun claiming up to 2^32-1 samples, plus a real one of many samples.
  'trun-count': (bytes) => {
    const count = Math.min(0xffffffff, bytes * 2048);
    const trun = box('trun', [0, 0, 0, 0x01], u32(count), u32(0));
    const moof = box('moof', box('mfhd', [0, 0, 0, 0], u32(1)), box('traf', box('tfhd', [0, 0x02, 0, 0], u32(1)), box('tfdt', [1, 0, 0, 0], u64(0)), trun));
    return { family: 'trun-count', parser: 'wvtt', input: concat(moof, box('mdat', wvttSample([{ text: 'x' }]))) };
  },
  'trun-table': (bytes) => {
    const n = Math.floor(bytes / 16);
    const sample = box('vtte');
    const table = new Uint8Array(n * 8);
    const dv = new DataView(table.buffer);
    for (let i = 0; i < n; i++) {
      dv.setUint32(i * 8, 1);
      dv.setUint32(i * 8 + 4, sample.length);
    }
    const build = (off: number) => box('moof', box('mfhd', [0, 0, 0, 0], u32(1)), box('traf', box('tfhd', [0, 0x02, 0, 0], u32(1)), box('tfdt', [1, 0, 0, 0], u64(0)), box('trun', [0, 0, 0x03, 0x01], u32(n), u32(off), table)));
    const moof = build(build(0).length + 8);
    const mdat = new Uint8Array(n * sample.length);
    for (let i = 0; i < n; i++) mdat.set(sample, i * sample.length);
    return { family: 'trun-table', parser: 'wvtt', input: concat(moof, box('mdat', mdat)) };
  },
};

/** The wvtt init segment every `wvtt` input is read against (track 1, trex default size 0). */
export const WVTT_INIT = wvttInit(1, 1000, 1000);
