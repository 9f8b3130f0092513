/**
 * Capabilities a player case needs (`mse`, `eme:<key system>`, `codec:<MIME type>`): checked once
 * per run, so a device without them skips those cases with the reason instead
 * of failing them.
 */

const cache = new Map<string, Promise<string | null>>();

/** null when the device has `need`, else why not. */
export function missing(need: string): Promise<string | null> {
  let p = cache.get(need);
  if (!p) {
    p = check(need);
    cache.set(need, p);
  }
  return p;
}

async function check(need: string): Promise<string | null> {
  if (need.startsWith('codec:')) {
    const type = need.slice('codec:'.length);
    const ms = (globalThis.MediaSource ?? (globalThis as unknown as { ManagedMediaSource?: typeof MediaSource }).ManagedMediaSource) as typeof MediaSource | undefined;
    if (!ms) return 'no Media Source Extensions';
    return ms.isTypeSupported(type) ? null : `MSE does not take ${type}`;
  }
  if (need === 'mse') return globalThis.MediaSource || 'ManagedMediaSource' in globalThis ? null : 'no Media Source Extensions';
  if (need.startsWith('eme:')) {
    const ks = need.slice(4);
    if (!navigator.requestMediaKeySystemAccess) return 'no EME';
    try {
      await navigator.requestMediaKeySystemAccess(ks, [{ initDataTypes: ['cenc'], videoCapabilities: [{ contentType: 'video/mp4; codecs="avc1.64001e"' }] }]);
      return null;
    } catch {
      return `key system ${ks} unavailable`;
    }
  }
  return `unknown capability ${need}`;
}

/** The first missing capability among `needs`, or null. */
export async function firstMissing(needs: readonly string[] = []): Promise<string | null> {
  for (const n of needs) {
    const m = await missing(n);
    if (m) return m;
  }
  return null;
}
