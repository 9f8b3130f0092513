/**
 * TTML-in-MP4 (`stpp`, ISO/IEC 14496-30 §5) init segments built byte by byte;
 * media segments reuse the generic moof/mdat builder of wvtt-boxes.ts (the
 * fragment layout does not depend on the sample entry).
 */
import { box, concat, u32 } from './wvtt-boxes.js';

/** An init segment with one `subt`/`stpp` track (XMLSubtitleSampleEntry: namespace, schema_location, auxiliary_mime_types). */
export function stppInit(trackId = 1, timescale = 1000): Uint8Array {
  const tkhd = box('tkhd', [0, 0, 0, 3], u32(0), u32(0), u32(trackId), u32(0), u32(0));
  const mdhd = box('mdhd', [0, 0, 0, 0], u32(0), u32(0), u32(timescale), u32(0), [0x55, 0xc4, 0, 0]);
  const hdlr = box('hdlr', [0, 0, 0, 0], u32(0), 'subt', u32(0), u32(0), u32(0), [0]);
  const stpp = box('stpp', [0, 0, 0, 0, 0, 0, 0, 1], 'http://www.w3.org/ns/ttml\0', '\0', '\0');
  const stsd = box('stsd', [0, 0, 0, 0], u32(1), stpp);
  const trak = box('trak', tkhd, box('mdia', mdhd, hdlr, box('minf', box('sthd', [0, 0, 0, 0]), box('stbl', stsd))));
  const trex = box('trex', [0, 0, 0, 0], u32(trackId), u32(1), u32(0), u32(0), u32(0));
  return concat(box('ftyp', 'iso6', u32(0), 'iso6'), box('moov', box('mvhd', [0, 0, 0, 0], new Uint8Array(96)), trak, box('mvex', trex)));
}

/** A minimal EBU-TT-D document with the given paragraphs (`[begin, end, text]`, clock times). */
export function ebuttd(paragraphs: [string, string, string][]): string {
  const ps = paragraphs.map(([b, e, t], i) => `<tt:p xml:id="sub${i}" region="bottom" begin="${b}" end="${e}" style="white"><tt:span>${t}</tt:span></tt:p>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><tt:tt xmlns:tt="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" xmlns:ebuttm="urn:ebu:tt:metadata" ttp:timeBase="media" ttp:cellResolution="50 30" xml:lang="en"><tt:head><tt:styling><tt:style xml:id="white" tts:color="#ffffff" tts:backgroundColor="#000000c2" tts:textAlign="center"/></tt:styling><tt:layout><tt:region xml:id="bottom" tts:origin="10% 70%" tts:extent="80% 20%" tts:displayAlign="after"/></tt:layout></tt:head><tt:body><tt:div>${ps}</tt:div></tt:body></tt:tt>`;
}
