import { describe, expect, it } from 'vitest';
import { detectPlatform, PLATFORM_PROFILES, playerConfigForProfile, type PlatformId } from '../src/pure.js';
import { USER_AGENTS } from './user-agents.js';

const env = (ua: string, globals: string[] = []) => ({ userAgent: ua, hasGlobal: (n: string) => globals.includes(n) });

describe('detectPlatform', () => {
  it.each(USER_AGENTS)('$platform from its user agent: $ua', ({ platform, ua, version }) => {
    const d = detectPlatform(env(ua));
    expect(d.profile.id).toBe(platform);
    expect(d.matchedBy).toBe('user-agent');
    if (version) expect(d.version).toBe(version);
  });

  it.each(USER_AGENTS.filter((u) => u.globals))('$platform from its runtime global even under a desktop user agent', ({ platform, globals }) => {
    const d = detectPlatform(env('Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36', globals));
    expect(d.profile.id).toBe(platform);
    expect(d.matchedBy).toBe('global');
  });

  it('a global Windows object alone does not make a PC an Xbox', () => {
    expect(detectPlatform(env('Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0', ['Windows'])).profile.id).toBe('desktop');
  });

  it('a forced platform wins (demo TV mode, tests)', () => {
    const d = detectPlatform(env(USER_AGENTS.at(-1)!.ua), { force: 'webos' });
    expect(d.profile.id).toBe('webos');
    expect(d.matchedBy).toBe('forced');
  });

  it('every profile id is unique, every profile is reachable and desktop is the catch-all last', () => {
    const ids = PLATFORM_PROFILES.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.at(-1)).toBe('desktop');
    const reached = new Set(USER_AGENTS.map((u) => detectPlatform(env(u.ua)).profile.id));
    for (const id of ids) expect(reached.has(id as PlatformId), id).toBe(true);
  });
});

describe('playerConfigForProfile', () => {
  const byId = (id: PlatformId) => PLATFORM_PROFILES.find((p) => p.id === id)!;

  it('consoles prefer PlayReady and ask Xbox for SL3000 robustness', () => {
    const cfg = playerConfigForProfile(byId('xbox'));
    const drm = cfg.drm as { preferredKeySystems: string[]; advanced: Record<string, { videoRobustness: string[] }> };
    expect(drm.preferredKeySystems[0]).toBe('com.microsoft.playready.recommendation');
    expect(drm.advanced['com.microsoft.playready.recommendation']!.videoRobustness).toEqual(['3000']);
    expect((playerConfigForProfile(byId('playstation4')).drm as { preferredKeySystems: string[] }).preferredKeySystems[0]).toBe('com.microsoft.playready');
  });

  it('sizes the buffer goal from the byte budget at the ladder peak, and never above what the app asked', () => {
    const tizen = byId('tizen');
    // 36 MiB forward at 10 Mb/s peak with the 0.65 VBR margin: 36*1048576*8*0.65/10e6 = 19.6 s.
    const at10 = playerConfigForProfile(tizen, {}, 10e6).streaming!;
    expect(at10.bufferGoal).toBeCloseTo(19.63, 1);
    expect(at10.backBuffer).toBeCloseTo((4 * 1048576 * 8 * 0.65) / 10e6, 2);
    // A low-bitrate ladder fits more, capped by the requested 30 s; the app's own choice wins outright.
    expect(playerConfigForProfile(tizen, {}, 1e6).streaming!.bufferGoal).toBe(30);
    expect(playerConfigForProfile(tizen, { streaming: { bufferGoal: 12 } }, 1e6).streaming!.bufferGoal).toBe(12);
    // One segment may land beyond the goal: the longest segment is reserved out of the forward budget.
    expect(playerConfigForProfile(tizen, {}, 10e6, 4).streaming!.bufferGoal).toBeCloseTo(19.63 - 4, 1);
    // A huge ladder cannot push the goal below the floor needed to start.
    expect(playerConfigForProfile(tizen, {}, 1e9).streaming!.bufferGoal).toBe(6);
  });

  it('an app asking for more buffer than the budget allows gets the budget (measured in Chromium: the app goal used to override it)', () => {
    const s = playerConfigForProfile(byId('tizen'), { streaming: { bufferGoal: 120, backBuffer: 60, rebufferGoal: 30 } }, 10e6).streaming!;
    expect(s.bufferGoal).toBeCloseTo(19.63, 1);
    expect(s.backBuffer).toBeCloseTo((4 * 1048576 * 8 * 0.65) / 10e6, 2);
    expect(s.rebufferGoal).toBeLessThanOrEqual(s.bufferGoal!);
  });

  it('desktop keeps the defaults; profiles with a resolution cap apply it', () => {
    const d = playerConfigForProfile(byId('desktop'), {}, 5e6).streaming!;
    expect(d.bufferGoal).toBe(30);
    expect(playerConfigForProfile(byId('playstation4')).abr?.maxResolution).toEqual({ width: 1920, height: 1080 });
    expect(playerConfigForProfile(byId('desktop')).abr?.maxResolution).toBeUndefined();
  });
});
