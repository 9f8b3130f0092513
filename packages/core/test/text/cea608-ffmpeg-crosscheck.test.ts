/**
 * End to end against ffmpeg's own CEA-608 decoder: captions from our test
 * encoder are injected as GA94 SEI into x264 output, muxed by ffmpeg into
 * fragmented MP4 (`-c copy`), then
 *  - ffmpeg decodes them (lavfi `movie=…[out0+subcc]` → SRT), and
 *  - we decode them (our fMP4 sample reader → SEI extractor → 608 decoder).
 * Both must give the script's captions (documented below) at the same times.
 * This checks our SEI/cc_data layout against an independent reader, not only
 * against our own extractor.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseFragmentSamples, parseInitTracks } from '../../src/mp4/fragment.js';
import { Cea608Decoder, type CcTriple } from '../../src/text/cea/cea608-decoder.js';
import { extractCcFromAvcSample, inPresentationOrder } from '../../src/text/cea/sei-cc-extractor.js';
import { buildCcSeiNalu, Cea608Script } from '../support/cea608-encoder.js';
import { splitAnnexB } from '../support/sample-aes-encryptor.js';

let dir = '';
const ff = (...a: string[]) => execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...a], { cwd: dir });

/**
 * The script (30 fps, one SEI per picture):
 *   0.2 s load "HELLO WORLD" (row 15) → shown 1.0 s … replaced 2.5 s by
 *   "♪ é½ Ü ©" / "TWO ROWS" (rows 14/15, loaded from 1.2 s) → erased 4.0 s.
 */
const EXPECTED = [
  { start: 1, end: 2.5, text: 'HELLO WORLD' },
  { start: 2.5, end: 4, text: '♪ é½ Ü ©\nTWO ROWS' },
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'edgeplay-cc-'));
  ff('-f', 'lavfi', '-i', 'testsrc=size=160x90:rate=30', '-t', '5', '-c:v', 'libx264', '-preset', 'ultrafast', '-bf', '0', '-f', 'h264', 'v.h264');
  const pictures: Uint8Array[][] = [];
  let au: Uint8Array[] = [];
  for (const n of splitAnnexB(new Uint8Array(readFileSync(join(dir, 'v.h264'))))) {
    au.push(n);
    if ((n[0]! & 0x1f) === 1 || (n[0]! & 0x1f) === 5) {
      pictures.push(au);
      au = [];
    }
  }
  const script = new Cea608Script().at(0.2).popOn([[15, 'HELLO WORLD']], 1).at(1.2).popOn([[14, '♪ é½ Ü ©'], [15, 'TWO ROWS']], 2.5).at(4).edm();
  const byFrame = new Map<number, CcTriple[]>();
  for (const t of script.triples()) {
    const f = Math.round(t.pts * 30);
    byFrame.set(f, [...(byFrame.get(f) ?? []), t]);
  }
  const out: number[] = [];
  pictures.forEach((pic, i) => {
    const sei = buildCcSeiNalu(byFrame.get(i) ?? [{ type: 0, b1: 0x80, b2: 0x80 }]);
    for (const n of [...pic.slice(0, -1), sei, pic[pic.length - 1]!]) out.push(0, 0, 0, 1, ...n);
  });
  writeFileSync(join(dir, 'cc.h264'), Uint8Array.from(out));
  ff('-framerate', '30', '-f', 'h264', '-i', 'cc.h264', '-c', 'copy', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', 'cc.mp4');
}, 60_000);
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

const srtTime = (s: string) => {
  const [h, m, rest] = s.split(':');
  return Number(h) * 3600 + Number(m) * 60 + Number(rest!.replace(',', '.'));
};

it('ffmpeg\'s 608 decoder reads our injected captions as the script says', () => {
  ff('-f', 'lavfi', '-i', 'movie=cc.mp4[out0+subcc]', '-map', '0:1', 'cc.srt');
  const cues = readFileSync(join(dir, 'cc.srt'), 'utf8').replace(/\r\n/g, '\n').trim().split(/\n\n+/).map((block) => {
    const lines = block.split('\n');
    const [a, b] = lines[1]!.split(' --> ');
    return { start: srtTime(a!), end: srtTime(b!), text: lines.slice(2).join('\n').replace(/<[^>]+>|\{\\an\d\}/g, '').replace(/\u00a0/g, ' ').replace(/ +$/gm, '') };
  });
  expect(cues).toEqual(EXPECTED);
});

it('our fMP4 reader → SEI extractor → 608 decoder gives the same cues from ffmpeg\'s file', () => {
  const bytes = new Uint8Array(readFileSync(join(dir, 'cc.mp4')));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const track = parseInitTracks(view)[0]!;
  const triples = parseFragmentSamples(view, track).flatMap((s) => extractCcFromAvcSample(s.data, (s.decodeTime + s.compositionOffset) / track.timescale));
  const d = new Cea608Decoder();
  d.pushCcData(inPresentationOrder(triples));
  const cues = d.takeCues().map((c) => ({ start: Math.round(c.start * 1000) / 1000, end: Math.round(c.end * 1000) / 1000, text: c.text }));
  expect(cues).toEqual(EXPECTED);
});
