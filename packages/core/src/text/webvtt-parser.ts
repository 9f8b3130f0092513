import { TextError } from '../errors/text-error.js';
import type { TextCue } from '../platform/text-renderer.js';

/** Options of {@link parseWebVtt}. */
export interface WebVttOptions {
  /** Seconds added to every cue (segment timestampOffset / period start). */
  offset?: number;
  /** Where the text came from, for error messages. */
  source?: string;
}

const TIMESTAMP = /^(?:(\d+):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;

function parseTimestamp(s: string): number | null {
  const m = TIMESTAMP.exec(s);
  if (!m) return null;
  return (m[1] ? Number(m[1]) * 3600 : 0) + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000;
}

/**
 * Parses a WebVTT file or segment into cues. Segmented WebVTT (HLS) maps cue
 * times to MPEG-TS time with `X-TIMESTAMP-MAP=MPEGTS:…,LOCAL:…`; that shift
 * is applied. Malformed cues are skipped (a player shows the rest); a missing
 * `WEBVTT` header is a typed `text` error.
 */
export function parseWebVtt(text: string, options: WebVttOptions = {}): TextCue[] {
  const src = options.source ?? 'WebVTT';
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!/^WEBVTT(?:[ \t\n]|$)/.test(body)) {
    throw new TextError('TEXT_INVALID', `${src}: missing WEBVTT header`, { details: { source: src } });
  }
  const blocks = body.split(/\n{2,}/);
  let offset = options.offset ?? 0;
  const header = blocks[0] ?? '';
  const map = /X-TIMESTAMP-MAP=([^\n]*)/.exec(header);
  if (map) {
    const mpegts = /MPEGTS:(\d+)/.exec(map[1]!);
    const local = /LOCAL:([\d:.]+)/.exec(map[1]!);
    const localS = local ? parseTimestamp(local[1]!) : 0;
    if (mpegts && localS !== null) offset += Number(mpegts[1]) / 90000 - localS;
  }
  const cues: TextCue[] = [];
  for (let b = 1; b < blocks.length; b++) {
    const lines = blocks[b]!.replace(/^\n+|\n+$/g, '').split('\n');
    if (!lines.length) continue;
    let i = 0;
    if (!lines[0]!.includes('-->')) {
      if (/^(NOTE|STYLE|REGION)\b/.test(lines[0]!)) continue;
      i = 1;
    }
    const timing = lines[i];
    if (!timing?.includes('-->')) continue;
    const [startS, rest = ''] = timing.split('-->').map((s) => s.trim());
    const [endS = '', ...settingParts] = rest.split(/[ \t]+/);
    const start = parseTimestamp(startS ?? '');
    const end = parseTimestamp(endS);
    if (start === null || end === null || end < start) continue;
    const cue: TextCue = { start: start + offset, end: end + offset, text: lines.slice(i + 1).join('\n') };
    if (i === 1) cue.id = lines[0]!;
    if (settingParts.length) cue.settings = parseCueSettings(settingParts.join(' '));
    cues.push(cue);
  }
  return cues;
}

/** WebVTT cue settings (`line:0 align:start`) as a record; malformed parts are dropped. */
export function parseCueSettings(text: string): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const part of text.trim().split(/[ \t]+/)) {
    const [k, v] = part.split(':');
    if (k && v !== undefined) settings[k] = v;
  }
  return settings;
}
