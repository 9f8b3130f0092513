import { readFileSync } from 'node:fs';
import { parseTrace, type TracePoint } from './trace.js';

/** Reads and parses a trace file (Node only; the simulator runs in tests and benches). */
export function loadTrace(path: string): TracePoint[] {
  return parseTrace(readFileSync(path, 'utf8'), path);
}
