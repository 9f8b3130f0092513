import type { PlatformId } from './platform-profile.js';

/** What a remote-control key means to a player, whatever the platform calls it. */
export type RemoteAction =
  | 'up' | 'down' | 'left' | 'right' | 'ok' | 'back' | 'exit'
  | 'play' | 'pause' | 'play-pause' | 'stop' | 'seek-forward' | 'seek-backward' | 'next' | 'previous'
  | 'red' | 'green' | 'yellow' | 'blue' | 'info' | 'menu'
  | `digit-${0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}`;

/** The part of a KeyboardEvent the mapping reads. */
export interface KeyInput {
  key?: string;
  keyCode?: number;
}

/** Standard `KeyboardEvent.key` values (UI Events KeyboardEvent key Values), on every platform. */
const STANDARD_KEYS: Readonly<Record<string, RemoteAction>> = {
  ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right', Enter: 'ok',
  GoBack: 'back', BrowserBack: 'back',
  MediaPlay: 'play', MediaPause: 'pause', MediaPlayPause: 'play-pause', MediaStop: 'stop',
  MediaFastForward: 'seek-forward', MediaRewind: 'seek-backward', MediaTrackNext: 'next', MediaTrackPrevious: 'previous',
  ColorF0Red: 'red', ColorF1Green: 'green', ColorF2Yellow: 'yellow', ColorF3Blue: 'blue',
  Info: 'info', ContextMenu: 'menu', Exit: 'exit',
  // Xbox: Edge reports the gamepad and the media remote as keys.
  GamepadA: 'ok', GamepadB: 'back', GamepadDPadUp: 'up', GamepadDPadDown: 'down', GamepadDPadLeft: 'left', GamepadDPadRight: 'right',
  GamepadMenu: 'menu', GamepadView: 'info', GamepadLeftShoulder: 'seek-backward', GamepadRightShoulder: 'seek-forward',
};

/** keyCodes every TV family shares (arrows, OK, digits, the OIPF/HbbTV VK_* media and colour codes). */
const COMMON_CODES: Readonly<Record<number, RemoteAction>> = {
  37: 'left', 38: 'up', 39: 'right', 40: 'down', 13: 'ok',
  403: 'red', 404: 'green', 405: 'yellow', 406: 'blue',
  415: 'play', 19: 'pause', 413: 'stop', 417: 'seek-forward', 412: 'seek-backward', 425: 'next', 424: 'previous',
  457: 'info',
  ...Object.fromEntries(Array.from({ length: 10 }, (_, d) => [48 + d, `digit-${d}` as RemoteAction])),
};

/** Per-platform keyCodes (keys without a standard `key` value on that platform). */
const PLATFORM_CODES: Partial<Record<PlatformId, Readonly<Record<number, RemoteAction>>>> = {
  // Tizen TV key codes (tizen.tvinputdevice): Return 10009, Exit 10182, MediaPlayPause 10252.
  tizen: { 10009: 'back', 10182: 'exit', 10252: 'play-pause', 10232: 'previous', 10233: 'next', 457: 'info' },
  // webOS: Back 461 (also reported as key 'GoBack' on newer releases).
  webos: { 461: 'back' },
  // HbbTV / OIPF VK_BACK is 461 on most implementations; the VK_* globals override when present.
  hbbtv: { 461: 'back', 8: 'back' },
  vidaa: { 8: 'back', 461: 'back' },
  'webkit-stb': { 8: 'back', 461: 'back' },
  'chromium-tv': { 8: 'back', 461: 'back', 10009: 'back' },
  vizio: { 8: 'back' },
  firetv: { 8: 'back', 179: 'play-pause', 227: 'seek-backward', 228: 'seek-forward' },
  chromecast: { 179: 'play-pause' },
};

/** HbbTV/OIPF: the VK_* constants the runtime defines, read once (they vary by vendor). */
const VK_ACTIONS: Readonly<Record<string, RemoteAction>> = {
  VK_BACK: 'back', VK_ENTER: 'ok', VK_UP: 'up', VK_DOWN: 'down', VK_LEFT: 'left', VK_RIGHT: 'right',
  VK_PLAY: 'play', VK_PAUSE: 'pause', VK_PLAY_PAUSE: 'play-pause', VK_STOP: 'stop', VK_FAST_FWD: 'seek-forward', VK_REWIND: 'seek-backward',
  VK_RED: 'red', VK_GREEN: 'green', VK_YELLOW: 'yellow', VK_BLUE: 'blue', VK_INFO: 'info',
};

