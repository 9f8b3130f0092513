export * from './webvtt-parser.js';
export * from './text-streamer.js';
