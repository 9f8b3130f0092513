/** EME probes: key-system access, robustness levels, persistent sessions, encryption schemes, a ClearKey licence round trip. */
import { passed, unsupported, wrong, type Probe } from './probe.js';

const VIDEO = 'video/mp4; codecs="avc1.42E01E"';
const AUDIO = 'audio/mp4; codecs="mp4a.40.2"';

async function access(keySystem: string, extra: Partial<MediaKeySystemConfiguration>, video: Partial<MediaKeySystemMediaCapability> = {}): Promise<MediaKeySystemAccess | string> {
  if (!navigator.requestMediaKeySystemAccess) return 'no EME (navigator.requestMediaKeySystemAccess)';
  try {
    return await navigator.requestMediaKeySystemAccess(keySystem, [{
      initDataTypes: ['cenc', 'keyids'], videoCapabilities: [{ contentType: VIDEO, ...video }], audioCapabilities: [{ contentType: AUDIO }], ...extra,
    }]);
  } catch (e) {
    return `requestMediaKeySystemAccess: ${(e as Error).name}`;
  }
}

const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const hexBytes = (hex: string) => new Uint8Array(hex.match(/../g)!.map((h) => parseInt(h, 16)));

/** The EME probe table. */
export const emeProbes: Record<string, Probe> = {
  'eme-access': async (args) => {
    const a = await access(String(args.keySystem), {});
    if (typeof a === 'string') return unsupported(a);
    try {
      await a.createMediaKeys();
      return passed({ configuration: a.getConfiguration() as unknown as Record<string, unknown> });
    } catch (e) {
      return wrong(`access granted but createMediaKeys failed: ${(e as Error).message}`);
    }
  },
  'eme-robustness': async (args) => {
    const a = await access(String(args.keySystem), {}, { robustness: String(args.robustness) });
    return typeof a === 'string' ? unsupported(a) : passed();
  },
  'eme-persistent': async (args) => {
    const a = await access(String(args.keySystem), { sessionTypes: ['persistent-license'], persistentState: 'required' });
    if (typeof a === 'string') return unsupported(a);
    try {
      const keys = await a.createMediaKeys();
      keys.createSession('persistent-license');
      return passed();
    } catch (e) {
      return wrong(`persistent-license granted but createSession failed: ${(e as Error).message}`);
    }
  },
  'eme-scheme': async (args) => {
    const scheme = String(args.scheme);
    const a = await access(String(args.keySystem), {}, { encryptionScheme: scheme } as Partial<MediaKeySystemMediaCapability>);
    if (typeof a === 'string') return unsupported(a);
    const got = (a.getConfiguration().videoCapabilities?.[0] as { encryptionScheme?: string | null } | undefined)?.encryptionScheme;
    // Browsers that predate the field drop it: the answer is unknown, so skip rather than guess.
    if (got === undefined || got === null) return unsupported('the browser ignores encryptionScheme (cannot tell)');
    return got === scheme ? passed() : wrong(`asked for ${scheme}, configuration says ${got}`);
  },
  'eme-clearkey-license': async (args) => {
    const a = await access(String(args.keySystem), {});
    if (typeof a === 'string') return unsupported(a);
    const kid = hexBytes('0123456789abcdef0123456789abcdef');
    const key = hexBytes('00112233445566778899aabbccddeeff');
    const keys = await a.createMediaKeys();
    const session = keys.createSession();
    const status = new Promise<string>((resolve) => {
      session.addEventListener('keystatuseschange', () => session.keyStatuses.forEach((s) => resolve(s)));
      setTimeout(() => resolve('no keystatuseschange within 3 s'), 3_000);
    });
    session.addEventListener('message', () => {
      const jwk = JSON.stringify({ keys: [{ kty: 'oct', kid: b64url(kid), k: b64url(key) }], type: 'temporary' });
      session.update(new TextEncoder().encode(jwk)).catch(() => undefined);
    });
    await session.generateRequest('keyids', new TextEncoder().encode(JSON.stringify({ kids: [b64url(kid)] })));
    const s = await status;
    await session.close().catch(() => undefined);
    return s === 'usable' ? passed() : wrong(`key status ${s}`);
  },
};
