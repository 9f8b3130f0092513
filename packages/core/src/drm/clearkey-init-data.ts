/**
 * EME `keyids` init data (W3C EME Initialization Data Format Registry,
 * "keyids": `{"kids":[base64url…]}`) for a ClearKey session when the content
 * carries no ClearKey `pssh` — the normal case for CENC packaged for
 * Widevine/PlayReady, whose `pssh` boxes a ClearKey CDM cannot use.
 */
import type { ContentProtection } from '../manifest/model.js';
import { bytesToBase64Url, hexToBytes, utf8Encode } from './bytes.js';

/** One piece of init data and the key ids (lowercase hex) it covers. */
export interface KeyIdsInitData {
  type: 'keyids';
  data: Uint8Array;
  keyIds: string[];
}

const HEX_KID = /^[0-9a-f]{32}$/;

/**
 * Key ids to ask the ClearKey CDM for: the content's `cenc:default_KID`s, or —
 * when the manifest names none (KIDs only in the init segment's `tenc`) — the
 * key ids of the keys the app holds, which is all a local licence can answer.
 * Returns null when there is nothing to ask for.
 */
export function clearKeyInitData(protections: readonly ContentProtection[], appKeys: Readonly<Record<string, string>> | undefined): KeyIdsInitData | null {
  let kids = [...new Set(protections.flatMap((p) => p.defaultKeyIds))];
  if (!kids.length && appKeys) kids = [...new Set(Object.keys(appKeys).map((k) => k.replace(/-/g, '').toLowerCase()))].filter((k) => HEX_KID.test(k));
  if (!kids.length) return null;
  const json = JSON.stringify({ kids: kids.map((k) => bytesToBase64Url(hexToBytes(k))) });
  return { type: 'keyids', data: utf8Encode(json), keyIds: kids };
}
