/**
 * Finding 11 of issue 15: chained EXT-X-DEFINE values double at each level, so
 * a 1.2 KB playlist produced a 428 M-character URI (1.7 GB). Expansion is now
 * bounded by a multiple of the input and an absolute cap, with a typed error.
 */
import { describe, expect, it } from 'vitest';
import { parseHlsManifest, parseHlsMediaPlaylist } from '../../src/hls/index.js';
import { EXPANSION_CAP, EXPANSION_FACTOR, EXPANSION_FLOOR } from '../../src/hls/variables.js';

/** `levels` defines, each twice the one before: v0 = 16 chars, vN = 2^N × 16. */
function bombDefines(levels: number): string {
  const lines = ['#EXT-X-DEFINE:NAME="v0",VALUE="aaaaaaaaaaaaaaaa"'];
  for (let i = 1; i <= levels; i++) lines.push(`#EXT-X-DEFINE:NAME="v${i}",VALUE="{$v${i - 1}}{$v${i - 1}}"`);
  return lines.join('\n');
}

function expectLimit(fn: () => unknown): void {
  const started = performance.now();
  const before = process.memoryUsage().heapUsed;
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toMatchObject({ category: 'manifest', code: 'MANIFEST_LIMIT_EXCEEDED' });
  expect(performance.now() - started).toBeLessThan(2000);
  // The budget is charged before strings are built: nothing near the 1.7 GB of the report.
  expect(process.memoryUsage().heapUsed - before).toBeLessThan(256 * 1024 * 1024);
}

describe('HLS variable substitution is bounded (issue 15 #11)', () => {
  it('a media playlist define chain (1.2 KB, 25 levels) is MANIFEST_LIMIT_EXCEEDED, not a 428 M-character URI', () => {
    const text = `#EXTM3U\n#EXT-X-VERSION:8\n#EXT-X-TARGETDURATION:4\n${bombDefines(25)}\n#EXTINF:4,\n{$v25}.ts\n#EXT-X-ENDLIST\n`;
    expect(text.length).toBeLessThan(1500);
    expectLimit(() => parseHlsMediaPlaylist(text, { playlistUrl: 'https://cdn.example/p.m3u8' }));
  });

  it('a multivariant define chain is MANIFEST_LIMIT_EXCEEDED', () => {
    const text = `#EXTM3U\n${bombDefines(26)}\n#EXT-X-STREAM-INF:BANDWIDTH=1000000\n{$v26}.m3u8\n`;
    expectLimit(() => parseHlsManifest(text, { manifestUrl: 'https://cdn.example/m.m3u8' }));
  });

  it('many references to one moderate variable are bounded too (breadth, not depth)', () => {
    const value = 'b'.repeat(4000);
    const uri = '{$x}'.repeat(60);
    const segs = Array.from({ length: 200 }, () => `#EXTINF:4,\n${uri}`).join('\n');
    const text = `#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-DEFINE:NAME="x",VALUE="${value}"\n${segs}\n#EXT-X-ENDLIST\n`;
    // 200 × 60 × 4000 = 48 M characters from ~55 KB of playlist.
    expect(200 * 60 * 4000).toBeGreaterThan(EXPANSION_FLOOR + EXPANSION_FACTOR * text.length);
    expectLimit(() => parseHlsMediaPlaylist(text, { playlistUrl: 'https://cdn.example/p.m3u8' }));
  });

  it('ordinary use of variables (a shared base per segment) stays within budget', () => {
    const segs = Array.from({ length: 5000 }, (_, i) => `#EXTINF:4,\n{$base}/seg-${i}.ts?{$token}`).join('\n');
    const text = `#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-DEFINE:NAME="base",VALUE="https://cdn.example/a/very/long/path/to/content/1080p"\n#EXT-X-DEFINE:NAME="token",VALUE="t=${'k'.repeat(80)}"\n${segs}\n#EXT-X-ENDLIST\n`;
    const p = parseHlsMediaPlaylist(text, { playlistUrl: 'https://cdn.example/p.m3u8' });
    expect(p.segments).toHaveLength(5000);
    expect(p.segments[4999]!.uri).toContain('/seg-4999.ts?t=k');
    expect(EXPANSION_CAP).toBe(64 * 1024 * 1024);
  });
});
