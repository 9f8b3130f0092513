/**
 * Child process of the amplification fuzz test: runs every family at the
 * given sizes with `--expose-gc` and prints, per input, the parse time and the
 * heap the result retains (heapUsed after gc with the result alive, minus
 * before). Separate process: gc() is needed for honest numbers, and a parser
 * that blew up must not take the test runner down with it.
 */
import { parseDashManifest } from '../../src/dash/index.js';
import { parseHlsManifest, parseHlsMediaPlaylist } from '../../src/hls/index.js';
import { parseWvttInit, parseWvttSegment } from '../../src/text/wvtt-parser.js';
import { FAMILIES, WVTT_INIT, type AmplificationInput } from './amplification-families.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

function parse(x: AmplificationInput): unknown {
  switch (x.parser) {
    case 'dash':
      return parseDashManifest(x.input as string, { manifestUrl: 'https://cdn.example/m.mpd' });
    case 'hls':
      return parseHlsManifest(x.input as string, { manifestUrl: 'https://cdn.example/m.m3u8' });
    case 'hls-media':
      return parseHlsMediaPlaylist(x.input as string, { playlistUrl: 'https://cdn.example/p.m3u8' });
    case 'wvtt':
      return parseWvttSegment(x.input as Uint8Array, parseWvttInit(WVTT_INIT));
  }
}

const sizes = process.argv.slice(2).map(Number);
const out: unknown[] = [];
for (const [name, make] of Object.entries(FAMILIES)) {
  for (const bytes of sizes) {
    let x: AmplificationInput | null = make(bytes);
    const inputBytes = typeof x.input === 'string' ? x.input.length : x.input.byteLength;
    gc();
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    let result: unknown = null;
    let outcome = 'model';
    try {
      result = parse(x);
    } catch (e) {
      const err = e as { code?: string; name?: string };
      outcome = err.code ? `error:${err.code}` : `crash:${err.name ?? String(e)}`;
    }
    const ms = performance.now() - started;
    x = null; // the input is not the parser's retention
    gc();
    const retained = process.memoryUsage().heapUsed - before - 0;
    out.push({ family: name, bytes: inputBytes, ms: Math.round(ms), retainedMB: Math.max(0, retained) / 1024 / 1024, outcome, kept: result !== null });
    result = null;
  }
}
process.stdout.write(JSON.stringify(out));
