/**
 * Pure layout of a {@link TextCue} for the styled overlay: the region box (in
 * percent of the video), where the lines sit in it, and each run as text with
 * its CSS. Everything VTTCue cannot express lives here: region backgrounds
 * and clipping, colours, per-span styles, fonts, image subtitles.
 */
import type { TextCue, TextCueStyle } from '@edgeplay/core';

/** One styled run; `text === '\n'` is a line break. */
export interface OverlayRun {
  text: string;
  css: Record<string, string>;
}

/** What the overlay draws for one cue. */
export interface OverlayCueLayout {
  /** Region box, CSS percentages of the video box. */
  box: { left: string; top: string; width: string; height: string };
  /** Flex `justify-content` of the region: before → top, center, after → bottom. */
  justify: 'flex-start' | 'center' | 'flex-end';
  /** Paragraph CSS (text-align, font…). */
  paragraph: Record<string, string>;
  runs: OverlayRun[];
  image?: { src?: string; mimeType: string; data?: Uint8Array };
}

/** Where cues without a region go: the lower 80 % of the video, centred, like a VTTCue's default. */
const DEFAULT_REGION = { x: 10, y: 10, width: 80, height: 80, displayAlign: 'after' as const };

const pct = (n: number) => `${Math.round(n * 100) / 100}%`;

/** CSS of a run (only what is set). */
export function runCss(style: TextCueStyle): Record<string, string> {
  const css: Record<string, string> = {};
  if (style.color) css.color = style.color;
  if (style.backgroundColor) css['background-color'] = style.backgroundColor;
  if (style.italic) css['font-style'] = 'italic';
  if (style.bold) css['font-weight'] = 'bold';
  const decoration = [style.underline ? 'underline' : '', style.lineThrough ? 'line-through' : ''].filter(Boolean).join(' ');
  if (decoration) css['text-decoration'] = decoration;
  if (style.fontFamily) css['font-family'] = cssFontFamily(style.fontFamily);
  return css;
}

/** TTML generic families (`proportionalSansSerif`…) → CSS generic families. */
function cssFontFamily(ttml: string): string {
  const generic: Record<string, string> = {
    default: 'sans-serif',
    monospace: 'monospace',
    sansSerif: 'sans-serif',
    serif: 'serif',
    monospaceSansSerif: 'monospace',
    monospaceSerif: 'monospace',
    proportionalSansSerif: 'sans-serif',
    proportionalSerif: 'serif',
  };
  return ttml
    .split(',')
    .map((f) => f.trim())
    .map((f) => generic[f] ?? (/^["']/.test(f) ? f : `"${f}"`))
    .join(', ');
}

/** The layout of one cue. */
export function layoutCue(cue: TextCue): OverlayCueLayout {
  const r = cue.region ?? DEFAULT_REGION;
  const align = cue.style?.textAlign ?? (cue.region ? 'start' : 'center');
  const paragraph: Record<string, string> = { 'text-align': align };
  if (cue.style?.fontFamily) paragraph['font-family'] = cssFontFamily(cue.style.fontFamily);
  const runs: OverlayRun[] = cue.spans?.length
    ? cue.spans.map((s) => ({ text: s.text, css: s.text === '\n' ? {} : runCss(s.style) }))
    : cue.text
        .replace(/<[^>]+>/g, '')
        .split('\n')
        .flatMap((line, i) => (i ? [{ text: '\n', css: {} }, { text: decodeEntities(line), css: {} }] : [{ text: decodeEntities(line), css: {} }]));
  const layout: OverlayCueLayout = {
    box: { left: pct(r.x), top: pct(r.y), width: pct(r.width), height: pct(r.height) },
    justify: r.displayAlign === 'before' ? 'flex-start' : r.displayAlign === 'center' ? 'center' : 'flex-end',
    paragraph,
    runs: cue.image ? [] : runs,
  };
  if (cue.image) layout.image = { mimeType: cue.image.mimeType, ...(cue.image.uri ? { src: cue.image.uri } : {}), ...(cue.image.data ? { data: cue.image.data } : {}) };
  return layout;
}

function decodeEntities(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
