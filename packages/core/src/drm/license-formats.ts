/**
 * Per-key-system shape of the license exchange: what goes in the HTTP body and
 * headers, and what of the response the CDM wants back.
 * - ClearKey: the CDM's JSON request as is; JSON license back.
 * - Widevine: the opaque request bytes; the raw license back.
 * - PlayReady: the SOAP challenge unwrapped from the CDM's XML message, with
 *   the HTTP headers (Content-Type, SOAPAction) the message itself lists.
 * - FairPlay: the SPC bytes; the CKC back, unwrapped from `<ckc>…</ckc>` or
 *   base64 when a server sends it that way.
 */
import { base64ToBytes, toUint8, utf8Decode } from './bytes.js';
import { CLEARKEY, FAIRPLAY, PLAYREADY } from './key-systems.js';
import { extractPlayReadyChallenge } from './playready.js';

/** Body and headers of a license request, before filters. */
export interface WrappedLicenseRequest {
  body: Uint8Array;
  headers: Record<string, string>;
}

export function wrapLicenseRequest(keySystem: string, message: ArrayBuffer | Uint8Array): WrappedLicenseRequest {
  const bytes = toUint8(message);
  if (keySystem.startsWith(PLAYREADY)) return extractPlayReadyChallenge(bytes);
  if (keySystem === CLEARKEY) return { body: bytes, headers: { 'Content-Type': 'application/json' } };
  return { body: bytes, headers: { 'Content-Type': 'application/octet-stream' } };
}

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

export function unwrapLicenseResponse(keySystem: string, data: Uint8Array): Uint8Array {
  if (keySystem !== FAIRPLAY) return data;
  const text = utf8Decode(data).trim();
  const ckc = /<ckc>([^<]*)<\/ckc>/i.exec(text);
  if (ckc) return base64ToBytes(ckc[1]!.trim());
  if (text.length % 4 === 0 && BASE64.test(text)) return base64ToBytes(text);
  return data;
}
