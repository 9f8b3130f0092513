/**
 * CTA-708 decoder against our own DTVCC encoder (test/support/cea708-encoder.ts).
 * Each test states the command script (time: commands) and the cues expected.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cea708Decoder } from '../../src/text/cea/cea708-decoder.js';
import { CLW, CR, CW, defineWindow, DLW, DSW, ETX, HDW, packet, packetTriples, script708, serviceBlock, SPA, SPL, text } from '../support/cea708-encoder.js';

function decode(entries: Array<[number, number[]]>, flushAt?: number, service = 1) {
  const d = new Cea708Decoder();
  d.pushCcData(script708(entries, service));
  if (flushAt !== undefined) d.flush(flushAt);
  return d.takeCues().map((c) => ({ service: c.service, start: c.start, end: c.end, text: c.text }));
}

describe('CTA-708 service decoding', () => {
  it('pop-on style: hidden window filled at 1 s, shown at 2 s (DSW), cleared at 4 s (CLW) → "HELLO WORLD" 2–4 s', () => {
    const cues = decode([
      [1, [...defineWindow(0, { rows: 2, columns: 32, relative: true, anchorVertical: 80, anchorHorizontal: 10 }), ...text('HELLO WORLD')]],
      [2, DSW(0b1)],
      [4, CLW(0b1)],
    ]);
    expect(cues).toEqual([{ service: 1, start: 2, end: 4, text: 'HELLO WORLD' }]);
  });

  it('the cue carries the window anchor as line/position (relative anchors are percent)', () => {
    const d = new Cea708Decoder();
    d.pushCcData(script708([[0, [...defineWindow(0, { visible: true, rows: 1, columns: 20, relative: true, anchorVertical: 80, anchorHorizontal: 10 }), ...text('X'), ...ETX]], [1, HDW(1)]]));
    expect(d.takeCues()[0]!.settings).toEqual({ line: '80%', position: '10%', align: 'start' });
  });

  it('roll-up style: visible 2-row window, CR scrolls; each change of the visible text is a cue', () => {
    // 5 s "LINE ONE", 6 s CR, 6.5 s "LINE TWO", 7 s CR (scroll), 7.5 s "LINE THREE", 8 s ETX, flush 9 s.
    const cues = decode([
      [5, [...defineWindow(1, { visible: true, rows: 2, columns: 32 }), ...text('LINE ONE')]],
      [6, CR],
      [6.5, text('LINE TWO')],
      [7, CR],
      [7.5, text('LINE THREE')],
      [8, ETX],
    ], 9);
    expect(cues).toEqual([
      { service: 1, start: 5, end: 6.5, text: 'LINE ONE' },
      { service: 1, start: 6.5, end: 7, text: 'LINE ONE\nLINE TWO' },
      { service: 1, start: 7, end: 7.5, text: 'LINE TWO' },
      { service: 1, start: 7.5, end: 9, text: 'LINE TWO\nLINE THREE' },
    ]);
  });

  it('two windows by priority, pen location, italics/underline, G2 and music note', () => {
    const cues = decode([
      [0, [...defineWindow(0, { rows: 1, columns: 32, priority: 1 }), ...text('BOTTOM')]],
      [0, [...defineWindow(2, { rows: 2, columns: 32, priority: 0 }), ...SPL(1, 2), ...SPA(true, false), ...text('♪ IT…'), ...SPA(false, true), ...text('™')]],
      [1, DSW(0b101)],
      [3, HDW(0b101)],
    ]);
    expect(cues).toEqual([{ service: 1, start: 1, end: 3, text: '<i>♪ IT…</i><u>™</u>\nBOTTOM' }]);
  });

  it('SetCurrentWindow switches the target; DeleteWindows ends what they show', () => {
    const cues = decode([
      [0, [...defineWindow(0, { visible: true, rows: 1, columns: 10 }), ...defineWindow(1, { visible: true, rows: 1, columns: 10, priority: 1 }), ...text('B'), ...CW(0), ...text('A'), ...ETX]],
      [2, DLW(0b10)],
      [3, DLW(0b01)],
    ]);
    expect(cues).toEqual([
      { service: 1, start: 0, end: 2, text: 'A\nB' },
      { service: 1, start: 2, end: 3, text: 'A' },
    ]);
  });

  it('services are independent; extended service numbers (≥ 7) work', () => {
    const d = new Cea708Decoder();
    const show = (svc: number, s: string, t: number) => packetTriples(packet(0, [serviceBlock(svc, [...defineWindow(0, { visible: true, rows: 1, columns: 20 }), ...text(s), ...ETX])]), t);
    d.pushCcData([...show(1, 'ONE', 0), ...show(9, 'NINE', 0)]);
    d.flush(2);
    expect(d.takeCues().map((c) => [c.service, c.text])).toEqual([[1, 'ONE'], [9, 'NINE']]);
  });

  it('608 triples and data without a packet start are ignored', () => {
    const d = new Cea708Decoder();
    d.pushCcData([{ pts: 0, type: 0, b1: 0x94, b2: 0x2c }, { pts: 0, type: 2, b1: 0x41, b2: 0x42 }]);
    d.flush(1);
    expect(d.takeCues()).toEqual([]);
  });

  it('fuzz: random triples never throw; cues are bounded by the number of packets × 64', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(2, 3), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })), { maxLength: 800 }), (raw) => {
        const d = new Cea708Decoder();
        d.pushCcData(raw.map(([type, b1, b2], i) => ({ pts: i / 30, type: type as 2 | 3, b1, b2 })));
        d.flush();
        const cues = d.takeCues();
        const starts = raw.filter(([t]) => t === 3).length;
        expect(cues.length).toBeLessThanOrEqual((starts + 1) * 64);
        for (const c of cues) expect(c.end).toBeGreaterThan(c.start);
      }),
      { numRuns: 300 },
    );
  });
});
