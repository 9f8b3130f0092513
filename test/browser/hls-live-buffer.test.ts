/**
 * HLS live (the reference server's looped VOD title, fMP4 with a
 * discontinuity at every loop, PROGRAM-DATE-TIME on every segment): across
 * several media-playlist reloads and a manual variant switch made after the
 * window moved, the buffer must stay one range — a manual demo run once
 * showed [12,16],[20,36], a 4 s hole of one segment. Before the fix in
 * hls-format.ts (a variant's first playlist anchored on a loaded sibling's
 * timeline) this test saw [[12,19.84],[24,…]]: the top variant, first loaded
 * after the window moved, had every sequence number one segment early.
 */
import { describe, expect, it } from 'vitest';
import { useChromiumSession } from './support/chromium-session.js';
import { openEdgeplay } from './support/edgeplay-page.js';

const chromium = useChromiumSession();

/** Holes wider than this between buffered ranges count (MSE leaves sub-frame slivers at fragment joins). */
const HOLE_S = 0.1;

describe('HLS live', () => {
  it('keeps one buffered range across playlist reloads (no segment-sized hole)', async () => {
    const p = await openEdgeplay(chromium.browser, chromium.server.url, 'hls-live-buffer');
    await p.load(`/live/vod/master.m3u8?session=${p.session}`);
    const t0 = (await p.progress()).currentTime;
    await p.waitForTime(t0 + 1, 30_000);
    // A variant switch after the window moved, to the top variant (ABR has not reached it yet, so its playlist is first loaded now).
    await p.page.waitForTimeout(6_000);
    const switched = await p.call<string>("(player) => { const v = player.getTracks().filter((t) => t.type === 'video'); const cur = player.getStats().currentBitrate; const other = v.filter((t) => t.bandwidth !== cur).sort((a, b) => b.bandwidth - a.bandwidth)[0] ?? v[0]; player.selectTrack(other.id); return other.id + ' of ' + v.map((t) => t.id + ':' + t.bandwidth).join(','); }");
    expect(switched).toMatch(/^video-/);
    const samples: Array<Array<[number, number]>> = [];
    for (let i = 0; i < 6; i++) {
      await p.page.waitForTimeout(3_000); // reloads every target duration: several happen meanwhile
      samples.push(await p.page.evaluate(() => {
        const b = document.querySelector('video')!.buffered;
        return Array.from({ length: b.length }, (_, k) => [b.start(k), b.end(k)] as [number, number]);
      }));
    }
    const holes = samples.flatMap((ranges) => ranges.slice(1).map((r, k) => ({ from: ranges[k]![1], to: r[0], ranges })).filter((h) => h.to - h.from > HOLE_S));
    expect(holes, JSON.stringify(samples)).toEqual([]);
    const end = await p.progress();
    expect(end.currentTime - t0).toBeGreaterThan(12);
    expect(end.errors.filter((e) => e.severity === 'fatal')).toEqual([]);
    await p.close();
  });
});
