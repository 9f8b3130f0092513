export * from './webvtt-parser.js';
export * from './text-streamer.js';
export * from './wvtt-parser.js';
