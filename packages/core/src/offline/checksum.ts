/**
 * FNV-1a (32-bit) over the bytes, as 8 hex digits. For detecting storage
 * corruption of downloaded segments, not for security (nothing here is
 * adversarial: the bytes came over TLS and sit in the app's own storage), so a
 * fast non-cryptographic hash is enough; it runs at a few hundred MB/s in V8
 * where WebCrypto's SHA-256 would also need an async round trip per segment.
 */
export function checksum(data: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < data.length; i++) {
    h ^= data[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
