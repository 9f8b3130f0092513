/**
 * Test-time media generation and independent oracles for the transmuxer:
 * ffmpeg writes MPEG-TS from lavfi sources (testsrc2 / sine), ffprobe says what
 * the TS holds, mp4box (a third-party parser) says what our fMP4 holds, and
 * ffmpeg decodes both so the decoded frames can be compared hash by hash.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFile, MP4BoxBuffer } from 'mp4box';

/** ffmpeg and ffprobe are installed here and in CI; a missing binary skips with this reason. */
export const FFMPEG_MISSING: string | null = (() => {
  const r = spawnSync('ffmpeg', ['-version'], { encoding: 'utf8' });
  const p = spawnSync('ffprobe', ['-version'], { encoding: 'utf8' });
  return r.status === 0 && p.status === 0 ? null : 'ffmpeg/ffprobe not found on PATH: transmuxer oracle tests skipped';
})();

let dir: string | null = null;
/** A per-run temporary directory for generated media. */
export function workDir(): string {
  dir ??= mkdtempSync(path.join(tmpdir(), 'edgeplay-transmux-'));
  return dir;
}

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** Video + audio lavfi inputs. `seconds` of testsrc2 and a 440 Hz sine. */
export function lavfiInputs(opts: { seconds: number; size?: string; rate?: number; audioRate?: number; video?: boolean; audio?: boolean }): string[] {
  const args: string[] = [];
  if (opts.video !== false) args.push('-f', 'lavfi', '-i', `testsrc2=size=${opts.size ?? '320x240'}:rate=${opts.rate ?? 30}`);
  if (opts.audio !== false) args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=${opts.audioRate ?? 48000}`);
  args.push('-t', String(opts.seconds));
  return args;
}

/** Runs ffmpeg to write `name` in the work dir and returns its path. */
export function ffmpegWrite(name: string, args: string[]): string {
  const out = path.join(workDir(), name);
  run('ffmpeg', ['-v', 'error', '-y', ...args, out]);
  return out;
}

export interface ProbePacket {
  type: 'video' | 'audio';
  pts: number;
  dts: number;
  size: number;
  key: boolean;
}

/** ffprobe's packets (time base of the stream: 90 kHz for TS). */
export function ffprobePackets(file: string): ProbePacket[] {
  const json = JSON.parse(run('ffprobe', ['-v', 'error', '-show_packets', '-show_entries', 'packet=codec_type,pts,dts,size,flags', '-of', 'json', file])) as {
    packets: Array<{ codec_type: string; pts: number; dts: number; size: string; flags: string }>;
  };
  return json.packets.map((p) => ({ type: p.codec_type as 'video' | 'audio', pts: p.pts, dts: p.dts, size: Number(p.size), key: p.flags.startsWith('K') }));
}

export interface Mp4Sample {
  dts: number;
  cts: number;
  duration: number;
  size: number;
  key: boolean;
  timescale: number;
}

export interface Mp4Report {
  tracks: Array<{ id: number; type: string; codec: string; timescale: number; width?: number; height?: number; channels?: number; sampleRate?: number }>;
  samples: Map<number, Mp4Sample[]>;
}

/** Parses a whole fMP4 (init + fragments) with mp4box. */
export function mp4boxParse(bytes: Uint8Array): Mp4Report {
  const file = createFile();
  const report: Mp4Report = { tracks: [], samples: new Map() };
  file.onError = (e: unknown) => {
    throw new Error(`mp4box: ${String(e)}`);
  };
  file.onReady = (info) => {
    for (const t of info.tracks) {
      const v = t as unknown as { video?: { width: number; height: number }; audio?: { channel_count: number; sample_rate: number } };
      report.tracks.push({
        id: t.id,
        type: v.video ? 'video' : 'audio',
        codec: t.codec,
        timescale: t.timescale,
        ...(v.video ? { width: v.video.width, height: v.video.height } : {}),
        ...(v.audio ? { channels: v.audio.channel_count, sampleRate: v.audio.sample_rate } : {}),
      });
      report.samples.set(t.id, []);
      file.setExtractionOptions(t.id, null, { nbSamples: 1_000_000 });
    }
    file.start();
  };
  file.onSamples = (id, _user, samples) => {
    for (const s of samples) report.samples.get(id)!.push({ dts: s.dts, cts: s.cts, duration: s.duration, size: s.size, key: s.is_sync, timescale: s.timescale });
  };
  const copy = bytes.slice();
  file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(copy.buffer, 0));
  file.flush();
  return report;
}

/** Concatenates an init segment and fragments into one file in the work dir. */
export function writeMp4(name: string, parts: Uint8Array[]): string {
  const out = path.join(workDir(), name);
  writeFileSync(out, Buffer.concat(parts));
  return out;
}

/** ffmpeg's decode errors for `file` (empty string = decoded cleanly). */
export function ffmpegDecodeErrors(file: string): string {
  const r = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' });
  return r.status === 0 ? r.stderr.trim() : `exit ${r.status}: ${r.stderr}`;
}

/** MD5 of every decoded frame of one stream type (`v` or `a`), in output order. */
export function decodedFrameHashes(file: string, stream: 'v' | 'a'): string[] {
  const out = run('ffmpeg', ['-v', 'error', '-i', file, '-map', `0:${stream}:0`, '-f', 'framemd5', '-']);
  return out
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(',').pop()!.trim());
}

export function readBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(file));
}
