/**
 * HLS live: a variant whose media playlist is first loaded after the window
 * moved must place each media sequence number at the same playlist time as
 * the variant loaded before it (else a switch skips a segment: the 4 s
 * buffered hole seen in a demo run on the reference server's live HLS).
 */
import { describe, expect, it } from 'vitest';
import { hlsFormat } from '../../src/hls/hls-format.js';
import type { SegmentReference, Track } from '../../src/manifest/model.js';
import type { SegmentIndex } from '../../src/manifest/segment-index.js';

const enc = new TextEncoder();

/** A live media playlist listing segments `first`..`first + 4` (4 s each). */
function live(first: number): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-TARGETDURATION:4', `#EXT-X-MEDIA-SEQUENCE:${first}`, '#EXT-X-MAP:URI="init.mp4"'];
  for (let s = first; s < first + 5; s++) lines.push('#EXTINF:4.000,', `seg-${s}.m4s`);
  return lines.join('\n') + '\n';
}

/** The reference with media sequence number `seq`, through the SegmentIndex interface (positions, not a list). */
function referenceBySequence(index: SegmentIndex, seq: number): SegmentReference {
  for (let i = 0; i < index.length; i++) {
    const ref = index.get(i);
    if (ref?.sequence === seq) return ref;
  }
  throw new Error(`no segment with sequence ${seq} in [${index.start}, ${index.end})`);
}

const MASTER = ['#EXTM3U', '#EXT-X-STREAM-INF:BANDWIDTH=500000,CODECS="avc1.4d401e"', 'low/playlist.m3u8', '#EXT-X-STREAM-INF:BANDWIDTH=2000000,CODECS="avc1.4d401f"', 'high/playlist.m3u8'].join('\n');

describe('HLS live: variants share one timeline', () => {
  it('a variant loaded one segment later puts each sequence number where the first variant has it', async () => {
    const windows: Record<string, number> = { low: 10, high: 11 };
    const session = hlsFormat.open({
      manifestUrl: 'https://live.example/master.m3u8',
      wallNow: () => 0,
      fetch: async (req) => {
        const name = /(low|high)\//.exec(JSON.stringify(req))![1]!;
        const url = `https://live.example/${name}/playlist.m3u8`;
        return { data: enc.encode(live(windows[name]!)).buffer as ArrayBuffer, url };
      },
    });
    const p = session.parse(MASTER, 'https://live.example/master.m3u8');
    const tracks = p.periods[0]!.switchingSets.flatMap((s) => s.tracks).filter((t: Track) => t.type === 'video');
    const low = tracks.find((t) => t.bandwidth === 500000)!;
    const high = tracks.find((t) => t.bandwidth === 2000000)!;
    const lowIndex = await session.fetchIndex(low, p)!;
    const highIndex = await session.fetchIndex(high, p)!;
    const at = (index: SegmentIndex, seq: number) => referenceBySequence(index, seq).start;
    for (const seq of [11, 12, 13, 14]) expect(at(highIndex, seq)).toBeCloseTo(at(lowIndex, seq), 6);
  });
});
