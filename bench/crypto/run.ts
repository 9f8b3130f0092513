/**
 * Throughput of segment decryption and caption decoding (Node, one core):
 *   node --import tsx bench/crypto/run.ts
 * AES-128 whole segments through both ports (WebCrypto via Node's
 * implementation of the same API), SAMPLE-AES per NAL unit (one port call per
 * slice NAL, the transmuxer's pattern), and CEA-608 pairs per second.
 */
import { createCipheriv, randomBytes, webcrypto } from 'node:crypto';
import { decryptSegment } from '../../packages/core/src/crypto/segment-decryption.js';
import { decryptSampleAesNalu } from '../../packages/core/src/crypto/sample-aes.js';
import { NodeCryptoPort } from '../../packages/sim/src/node-crypto-port.js';
import { Cea608Decoder } from '../../packages/core/src/text/cea/cea608-decoder.js';
import { WebCryptoPort } from '../../packages/web/src/webcrypto-port.js';
import type { CryptoPort } from '../../packages/core/src/crypto/crypto-port.js';

const key = new Uint8Array(randomBytes(16));
const iv = new Uint8Array(randomBytes(16));
const SEGMENT = 2 * 1024 * 1024; // a 4 s segment at ~4 Mbit/s
const clear = randomBytes(SEGMENT);
const c = createCipheriv('aes-128-cbc', key, iv);
const segment = new Uint8Array(Buffer.concat([c.update(clear), c.final()]));

async function timeIt(label: string, bytes: number, runs: number, op: () => Promise<unknown>): Promise<void> {
  await op();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) await op();
  const s = (performance.now() - t0) / 1000;
  console.log(`${label.padEnd(48)} ${((bytes * runs) / s / 1e6).toFixed(0).padStart(6)} MB/s`);
}

const ports: Array<[string, CryptoPort]> = [
  ['node:crypto', new NodeCryptoPort()],
  ['WebCrypto (Node)', new WebCryptoPort(webcrypto.subtle as unknown as SubtleCrypto)],
];
for (const [name, port] of ports) {
  await timeIt(`AES-128 segment, ${name}`, SEGMENT, 20, () => decryptSegment(port, { method: 'AES-128', key, iv, data: segment, keyUri: 'k' }));
}
// ~1,000 slice NAL units of 2 KB (a 4 s 25 fps segment with a few slices per picture).
const nalus = Array.from({ length: 1000 }, () => {
  const n = new Uint8Array(randomBytes(2048));
  n[0] = 0x41;
  return n;
});
for (const [name, port] of ports) {
  await timeIt(`SAMPLE-AES 1000 × 2 KB NAL units, ${name}`, 2048 * 1000, 20, () => Promise.all(nalus.map((n) => decryptSampleAesNalu(port, key, iv, n))));
}
const odd = (b: number) => {
  let ones = 0;
  for (let x = b; x; x >>= 1) ones += x & 1;
  return ones % 2 ? b : b | 0x80;
};
const pairs = Array.from({ length: 100_000 }, (_, i) => [odd(0x41 + (i % 26)), odd(0x41 + ((i + 1) % 26))] as const);
const t0 = performance.now();
const d = new Cea608Decoder();
d.pushPair(0, 1, 0x94, 0x29); // RDC (paint-on: every pair lands on screen)
pairs.forEach(([a, b], i) => d.pushPair(i / 30, 1, a, b));
console.log(`${'CEA-608 character pairs'.padEnd(48)} ${(pairs.length / ((performance.now() - t0) / 1000) / 1e6).toFixed(2).padStart(6)} M pairs/s`);
