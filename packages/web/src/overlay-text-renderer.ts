/**
 * TextRenderer that draws cues as positioned HTML over the video — for what a
 * VTTCue cannot show: TTML region boxes, colours and backgrounds per span,
 * fonts, and image subtitles (IMSC image profile). The container must be a
 * positioned element covering the video (e.g. the video's parent with
 * `position: relative`); the overlay fills it and ignores pointer events.
 */
import type { TextCue, TextRenderer } from '@edgeplay/core';
import { layoutCue } from './text-overlay-layout.js';

export class OverlayTextRenderer implements TextRenderer {
  private readonly root: HTMLDivElement;
  private cues: TextCue[] = [];
  private readonly keys = new Set<string>();
  private readonly shown = new Map<TextCue, HTMLElement>();
  private readonly imageUrls = new Map<TextCue, string>();
  private visible = false;
  private frame = 0;

  constructor(
    container: HTMLElement,
    private readonly video: HTMLVideoElement,
  ) {
    this.root = container.ownerDocument.createElement('div');
    this.root.className = 'edgeplay-text-overlay';
    // A size container, so cue text scales with the video (cqh) as a TextTrack's does.
    Object.assign(this.root.style, { position: 'absolute', inset: '0', pointerEvents: 'none', overflow: 'hidden', display: 'none', containerType: 'size' });
    container.appendChild(this.root);
    video.addEventListener('seeked', () => this.update());
    video.addEventListener('timeupdate', () => this.update());
  }

  addCues(cues: readonly TextCue[]): void {
    for (const c of cues) {
      const key = `${c.start}|${c.end}|${c.text}|${c.image ? 'img' : ''}`;
      if (this.keys.has(key) || !(c.end > c.start)) continue;
      this.keys.add(key);
      this.cues.push(c);
    }
    this.update();
  }

  clear(): void {
    for (const el of this.shown.values()) el.remove();
    this.shown.clear();
    for (const url of this.imageUrls.values()) URL.revokeObjectURL(url);
    this.imageUrls.clear();
    this.cues = [];
    this.keys.clear();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.root.style.display = visible ? 'block' : 'none';
    if (visible) this.tick();
    else cancelAnimationFrame(this.frame);
  }

  /** Re-evaluates which cues are active at the current time (timeupdate alone is ~4 Hz: a frame loop keeps cue edges sharp). */
  private tick(): void {
    this.update();
    if (this.visible) this.frame = requestAnimationFrame(() => this.tick());
  }

  private update(): void {
    const t = this.video.currentTime;
    for (const [cue, el] of this.shown) {
      if (t < cue.start || t >= cue.end) {
        el.remove();
        this.shown.delete(cue);
      }
    }
    for (const cue of this.cues) if (t >= cue.start && t < cue.end && !this.shown.has(cue)) this.shown.set(cue, this.render(cue));
  }

  private render(cue: TextCue): HTMLElement {
    const doc = this.root.ownerDocument;
    const layout = layoutCue(cue);
    const box = doc.createElement('div');
    box.className = 'edgeplay-cue';
    // 4.5 % of the video height: ~49 px at 1080p, the size Chromium's own cue rendering uses at that height.
    Object.assign(box.style, { position: 'absolute', ...layout.box, display: 'flex', flexDirection: 'column', justifyContent: layout.justify, fontSize: '4.5cqh' });
    if (layout.image) {
      const img = doc.createElement('img');
      img.src = layout.image.src ?? this.imageUrl(cue, layout.image.data!, layout.image.mimeType);
      Object.assign(img.style, { width: '100%', height: '100%', objectFit: 'contain' });
      box.appendChild(img);
    } else {
      const p = doc.createElement('p');
      Object.assign(p.style, { margin: '0', color: 'white', textShadow: '0 0 0.15em black' });
      for (const [k, v] of Object.entries(layout.paragraph)) p.style.setProperty(k, v);
      for (const run of layout.runs) {
        if (run.text === '\n') {
          p.appendChild(doc.createElement('br'));
          continue;
        }
        const span = doc.createElement('span');
        span.textContent = run.text;
        for (const [k, v] of Object.entries(run.css)) span.style.setProperty(k, v);
        p.appendChild(span);
      }
      box.appendChild(p);
    }
    this.root.appendChild(box);
    return box;
  }

  private imageUrl(cue: TextCue, data: Uint8Array, mimeType: string): string {
    let url = this.imageUrls.get(cue);
    if (!url) {
      url = URL.createObjectURL(new Blob([data.slice().buffer as ArrayBuffer], { type: mimeType }));
      this.imageUrls.set(cue, url);
    }
    return url;
  }
}
