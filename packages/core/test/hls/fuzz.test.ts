/**
 * Fuzzing the HLS parsers with mutated corpus files: a model or a
 * ManifestError, never another exception (or an internally wrapped one), never a hang.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseHlsManifest, parseHlsMediaPlaylist } from '../../src/hls/index.js';
import { ManifestError } from '../../src/errors/manifest-error.js';
import { corpusFiles } from '../support/shared-data.js';

const files = corpusFiles('.m3u8').map((f) => f.text);

function parseOrManifestError(text: string): void {
  const started = performance.now();
  for (const parse of [
    () => parseHlsManifest(text, { manifestUrl: 'https://cdn.example.com/x/master.m3u8?token=1' }),
    () => parseHlsMediaPlaylist(text, { playlistUrl: 'https://cdn.example.com/x/v.m3u8' }),
  ]) {
    try {
      const r = parse();
      if ('segmentIndex' in r && r.segmentIndex.length) r.segmentIndex.find(r.segmentIndex.end - 0.001);
    } catch (e) {
      if (!(e instanceof ManifestError)) throw e;
      if (e.cause !== undefined) throw e.cause;
    }
  }
  expect(performance.now() - started).toBeLessThan(2000);
}

const TOKENS = ['#EXTINF:', '#EXT-X-BYTERANGE:', '#EXT-X-KEY:METHOD=', '#EXT-X-MAP:URI=', '#EXT-X-DISCONTINUITY', '#EXT-X-SKIP:SKIPPED-SEGMENTS=9', '#EXT-X-STREAM-INF:BANDWIDTH=', '#EXT-X-MEDIA:TYPE=AUDIO', '#EXT-X-DEFINE:NAME="a",VALUE="{$a}"', '{$x}', '"', ',', '=', '@', '-1', '1e400', 'NaN', '\r', ''];

describe('HLS parser fuzzing', () => {
  it('survives random truncation', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: files.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (i, frac) => {
        parseOrManifestError(files[i]!.slice(0, Math.floor(files[i]!.length * frac)));
      }),
      { numRuns: 400 },
    );
  });

  it('survives dropped, duplicated and swapped lines', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: files.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 6 }), (i, ops) => {
        const lines = files[i]!.split('\n');
        for (const [a, b, op] of ops) {
          const x = a % lines.length;
          const y = b % lines.length;
          if (op === 0) lines.splice(x, 1);
          else if (op === 1) lines.splice(x, 0, lines[x]!);
          else [lines[x], lines[y]] = [lines[y]!, lines[x]!];
          if (!lines.length) lines.push('');
        }
        parseOrManifestError(lines.join('\n'));
      }),
      { numRuns: 500 },
    );
  });

  it('survives injected hostile tokens and byte mutations', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: files.length - 1 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...TOKENS), fc.integer({ min: 0, max: 127 })), { minLength: 1, maxLength: 6 }),
        (i, edits) => {
          let text = files[i]!;
          for (const [pos, token, byte] of edits) {
            const at = Math.floor(pos * text.length);
            text = text.slice(0, at) + (byte % 2 ? token : String.fromCharCode(byte)) + text.slice(at + 1);
          }
          parseOrManifestError(text);
        },
      ),
      { numRuns: 600 },
    );
  });
});
