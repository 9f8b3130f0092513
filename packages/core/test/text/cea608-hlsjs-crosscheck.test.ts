/**
 * Cross-check of our CEA-608 decoder against hls.js's (node_modules/hls.js/src/utils/cea-608-parser.ts, an
 * independent implementation used here only as a test oracle): the same byte pairs from our test encoder must
 * give the same caption texts, and for pop-on captions the same times. hls.js's parser is loaded through
 * ../support/hlsjs-cea608-parser.js, whose declaration tsc reads instead of type-checking hls.js's sources.
 */
import { describe, expect, it } from 'vitest';
import Cea608Parser, { type Cea608OutputFilter } from '../support/hlsjs-cea608-parser.js';
import { Cea608Decoder } from '../../src/text/cea/cea608-decoder.js';
import { Cea608Script } from '../support/cea608-encoder.js';

interface Seen {
  start: number;
  end: number;
  text: string;
}

function hlsjs(script: Cea608Script): Seen[] {
  const cues: Seen[] = [];
  const filter: Cea608OutputFilter = {
    newCue: (start, end, screen) => cues.push({ start, end, text: screen.getDisplayText() }),
    dispatchCue: () => undefined,
    reset: () => undefined,
  };
  const parser = new Cea608Parser(1, filter, filter);
  for (const p of script.pairs.filter((x) => x.field === 1)) parser.addData(p.t, [p.b1, p.b2]);
  return cues.filter((c) => c.text !== '');
}

function ours(script: Cea608Script): Seen[] {
  const d = new Cea608Decoder();
  d.pushCcData(script.triples());
  // hls.js has no markup: compare plain text.
  return d.takeCues().filter((c) => c.channel === 'CC1').map((c) => ({ start: c.start, end: c.end, text: c.text.replace(/<[^>]+>/g, '') }));
}

const round = (c: Seen[]) => c.map((x) => ({ ...x, start: Math.round(x.start * 1000) / 1000, end: Math.round(x.end * 1000) / 1000 }));

describe('CEA-608: ours vs hls.js on the same byte pairs', () => {
  it('pop-on captions: same texts and times', () => {
    const s = new Cea608Script()
      .at(0.5).popOn([[15, 'HELLO WORLD']], 1)
      .at(1.5).popOn([[13, 'SECOND CAPTION'], [14, 'ON TWO ROWS']], 3)
      .at(3.5).popOn([[15, '♪ é½ Ü © ñ «ß»']], 5)
      .at(7).edm();
    expect(round(ours(s))).toEqual(round(hlsjs(s)));
    expect(ours(s).length).toBe(3);
  });

  it('backspace, tabs and delete-to-end: same texts', () => {
    // Indent PACs here: hls.js keeps the cursor column on a colour PAC, where CTA-608 (and ffmpeg's decoder) put it
    // at column 1 — our cea608-decoder.test.ts covers that case. hls.js also allows 100 columns where 608 has 32.
    const s = new Cea608Script().at(0).rcl().pac(15, { indent: 0 }).text('ABCD').backspace().text('X').pac(14, { indent: 0 }).text('KEEPDROP')
      .pac(14, { indent: 0 }).tab(3).tab(1).der().pac(12, { indent: 4 }).text('INDENTED').at(1).eoc().at(2).edm();
    expect(ours(s).map((c) => c.text)).toEqual(['INDENTED\nKEEP\nABCX']);
    expect(ours(s).map((c) => c.text)).toEqual(hlsjs(s).map((c) => c.text));
  });

  it('roll-up: the same sequence of displayed texts', () => {
    const s = new Cea608Script().at(5).rollUp(2).at(5.1).text('LINE ONE').at(6).cr().at(6.1).text('LINE TWO').at(7).cr().at(7.1).text('LINE THREE').at(8).edm();
    const dedupe = (c: Seen[]) => c.map((x) => x.text).filter((t, i, a) => t !== a[i - 1]);
    expect(dedupe(ours(s))).toEqual(dedupe(hlsjs(s)).filter((t) => ours(s).some((o) => o.text === t)));
    // hls.js emits a cue per typed pair in roll-up; every text we show is among its texts, in the same order.
    expect(ours(s).map((c) => c.text)).toEqual(['LINE ONE', 'LINE ONE\nLINE TWO', 'LINE TWO\nLINE THREE']);
    for (const c of ours(s)) expect(hlsjs(s).map((x) => x.text)).toContain(c.text);
  });
});
