/**
 * DASH Segment Encryption and Authentication (ISO/IEC 23009-4), the DASH
 * counterpart of HLS `METHOD=AES-128`: whole media segments AES-128-CBC
 * encrypted, keys fetched over HTTP(S). It is not DRM, so it must not reach
 * key-system selection; it becomes the same {@link SegmentKey} per segment
 * that HLS EXT-X-KEY produces, and the same decryptor handles both.
 *
 * ```xml
 * <ContentProtection schemeIdUri="urn:mpeg:dash:sea:2012">
 *   <sea:SegmentEncryption schemeIdUri="urn:mpeg:dash:sea:aes128-cbc:2013" ivEncryptionFlag="false"/>
 *   <sea:KeySystem keySystemUri="urn:mpeg:dash:sea:keysys:http:2013"/>
 *   <sea:CryptoPeriod numSegments="10" IV="0x…" keyUriTemplate="keys/$Number$.key"/>
 *   <sea:CryptoTimeline numCryptoPeriods="5" numSegments="2" keyUriTemplate="keys/$Number$.key"/>
 * </ContentProtection>
 * ```
 *
 * Segment numbering follows the ISO reference software (org.iso.mpeg.dash.crypto):
 * crypto periods follow each other from the Representation's startNumber
 * (`CryptoPeriod@offset` / `CryptoTimeline@firstOffset` skip segments first);
 * only the last CryptoPeriod may omit `@numSegments` (it is then unbounded);
 * segments outside every period are clear. `$Number$` in a key template is
 * the first segment number of the crypto period. Without `@IV` the IV is the
 * segment number (128-bit big-endian), AES-encrypted with the key when
 * `@ivEncryptionFlag` is true.
 */
import { ManifestError } from '../errors/manifest-error.js';
import type { SegmentKey, SegmentReference } from '../manifest/model.js';
import { resolveUri } from '../manifest/resolve.js';
import type { SegmentIndex } from '../manifest/segment-index.js';
import { localName, type XmlElement } from '../util/xml/xml-reader.js';
import { attrLocal, intAttr } from './mpd-attributes.js';
import type { SegmentInfoChain } from './segment-info.js';
import { compileTemplate, expandTemplate, type CompiledTemplate } from './template.js';

export const SEA_SCHEME = 'urn:mpeg:dash:sea:2012';
/** The only SegmentEncryption scheme 23009-4 defines for whole segments that we decrypt. */
const AES128_CBC = 'urn:mpeg:dash:sea:aes128-cbc:2013';
/** Plain HTTP(S) key delivery (final and draft spellings); absent KeySystem means the same. */
const HTTP_KEY_SYSTEMS = new Set(['urn:mpeg:dash:sea:keysys:http:2013', 'urn:mpeg:dash:sea:keys:baseline:http:2013']);
/** Crypto periods per descriptor we accept; each is O(1) to look up, this only bounds parse work. */
const MAX_CRYPTO_PERIODS = 10_000;

/** One CryptoPeriod or CryptoTimeline, resolved to absolute segment numbers. */
interface CryptoRange {
  firstSegment: number;
  /** Segments per crypto period; `Infinity` for an unbounded last CryptoPeriod. */
  segmentsPerPeriod: number;
  periods: number;
  keyTemplate: CompiledTemplate;
  iv?: string;
}

/** Parsed SEA descriptor of one Representation. */
export interface SegmentEncryptionInfo {
  ranges: CryptoRange[];
  ivEncrypted: boolean;
  representationId: string;
  bandwidth: number;
  baseUrl: string;
}

/** Context the descriptor is resolved in. */
export interface SegmentEncryptionContext {
  representationId: string;
  bandwidth: number;
  /** SegmentTemplate/SegmentList@startNumber (default 1). */
  startNumber: number;
  /** Base URL key templates are resolved against. */
  baseUrl: string;
  where: string;
}

/** Whether a ContentProtection element is SEA (to keep it away from DRM handling). */
export function isSegmentEncryptionDescriptor(el: XmlElement): boolean {
  return (el.attributes.schemeIdUri ?? '').trim().toLowerCase() === SEA_SCHEME;
}

