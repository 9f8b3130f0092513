export * from './crypto-port.js';
export * from './pkcs7.js';
export * from './segment-iv.js';
export * from './segment-decryption.js';
export * from './segment-decryptor.js';
export * from './key-cache.js';
export * from './emulation-prevention.js';
export * from './sample-aes.js';
