/**
 * PSSH boxes (ISO/IEC 23001-7 §8.1): which DRM system the init data is for and,
 * in version 1, which key ids it covers — used to pick init data per key
 * system and de-duplicate sessions by key set.
 */
import { BoxFormatError, iterateBoxes, toDataView } from '../mp4/box-reader.js';
import { bytesToHex } from './bytes.js';
import { DrmError } from './drm-error.js';

/** One parsed pssh box. */
export interface PsshBox {
  /** DRM system id, lowercase hex with dashes (`edef8ba9-79d6-4ace-a3c8-27dcd51d21ed`). */
  systemId: string;
  version: number;
  /** Key ids (lowercase hex, no dashes); version 1 boxes only. */
  keyIds: string[];
  /** The system-specific payload. */
  data: Uint8Array;
  /** The whole box, as EME `cenc` init data expects it. */
  box: Uint8Array;
}

function uuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Parses the pssh boxes in `data` (a concatenation, as in EME `cenc` init data
 * or a moov box's children). Non-pssh boxes are skipped.
 * @throws DrmError DRM_INIT_DATA_INVALID when a box is truncated or impossible.
 */
export function parsePsshBoxes(data: Uint8Array): PsshBox[] {
  const view = toDataView(data);
  const out: PsshBox[] = [];
  try {
    for (const box of iterateBoxes(view)) {
      if (box.type !== 'pssh') continue;
      let p = box.payloadStart;
      const need = (n: number) => {
        if (p + n > box.end) throw new BoxFormatError('pssh is truncated');
      };
      need(4 + 16);
      const version = view.getUint8(p);
      p += 4;
      const systemId = uuid(bytesToHex(data.subarray(p, p + 16)));
      p += 16;
      const keyIds: string[] = [];
      if (version > 0) {
        need(4);
        const count = view.getUint32(p);
        p += 4;
        need(count * 16);
        for (let i = 0; i < count; i++) keyIds.push(bytesToHex(data.subarray(p + i * 16, p + i * 16 + 16)));
        p += count * 16;
      }
      need(4);
      const size = view.getUint32(p);
      p += 4;
      need(size);
      out.push({ systemId, version, keyIds, data: data.subarray(p, p + size), box: data.subarray(box.start, box.end) });
    }
  } catch (e) {
    if (e instanceof BoxFormatError || e instanceof RangeError) throw new DrmError('DRM_INIT_DATA_INVALID', `invalid pssh: ${e.message}`, { cause: e });
    throw e;
  }
  return out;
}

/** Builds a pssh box (version 1 when key ids are given). Used for ClearKey init data and tests. */
export function buildPsshBox(systemId: string, keyIds: string[], data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const version = keyIds.length ? 1 : 0;
  const size = 8 + 4 + 16 + (version ? 4 + keyIds.length * 16 : 0) + 4 + data.length;
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint32(0, size);
  out.set([0x70, 0x73, 0x73, 0x68], 4);
  v.setUint8(8, version);
  const sys = systemId.replace(/-/g, '');
  for (let i = 0; i < 16; i++) out[12 + i] = parseInt(sys.slice(i * 2, i * 2 + 2), 16);
  let p = 28;
  if (version) {
    v.setUint32(p, keyIds.length);
    p += 4;
    for (const kid of keyIds) {
      for (let i = 0; i < 16; i++) out[p + i] = parseInt(kid.slice(i * 2, i * 2 + 2), 16);
      p += 16;
    }
  }
  v.setUint32(p, data.length);
  out.set(data, p + 4);
  return out;
}