/**
 * The SEA descriptor among `elements` (AdaptationSet's then Representation's
 * ContentProtection), or `null` when there is none.
 *
 * @throws ManifestError MANIFEST_UNSUPPORTED for an encryption scheme, key
 *   system or IV delivery we cannot decrypt (so the app learns it at load,
 *   not as ciphertext in the decoder); MANIFEST_MISSING_ATTRIBUTE /
 *   MANIFEST_INVALID_VALUE for malformed crypto periods.
 */
export function parseSegmentEncryption(elements: readonly XmlElement[], ctx: SegmentEncryptionContext): SegmentEncryptionInfo | null {
  const sea = [...elements].reverse().find(isSegmentEncryptionDescriptor); // the Representation's wins
  if (!sea) return null;
  const where = `${ctx.where}/ContentProtection[sea]`;
  let ivEncrypted = false;
  let sawEncryption = false;
  const ranges: CryptoRange[] = [];
  let next = ctx.startNumber;
  const periodEls = sea.children.filter((c) => ['CryptoPeriod', 'CryptoTimeline'].includes(localName(c.name)));
  if (periodEls.length > MAX_CRYPTO_PERIODS) throw new ManifestError('MANIFEST_LIMIT_EXCEEDED', `${periodEls.length} crypto periods`, where);
  for (const child of sea.children) {
    const name = localName(child.name);
    if (name === 'SegmentEncryption') {
      sawEncryption = true;
      const scheme = (attrLocal(child, 'schemeIdUri') ?? attrLocal(child, 'encryptionSystemUri') ?? '').trim();
      if (scheme !== AES128_CBC) throw new ManifestError('MANIFEST_UNSUPPORTED', `DASH segment encryption scheme '${scheme.slice(0, 80)}' is not supported (only ${AES128_CBC})`, `${where}/SegmentEncryption`);
      const keyLength = intAttr(child, 'keyLength', `${where}/SegmentEncryption`);
      if (keyLength !== undefined && keyLength !== 16 && keyLength !== 128) throw new ManifestError('MANIFEST_UNSUPPORTED', `SEA keyLength ${keyLength}`, `${where}/SegmentEncryption@keyLength`);
      ivEncrypted = attrLocal(child, 'ivEncryptionFlag')?.trim() === 'true';
    } else if (name === 'KeySystem') {
      const ks = (attrLocal(child, 'keySystemUri') ?? '').trim();
      if (!HTTP_KEY_SYSTEMS.has(ks)) throw new ManifestError('MANIFEST_UNSUPPORTED', `SEA key system '${ks.slice(0, 80)}' is not supported (only HTTP key delivery)`, `${where}/KeySystem`);
    } else if (name === 'CryptoPeriod' || name === 'CryptoTimeline') {
      const w = `${where}/${name}[${ranges.length}]`;
      const isLast = child === periodEls[periodEls.length - 1];
      const range = readRange(child, name, w, next, isLast);
      ranges.push(range);
      next = range.firstSegment + range.segmentsPerPeriod * range.periods;
    }
  }
  if (!sawEncryption) throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', 'SEA ContentProtection without SegmentEncryption', where);
  if (!ranges.length) throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', 'SEA ContentProtection without CryptoPeriod', where);
  return { ranges, ivEncrypted, representationId: ctx.representationId, bandwidth: ctx.bandwidth, baseUrl: ctx.baseUrl };
}