/** The keyCode → action table for one platform, including runtime `VK_*` globals where they exist. */
export function keyTableFor(platform: PlatformId, globals: Readonly<Record<string, unknown>> = {}): Map<number, RemoteAction> {
  const table = new Map<number, RemoteAction>();
  for (const [code, action] of Object.entries(COMMON_CODES)) table.set(Number(code), action);
  for (const [code, action] of Object.entries(PLATFORM_CODES[platform] ?? {})) table.set(Number(code), action);
  for (const [name, action] of Object.entries(VK_ACTIONS)) {
    const code = globals[name];
    if (typeof code === 'number' && Number.isInteger(code)) table.set(code, action);
  }
  return table;
}

/**
 * Maps one key event to an action: the standard `key` value first (it
 * means the same everywhere), then the platform's keyCode table. Desktop
 * `Escape`/`Backspace` are not Back: they belong to text inputs and
 * fullscreen, and only TV remotes send them as Back (listed per platform).
 */
export function remoteActionOf(input: KeyInput, table: ReadonlyMap<number, RemoteAction>): RemoteAction | null {
  if (input.key && Object.hasOwn(STANDARD_KEYS, input.key)) return STANDARD_KEYS[input.key]!;
  if (typeof input.keyCode === 'number' && table.has(input.keyCode)) return table.get(input.keyCode)!;
  return null;
}

/** Tizen key names to register (`tizen.tvinputdevice.registerKey`): media and colour keys reach apps only once registered. */
export const TIZEN_KEYS_TO_REGISTER = [
  'MediaPlay', 'MediaPause', 'MediaPlayPause', 'MediaStop', 'MediaFastForward', 'MediaRewind', 'MediaTrackPrevious', 'MediaTrackNext',
  'ColorF0Red', 'ColorF1Green', 'ColorF2Yellow', 'ColorF3Blue', 'Info',
  '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
] as const;

/** HbbTV keyset mask bits (ETSI TS 102 796, OIPF DAE 7.2.5). */
export const HBBTV_KEYSET = { RED: 0x1, GREEN: 0x2, YELLOW: 0x4, BLUE: 0x8, NAVIGATION: 0x10, VCR: 0x20, SCROLL: 0x40, INFO: 0x80, NUMERIC: 0x100, ALPHA: 0x200, OTHER: 0x400 } as const;

/**
 * Asks the runtime to deliver the keys a player needs: Tizen registers each
 * key, HbbTV sets its application's keyset mask. Other platforms deliver them
 * unasked. Returns the names/mask it requested (for diagnostics); never throws
 * (a refused registration leaves that key to the system).
 */
export function requestRemoteKeys(platform: PlatformId, globals: Readonly<Record<string, unknown>>): string[] {
  const requested: string[] = [];
  try {
    if (platform === 'tizen') {
      const input = (globals.tizen as { tvinputdevice?: { registerKey(name: string): void } } | undefined)?.tvinputdevice;
      for (const name of TIZEN_KEYS_TO_REGISTER) {
        try {
          input?.registerKey(name);
          if (input) requested.push(name);
        } catch {
          // This model lacks the key: skip it.
        }
      }
    } else if (platform === 'hbbtv') {
      const app = globals.hbbtvApplication as { privateData?: { keyset?: { setValue(mask: number): void } } } | undefined;
      const mask = HBBTV_KEYSET.RED | HBBTV_KEYSET.GREEN | HBBTV_KEYSET.YELLOW | HBBTV_KEYSET.BLUE | HBBTV_KEYSET.NAVIGATION | HBBTV_KEYSET.VCR | HBBTV_KEYSET.NUMERIC | HBBTV_KEYSET.INFO;
      app?.privateData?.keyset?.setValue(mask);
      if (app?.privateData?.keyset) requested.push(`keyset:0x${mask.toString(16)}`);
    }
  } catch {
    // A runtime that throws on access: the keys stay with the system.
  }
  return requested;
}
