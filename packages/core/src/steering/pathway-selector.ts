/**
 * The selector contract lives in `net/` (the request engine is its only
 * caller); re-exported here, where the steering implementations are, so
 * existing imports keep working without steering and net importing each other.
 */
export type { PathwayFailureReason, PathwaySelector } from '../net/pathway-selector.js';
