import { PLATFORM_PROFILES } from './profiles.js';
import type { PlatformId, PlatformProfile } from './platform-profile.js';

/** What detection looks at: the user agent and which runtime globals exist. */
export interface RuntimeEnvironment {
  userAgent: string;
  /** Names of the global objects present (`'tizen' in globalThis`…). */
  hasGlobal: (name: string) => boolean;
}

/** The detected platform. */
export interface DetectedPlatform {
  profile: PlatformProfile;
  /** OS/firmware version from the user agent, when the profile knows how to read it. */
  version: string | null;
  /** What matched: a user-agent pattern, a global, or a forced id. */
  matchedBy: 'user-agent' | 'global' | 'forced';
}

/** The environment of the page this runs in. */
export function currentEnvironment(): RuntimeEnvironment {
  const g = globalThis as Record<string, unknown>;
  return {
    userAgent: typeof navigator === 'undefined' ? '' : navigator.userAgent,
    hasGlobal: (name) => typeof g[name] !== 'undefined',
  };
}

/**
 * Picks the first profile whose globals or user-agent patterns match
 * (profiles are ordered most specific first; `desktop` matches anything).
 * A global is stronger evidence than the user agent (TV browsers let users
 * spoof the UA; they cannot remove `tizen`), so globals are checked across all
 * profiles first. `force` (e.g. a `?platform=tizen` query parameter in a
 * demo or a test) wins over both.
 */
export function detectPlatform(env: RuntimeEnvironment, options: { force?: PlatformId; profiles?: readonly PlatformProfile[] } = {}): DetectedPlatform {
  const profiles = options.profiles ?? PLATFORM_PROFILES;
  const versionOf = (p: PlatformProfile): string | null => p.match.version?.exec(env.userAgent)?.[1] ?? null;
  if (options.force) {
    const forced = profiles.find((p) => p.id === options.force);
    if (forced) return { profile: forced, version: versionOf(forced), matchedBy: 'forced' };
  }
  // `Windows` exists on Xbox only in UWP web apps: it is a global of Xbox's profile but ambiguous alone, so a global
  // match also needs the profile's user agent when the profile lists one that could be shared.
  for (const p of profiles) {
    if (p.match.globals?.some((name) => env.hasGlobal(name)) && (p.id !== 'xbox' || /Xbox/.test(env.userAgent))) {
      return { profile: p, version: versionOf(p), matchedBy: 'global' };
    }
  }
  for (const p of profiles) {
    if (p.match.userAgent?.some((re) => re.test(env.userAgent))) return { profile: p, version: versionOf(p), matchedBy: 'user-agent' };
  }
  const fallback = profiles[profiles.length - 1]!;
  return { profile: fallback, version: null, matchedBy: 'user-agent' };
}