function readRange(el: XmlElement, name: string, where: string, next: number, isLast: boolean): CryptoRange {
  const template = attrLocal(el, 'keyUriTemplate');
  if (!template) throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', `${name}@keyUriTemplate is required`, `${where}@keyUriTemplate`);
  if (attrLocal(el, 'ivUriTemplate') !== undefined && attrLocal(el, 'IV') === undefined) {
    throw new ManifestError('MANIFEST_UNSUPPORTED', 'SEA IVs fetched from ivUriTemplate are not supported', `${where}@ivUriTemplate`);
  }
  const compiled = compileTemplate(template.replace(/\s+/g, ''));
  if (typeof compiled === 'string') throw new ManifestError('MANIFEST_INVALID_VALUE', compiled, `${where}@keyUriTemplate`);
  if (compiled.usesTime) throw new ManifestError('MANIFEST_UNSUPPORTED', '$Time$ in a SEA key template', `${where}@keyUriTemplate`);
  const numSegments = intAttr(el, 'numSegments', where);
  if (numSegments === 0) throw new ManifestError('MANIFEST_INVALID_VALUE', 'numSegments must be > 0', `${where}@numSegments`);
  const range: CryptoRange = { firstSegment: next, segmentsPerPeriod: numSegments ?? Infinity, periods: 1, keyTemplate: compiled };
  const iv = attrLocal(el, 'IV');
  if (iv !== undefined) {
    const hex = iv.trim().replace(/^0x/i, '');
    if (!/^[0-9a-f]{1,32}$/i.test(hex)) throw new ManifestError('MANIFEST_INVALID_VALUE', 'IV must be up to 32 hex digits', `${where}@IV`);
    range.iv = hex.toLowerCase().padStart(32, '0');
  }
  if (name === 'CryptoTimeline') {
    const periods = intAttr(el, 'numCryptoPeriods', where);
    if (!periods) throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', 'CryptoTimeline@numCryptoPeriods is required', `${where}@numCryptoPeriods`);
    if (numSegments === undefined) throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', 'CryptoTimeline@numSegments is required', `${where}@numSegments`);
    range.periods = periods;
    range.firstSegment += intAttr(el, 'firstOffset', where) ?? 0;
  } else {
    range.firstSegment += intAttr(el, 'offset', where) ?? 0;
    if (numSegments === undefined && !isLast) throw new ManifestError('MANIFEST_MISSING_ATTRIBUTE', 'only the last CryptoPeriod may omit numSegments', `${where}@numSegments`);
  }
  return range;
}

/** `@startNumber` of the addressing element in force (SegmentTemplate before SegmentList, as buildSegmentInfo chooses), default 1. */
export function chainStartNumber(chain: SegmentInfoChain, where: string): number {
  const levels = chain.template.length ? chain.template : chain.list;
  for (let i = levels.length - 1; i >= 0; i--) {
    const n = intAttr(levels[i], 'startNumber', where);
    if (n !== undefined) return n;
  }
  return 1;
}

/** The key of segment `$Number$` = `sequence`, or `undefined` when that segment is clear. */
export function segmentKeyFor(info: SegmentEncryptionInfo, sequence: number): SegmentKey | undefined {
  for (const r of info.ranges) {
    if (sequence < r.firstSegment) return undefined;
    const offset = sequence - r.firstSegment;
    if (offset >= r.segmentsPerPeriod * r.periods) continue;
    const periodStart = r.firstSegment + (Number.isFinite(r.segmentsPerPeriod) ? Math.floor(offset / r.segmentsPerPeriod) * r.segmentsPerPeriod : 0);
    const uri = expandTemplate(r.keyTemplate, { RepresentationID: info.representationId, Bandwidth: info.bandwidth, Number: periodStart });
    const key: SegmentKey = { method: 'AES-128', uri: resolveUri(uri, info.baseUrl), keyFormat: 'identity' };
    if (r.iv !== undefined) key.iv = r.iv;
    if (info.ivEncrypted) key.ivEncrypted = true;
    return key;
  }
  return undefined;
}

/**
 * A segment index whose references carry their SEA key. Wraps any index
 * (template indexes are lazy, so keys are attached on `get`).
 */
export class SegmentEncryptionIndex implements SegmentIndex {
  constructor(
    private readonly inner: SegmentIndex,
    private readonly info: SegmentEncryptionInfo,
  ) {}

  get length(): number {
    return this.inner.length;
  }

  get start(): number {
    return this.inner.start;
  }

  get end(): number {
    return this.inner.end;
  }

  get(position: number): SegmentReference | null {
    const ref = this.inner.get(position);
    if (!ref) return null;
    const key = segmentKeyFor(this.info, ref.sequence);
    if (!key) return ref;
    // The initialization segment is encrypted as a whole too (ISO/IEC 23009-4 §6: SEA applies to every
    // segment of the Representation; shaka-player decrypts it with the same key at position 0). Without
    // this the ciphertext init reached the sink, which refused it (MEDIA_APPEND_FAILED, issue 13.8).
    // Its IV: CryptoPeriod@IV when given, else 0 (the decrypt stage's init IV).
    return { ...ref, key, ...(ref.init && !ref.init.key ? { init: { ...ref.init, key } } : {}) };
  }

  find(time: number): number {
    return this.inner.find(time);
  }
}
