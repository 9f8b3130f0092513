/**
 * Deterministic large manifests for the parse benchmark (written to
 * .bench-out/parse/, git-ignored):
 * - dash-timeline-3h.mpd: 3 h, 10 video + 2 audio representations, 2 s
 *   SegmentTimeline with alternating 2.002/1.998 s durations so `r` runs stay
 *   short (the realistic, expensive case);
 * - dash-number-3h.mpd: 3 h, same ladder, SegmentTemplate $Number$ @duration;
 * - hls-media-10k.m3u8: 10,000 segments with PDT on every segment and byte ranges on some;
 * - hls-multivariant-40.m3u8: 40 variants + audio and subtitle groups.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const LADDER = [235, 375, 560, 750, 1050, 1750, 2350, 3000, 4300, 5800].map((k) => k * 1000);
const HEIGHTS = [180, 234, 270, 360, 432, 540, 720, 720, 1080, 1080];

function dashTimeline() {
  // 3 h at 2 s alternating 2.002/1.998 s in timescale 90000 → pairs of S elements.
  const n = 5400;
  const s = [];
  for (let i = 0; i < n; i += 2) s.push(`<S t="${(i / 2) * 360000}" d="180180"/><S d="179820"/>`);
  const timeline = `<SegmentTimeline>${s.join('')}</SegmentTimeline>`;
  const reps = LADDER.map((b, i) => `<Representation id="v${i}" bandwidth="${b}" width="${Math.round((HEIGHTS[i] * 16) / 9)}" height="${HEIGHTS[i]}" codecs="avc1.64001f" frameRate="30000/1001"/>`).join('\n');
  const audio = [128000, 64000].map((b, i) => `<Representation id="a${i}" bandwidth="${b}" codecs="mp4a.40.2" audioSamplingRate="48000"><AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="2"/></Representation>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT3H0M0S" minBufferTime="PT4S" profiles="urn:mpeg:dash:profile:isoff-live:2011">
<BaseURL serviceLocation="a">https://a.example.com/t/</BaseURL><BaseURL serviceLocation="b">https://b.example.com/t/</BaseURL>
<Period id="p0" start="PT0S">
<AdaptationSet mimeType="video/mp4" contentType="video" segmentAlignment="true" startWithSAP="1">
<SegmentTemplate timescale="90000" initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/$Time$.m4s">${timeline}</SegmentTemplate>
${reps}
</AdaptationSet>
<AdaptationSet mimeType="audio/mp4" contentType="audio" lang="en">
<SegmentTemplate timescale="90000" initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/$Time$.m4s">${timeline}</SegmentTemplate>
${audio}
</AdaptationSet>
</Period>
</MPD>
`;
}

function dashNumber() {
  const reps = LADDER.map((b, i) => `<Representation id="v${i}" bandwidth="${b}" width="${Math.round((HEIGHTS[i] * 16) / 9)}" height="${HEIGHTS[i]}" codecs="avc1.64001f"/>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT3H0M0S" minBufferTime="PT4S" profiles="urn:mpeg:dash:profile:isoff-live:2011">
<Period id="p0" start="PT0S">
<AdaptationSet mimeType="video/mp4" contentType="video">
<SegmentTemplate timescale="1000" duration="2000" startNumber="1" initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/seg-$Number%05d$.m4s"/>
${reps}
</AdaptationSet>
<AdaptationSet mimeType="audio/mp4" contentType="audio" lang="en">
<SegmentTemplate timescale="1000" duration="2000" startNumber="1" initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/seg-$Number%05d$.m4s"/>
<Representation id="a0" bandwidth="128000" codecs="mp4a.40.2"/>
</AdaptationSet>
</Period>
</MPD>
`;
}

function hlsMedia() {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-TARGETDURATION:4', '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:VOD', '#EXT-X-INDEPENDENT-SEGMENTS', '#EXT-X-MAP:URI="init.mp4"'];
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  let offset = 0;
  for (let i = 0; i < 10000; i++) {
    const d = i % 2 ? 3.998 : 4.002;
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(t0 + i * 4000).toISOString()}`);
    lines.push(`#EXTINF:${d.toFixed(3)},`);
    if (i % 10 === 0) {
      const len = 500000 + (i % 7) * 1000;
      lines.push(`#EXT-X-BYTERANGE:${len}@${offset}`);
      offset += len;
      lines.push('packed.m4s');
    } else {
      lines.push(`segment-${i}.m4s`);
    }
  }
  lines.push('#EXT-X-ENDLIST');
  return lines.join('\n') + '\n';
}

function hlsMultivariant() {
  const lines = ['#EXTM3U', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const [g, lang] of [['aac', 'en'], ['aac', 'fr'], ['aac', 'de'], ['ec3', 'en'], ['ec3', 'fr']]) {
    lines.push(`#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="${g}",NAME="${lang}-${g}",LANGUAGE="${lang}",DEFAULT=${lang === 'en' ? 'YES' : 'NO'},AUTOSELECT=YES,CHANNELS="${g === 'ec3' ? 6 : 2}",URI="audio/${g}/${lang}.m3u8"`);
  }
  for (const lang of ['en', 'fr', 'de', 'es']) lines.push(`#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="${lang}",LANGUAGE="${lang}",URI="subs/${lang}.m3u8"`);
  for (let i = 0; i < 40; i++) {
    const b = 200000 + i * 150000;
    const h = HEIGHTS[i % HEIGHTS.length];
    const codecs = i % 2 ? 'avc1.64001f,mp4a.40.2' : 'hvc1.2.4.L120.90,ec-3';
    lines.push(`#EXT-X-STREAM-INF:BANDWIDTH=${b},AVERAGE-BANDWIDTH=${Math.round(b * 0.9)},CODECS="${codecs}",RESOLUTION=${Math.round((h * 16) / 9)}x${h},FRAME-RATE=29.970,AUDIO="${i % 2 ? 'aac' : 'ec3'}",SUBTITLES="subs"`);
    lines.push(`video/${i}/index.m3u8`);
  }
  return lines.join('\n') + '\n';
}

/** Writes the manifests and returns `{ name: path }`. */
export function generateManifests(outDir) {
  mkdirSync(outDir, { recursive: true });
  const files = {
    'dash-timeline-3h.mpd': dashTimeline(),
    'dash-number-3h.mpd': dashNumber(),
    'hls-media-10k.m3u8': hlsMedia(),
    'hls-multivariant-40.m3u8': hlsMultivariant(),
  };
  const out = {};
  for (const [name, text] of Object.entries(files)) {
    const p = path.join(outDir, name);
    writeFileSync(p, text);
    out[name] = p;
  }
  return out;
}
