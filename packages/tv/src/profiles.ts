import { DEFAULT_STALL_LADDER } from './stall-recovery.js';
import type { PlatformProfile, PlatformQuirks } from './platform-profile.js';

/**
 * The platform profiles, most specific first (detection takes the first
 * match, so e.g. Xbox — whose UA also says "Windows" and "Edge" — precedes
 * desktop, and Chromecast precedes generic Chromium TVs). Data, not code:
 * every value carries the reason it exists. Bump `revision` when a profile
 * changes; it is reported with the profile.
 */

const MB = 1024 * 1024;
const WIDEVINE = 'com.widevine.alpha';
const PLAYREADY = 'com.microsoft.playready';
const PLAYREADY_RECOMMENDATION = 'com.microsoft.playready.recommendation';
const CLEARKEY = 'org.w3.clearkey';

const DESKTOP_QUIRKS: PlatformQuirks = {
  codecSwitch: 'change-type',
  supportsSequenceMode: true,
  seekDelay: 0,
  gapPadding: 0.01,
  stallSkip: 0.1,
  byteSwappedKeyIds: false,
  persistentSessionType: 'persistent-license',
};

/** Hardware TV pipelines: no changeType trust, no sequence mode, a bigger gap padding (0.1 s: not measured on a device). */
const TV_QUIRKS: PlatformQuirks = {
  ...DESKTOP_QUIRKS,
  codecSwitch: 'same-codec-only',
  supportsSequenceMode: false,
  gapPadding: 0.1,
};

/** TV_QUIRKS for pipelines where a seek while stalled wedges the decoder (shaka-player sets stallSkip = 0 on these). */
const TV_NO_SKIP_QUIRKS: PlatformQuirks = { ...TV_QUIRKS, stallSkip: 0 };

/** A no-stall-skip ladder for pipelines where a seek while stalled wedges the decoder (shaka sets stallSkip = 0 on these). */
const NO_SKIP_LADDER = [{ kind: 'wait', ms: 1500 }, { kind: 'nudge' }, { kind: 'flush' }] as const;

