/**
 * What a DASH SegmentBase player needs of a WebM file (Matroska v4 / WebM
 * byte-stream format): from the initialization range (EBML header + Segment
 * up to the first Cluster) the Segment's data offset, `Info/TimecodeScale`
 * and `Info/Duration`; from the index range the `Cues`, each CuePoint giving
 * a time and the position of the Cluster that starts there.
 */
import { childElements, EbmlError, isComplete, readElementHeader, readFloat, readUint } from './ebml-reader.js';

/** Matroska element IDs (with marker bits, as the Matroska spec lists them). */
export const WEBM_ID = {
  EBML: 0x1a45dfa3,
  Segment: 0x18538067,
  Info: 0x1549a966,
  TimecodeScale: 0x2ad7b1,
  Duration: 0x4489,
  Cues: 0x1c53bb6b,
  CuePoint: 0xbb,
  CueTime: 0xb3,
  CueTrackPositions: 0xb7,
  CueTrack: 0xf7,
  CueClusterPosition: 0xf1,
  Cluster: 0x1f43b675,
} as const;

/** Matroska's default TimecodeScale: 1 ms per tick. */
const DEFAULT_TIMECODE_SCALE_NS = 1_000_000;

/** The parts of the WebM header an index needs. */
export interface WebmInitInfo {
  /** Absolute byte offset of the Segment's data: Cue positions count from here. */
  segmentDataStart: number;
  /** Nanoseconds per timecode tick. */
  timecodeScaleNs: number;
  /** Duration in seconds, when the header has it. */
  duration: number | null;
}

/** One CuePoint: a Cluster start. */
export interface WebmCuePoint {
  /** Seconds (CueTime × TimecodeScale). */
  time: number;
  /** Absolute byte offset of the Cluster. */
  clusterOffset: number;
}

/**
 * Reads the init range. `fileOffset` is where those bytes sit in the file (0
 * for the usual `Initialization range="0-…"`).
 * @throws EbmlError when the EBML header, Segment or Info is missing or malformed.
 */
export function parseWebmInit(view: DataView, fileOffset = 0): WebmInitInfo {
  const ebml = readElementHeader(view, 0);
  if (ebml.id !== WEBM_ID.EBML) throw new EbmlError(`init range does not start with an EBML header (found 0x${ebml.id.toString(16)})`);
  if (!isComplete(view, ebml)) throw new EbmlError('EBML header is truncated');
  const segment = readElementHeader(view, ebml.end);
  if (segment.id !== WEBM_ID.Segment) throw new EbmlError(`no Segment after the EBML header (found 0x${segment.id.toString(16)})`);
  let timecodeScaleNs = DEFAULT_TIMECODE_SCALE_NS;
  let rawDuration: number | null = null;
  let sawInfo = false;
  // The Segment extends past the init range (its Clusters follow): read the children that are here.
  let p = segment.dataStart;
  const limit = Math.min(segment.end, view.byteLength);
  while (p < limit) {
    const el = readElementHeader(view, p, limit);
    if (el.id === WEBM_ID.Cluster || !isComplete(view, el)) break;
    if (el.id === WEBM_ID.Info) {
      sawInfo = true;
      for (const c of childElements(view, el.dataStart, el.end)) {
        if (c.id === WEBM_ID.TimecodeScale) timecodeScaleNs = readUint(view, c);
        else if (c.id === WEBM_ID.Duration) rawDuration = readFloat(view, c);
      }
    }
    p = el.end;
  }
  if (!sawInfo) throw new EbmlError('no complete Info element in the init range');
  if (!(timecodeScaleNs > 0)) throw new EbmlError('TimecodeScale is 0');
  const duration = rawDuration !== null && Number.isFinite(rawDuration) && rawDuration > 0 ? (rawDuration * timecodeScaleNs) / 1e9 : null;
  return { segmentDataStart: fileOffset + segment.dataStart, timecodeScaleNs, duration };
}

/**
 * Reads the Cues element at the start of `view` (the index range), keeping
 * one point per Cluster (the first track's position), sorted by time.
 * `maxPoints` bounds the work on hostile input.
 * @throws EbmlError when the bytes are not a complete, well-formed Cues element or exceed `maxPoints`.
 */
export function parseWebmCues(view: DataView, init: WebmInitInfo, maxPoints: number): WebmCuePoint[] {
  const cues = readElementHeader(view, 0);
  if (cues.id !== WEBM_ID.Cues) throw new EbmlError(`index range does not start with Cues (found 0x${cues.id.toString(16)})`);
  if (!isComplete(view, cues)) throw new EbmlError(`Cues element (${cues.size} bytes) is truncated to ${view.byteLength - cues.dataStart}`);
  const byCluster = new Map<number, WebmCuePoint>();
  for (const point of childElements(view, cues.dataStart, cues.end)) {
    if (point.id !== WEBM_ID.CuePoint) continue;
    let ticks: number | null = null;
    let position: number | null = null;
    for (const c of childElements(view, point.dataStart, point.end)) {
      if (c.id === WEBM_ID.CueTime) ticks = readUint(view, c);
      else if (c.id === WEBM_ID.CueTrackPositions && position === null) {
        for (const t of childElements(view, c.dataStart, c.end)) if (t.id === WEBM_ID.CueClusterPosition) position = readUint(view, t);
      }
    }
    if (ticks === null || position === null) throw new EbmlError(`CuePoint at ${point.start} lacks CueTime or CueClusterPosition`);
    const clusterOffset = init.segmentDataStart + position;
    if (!byCluster.has(clusterOffset)) {
      if (byCluster.size >= maxPoints) throw new EbmlError(`Cues hold more than ${maxPoints} points`);
      byCluster.set(clusterOffset, { time: (ticks * init.timecodeScaleNs) / 1e9, clusterOffset });
    }
  }
  const points = [...byCluster.values()].sort((a, b) => a.time - b.time || a.clusterOffset - b.clusterOffset);
  for (let i = 1; i < points.length; i++) {
    if (points[i]!.clusterOffset <= points[i - 1]!.clusterOffset) throw new EbmlError('Cue cluster positions do not increase with time');
  }
  return points;
}
