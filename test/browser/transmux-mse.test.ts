/**
 * The transmuxer's fMP4 in Chromium's own MediaSource: ffmpeg-written TS is
 * transmuxed in the page (the core transmuxer bundled with esbuild), appended
 * to SourceBuffers, and the buffered ranges must be where the transmuxer's
 * timing says (B-frames, the 1.4 s start, the 2^33 wrap, muxed and split, raw
 * MP3 through audio/mpeg). Codecs this Chromium cannot decode (HEVC here) must
 * be reported unsupported by isTypeSupported, never fail on append.
 */
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegWrite, FFMPEG_MISSING, lavfiInputs, readBytes } from '../../packages/core/test/transmux/support/media-oracle.js';
import { launchChromium } from './support/chromium.js';

const root = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const H264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-bf', '2', '-pix_fmt', 'yuv420p'];

interface Appended {
  timing: { firstPts: number; lastEnd: number };
  buffers: Array<{ type: string; mimeType: string; supported: boolean; ranges: Array<[number, number]>; error?: string }>;
}

let browser: Browser;
let page: Page;

async function transmuxInPage(ts: Uint8Array, mode: 'muxed' | 'split'): Promise<Appended> {
  return page.evaluate(
    async ({ b64, mode }) => {
      const bin = atob(b64);
      const data = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) data[i] = bin.charCodeAt(i);
      const T = (globalThis as unknown as { EdgeplayTransmux: typeof import('../../packages/core/src/transmux/index.js') }).EdgeplayTransmux;
      const out = T.createTsTransmuxer({ mode, rawMpegAudio: true }).push(data);
      const ms = new MediaSource();
      const video = document.createElement('video');
      video.src = URL.createObjectURL(ms);
      await new Promise((r) => ms.addEventListener('sourceopen', r, { once: true }));
      // Every SourceBuffer must exist before the first init segment is appended.
      const sbs = out.init!.map((i) => (MediaSource.isTypeSupported(i.mimeType) ? ms.addSourceBuffer(i.mimeType) : null));
      const buffers: Appended['buffers'] = [];
      for (const [k, init] of out.init!.entries()) {
        const sb = sbs[k];
        const entry: Appended['buffers'][number] = { type: init.type, mimeType: init.mimeType, supported: sb !== null, ranges: [] };
        buffers.push(entry);
        if (!sb) continue;
        if (init.mimeType === 'audio/mpeg') sb.timestampOffset = out.timing!.firstPts; // raw frames carry no timestamps
        const append = (d: Uint8Array) =>
          new Promise<void>((resolve, reject) => {
            sb.addEventListener('updateend', () => resolve(), { once: true });
            sb.addEventListener('error', () => reject(new Error(`append failed: ${video.error?.message ?? '?'}`)), { once: true });
            sb.appendBuffer(d as Uint8Array<ArrayBuffer>);
          });
        try {
          if (init.data.length > 0) await append(init.data);
          for (const m of out.media.filter((m) => m.type === init.type)) await append(m.data);
          for (let i = 0; i < sb.buffered.length; i++) entry.ranges.push([sb.buffered.start(i), sb.buffered.end(i)]);
        } catch (e) {
          entry.error = (e as Error).message;
        }
      }
      return { timing: out.timing!, buffers };
    },
    { b64: Buffer.from(ts).toString('base64'), mode },
  );
}

/** One contiguous buffered range inside [firstPts, lastEnd] and covering all but the B-frame/priming edges (< 0.1 s). */
function expectPlaced(b: Appended['buffers'][number], timing: Appended['timing']) {
  expect(b.error).toBeUndefined();
  expect(b.ranges).toHaveLength(1);
  const [start, end] = b.ranges[0];
  expect(start).toBeGreaterThanOrEqual(timing.firstPts - 0.001);
  expect(start - timing.firstPts).toBeLessThan(0.1);
  expect(end).toBeLessThanOrEqual(timing.lastEnd + 0.001);
  expect(timing.lastEnd - end).toBeLessThan(0.1);
}

describe.skipIf(FFMPEG_MISSING)('transmuxed fMP4 in Chromium MSE', () => {
  beforeAll(async () => {
    const bundle = await build({ entryPoints: [path.join(root, 'packages/core/src/transmux/index.ts')], bundle: true, format: 'iife', globalName: 'EdgeplayTransmux', write: false, logLevel: 'error' });
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto('about:blank');
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    ['H.264 B-frames + AAC from 1.4 s', []],
    ['across the 2^33 wrap', ['-output_ts_offset', '95440']],
  ])('%s: muxed and split buffers land on the transmuxer timing', async (_name, extra) => {
    const ts = readBytes(ffmpegWrite(`mse-${extra.length}.ts`, [...lavfiInputs({ seconds: 4, size: '640x360' }), ...H264, '-c:a', 'aac', ...extra, '-f', 'mpegts']));
    for (const mode of ['muxed', 'split'] as const) {
      const r = await transmuxInPage(ts, mode);
      expect(r.buffers.map((b) => b.type)).toEqual(mode === 'muxed' ? ['muxed'] : ['video', 'audio']);
      for (const b of r.buffers) {
        expect(b.supported).toBe(true);
        expectPlaced(b, r.timing);
      }
    }
  });

  it('MP3 audio goes to an audio/mpeg buffer (raw frames) next to the fMP4 video', async () => {
    const ts = readBytes(ffmpegWrite('mse-mp3.ts', [...lavfiInputs({ seconds: 4, size: '640x360', audioRate: 44100 }), ...H264, '-c:a', 'libmp3lame', '-f', 'mpegts']));
    const r = await transmuxInPage(ts, 'split');
    expect(r.buffers.map((b) => [b.type, b.mimeType.split(';')[0], b.supported])).toEqual([
      ['video', 'video/mp4', true],
      ['audio', 'audio/mpeg', true],
    ]);
    for (const b of r.buffers) expectPlaced(b, r.timing);
  });

  it('HEVC: a platform without it says so through isTypeSupported, before any append', async () => {
    const ts = readBytes(ffmpegWrite('mse-hevc.ts', [...lavfiInputs({ seconds: 1, size: '320x240' }), '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-c:a', 'aac', '-f', 'mpegts']));
    const r = await transmuxInPage(ts, 'split');
    const video = r.buffers.find((b) => b.type === 'video')!;
    expect(video.mimeType).toMatch(/^video\/mp4; codecs="hvc1\./);
    if (video.supported) expectPlaced(video, r.timing);
    else expect(video.ranges).toEqual([]);
    expectPlaced(r.buffers.find((b) => b.type === 'audio')!, r.timing);
  });
});