export const PLATFORM_PROFILES: readonly PlatformProfile[] = [
  {
    id: 'tizen', name: 'Samsung Tizen', revision: 2,
    match: { userAgent: [/Tizen/], globals: ['tizen'], version: /Tizen[ /](\d+(?:\.\d+)*)/ },
    keySystems: [PLAYREADY, WIDEVINE, CLEARKEY],
    maxResolution: null, hdr: ['pq', 'hlg'],
    // Tizen before 5 (2019) answers yes for Opus in MSE but does not play it (shaka-player rejects it there too).
    capabilityCorrections: [{ codec: 'opus', belowMajorVersion: 5, supported: false, why: 'Tizen < 5 MSE claims Opus, playback fails' }],
    quirks: { ...TV_NO_SKIP_QUIRKS, seekDelay: 0.5 },
    // Integrators report Tizen SourceBuffer quotas of 50–100 MB; 40 MB in all stays under the low end with room for the VBR margin.
    memory: { forwardBytes: 36 * MB, backBytes: 4 * MB, why: 'Tizen SourceBuffer quota reported at 50–100 MB (video+audio)' },
    stallRecovery: NO_SKIP_LADDER,
  },
  {
    id: 'webos', name: 'LG webOS', revision: 2,
    match: { userAgent: [/Web0S/, /webOS/], globals: ['webOS', 'PalmSystem'], version: /Web0S(?:\.TV-(\d+))?/ },
    keySystems: [PLAYREADY, WIDEVINE, CLEARKEY],
    maxResolution: null, hdr: ['pq', 'hlg'],
    capabilityCorrections: [],
    quirks: { ...TV_NO_SKIP_QUIRKS, seekDelay: 0.5 },
    memory: { forwardBytes: 36 * MB, backBytes: 4 * MB, why: 'webOS SourceBuffer quota reported at 50–150 MB; sized for the low end' },
    stallRecovery: NO_SKIP_LADDER,
  },
  {
    id: 'vidaa', name: 'Hisense VIDAA', revision: 2,
    match: { userAgent: [/Hisense/i, /VIDAA/] },
    keySystems: [PLAYREADY, WIDEVINE, CLEARKEY],
    maxResolution: null, hdr: ['pq', 'hlg'],
    capabilityCorrections: [],
    quirks: TV_NO_SKIP_QUIRKS,
    memory: { forwardBytes: 30 * MB, backBytes: 4 * MB, why: 'not measured on a device: set below the Tizen budget' },
    stallRecovery: NO_SKIP_LADDER,
  },
  {
    id: 'vizio', name: 'Vizio SmartCast', revision: 2,
    match: { userAgent: [/VIZIO/i, /SmartCast/] },
    keySystems: [WIDEVINE, PLAYREADY, CLEARKEY],
    maxResolution: null, hdr: ['pq'],
    capabilityCorrections: [],
    quirks: TV_QUIRKS,
    memory: { forwardBytes: 30 * MB, backBytes: 4 * MB, why: 'not measured on a device: the Chromecast budget' },
    stallRecovery: DEFAULT_STALL_LADDER,
  },
  {
    id: 'xbox', name: 'Xbox', revision: 2,
    match: { userAgent: [/Xbox/], globals: ['Windows'] },
    // Consoles ship PlayReady SL3000 hardware DRM; Widevine is software-only there.
    keySystems: [PLAYREADY_RECOMMENDATION, PLAYREADY, WIDEVINE, CLEARKEY],
    robustness: { [PLAYREADY_RECOMMENDATION]: { video: '3000', audio: '2000' } },
    maxResolution: { width: 3840, height: 2160 }, hdr: ['pq'],
    capabilityCorrections: [],
    quirks: DESKTOP_QUIRKS,
    memory: { forwardBytes: 200 * MB, backBytes: 30 * MB, why: 'not measured on a device: a console with GBs of RAM, below the desktop Chromium quota' },
    stallRecovery: DEFAULT_STALL_LADDER,
  },
  {
    id: 'playstation5', name: 'PlayStation 5', revision: 2,
    match: { userAgent: [/PlayStation 5/], version: /PlayStation 5 (\d+(?:\.\d+)*)/ },
    keySystems: [PLAYREADY, WIDEVINE, CLEARKEY],
    maxResolution: { width: 3840, height: 2160 }, hdr: ['pq'],
    capabilityCorrections: [],
    // Integrators report persistent-session-type trouble on PS5 (issue tracker of shaka-player): ask explicitly.
    // No sequence mode and no smooth codec switching on PlayStation's WebKit (as shaka-player's PlayStation device says).
    quirks: { ...DESKTOP_QUIRKS, codecSwitch: 'same-codec-only', supportsSequenceMode: false, persistentSessionType: 'persistent-license' },
    memory: { forwardBytes: 150 * MB, backBytes: 20 * MB, why: 'not measured on a device: a console with GBs of RAM' },
    stallRecovery: DEFAULT_STALL_LADDER,
  },
  {
    id: 'playstation4', name: 'PlayStation 4', revision: 2,
    match: { userAgent: [/PlayStation 4/], version: /PlayStation 4 (\d+(?:\.\d+)*)/ },
    keySystems: [PLAYREADY, CLEARKEY],
    maxResolution: { width: 1920, height: 1080 }, hdr: [],
    capabilityCorrections: [],
    // PS4's PlayReady reports key IDs byte-swapped (GUID order), as integrators report; un-swap them.
    quirks: { ...TV_QUIRKS, byteSwappedKeyIds: true },
    memory: { forwardBytes: 60 * MB, backBytes: 8 * MB, why: 'not measured on a device: conservative for an older WebKit console' },
    stallRecovery: DEFAULT_STALL_LADDER,
  },
  {
    id: 'chromecast', name: 'Chromecast / Google TV', revision: 2,
    match: { userAgent: [/CrKey/], globals: ['cast'] },
    keySystems: [WIDEVINE, PLAYREADY, CLEARKEY],
    maxResolution: null, hdr: ['pq', 'hlg'],
    capabilityCorrections: [],
    // Long hardware pipeline: no stall skip; changing currentTime is slow, so corrective seeks at most every 1 s.
    quirks: { ...DESKTOP_QUIRKS, gapPadding: 0.1, stallSkip: 0, seekDelay: 1 },
    memory: { forwardBytes: 30 * MB, backBytes: 4 * MB, why: 'not measured on a device: older Chromecasts have 512 MB of RAM' },
    stallRecovery: NO_SKIP_LADDER,
  },
  {
    id: 'firetv', name: 'Amazon Fire TV', revision: 2,
    match: { userAgent: [/AFT[A-Z0-9]/, /Fire TV/i] },
    keySystems: [WIDEVINE, PLAYREADY, CLEARKEY],
    maxResolution: null, hdr: ['pq', 'hlg'],
    capabilityCorrections: [],
    quirks: DESKTOP_QUIRKS,
    memory: { forwardBytes: 40 * MB, backBytes: 6 * MB, why: 'not measured on a device: sticks with 1–1.5 GB of RAM' },
    stallRecovery: DEFAULT_STALL_LADDER,
  },
  {
    id: 'hbbtv', name: 'HbbTV', revision: 2,
    match: { userAgent: [/HbbTV/], globals: ['oipfObjectFactory'], version: /HbbTV\/(\d+(?:\.\d+)*)/ },
    keySystems: [PLAYREADY, WIDEVINE, CLEARKEY],
    maxResolution: { width: 1920, height: 1080 }, hdr: [],
    capabilityCorrections: [],
    quirks: TV_NO_SKIP_QUIRKS,
    memory: { forwardBytes: 24 * MB, backBytes: 4 * MB, why: 'not measured on a device: broadcast chipsets, the smallest budget here' },
    stallRecovery: NO_SKIP_LADDER,
  },
  {
    id: 'webkit-stb', name: 'WebKit set-top box (WPE)', revision: 2,
    match: { userAgent: [/WPE/, /\bSTB\b/] },
    keySystems: [PLAYREADY, WIDEVINE, CLEARKEY],
    maxResolution: { width: 1920, height: 1080 }, hdr: [],
    capabilityCorrections: [],
    quirks: TV_NO_SKIP_QUIRKS,
    memory: { forwardBytes: 24 * MB, backBytes: 4 * MB, why: 'not measured on a device: STB SoCs, as HbbTV' },
    stallRecovery: NO_SKIP_LADDER,
  },
  {
    id: 'chromium-tv', name: 'Generic Chromium TV', revision: 2,
    match: { userAgent: [/SMART-?TV/i, /\bTV\b.*Chrome|Chrome.*\bTV\b/] },
    keySystems: [WIDEVINE, PLAYREADY, CLEARKEY],
    maxResolution: null, hdr: [],
    capabilityCorrections: [],
    quirks: TV_QUIRKS,
    memory: { forwardBytes: 36 * MB, backBytes: 4 * MB, why: 'unknown TV: the Tizen/webOS budget' },
    stallRecovery: DEFAULT_STALL_LADDER,
  },
  {
    id: 'desktop', name: 'Desktop browser', revision: 2,
    match: { userAgent: [/./] },
    keySystems: [WIDEVINE, PLAYREADY, CLEARKEY],
    maxResolution: null, hdr: ['pq', 'hlg'],
    capabilityCorrections: [],
    quirks: DESKTOP_QUIRKS,
    // Chromium's MSE quota per SourceBuffer: 150 MB video, 12 MB audio (media/base/demuxer_memory_limit).
    memory: { forwardBytes: 120 * MB, backBytes: 30 * MB, why: 'Chromium MSE quota: 150 MB video + 12 MB audio' },
    stallRecovery: DEFAULT_STALL_LADDER,
  },
];
