/**
 * The `X-TIMESTAMP-MAP=MPEGTS:<ticks>,LOCAL:<hh:mm:ss.mmm>` header of HLS
 * WebVTT segments (RFC 8216 §3.5): which MPEG-2 time a cue time corresponds to.
 * Both `=`/`:` separators are accepted in the attribute pairs because packagers
 * write both.
 */

export interface TimestampMap {
  /** MPEG-2 90 kHz ticks (33-bit, as written). */
  mpegts: number;
  /** WebVTT cue time, seconds. */
  local: number;
}

const HEADER = /^X-TIMESTAMP-MAP=(.*)$/m;

function parseVttTime(v: string): number | null {
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{2})\.(\d{3})$/.exec(v.trim());
  if (!m) return null;
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000;
}

/**
 * Reads the header from the WebVTT text's header block (before the first blank
 * line). `null` when there is none or it is malformed (the caller treats that
 * as absent; a malformed map must not drop the subtitles).
 */
export function parseTimestampMap(vtt: string): TimestampMap | null {
  const headerBlock = vtt.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const line = HEADER.exec(headerBlock.replace(/\r/g, ''));
  if (!line) return null;
  let mpegts: number | null = null;
  let local: number | null = null;
  for (const pair of line[1].split(',')) {
    const m = /^\s*(MPEGTS|LOCAL)\s*[:=]\s*(.+?)\s*$/.exec(pair);
    if (!m) continue;
    if (m[1] === 'MPEGTS') mpegts = /^\d+$/.test(m[2]) ? Number(m[2]) : null;
    else local = parseVttTime(m[2]);
  }
  return mpegts === null || local === null ? null : { mpegts, local };
}
