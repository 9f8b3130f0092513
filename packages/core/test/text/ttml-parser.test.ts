import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseTtml } from '../../src/text/ttml/ttml-parser.js';
import { TTML_LIMITS } from '../../src/text/ttml/ttml-document.js';
import { EdgeplayError } from '../../src/errors/edgeplay-error.js';
import { parseTextDocument } from '../../src/text/text-document.js';
import { ebuttd } from './stpp-boxes.js';

const NS = 'xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling" xmlns:ttp="http://www.w3.org/ns/ttml#parameter"';
const tt = (body: string, head = '', attrs = '') => `<tt ${NS} ${attrs}><head>${head}</head><body>${body}</body></tt>`;
const times = (xml: string, offset = 0) => parseTtml(xml, { offset }).map((c) => [c.start, c.end, c.text]);

function invalid(fn: () => unknown): EdgeplayError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EdgeplayError);
    expect((e as EdgeplayError).code).toBe('TEXT_INVALID');
    expect((e as EdgeplayError).severity).toBe('recoverable');
    return e as EdgeplayError;
  }
  throw new Error('expected a TEXT_INVALID error');
}

describe('TTML timing (par semantics)', () => {
  it('begin/end are relative to the parent begin, dur to the own begin; nothing outlives its parent', () => {
    const xml = tt(`<div begin="10s" end="20s"><p begin="1s" end="3s">a</p><p begin="2s" dur="1.5s">b</p><p begin="8s" end="15s">clamped</p><p begin="12s">never</p></div>`);
    expect(times(xml)).toEqual([
      [11, 13, 'a'],
      [12, 13.5, 'b'],
      [18, 20, 'clamped'],
    ]);
  });

  it('end and dur together: the earlier wins; offset shifts everything', () => {
    expect(times(tt(`<p begin="1s" end="5s" dur="2s">x</p><p begin="1s" end="2s" dur="9s">y</p>`), 100)).toEqual([
      [101, 103, 'x'],
      [101, 102, 'y'],
    ]);
  });

  it('frames and ticks use the root parameters', () => {
    const xml = tt(`<p begin="50f" end="75f">f</p><p begin="30000t" end="40000t">t</p>`, '', 'ttp:frameRate="25" ttp:tickRate="10000"');
    expect(times(xml)).toEqual([
      [2, 3, 'f'],
      [3, 4, 't'],
    ]);
  });

  it('timed spans inside a paragraph: one cue per interval of constant text', () => {
    const xml = tt(`<p begin="0s" end="3s"><span end="2s">one</span> <span begin="1s">two</span></p>`);
    expect(times(xml)).toEqual([
      [0, 1, 'one'],
      [1, 2, 'one two'],
      [2, 3, 'two'],
    ]);
  });

  it('a paragraph with no end anywhere has no finite interval and yields no cue (sidecar); a window bounds it (MP4 sample)', () => {
    const xml = tt(`<p begin="1s">open</p>`);
    expect(times(xml)).toEqual([]);
    expect(parseTtml(xml, { window: { start: 0, end: 4 } }).map((c) => [c.start, c.end])).toEqual([[1, 4]]);
  });
});

describe('TTML text', () => {
  it('br breaks lines; default white space collapses and trims around breaks; xml:space="preserve" keeps it', () => {
    const xml = tt(`<p begin="0s" end="1s">  Hello
      <br/>   big   world  </p><p begin="1s" end="2s" xml:space="preserve">a  b</p>`);
    expect(times(xml).map((c) => c[2])).toEqual(['Hello\nbig world', 'a  b']);
  });

  it('entities are decoded and re-escaped for WebVTT cue text; styled spans get i/b/u markup', () => {
    const xml = tt(`<p begin="0s" end="1s">Tom &amp; <span tts:fontStyle="italic">Jerry</span> <span tts:fontWeight="bold" tts:textDecoration="underline">&lt;3</span></p>`);
    expect(times(xml)[0]![2]).toBe('Tom &amp; <i>Jerry</i> <b><u>&lt;3</u></b>');
  });
});

