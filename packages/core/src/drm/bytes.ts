/** Byte helpers for DRM payloads (base64/base64url, hex, UTF-8/UTF-16LE), DOM-free. */

/** Base64 or base64url → bytes. @throws Error on invalid input. */
export function base64ToBytes(b64: string): Uint8Array {
  const normal = b64.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  const padded = normal + '='.repeat((4 - (normal.length % 4)) % 4);
  const bin = atob(padded);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Bytes → base64 (with padding). */
export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]!);
  return btoa(bin);
}

/** Bytes → base64url without padding (W3C ClearKey JSON uses it for kids and keys). */
export function bytesToBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += bytes[i]!.toString(16).padStart(2, '0');
  return s;
}

export function hexToBytes(hex: string): Uint8Array {
  const clean = hex.replace(/-/g, '');
  if (clean.length % 2 || /[^0-9a-f]/i.test(clean)) throw new Error(`not hex: ${hex.slice(0, 40)}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function toUint8(data: ArrayBuffer | Uint8Array): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}

export function utf8Decode(data: ArrayBuffer | Uint8Array): string {
  return new TextDecoder('utf-8').decode(toUint8(data));
}

export function utf8Encode(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** UTF-16LE (PlayReady CDM messages and PlayReady objects). */
export function utf16leDecode(data: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < data.length; i += 2) s += String.fromCharCode(data[i]! | (data[i + 1]! << 8));
  return s;
}
