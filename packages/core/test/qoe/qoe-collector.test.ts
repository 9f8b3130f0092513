import { describe, expect, it } from 'vitest';
import { QoeCollector } from '../../src/qoe/qoe-collector.js';

describe('QoeCollector', () => {
  it('measures startup, stalls after startup only, and time-weighted bitrate', () => {
    const q = new QoeCollector();
    q.loadStarted(1000);
    q.bitrateChanged(1100, 1_000_000);
    q.stalled(1200); // before first play: startup, not a stall
    q.playing(1800);
    q.bitrateChanged(5800, 3_000_000); // 4 s at 1 Mb/s
    q.stalled(7800); // 2 s at 3 Mb/s
    q.playing(8800); // 1 s stall
    const s = q.summary(8800);
    expect(s.startupTimeMs).toBe(800);
    expect(s.stalls).toBe(1);
    expect(s.stallTime).toBeCloseTo(1, 9);
    expect(s.switches).toBe(1);
    expect(s.playTime).toBeCloseTo(6, 9);
    expect(s.averageBitrate).toBeCloseTo((4 * 1e6 + 2 * 3e6) / 6, 3);
  });

  it('counts an open stall up to now and resets on a new load', () => {
    const q = new QoeCollector();
    q.loadStarted(0);
    q.playing(500);
    q.stalled(1000);
    expect(q.summary(3000).stallTime).toBeCloseTo(2, 9);
    q.loadStarted(4000);
    const s = q.summary(4000);
    expect(s.stalls).toBe(0);
    expect(Number.isNaN(s.startupTimeMs)).toBe(true);
  });
});
