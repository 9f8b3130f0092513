/** TextRenderer onto a `subtitles` TextTrack of the video element (the browser draws VTTCues). */
import type { TextCue, TextRenderer } from '@edgeplay/core';

/** The core's TextRenderer over a `TextTrack` of the video element (native cue rendering). */
export class VideoTextTrackRenderer implements TextRenderer {
  private track: TextTrack | null = null;
  private visible = false;

  constructor(private readonly video: HTMLVideoElement) {}

  addCues(cues: readonly TextCue[]): void {
    const track = this.ensureTrack();
    const existing = new Set(Array.from(track.cues ?? []).map((c) => `${c.startTime}|${c.endTime}|${(c as VTTCue).text}`));
    for (const c of cues) {
      const key = `${c.start}|${c.end}|${c.text}`;
      if (existing.has(key) || !(c.end > c.start)) continue;
      const cue = new VTTCue(c.start, c.end, c.text);
      if (c.id) cue.id = c.id;
      if (c.settings) applySettings(cue, c.settings);
      track.addCue(cue);
      existing.add(key);
    }
  }

  clear(): void {
    const track = this.track;
    if (!track?.cues) return;
    for (const cue of Array.from(track.cues)) track.removeCue(cue);
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.ensureTrack().mode = visible ? 'showing' : 'hidden';
  }

  private ensureTrack(): TextTrack {
    if (!this.track) {
      this.track = this.video.addTextTrack('subtitles', 'Edgeplay', '');
      this.track.mode = this.visible ? 'showing' : 'hidden';
    }
    return this.track;
  }
}

const PERCENT = /^(\d+(?:\.\d+)?)%(?:,(start|center|end|line-left|line-right|auto))?$/;

/**
 * WebVTT cue settings onto a VTTCue: `align`, `line` (an integer line number,
 * or `N%[,start|center|end]` which turns snap-to-lines off), `position`
 * (`N%[,line-left|center|line-right]`) and `size` (`N%`). TTML regions arrive
 * as these; colours, backgrounds and images need an overlay renderer.
 */
function applySettings(cue: VTTCue, settings: Record<string, string>): void {
  if (settings.align) cue.align = settings.align as AlignSetting;
  const line = settings.line;
  if (line !== undefined && /^-?\d+$/.test(line)) cue.line = Number(line);
  else if (line !== undefined) {
    const m = PERCENT.exec(line);
    if (m) {
      cue.snapToLines = false;
      cue.line = Number(m[1]);
      if (m[2] === 'start' || m[2] === 'center' || m[2] === 'end') cue.lineAlign = m[2];
    }
  }
  const position = settings.position ? PERCENT.exec(settings.position) : null;
  if (position) {
    cue.position = Number(position[1]);
    if (position[2] === 'line-left' || position[2] === 'center' || position[2] === 'line-right' || position[2] === 'auto') cue.positionAlign = position[2];
  }
  const size = settings.size ? PERCENT.exec(settings.size) : null;
  if (size && Number(size[1]) <= 100) cue.size = Number(size[1]);
}
