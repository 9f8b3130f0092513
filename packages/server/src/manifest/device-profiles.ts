/** Device profiles of the manifest service: what a device class can decode and display. */
export interface DeviceProfile {
  maxHeight: number;
  /** Codec prefixes the device decodes (`avc1`, `mp4a`, …). */
  codecs: string[];
}

export const DEVICE_PROFILES: Readonly<Record<string, DeviceProfile>> = {
  default: { maxHeight: 2160, codecs: ['avc1', 'avc3', 'hvc1', 'hev1', 'mp4a', 'ec-3', 'wvtt', 'stpp'] },
  'tv-1080': { maxHeight: 1080, codecs: ['avc1', 'avc3', 'hvc1', 'hev1', 'mp4a', 'ec-3', 'wvtt', 'stpp'] },
  'mobile-720': { maxHeight: 720, codecs: ['avc1', 'avc3', 'mp4a', 'wvtt'] },
  'low-480': { maxHeight: 480, codecs: ['avc1', 'mp4a', 'wvtt'] },
};

export function deviceProfile(name: string | null): DeviceProfile | null {
  if (name === null || name === '') return DEVICE_PROFILES.default!;
  // Own properties only: `?device=__proto__` or `constructor` must be an unknown device (400), not Object.prototype (500).
  return Object.hasOwn(DEVICE_PROFILES, name) ? DEVICE_PROFILES[name]! : null;
}

export function codecsAllowed(profile: DeviceProfile, codecs: string): boolean {
  return codecs.split(',').every((c) => profile.codecs.some((p) => c.trim().startsWith(p)));
}