describe('TTML style and layout', () => {
  const head = `<styling><style xml:id="base" tts:color="yellow" tts:fontFamily="proportionalSansSerif"/><style xml:id="it" style="base" tts:fontStyle="italic"/><style xml:id="loop1" style="loop2"/><style xml:id="loop2" style="loop1" tts:color="red"/></styling>
    <layout><region xml:id="top" tts:origin="10% 5%" tts:extent="80% 20%" tts:displayAlign="before" tts:color="lime" tts:backgroundColor="black"/><region xml:id="bottom" tts:origin="192px 810px" tts:extent="1536px 216px" tts:displayAlign="after"><style tts:textAlign="center"/></region></layout>`;
  const doc = tt(
    `<div region="bottom"><p begin="0s" end="1s" style="it">chained</p><p begin="1s" end="2s" style="it" tts:color="cyan" tts:fontWeight="bold">inline wins</p><p begin="2s" end="3s" region="top">from region</p><p begin="3s" end="4s" style="loop1">cycle</p></div>`,
    head,
    'tts:extent="1920px 1080px"',
  );
  const cues = parseTtml(doc);

  it('referenced styles resolve through their chains; inline attributes win; a reference cycle ends without recursion', () => {
    expect(cues[0]!.style).toMatchObject({ color: 'yellow', italic: true, fontFamily: 'proportionalSansSerif', textAlign: 'center' });
    expect(cues[1]!.style).toMatchObject({ color: 'cyan', italic: true, bold: true });
    expect(cues[3]!.style!.color).toBe('red');
  });

  it('region styles are inherited by the content flowed into the region, except non-inherited ones (backgroundColor)', () => {
    expect(cues[2]!.style!.color).toBe('lime');
    expect(cues[2]!.style!.backgroundColor).toBeUndefined();
  });

  it('origin/extent → region percent (px through the root extent) and VTT line/position/size/align', () => {
    expect(cues[0]!.region).toEqual({ id: 'bottom', x: 10, y: 75, width: 80, height: 20, displayAlign: 'after' });
    expect(cues[0]!.settings).toEqual({ line: '95%,end', position: '10%,line-left', size: '80%', align: 'center' });
    expect(cues[2]!.settings).toEqual({ line: '5%,start', position: '10%,line-left', size: '80%', align: 'start' });
  });

  it('EBU-TT-D with prefixed tt: elements', () => {
    const c = parseTtml(ebuttd([['00:00:01.000', '00:00:02.500', 'Guten Tag']]));
    expect(c.map((x) => [x.start, x.end, x.text, x.id])).toEqual([[1, 2.5, 'Guten Tag', 'sub0']]);
    expect(c[0]!.style).toMatchObject({ color: '#ffffff', backgroundColor: '#000000c2', textAlign: 'center' });
    expect(c[0]!.settings!.line).toBe('90%,end');
  });

  it('old DFXP namespaces are understood', () => {
    const dfxp = `<tt xmlns="http://www.w3.org/2006/10/ttaf1" xmlns:tts="http://www.w3.org/2006/10/ttaf1#style"><body><div><p begin="0.5s" end="1s" tts:fontStyle="italic">old</p></div></body></tt>`;
    expect(parseTtml(dfxp).map((c) => [c.start, c.text])).toEqual([[0.5, '<i>old</i>']]);
  });

  it('image subtitles: smpte:backgroundImage → an image cue with the embedded PNG bytes', () => {
    const png = 'iVBORw0KGgo=';
    const img = `<tt ${NS} xmlns:smpte="http://www.smpte-ra.org/schemas/2052-1/2010/smpte-tt"><head><metadata><smpte:image xml:id="img0" imagetype="PNG" encoding="Base64">${png}</smpte:image></metadata><layout><region xml:id="r" tts:origin="20% 80%" tts:extent="60% 10%"/></layout></head><body><div region="r" begin="1s" end="2s" smpte:backgroundImage="#img0"/><div region="r" begin="2s" end="3s" smpte:backgroundImage="pics/a.png"/></body></tt>`;
    const c = parseTtml(img, { resolveUri: (r) => `https://cdn.example/subs/${r}` });
    expect(c[0]!.image!.mimeType).toBe('image/png');
    expect([...c[0]!.image!.data!.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(c[0]!.region).toMatchObject({ x: 20, y: 80 });
    expect(c[1]!.image).toEqual({ mimeType: 'image/png', uri: 'https://cdn.example/subs/pics/a.png' });
    invalid(() => parseTtml(img.replace('#img0', '#nothere')));
  });
});

describe('TTML hostile input → typed error within bounds', () => {
  it('deep nesting', () => {
    const deep = `<tt ${NS}><body>${'<div>'.repeat(10_000)}${'</div>'.repeat(10_000)}</body></tt>`;
    const t0 = performance.now();
    expect(invalid(() => parseTtml(deep)).details.reason).toBe('limit');
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('entity expansion: DTD entity declarations and unknown entities are refused', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE tt [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><tt ${NS}><body><p begin="0s" end="1s">&b;</p></body></tt>`;
    expect(invalid(() => parseTtml(bomb)).details.reason).toBe('malformed');
    invalid(() => parseTtml(tt(`<p begin="0s" end="1s">&lol;</p>`)));
  });

  it('huge attributes, huge documents and paragraphs with too many runs', () => {
    const huge = tt(`<p begin="0s" end="1s" style="${'s '.repeat(1_000_000)}">x</p>`);
    const t0 = performance.now();
    expect(invalid(() => parseTtml(huge)).details.reason).toBe('limit');
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(invalid(() => parseTtml(' '.repeat(TTML_LIMITS.maxLength + 1))).details.reason).toBe('limit');
    const runs = tt(`<p begin="0s" end="1s">${'<span>a</span>'.repeat(5000)}</p>`);
    expect(invalid(() => parseTtml(runs)).details.reason).toBe('limit');
  });

  it('fragmented timing (many paragraphs of many differently timed spans) is refused within bounds; word-timed roll-up still parses', () => {
    const spans = (n: number, step: number) => Array.from({ length: n }, (_, j) => `<span begin="${(j * step).toFixed(3)}s" end="${(1 + j * 2 * step).toFixed(3)}s">w${j} </span>`).join('');
    // One line, no newlines: also guards the XML reader's line counting against going quadratic.
    const hostile = tt(Array.from({ length: 100 }, (_, i) => `<p begin="${i}s" end="${i + 1000}s">${spans(256, 0.001)}</p>`).join(''));
    let t0 = performance.now();
    expect(invalid(() => parseTtml(hostile)).message).toMatch(/timing too fragmented/);
    expect(performance.now() - t0).toBeLessThan(3000);
    const rollUp = tt(Array.from({ length: 900 }, (_, i) => `<p begin="${i * 4}s" end="${i * 4 + 4}s">${Array.from({ length: 20 }, (_, j) => `<span begin="${(j * 0.2).toFixed(1)}s">w${j} </span>`).join('')}</p>`).join(''));
    t0 = performance.now();
    const cues = parseTtml(rollUp);
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(cues).toHaveLength(900 * 20);
    expect(cues[19]).toMatchObject({ start: 3.8, end: 4, text: Array.from({ length: 20 }, (_, j) => `w${j}`).join(' ') });
  });

  it('not TTML at all', () => {
    invalid(() => parseTtml('<html><body/></html>'));
    invalid(() => parseTtml('<tt><body><p>unclosed</body></tt>'));
  });

  it('fuzz: any mutation of a valid document either parses to well-formed cues or fails with TEXT_INVALID', () => {
    const seed = ebuttd([
      ['00:00:01.000', '00:00:02.000', 'one <tt:br/> two'],
      ['00:00:02.000', '00:00:04.000', 'three'],
    ]);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(seed.length), fc.nat(seed.length), fc.string({ maxLength: 8 })), { maxLength: 6 }), (edits) => {
        let doc = seed;
        for (const [at, len, ins] of edits) doc = doc.slice(0, at) + ins + doc.slice(at + (len % 16));
        try {
          for (const c of parseTtml(doc)) {
            expect(c.end).toBeGreaterThan(c.start);
            expect(Number.isFinite(c.end)).toBe(true);
          }
        } catch (e) {
          expect(e).toBeInstanceOf(EdgeplayError);
          expect((e as EdgeplayError).code).toBe('TEXT_INVALID');
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('text documents by content', () => {
  it('XML is TTML whatever the declared type; WebVTT stays WebVTT', () => {
    expect(parseTextDocument(`\uFEFF  ${tt('<p begin="1s" end="2s">x</p>')}`, 10, 'https://x/a.dfxp').map((c) => [c.start, c.text])).toEqual([[11, 'x']]);
    expect(parseTextDocument('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nv\n', 10, 'https://x/a.vtt').map((c) => [c.start, c.text])).toEqual([[1, 'v']]);
  });
});
