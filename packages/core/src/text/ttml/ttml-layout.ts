/**
 * TTML region geometry (`tts:origin`, `tts:extent`, `tts:displayAlign`) → a
 * {@link TextCueRegion} in percent of the video, and the WebVTT cue settings
 * that place a VTTCue there (`line`/`position`/`size`/`align`, snap-to-lines
 * off), which is as close as VTTCue gets: it has no region background, no
 * per-region clipping and no vertical centring of multi-line blocks.
 */
import type { TextCueRegion, TextCueStyle } from '../../platform/text-renderer.js';
import type { TtmlStyleProps } from './ttml-style.js';

/** Root container size in pixels (`tts:extent` on `tt`), needed to turn `px` lengths into percent. */
export interface RootExtent {
  width: number;
  height: number;
}

/** `"W H"` lengths → percent pair; `px` needs the root extent, `%` does not; anything else is null. */
function lengthPair(value: string | undefined, root: RootExtent | null): [number, number] | null {
  if (!value) return null;
  const parts = value.trim().split(/\s+/);
  if (parts.length !== 2) return null;
  const out: number[] = [];
  for (let i = 0; i < 2; i++) {
    const m = /^(-?\d+(?:\.\d+)?)(%|px)$/.exec(parts[i]!);
    if (!m) return null;
    const n = Number(m[1]);
    if (m[2] === '%') out.push(n);
    else if (root) out.push((100 * n) / (i === 0 ? root.width : root.height));
    else return null;
  }
  return [out[0]!, out[1]!];
}

/** Root extent from the `tt` element's `tts:extent="1920px 1080px"`. */
export function rootExtentOf(value: string | undefined): RootExtent | null {
  const m = /^\s*(\d+(?:\.\d+)?)px\s+(\d+(?:\.\d+)?)px\s*$/.exec(value ?? '');
  return m && Number(m[1]) > 0 && Number(m[2]) > 0 ? { width: Number(m[1]), height: Number(m[2]) } : null;
}

/** The region rectangle from computed region properties; TTML defaults: origin 0 0, extent = root container. */
export function regionGeometry(props: TtmlStyleProps, id: string | undefined, root: RootExtent | null): TextCueRegion {
  const [x, y] = lengthPair(props.origin, root) ?? [0, 0];
  const [width, height] = lengthPair(props.extent, root) ?? [100 - x, 100 - y];
  const da = props.displayAlign?.trim();
  const region: TextCueRegion = { x, y, width, height, displayAlign: da === 'center' || da === 'after' ? da : 'before' };
  if (id) region.id = id;
  return region;
}

const round = (n: number) => `${Math.round(n * 100) / 100}%`;

/** WebVTT settings that put a cue in `region` with the paragraph's text alignment. */
export function vttSettingsOf(region: TextCueRegion, textAlign: TextCueStyle['textAlign']): Record<string, string> {
  const line =
    region.displayAlign === 'after' ? `${round(region.y + region.height)},end` : region.displayAlign === 'center' ? `${round(region.y + region.height / 2)},center` : `${round(region.y)},start`;
  // TTML's default text alignment is `start` (TTML1 §8.2.20); VTTCue's is center.
  return { line, position: `${round(region.x)},line-left`, size: round(region.width), align: textAlign ?? 'start' };
}
