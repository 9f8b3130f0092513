/**
 * DASH ContentProtection descriptors (ISO/IEC 23009-1 §5.8.4.1, ISO/IEC 23001-7
 * `cenc:` namespace, DASH-IF IOP §7) → model {@link ContentProtection}.
 *
 * The `urn:mpeg:dash:mp4protection:2011` descriptor carries the scheme (`cenc`,
 * `cbcs`) and `cenc:default_KID`; the per-key-system descriptors
 * (`urn:uuid:<SystemID>`) carry PSSH, PlayReady objects and license URLs. The
 * engine wants one entry per key system with the KIDs and scheme merged in.
 */
import type { ContentProtection } from '../manifest/model.js';
import type { XmlElement } from '../util/xml/xml-reader.js';
import { attrLocal, childNamed } from './mpd-attributes.js';

export const MP4_PROTECTION_SCHEME = 'urn:mpeg:dash:mp4protection:2011';

/** DRM SystemIDs (dashif.org/identifiers/content_protection) → EME key system. */
export const KEY_SYSTEM_BY_UUID: Readonly<Record<string, string>> = {
  'edef8ba9-79d6-4ace-a3c8-27dcd51d21ed': 'com.widevine.alpha',
  '9a04f079-9840-4286-ab92-e65be0885f95': 'com.microsoft.playready',
  '79f0049a-4098-8642-ab92-e65be0885f95': 'com.microsoft.playready',
  'e2719d58-a985-b3c9-781a-b030af78d30e': 'org.w3.clearkey',
  '1077efec-c0b2-4d02-ace3-3c1e52e2fb4b': 'org.w3.clearkey',
  '94ce86fb-07ff-4f43-adb8-93d2fa968ca2': 'com.apple.fps',
};

function normaliseKid(raw: string): string {
  return raw.replace(/-/g, '').trim().toLowerCase();
}

/** Text of a child by local name (`cenc:pssh`, `mspr:pro`, `dashif:laurl`/`Laurl`, `ms:laurl`). */
function childText(el: XmlElement, ...names: string[]): string | undefined {
  for (const n of names) {
    const c = childNamed(el, n);
    if (c) return c.text.trim() || c.attributes.licenseUrl || c.attributes.url;
  }
  return undefined;
}

/**
 * Converts the ContentProtection elements that apply to one representation
 * (AdaptationSet's merged with the Representation's) into model entries.
 */
export function parseContentProtection(elements: readonly XmlElement[]): ContentProtection[] {
  if (elements.length === 0) return [];
  let scheme: string | undefined;
  const kids = new Set<string>();
  const perSystem: ContentProtection[] = [];
  for (const el of elements) {
    const schemeIdUri = (el.attributes.schemeIdUri ?? '').trim().toLowerCase();
    const kid = attrLocal(el, 'default_KID');
    if (kid) for (const k of kid.split(/\s+/)) if (k) kids.add(normaliseKid(k));
    if (schemeIdUri === MP4_PROTECTION_SCHEME) {
      scheme = el.attributes.value?.trim() || scheme;
      continue;
    }
    const uuid = schemeIdUri.startsWith('urn:uuid:') ? schemeIdUri.slice(9) : '';
    const pssh = childrenText(el, 'pssh');
    const entry: ContentProtection = {
      schemeIdUri,
      defaultKeyIds: [],
      pssh,
    };
    const keySystem = KEY_SYSTEM_BY_UUID[uuid];
    if (keySystem) entry.keySystem = keySystem;
    const pro = childText(el, 'pro');
    if (pro) entry.playReadyObject = pro;
    const laurl = childText(el, 'laurl', 'Laurl', 'laURL', 'LaURL');
    if (laurl) entry.licenseUrl = laurl;
    perSystem.push(entry);
  }
  const defaultKeyIds = [...kids];
  const out: ContentProtection[] = [];
  if (scheme !== undefined || defaultKeyIds.length) {
    const common: ContentProtection = { schemeIdUri: MP4_PROTECTION_SCHEME, defaultKeyIds, pssh: [] };
    if (scheme) common.encryptionScheme = scheme;
    out.push(common);
  }
  for (const e of perSystem) {
    e.defaultKeyIds = defaultKeyIds;
    if (scheme) e.encryptionScheme = scheme;
    out.push(e);
  }
  return out;
}

function childrenText(el: XmlElement, name: string): string[] {
  const out: string[] = [];
  for (const c of el.children) {
    const n = c.name.includes(':') ? c.name.slice(c.name.indexOf(':') + 1) : c.name;
    if (n === name && c.text.trim()) out.push(c.text.replace(/\s+/g, ''));
  }
  return out;
}
