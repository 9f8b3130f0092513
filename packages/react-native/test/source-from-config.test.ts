import { describe, expect, it } from 'vitest';
import { isEdgeplayError } from '@edgeplay/core';
import { edgeplaySourceFromConfig } from '../src/source-from-config.js';
import { nativeDrmProps } from '../src/native-video-props.js';

const caches = [{ id: 'isp-a', manifestUrl: 'https://isp-a.example/t/manifest.mpd' }];
/** One config an app shares with its web player. */
const web = {
  drm: {
    servers: { 'com.widevine.alpha': 'https://lic/wv', 'com.apple.fps': 'https://lic/fps' },
    preferredKeySystems: ['com.widevine.alpha'],
    advanced: {
      'com.widevine.alpha': { headers: { Authorization: 'Bearer t' } },
      'com.apple.fps': { headers: { Authorization: 'Bearer t' }, serverCertificateUri: 'https://lic/fps-cert' },
    },
    session: { heartbeatUrl: 'https://lic/hb', releaseUrl: 'https://lic/session' },
  },
  abr: { maxResolution: { width: 1280, height: 720 } },
  telemetry: { endpoint: 'https://qoe/beacon', batchMs: 5000 },
  failover: { steering: false },
};

describe('edgeplaySourceFromConfig (the web config on React Native)', () => {
  it('Android: Widevine with its headers onto the native drm prop; height cap, telemetry, steering carried over', () => {
    const s = edgeplaySourceFromConfig(caches, web, { platform: 'android', startTime: 12 });
    expect(nativeDrmProps(s.drm!)).toEqual({ type: 'widevine', licenseServer: 'https://lic/wv', headers: { Authorization: 'Bearer t' } });
    expect(s.drm!.session).toEqual(web.drm.session);
    expect(s.abr).toEqual({ maxHeight: 720 });
    expect(s.telemetry).toEqual({ endpoint: 'https://qoe/beacon', batchMs: 5000 });
    expect(s.steering).toBe(false);
    expect(s.startTime).toBe(12);
  });

  it('iOS: FairPlay (AVPlayer has no Widevine) with the server certificate as certificateUrl', () => {
    const s = edgeplaySourceFromConfig(caches, web, { platform: 'ios' });
    expect(nativeDrmProps(s.drm!)).toEqual({ type: 'fairplay', licenseServer: 'https://lic/fps', headers: { Authorization: 'Bearer t' }, certificateUrl: 'https://lic/fps-cert' });
  });

  it('no DRM configured: clear source', () => {
    expect(edgeplaySourceFromConfig(caches, {}, { platform: 'android' })).toEqual({ caches });
  });

  it('DRM that cannot map onto the native player is a typed INVALID_CONFIG, not a silent clear source', () => {
    const only = (drm: object, platform: 'ios' | 'android') => {
      try {
        edgeplaySourceFromConfig(caches, { drm } as never, { platform });
      } catch (e) {
        return isEdgeplayError(e) ? `${e.code}: ${e.message}` : String(e);
      }
      return 'no error';
    };
    expect(only({ servers: { 'com.widevine.alpha': 'https://lic/wv' } }, 'ios')).toMatch(/^INVALID_CONFIG: .*fairplay/);
    expect(only({ clearKeys: { '00112233445566778899aabbccddeeff': '00112233445566778899aabbccddeeff' } }, 'android')).toMatch(/^INVALID_CONFIG: .*clearKeys/);
  });
});
