export * from './webvtt-parser.js';
export * from './text-streamer.js';
export * from './wvtt-parser.js';
export * from './mp4-text-init.js';
export * from './text-document.js';
export * from './ttml/index.js';
