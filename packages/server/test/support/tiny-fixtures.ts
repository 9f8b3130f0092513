/**
 * A tiny fixture tree for server unit tests (no ffmpeg): one title with two
 * video renditions, one audio, a ClearKey key, DASH and HLS manifests, and
 * deterministic segment bytes.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const KID = '11112222333344445555666677778888';
export const KEY = 'aaaabbbbccccddddeeeeffff00001111';
export const SEGMENT_BYTES = 256 * 1024;

export function segmentBytes(seed: number, size = SEGMENT_BYTES): Buffer {
  const b = Buffer.alloc(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

const MPD = `<?xml version="1.0" encoding="UTF-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT8S" minBufferTime="PT2S">
  <Period id="p0" start="PT0S">
    <AdaptationSet contentType="video" mimeType="video/mp4">
      <Representation id="v1" bandwidth="300000" codecs="avc1.64000d" width="416" height="234">
        <SegmentTemplate timescale="1000" duration="4000" startNumber="1" initialization="video/v1/init.mp4" media="video/v1/seg-$Number$.m4s"/>
      </Representation>
      <Representation id="v2" bandwidth="4300000" codecs="avc1.640028" width="1920" height="1080">
        <SegmentTemplate timescale="1000" duration="4000" startNumber="1" initialization="video/v2/init.mp4" media="video/v2/seg-$Number$.m4s"/>
      </Representation>
    </AdaptationSet>
    <AdaptationSet contentType="audio" mimeType="audio/mp4" lang="en">
      <Representation id="a-en" bandwidth="128000" codecs="mp4a.40.2">
        <SegmentTemplate timescale="1000" duration="4000" startNumber="1" initialization="audio/en/init.mp4" media="audio/en/seg-$Number$.m4s"/>
      </Representation>
    </AdaptationSet>
  </Period>
</MPD>
`;

const MASTER = `#EXTM3U
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="en",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio/en/playlist.m3u8"
#EXT-X-STREAM-INF:BANDWIDTH=448000,CODECS="avc1.64000d,mp4a.40.2",RESOLUTION=416x234,AUDIO="aud"
video/v1/playlist.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=4500000,CODECS="avc1.640028,mp4a.40.2",RESOLUTION=1920x1080,AUDIO="aud"
video/v2/playlist.m3u8
`;

const PLAYLIST = `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-TARGETDURATION:4
#EXT-X-PLAYLIST-TYPE:VOD
#EXT-X-MAP:URI="init.mp4"
#EXTINF:4,
seg-1.m4s
#EXTINF:4,
seg-2.m4s
#EXT-X-ENDLIST
`;

/** Creates the tree and a constant 2 Mb/s trace; returns `{ fixturesRoot, tracesRoot }`. */
export function makeTinyFixtures(): { fixturesRoot: string; tracesRoot: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'edgeplay-tiny-'));
  const fixturesRoot = path.join(root, 'fixtures');
  const tracesRoot = path.join(root, 'traces');
  const title = path.join(fixturesRoot, 'vod');
  let seed = 1;
  for (const r of ['video/v1', 'video/v2', 'audio/en']) {
    mkdirSync(path.join(title, r), { recursive: true });
    writeFileSync(path.join(title, r, 'init.mp4'), segmentBytes(seed++, 700));
    writeFileSync(path.join(title, r, 'seg-1.m4s'), segmentBytes(seed++));
    writeFileSync(path.join(title, r, 'seg-2.m4s'), segmentBytes(seed++));
    writeFileSync(path.join(title, r, 'playlist.m3u8'), PLAYLIST);
  }
  writeFileSync(path.join(title, 'manifest.mpd'), MPD);
  writeFileSync(path.join(title, 'master.m3u8'), MASTER);
  writeFileSync(path.join(root, 'secret.txt'), 'outside the fixtures folder');
  const catalog = {
    version: 1,
    generator: 'edgeplay-fixtures',
    titles: [
      {
        id: 'vod', kind: 'vod', duration: 8, segmentDuration: 4, dash: 'manifest.mpd', hls: 'master.m3u8',
        video: [
          { id: 'v1', bandwidth: 300000, codecs: 'avc1.64000d', width: 416, height: 234, frameRate: 25, path: 'video/v1/' },
          { id: 'v2', bandwidth: 4300000, codecs: 'avc1.640028', width: 1920, height: 1080, frameRate: 25, path: 'video/v2/' },
        ],
        audio: [{ id: 'a-en', bandwidth: 128000, codecs: 'mp4a.40.2', language: 'en', channels: 2, path: 'audio/en/' }],
        text: [],
        encryption: { scheme: 'cenc', keys: [{ kid: KID, key: KEY }] },
        gaps: [],
      },
    ],
  };
  writeFileSync(path.join(fixturesRoot, 'catalog.json'), JSON.stringify(catalog));
  mkdirSync(path.join(tracesRoot, 'test'), { recursive: true });
  writeFileSync(path.join(tracesRoot, 'test', 'flat-2mbps.txt'), '0\t2.0\n1\t2.0\n2\t2.0\n3\t2.0\n');
  return { fixturesRoot, tracesRoot };
}
