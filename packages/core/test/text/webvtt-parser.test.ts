import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseWebVtt } from '../../src/text/webvtt-parser.js';
import { isEdgeplayError } from '../../src/errors/edgeplay-error.js';

describe('parseWebVtt', () => {
  it('parses ids, times, settings and multi-line payloads; skips NOTE and STYLE blocks', () => {
    const vtt = 'WEBVTT - title\n\nSTYLE\n::cue { color: red }\n\nNOTE a comment\n\n1\n00:00:01.000 --> 00:00:03.500 line:0 align:start\nHello\n<i>world</i>\n\n01:00:00.250 --> 01:00:02.000\nLate cue\n';
    const cues = parseWebVtt(vtt);
    expect(cues).toEqual([
      { id: '1', start: 1, end: 3.5, text: 'Hello\n<i>world</i>', settings: { line: '0', align: 'start' } },
      { start: 3600.25, end: 3602, text: 'Late cue' },
    ]);
  });

  it('applies X-TIMESTAMP-MAP (HLS segmented WebVTT) and an offset', () => {
    const vtt = 'WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000\n\n00:00:00.500 --> 00:00:01.000\nx\n';
    expect(parseWebVtt(vtt, { offset: 2 })[0]).toMatchObject({ start: 12.5, end: 13 }); // 900000/90000 = 10 s, + 2
  });

  it('handles CRLF and a BOM, and skips malformed cue timings', () => {
    const vtt = '\uFEFFWEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nok\r\n\r\n00:05.000 --> 00:04.000\r\nbackwards\r\n\r\nnot a timing\r\nx\r\n';
    expect(parseWebVtt(vtt)).toEqual([{ start: 1, end: 2, text: 'ok' }]);
  });

  it('rejects a file without the WEBVTT header with a typed text error', () => {
    let caught: unknown;
    try {
      parseWebVtt('1\n00:00:01.000 --> 00:00:02.000\nx', { source: 'subs.vtt' });
    } catch (e) {
      caught = e;
    }
    expect(isEdgeplayError(caught) && caught.category === 'text' && caught.message.includes('subs.vtt')).toBe(true);
  });

  it('never throws anything but a typed error on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        for (const text of [s, `WEBVTT\n\n${s}`]) {
          try {
            const cues = parseWebVtt(text);
            for (const c of cues) expect(c.end).toBeGreaterThanOrEqual(c.start);
          } catch (e) {
            expect(isEdgeplayError(e)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
