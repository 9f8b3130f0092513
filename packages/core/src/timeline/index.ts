/** Media time → playlist time alignment (discontinuities, 33-bit rollover, WebVTT X-TIMESTAMP-MAP). */
export * from './timeline-mapper.js';
export * from './timestamp-map.js';
export * from './first-tfdt.js';
