import { describe, expect, it } from 'vitest';
import { layoutCue } from '../src/text-overlay-layout.js';
import { parseTtml } from '../../core/src/text/ttml/ttml-parser.js';

const NS = 'xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling"';

describe('overlay layout of TTML cues', () => {
  it('region box, block alignment, paragraph alignment and per-span CSS from a parsed document', () => {
    const [cue] = parseTtml(
      `<tt ${NS}><head><layout><region xml:id="top" tts:origin="5% 10%" tts:extent="90% 15%" tts:displayAlign="center"/></layout></head><body><div region="top"><p begin="0s" end="1s" tts:textAlign="right" tts:fontFamily="proportionalSansSerif, Arial">plain <span tts:color="#ff0" tts:backgroundColor="rgba(0,0,0,0.8)" tts:fontStyle="italic">yellow</span><br/><span tts:textDecoration="underline lineThrough" tts:fontWeight="bold">two</span></p></div></body></tt>`,
    );
    const l = layoutCue(cue!);
    expect(l.box).toEqual({ left: '5%', top: '10%', width: '90%', height: '15%' });
    expect(l.justify).toBe('center');
    expect(l.paragraph).toEqual({ 'text-align': 'right', 'font-family': 'sans-serif, "Arial"' });
    expect(l.runs.map((r) => [r.text, r.css])).toEqual([
      ['plain ', { 'font-family': 'sans-serif, "Arial"' }],
      ['yellow', { color: '#ff0', 'background-color': 'rgba(0,0,0,0.8)', 'font-style': 'italic', 'font-family': 'sans-serif, "Arial"' }],
      ['\n', {}],
      ['two', { 'font-weight': 'bold', 'text-decoration': 'underline line-through', 'font-family': 'sans-serif, "Arial"' }],
    ]);
  });

  it('cues without a region sit bottom-centre; WebVTT cue text loses its tags and entities', () => {
    const l = layoutCue({ start: 0, end: 1, text: '<i>Tom &amp; Jerry</i>\nline 2' });
    expect(l).toMatchObject({ box: { left: '10%', top: '10%', width: '80%', height: '80%' }, justify: 'flex-end', paragraph: { 'text-align': 'center' } });
    expect(l.runs.map((r) => r.text)).toEqual(['Tom & Jerry', '\n', 'line 2']);
  });

  it('image cues carry the image, no text', () => {
    const data = Uint8Array.from([0x89, 0x50, 0x4e, 0x47]);
    const l = layoutCue({ start: 0, end: 1, text: '', image: { mimeType: 'image/png', data }, region: { x: 20, y: 80, width: 60, height: 10, displayAlign: 'after' } });
    expect(l.image).toEqual({ mimeType: 'image/png', data });
    expect(l.runs).toEqual([]);
  });
});
