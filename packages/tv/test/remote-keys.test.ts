import { describe, expect, it } from 'vitest';
import { keyTableFor, remoteActionOf, requestRemoteKeys, TIZEN_KEYS_TO_REGISTER } from '../src/pure.js';

describe('remote keys', () => {
  it('standard key values mean the same on every platform', () => {
    for (const platform of ['tizen', 'webos', 'desktop', 'xbox'] as const) {
      const t = keyTableFor(platform);
      expect(remoteActionOf({ key: 'ArrowUp', keyCode: 38 }, t)).toBe('up');
      expect(remoteActionOf({ key: 'Enter', keyCode: 13 }, t)).toBe('ok');
      expect(remoteActionOf({ key: 'MediaPlayPause' }, t)).toBe('play-pause');
      expect(remoteActionOf({ key: 'GoBack' }, t)).toBe('back');
    }
  });

  it('maps each platform family\'s Back key', () => {
    expect(remoteActionOf({ key: 'XF86Back', keyCode: 10009 }, keyTableFor('tizen'))).toBe('back');
    expect(remoteActionOf({ keyCode: 461 }, keyTableFor('webos'))).toBe('back');
    expect(remoteActionOf({ keyCode: 461 }, keyTableFor('hbbtv'))).toBe('back');
    expect(remoteActionOf({ key: 'GamepadB', keyCode: 196 }, keyTableFor('xbox'))).toBe('back');
    // On a desktop, Backspace/Escape belong to inputs and fullscreen.
    expect(remoteActionOf({ key: 'Backspace', keyCode: 8 }, keyTableFor('desktop'))).toBeNull();
    expect(remoteActionOf({ key: 'Escape', keyCode: 27 }, keyTableFor('desktop'))).toBeNull();
  });

  it('colour, media and digit keys by keyCode (Tizen/webOS/HbbTV codes)', () => {
    const t = keyTableFor('tizen');
    expect(remoteActionOf({ keyCode: 403 }, t)).toBe('red');
    expect(remoteActionOf({ keyCode: 406 }, t)).toBe('blue');
    expect(remoteActionOf({ keyCode: 10252 }, t)).toBe('play-pause');
    expect(remoteActionOf({ keyCode: 417 }, t)).toBe('seek-forward');
    expect(remoteActionOf({ keyCode: 53 }, t)).toBe('digit-5');
  });

  it('HbbTV VK_* globals override the defaults (vendors differ)', () => {
    const t = keyTableFor('hbbtv', { VK_BACK: 8, VK_RED: 116 });
    expect(remoteActionOf({ keyCode: 116 }, t)).toBe('red');
    expect(remoteActionOf({ keyCode: 8 }, t)).toBe('back');
  });

  it('registers Tizen keys one by one, surviving a model that lacks some', () => {
    const registered: string[] = [];
    const tizen = { tvinputdevice: { registerKey: (n: string) => { if (n === 'Info') throw new Error('not supported'); registered.push(n); } } };
    const requested = requestRemoteKeys('tizen', { tizen });
    expect(registered).toContain('MediaPlayPause');
    expect(registered).toContain('ColorF0Red');
    expect(registered).not.toContain('Info');
    expect(requested.length).toBe(TIZEN_KEYS_TO_REGISTER.length - 1);
  });

  it('sets the HbbTV keyset mask with navigation, VCR, colour and numeric keys', () => {
    let mask = 0;
    requestRemoteKeys('hbbtv', { hbbtvApplication: { privateData: { keyset: { setValue: (m: number) => (mask = m) } } } });
    expect(mask & 0x1f).toBe(0x1f); // RED GREEN YELLOW BLUE NAVIGATION
    expect(mask & 0x20).toBe(0x20); // VCR
    expect(mask & 0x100).toBe(0x100); // NUMERIC
  });

  it('never throws on a hostile runtime', () => {
    const hostile = { get tvinputdevice(): never { throw new Error('denied'); } };
    expect(() => requestRemoteKeys('tizen', { tizen: hostile })).not.toThrow();
  });
});
