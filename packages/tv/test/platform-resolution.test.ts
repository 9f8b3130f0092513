import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hdrTransferOf, platformMaxResolution, typeSupportFor, PLATFORM_PROFILES, type ResolutionEnvironment } from '../src/pure.js';

const env = (globals: Record<string, unknown>, extra: Partial<ResolutionEnvironment> = {}): ResolutionEnvironment => ({ globals, userAgent: '', screen: null, ...extra });

describe('platformMaxResolution', () => {
  it('Tizen: systeminfo.getMaxVideoResolution, else the panel flags, else the screen', async () => {
    expect(await platformMaxResolution('tizen', null, env({ webapis: { systeminfo: { getMaxVideoResolution: () => ({ width: 3840, height: 2160 }) } } }))).toEqual({ width: 3840, height: 2160 });
    expect(await platformMaxResolution('tizen', null, env({ webapis: { productinfo: { is8KPanelSupported: () => false, isUdPanelSupported: () => true } } }))).toEqual({ width: 3840, height: 2160 });
    expect(await platformMaxResolution('tizen', null, env({}, { screen: { width: 1920, height: 1080 } }))).toEqual({ width: 1920, height: 1080 });
  });

  it('webOS: PalmSystem.deviceInfo screen size, never below 1080p', async () => {
    expect(await platformMaxResolution('webos', null, env({ PalmSystem: { deviceInfo: '{"screenWidth":3840,"screenHeight":2160}' } }))).toEqual({ width: 3840, height: 2160 });
    expect(await platformMaxResolution('webos', null, env({ PalmSystem: { deviceInfo: '{"screenWidth":1280,"screenHeight":720}' } }))).toEqual({ width: 1920, height: 1080 });
  });

  it('Chromecast: canDisplayType at 2160p, then 1080p, else 720p', async () => {
    const cast = (max: number) => ({ cast: { __platform__: { canDisplayType: async (t: string) => Number(/height=(\d+)/.exec(t)![1]) <= max } } });
    expect(await platformMaxResolution('chromecast', null, env(cast(2160)))).toEqual({ width: 3840, height: 2160 });
    expect(await platformMaxResolution('chromecast', null, env(cast(1080)))).toEqual({ width: 1920, height: 1080 });
    expect(await platformMaxResolution('chromecast', null, env(cast(720)))).toEqual({ width: 1280, height: 720 });
  });

  it('the smaller of the profile cap and the platform answer; a throwing platform API leaves the profile cap', async () => {
    const ps = (res: string) => ({ msdk: { device: { getDisplayInfo: async () => ({ resolution: res }) } } });
    expect(await platformMaxResolution('playstation5', { width: 3840, height: 2160 }, env(ps('1080p')))).toEqual({ width: 1920, height: 1080 });
    expect(await platformMaxResolution('playstation4', { width: 1920, height: 1080 }, env(ps('4K')))).toEqual({ width: 1920, height: 1080 });
    const broken = { webapis: { systeminfo: { getMaxVideoResolution: () => { throw new Error('no privilege'); } } } };
    expect(await platformMaxResolution('tizen', { width: 1280, height: 720 }, env(broken))).toEqual({ width: 1280, height: 720 });
    expect(await platformMaxResolution('desktop', null, env({}))).toBeNull();
  });
});

describe('type-support corrections', () => {
  it('hdrTransferOf reads AV1/VP9 transfer characteristics and Dolby Vision entries', () => {
    expect(hdrTransferOf('av01.0.08M.10.0.110.09.16.09.0')).toBe('pq');
    expect(hdrTransferOf('vp09.02.10.10.01.09.18.09.00')).toBe('hlg');
    expect(hdrTransferOf('av01.0.08M.08')).toBeNull();
    expect(hdrTransferOf('dvhe.05.06')).toBe('pq');
    expect(hdrTransferOf('avc1.640028')).toBeNull();
  });

  it('never throws and never turns a platform "no" into "yes" unless a correction says so, for any string', () => {
    for (const p of PLATFORM_PROFILES) {
      const correct = typeSupportFor(p, null);
      fc.assert(fc.property(fc.string(), fc.boolean(), (s, platform) => {
        const answer = correct(s, platform);
        return typeof answer === 'boolean' && (platform || !answer || p.capabilityCorrections.some((c) => c.supported));
      }), { numRuns: 300 });
    }
  });
});
