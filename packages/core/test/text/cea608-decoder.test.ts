/**
 * CEA-608 decoder against our own encoder (test/support/cea608-encoder.ts).
 * Each test documents the caption script and the cues it must give:
 * times in seconds (the encoder sends one pair per 1/30 s frame from each
 * `at()`), text with WebVTT markup, `line` = 10 % + (row − 1) × 80 %/15,
 * `position` = 10 % + column × 80 %/32.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cea608Decoder, hasOddParity, MAX_PENDING_CUES } from '../../src/text/cea/cea608-decoder.js';
import { Cea608Script, FRAME, withParity } from '../support/cea608-encoder.js';

function decode(script: Cea608Script, flushAt?: number) {
  const d = new Cea608Decoder();
  d.pushCcData(script.triples());
  if (flushAt !== undefined) d.flush(flushAt);
  return d.takeCues();
}

const brief = (cues: ReturnType<typeof decode>) => cues.map((c) => ({ channel: c.channel, start: round(c.start), end: round(c.end), text: c.text }));
const round = (t: number) => Math.round(t * 1000) / 1000;

describe('CEA-608 pop-on', () => {
  it('"HELLO WORLD" loaded from 0.5 s, shown at 1 s (EOC), erased at 3 s (EDM) → one cue 1–3 s on row 15', () => {
    const s = new Cea608Script().at(0.5).popOn([[15, 'HELLO WORLD']], 1).at(3).edm();
    const cues = decode(s);
    expect(brief(cues)).toEqual([{ channel: 'CC1', start: 1, end: 3, text: 'HELLO WORLD' }]);
    expect(cues[0]!.settings).toEqual({ line: '84.67%', position: '10%', align: 'start' });
  });

  it('a second EOC replaces the first caption: cue A 1–2 s, cue B (two rows) 2–4 s', () => {
    const s = new Cea608Script()
      .at(0.2).popOn([[14, 'FIRST']], 1)
      .at(1.2).popOn([[13, 'SECOND'], [14, 'TWO ROWS']], 2)
      .at(4).edm();
    const cues = decode(s);
    expect(brief(cues)).toEqual([
      { channel: 'CC1', start: 1, end: 2, text: 'FIRST' },
      { channel: 'CC1', start: 2, end: 4, text: 'SECOND\nTWO ROWS' },
    ]);
    expect(cues[1]!.settings!.line).toBe('74%'); // row 13
  });

  it('PAC indent sets the column (indent 8 → 30 %), ENM clears a half-loaded caption', () => {
    const s = new Cea608Script().at(0).rcl().pac(2, { indent: 8 }).text('GONE').enm().pac(2, { indent: 8 }).text('KEPT').at(1).eoc().at(2).edm();
    const cues = decode(s);
    expect(brief(cues)).toEqual([{ channel: 'CC1', start: 1, end: 2, text: 'KEPT' }]);
    expect(cues[0]!.settings).toMatchObject({ line: '15.33%', position: '30%' });
  });

  it('flush() ends a caption still on screen at the given time', () => {
    expect(brief(decode(new Cea608Script().at(0).popOn([[15, 'TAIL']], 1), 6))).toEqual([{ channel: 'CC1', start: 1, end: 6, text: 'TAIL' }]);
  });
});

describe('CEA-608 roll-up', () => {
  it('RU2: each CR ends a cue holding the whole window; the oldest row scrolls out', () => {
    // RU2 at 5 s; "LINE ONE" from 5.1 s; CR at 6 s; "LINE TWO" from 6.1 s; CR at 7 s; "LINE THREE" from 7.1 s; EDM at 8 s.
    const s = new Cea608Script().at(5).rollUp(2).at(5.1).text('LINE ONE').at(6).cr().at(6.1).text('LINE TWO').at(7).cr().at(7.1).text('LINE THREE').at(8).edm();
    expect(brief(decode(s))).toEqual([
      { channel: 'CC1', start: 5.1, end: 6, text: 'LINE ONE' },
      { channel: 'CC1', start: 6, end: 7, text: 'LINE ONE\nLINE TWO' },
      { channel: 'CC1', start: 7, end: 8, text: 'LINE TWO\nLINE THREE' },
    ]);
  });

  it('RU3 keeps three rows; a PAC to row 10 moves the window there', () => {
    const s = new Cea608Script().at(0).rollUp(3).pac(10).text('A').at(1).cr().text('B').at(2).cr().text('C').at(3).cr().text('D').at(4).edm();
    const cues = decode(s);
    expect(cues.map((c) => c.text)).toEqual(['A', 'A\nB', 'A\nB\nC', 'B\nC\nD']);
    expect(cues[3]!.settings!.line).toBe('47.33%'); // window rows 8–10: top row 8
  });

  it('switching from pop-on to roll-up erases the displayed pop-on caption', () => {
    const s = new Cea608Script().at(0).popOn([[15, 'POP']], 1).at(2).rollUp(2).text('ROLL').at(3).cr();
    expect(brief(decode(s))).toEqual([
      { channel: 'CC1', start: 1, end: 2, text: 'POP' },
      { channel: 'CC1', start: round(2 + 2 * FRAME), end: 3, text: 'ROLL' }, // the first character follows the doubled RU2
    ]);
  });
});

describe('CEA-608 paint-on', () => {
  it('RDC writes straight to the screen; a PAC to another row and EDM end cues', () => {
    const s = new Cea608Script().at(1).rdc().pac(15).text('PAINT').at(2).pac(14).text('MORE').at(3).edm();
    expect(brief(decode(s))).toEqual([
      { channel: 'CC1', start: 1 + 2 * FRAME * 2, end: 3, text: 'MORE\nPAINT' },
    ].map((c) => ({ ...c, start: round(c.start) })));
  });
});

describe('CEA-608 characters and styles', () => {
  it('special, extended (replacing their fallback) and 608-specific basic characters', () => {
    const s = new Cea608Script().at(0).popOn([[15, '♪ é½ Ü © ñ «ß»']], 1).at(2).edm();
    expect(decode(s).map((c) => c.text)).toEqual(['♪ é½ Ü © ñ «ß»']);
  });

  it('PAC colour/underline, mid-row colour and italics become WebVTT markup; mid-row codes show as spaces', () => {
    const s = new Cea608Script().at(0).rcl().pac(15, { colour: 'yellow' }).text('YEL').midRow('white', true).text('UND').midRow('italic').text('IT').at(1).eoc().at(2).edm();
    expect(decode(s).map((c) => c.text)).toEqual(['<c.yellow>YEL</c><u> UND</u><i> IT</i>']);
  });

  it('PAC italics (code 7) and green → lime; <, > and & are escaped', () => {
    const s = new Cea608Script().at(0).rcl().pac(1, { colour: 'italic' }).text('A<B').midRow('green').text('&').at(1).eoc().at(2).edm();
    expect(decode(s).map((c) => c.text)).toEqual(['<i>A&lt;B</i><c.lime> &amp;</c>']);
  });

  it('backspace, delete-to-end-of-row and tab offsets', () => {
    const s = new Cea608Script().at(0).rcl().pac(15).text('ABCD').backspace().text('X').pac(14).text('KEEPDROP').pac(14).tab(3).tab(1).der().pac(13).text('T').tab(2).text('U').at(1).eoc().at(2).edm();
    expect(decode(s).map((c) => c.text)).toEqual(['T  U\nKEEP\nABCX']);
  });

  it('the 33rd character of a row overwrites the 32nd', () => {
    const s = new Cea608Script().at(0).rcl().pac(15).text('0123456789012345678901234567890AB').at(2).eoc().at(3).edm();
    expect(decode(s).map((c) => c.text)).toEqual(['0123456789012345678901234567890B']);
  });
});

describe('CEA-608 transport rules', () => {
  it('a control code sent twice acts once; sent three times, twice (BS BS BS → two backspaces)', () => {
    const twice = new Cea608Script().at(0).rcl().pac(15).text('ABCD').backspace().at(1).eoc().at(2).edm();
    expect(decode(twice).map((c) => c.text)).toEqual(['ABC']);
    const thrice = new Cea608Script().at(0).rcl().pac(15).text('ABCD').backspace().control(0x14, 0x21, { repeat: false }).at(1).eoc().at(2).edm();
    expect(decode(thrice).map((c) => c.text)).toEqual(['AB']);
  });

  it('characters with a parity error are dropped; a control code with one is ignored', () => {
    const s = new Cea608Script().at(0).rcl().pac(15).text('AB').corruptChars('X', 'C').at(1).eoc().at(2).edm();
    expect(decode(s).map((c) => c.text)).toEqual(['ABC']);
    expect(hasOddParity(withParity(0x14))).toBe(true);
    expect(hasOddParity(0x14)).toBe(false);
  });

  it('CC1 and CC2 interleaved on field 1, CC3 and CC4 on field 2: each channel gets its own characters', () => {
    const s = new Cea608Script()
      .at(0).use(1).rcl().pac(15).text('ONE')
      .use(2).rcl().pac(15).text('TWO')
      .use(1).rcl().text('!') // back to CC1 takes a control code
      .use(3).rcl().pac(15).text('THREE')
      .use(4).rollUp(2).text('FOUR')
      .at(1.5).use(1).eoc().use(2).eoc().use(3).at(1.5).eoc() // field 2 runs alongside field 1
      .at(2.5).use(1).edm().use(2).edm().use(3).at(2.5).edm().use(4).edm();
    const cues = decode(s);
    const by = Object.fromEntries(cues.map((c) => [c.channel, c.text]));
    expect(by).toEqual({ CC1: 'ONE!', CC2: 'TWO', CC3: 'THREE', CC4: 'FOUR' });
    expect(cues.find((c) => c.channel === 'CC3')).toMatchObject({ start: 1.5, end: 2.5 });
  });

  it('text mode (TR) characters are not captions; XDS on field 2 is skipped', () => {
    const s = new Cea608Script().at(0).rcl().pac(15).text('CAP').textRestart().text('TEXT SERVICE').rcl().text('!').at(1).eoc().at(2).edm();
    expect(decode(s).map((c) => c.text)).toEqual(['CAP!']);
    const d = new Cea608Decoder();
    const xds = [[0x01, 0x03], [0x41, 0x42], [0x0f, 0x1d]].map(([a, b]) => ({ pts: 0, type: 1 as const, b1: withParity(a!), b2: withParity(b!) }));
    d.pushCcData([...xds, ...new Cea608Script().use(3).at(0.5).popOn([[15, 'CC3']], 1).at(2).edm().triples()]);
    expect(d.takeCues().map((c) => [c.channel, c.text])).toEqual([['CC3', 'CC3']]);
  });
});

describe('CEA-608 fuzz', () => {
  it('random byte pairs never throw; cues are bounded by the input and by the 15×32 screen', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })), { maxLength: 600 }), (pairs) => {
        const d = new Cea608Decoder();
        pairs.forEach(([f, a, b], i) => d.pushPair(i * FRAME, (f + 1) as 1 | 2, a, b));
        d.flush(pairs.length * FRAME + 1);
        const cues = d.takeCues();
        expect(cues.length).toBeLessThanOrEqual(pairs.length + 4);
        for (const c of cues) {
          expect(c.end).toBeGreaterThan(c.start);
          const plainRows = c.text.replace(/<[^>]+>/g, '').replace(/&(lt|gt|amp);/g, '_').split('\n');
          expect(plainRows.length).toBeLessThanOrEqual(15);
          for (const r of plainRows) expect([...r].length).toBeLessThanOrEqual(32);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('control-heavy random input (valid parity, 0x10–0x1F first bytes) never throws', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0x10, max: 0x1f }), fc.integer({ min: 0x20, max: 0x7f })), { maxLength: 800 }), (pairs) => {
        const d = new Cea608Decoder();
        pairs.forEach(([a, b], i) => d.pushPair(i * FRAME, 1, withParity(a), withParity(i % 3 ? b : 0x41 + (i % 26))));
        d.flush();
        expect(d.takeCues().length).toBeLessThanOrEqual(MAX_PENDING_CUES);
      }),
      { numRuns: 200 },
    );
  });
});
