/**
 * EXT-X-KEY / EXT-X-SESSION-KEY → model. KEYFORMAT names the key system
 * (RFC 8216 §4.3.2.4, Apple/Google/Microsoft key format identifiers).
 */
import { ManifestError } from '../errors/manifest-error.js';
import type { ContentProtection, SegmentKey } from '../manifest/model.js';
import { allowedUriSchemes, resolveUri } from '../manifest/resolve.js';

/**
 * Key URIs have legitimate non-http schemes: Widevine/PlayReady carry a PSSH
 * in a `data:` URI (read below, never fetched) and FairPlay uses `skd:`; on top
 * of whatever media URIs may use (`setAllowedUriSchemes`).
 */
const keyUriSchemes = (): ReadonlySet<string> => new Set([...allowedUriSchemes(), 'data', 'skd']);
import type { AttributeReader } from './attribute-list.js';

/** KEYFORMAT → EME key system. `identity` is plain AES-128 with the key at URI. */
export const KEY_SYSTEM_BY_KEYFORMAT: Readonly<Record<string, string>> = {
  'urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed': 'com.widevine.alpha',
  'com.microsoft.playready': 'com.microsoft.playready',
  'urn:uuid:9a04f079-9840-4286-ab92-e65be0885f95': 'com.microsoft.playready',
  'com.apple.streamingkeydelivery': 'com.apple.fps',
  'org.w3.clearkey': 'org.w3.clearkey',
  'urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e': 'org.w3.clearkey',
  'urn:uuid:1077efec-c0b2-4d02-ace3-3c1e52e2fb4b': 'org.w3.clearkey',
};

const METHODS = new Set(['NONE', 'AES-128', 'AES-256', 'AES-256-CTR', 'SAMPLE-AES', 'SAMPLE-AES-CTR', 'SAMPLE-AES-CENC', 'ISO-23001-7']);

/** Reads an EXT-X-KEY's attributes into a {@link SegmentKey} (`null` for METHOD=NONE). */
export function readSegmentKey(a: AttributeReader, baseUrl: string): SegmentKey | null {
  const method = a.enum('METHOD');
  if (method === undefined) throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', 'METHOD is required', `line ${a.loc.line}: #${a.loc.tag}`);
  if (!METHODS.has(method)) throw new ManifestError('MANIFEST_INVALID_VALUE', `unknown METHOD=${method.slice(0, 40)}`, `line ${a.loc.line}: #${a.loc.tag}`);
  if (method === 'NONE') {
    if (a.has('URI')) throw new ManifestError('MANIFEST_INVALID_VALUE', 'METHOD=NONE must not have a URI', `line ${a.loc.line}: #${a.loc.tag}`);
    return null;
  }
  const uri = a.requiredString('URI');
  const key: SegmentKey = {
    // SAMPLE-AES-CENC / ISO-23001-7 are the older names of SAMPLE-AES-CTR.
    method: (method === 'SAMPLE-AES-CENC' || method === 'ISO-23001-7' ? 'SAMPLE-AES-CTR' : method) as SegmentKey['method'],
    uri: resolveUri(uri, baseUrl, keyUriSchemes()),
    keyFormat: a.string('KEYFORMAT') ?? 'identity',
  };
  const iv = a.hex('IV');
  if (iv !== undefined) {
    if (iv.length > 32) throw new ManifestError('MANIFEST_INVALID_VALUE', 'IV longer than 128 bits', `line ${a.loc.line}: #${a.loc.tag} IV`);
    key.iv = iv.padStart(32, '0');
  }
  const versions = a.string('KEYFORMATVERSIONS');
  if (versions !== undefined) key.keyFormatVersions = versions;
  return key;
}

/** A DRM key (non-identity KEYFORMAT) as model ContentProtection; `null` for identity/AES-128 keys. */
export function keyToContentProtection(key: SegmentKey): ContentProtection | null {
  if (key.keyFormat === 'identity') return null;
  const cp: ContentProtection = {
    schemeIdUri: key.keyFormat.toLowerCase(),
    defaultKeyIds: [],
    pssh: [],
    encryptionScheme: key.method === 'SAMPLE-AES' ? 'cbcs' : key.method === 'SAMPLE-AES-CTR' ? 'cenc' : key.method.toLowerCase(),
  };
  const ks = KEY_SYSTEM_BY_KEYFORMAT[key.keyFormat.toLowerCase()] ?? KEY_SYSTEM_BY_KEYFORMAT[key.keyFormat];
  if (ks) cp.keySystem = ks;
  if (key.uri) {
    cp.keyUri = key.uri;
    // Widevine/PlayReady put a PSSH (or PRO) in a base64 data: URI.
    // ClearKey playlists put the bare 16-byte key id there instead: only a real pssh box is a pssh.
    const m = /^data:[^,]*;base64,(.*)$/i.exec(key.uri);
    if (m) {
      const payload = decodeBase64(m[1]!);
      if (ks === 'com.microsoft.playready') cp.playReadyObject = m[1]!;
      else if (payload && isPsshBox(payload)) cp.pssh.push(m[1]!);
      else if (payload && payload.length === 16) cp.defaultKeyIds.push(toHex(payload));
    }
  }
  return cp;
}

function decodeBase64(b64: string): Uint8Array | null {
  try {
    const bin = atob(b64.replace(/-/g, '+').replace(/_/g, '/'));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** A whole ISO BMFF box of type `pssh` (size field matches, type at bytes 4–7). */
function isPsshBox(b: Uint8Array): boolean {
  if (b.length < 32) return false;
  const size = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  return size <= b.length && b[4] === 0x70 && b[5] === 0x73 && b[6] === 0x73 && b[7] === 0x68;
}

function toHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}
