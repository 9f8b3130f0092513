/**
 * PlayReady specifics: the PlayReady Object (PRO, `mspr:pro` / PSSH payload)
 * and the CDM's license-request message, which wraps the SOAP challenge and
 * the HTTP headers the license server expects in UTF-16 XML.
 */
import { base64ToBytes, toUint8, utf16leDecode } from './bytes.js';
import { DrmError } from './drm-error.js';

/** What a PlayReady Object tells us. */
export interface PlayReadyHeader {
  /** Key ids, lowercase hex in EME (big-endian GUID) byte order. */
  keyIds: string[];
  laUrl?: string;
}

/** PlayReady KIDs are base64 of a little-endian GUID; EME wants the big-endian UUID bytes. */
function guidToKeyIdHex(b64: string): string {
  const b = base64ToBytes(b64);
  if (b.length !== 16) throw new DrmError('DRM_INIT_DATA_INVALID', `PlayReady KID is ${b.length} bytes, expected 16`);
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  return order.map((i) => b[i]!.toString(16).padStart(2, '0')).join('');
}

/**
 * Parses a PlayReady Object (base64, as in `mspr:pro`): records of type 1 hold
 * a UTF-16LE WRMHEADER XML with KID(s) and LA_URL.
 * @throws DrmError DRM_INIT_DATA_INVALID.
 */
export function parsePlayReadyObject(pro: string | Uint8Array): PlayReadyHeader {
  let bytes: Uint8Array;
  try {
    bytes = typeof pro === 'string' ? base64ToBytes(pro) : pro;
  } catch (e) {
    throw new DrmError('DRM_INIT_DATA_INVALID', 'PlayReady object is not base64', { cause: e });
  }
  if (bytes.length < 6) throw new DrmError('DRM_INIT_DATA_INVALID', 'PlayReady object is truncated');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint16(4, true);
  let p = 6;
  let xml = '';
  for (let i = 0; i < count; i++) {
    if (p + 4 > bytes.length) throw new DrmError('DRM_INIT_DATA_INVALID', 'PlayReady record header is truncated');
    const type = view.getUint16(p, true);
    const len = view.getUint16(p + 2, true);
    p += 4;
    if (p + len > bytes.length) throw new DrmError('DRM_INIT_DATA_INVALID', 'PlayReady record is truncated');
    if (type === 1) xml = utf16leDecode(bytes.subarray(p, p + len));
    p += len;
  }
  if (!xml) throw new DrmError('DRM_INIT_DATA_INVALID', 'PlayReady object has no rights-management header');
  const keyIds = new Set<string>();
  for (const m of xml.matchAll(/<KID[^>]*>([^<]+)<\/KID>/g)) keyIds.add(guidToKeyIdHex(m[1]!.trim()));
  for (const m of xml.matchAll(/<KID\b[^>]*\bVALUE="([^"]+)"/g)) keyIds.add(guidToKeyIdHex(m[1]!));
  const out: PlayReadyHeader = { keyIds: [...keyIds] };
  const la = /<LA_URL>([^<]+)<\/LA_URL>/.exec(xml);
  if (la) out.laUrl = la[1]!.trim().replace(/&amp;/g, '&');
  return out;
}

/** The license request a PlayReady CDM produced, unwrapped. */
export interface PlayReadyChallenge {
  body: Uint8Array;
  headers: Record<string, string>;
}

/**
 * Extracts the SOAP challenge and HTTP headers from a PlayReady CDM message
 * (`<PlayReadyKeyMessage><LicenseAcquisition><Challenge encoding="base64encoded">…
 * <HttpHeaders><HttpHeader><name/><value/>…`, UTF-16LE). Messages that are not
 * wrapped (some CDMs send the raw challenge) are passed through.
 */
export function extractPlayReadyChallenge(message: ArrayBuffer | Uint8Array): PlayReadyChallenge {
  const bytes = toUint8(message);
  const text = utf16leDecode(bytes);
  if (!text.includes('<PlayReadyKeyMessage')) {
    return { body: bytes, headers: { 'Content-Type': 'text/xml; charset=utf-8' } };
  }
  const challenge = /<Challenge[^>]*>([^<]*)<\/Challenge>/.exec(text);
  if (!challenge) throw new DrmError('DRM_LICENSE_REQUEST_FAILED', 'PlayReady key message has no Challenge');
  const headers: Record<string, string> = {};
  for (const m of text.matchAll(/<HttpHeader>\s*<name>([^<]+)<\/name>\s*<value>([^<]*)<\/value>\s*<\/HttpHeader>/g)) headers[m[1]!.trim()] = m[2]!.trim();
  return { body: base64ToBytes(challenge[1]!.trim()), headers };
}
