export * from './cea608-charset.js';
export * from './cea608-screen.js';
export * from './cea608-channel.js';
export * from './cea608-decoder.js';
export * from './sei-cc-extractor.js';
export * from './cea708-window.js';
export * from './cea708-service.js';
export * from './cea708-decoder.js';
