export * from './cea608-charset.js';
export * from './cea608-screen.js';
export * from './cea608-channel.js';
export * from './cea608-decoder.js';
export * from './sei-cc-extractor.js';
