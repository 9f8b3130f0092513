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
      if (c.settings?.align) cue.align = c.settings.align as AlignSetting;
      if (c.settings?.line !== undefined && /^-?\d+$/.test(c.settings.line)) cue.line = Number(c.settings.line);
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
