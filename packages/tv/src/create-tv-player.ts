import { createPlayer, type WebPlayer } from '@edgeplay/web';
import type { DeepPartial, LoadOptions, PlayerComponentsLike, PlayerConfig, Presentation } from './core-types.js';
import { currentEnvironment, detectPlatform, type DetectedPlatform, type RuntimeEnvironment } from './detect-platform.js';
import type { PlatformId, PlatformProfile } from './platform-profile.js';
import { platformMaxResolution } from './platform-resolution.js';
import { playerConfigForProfile, sinkQuirksForProfile } from './profile-config.js';
import { componentsForProfile } from './profile-components.js';
import { keyTableFor, remoteActionOf, requestRemoteKeys, type RemoteAction } from './remote-keys.js';
import { StallRecoveryLadder, type StallRecoveryAction, type StallRecoveryStats } from './stall-recovery.js';

/** Options of {@link createTvPlayer}. */
export interface TvPlayerOptions {
  /** Use this platform instead of detecting it (e.g. from a `?platform=` parameter). */
  platform?: PlatformId;
  /** Field-by-field overrides of the detected profile. */
  profile?: (detected: PlatformProfile) => PlatformProfile;
  /** Remote-control actions (arrows, OK, Back, media and colour keys), normalised across platforms. */
  onRemoteAction?: (action: RemoteAction, event: KeyboardEvent) => void;
  /** Each stall-recovery action taken (for logs); `give-up` means no rung moved the playhead. */
  onStallRecovery?: (action: StallRecoveryAction) => void;
  /** Where to listen for keys (default `document`). */
  keyTarget?: Pick<Document, 'addEventListener' | 'removeEventListener'>;
  /** Runtime to detect (default: this page's). */
  environment?: RuntimeEnvironment;
  /** Passed through to `createPlayer` (the video ABR strategy wrapped per {@link componentsForProfile}). */
  components?: PlayerComponentsLike;
}

/** A web player with the TV runtime's profile applied. */
export interface TvPlayer {
  readonly player: WebPlayer;
  readonly platform: DetectedPlatform;
  /**
   * `player.load`, remembered so the last stall-recovery rung (flush and
   * re-append) can reload the source at the playhead. Load through this.
   */
  load(url: string, options?: LoadOptions): Promise<void>;
  /** Stall-recovery counters (stalls, actions tried, actions that moved the playhead). */
  stallRecoveryStats(): StallRecoveryStats;
  /** Stops the key layer and stall supervision and destroys the player. */
  destroy(): Promise<void>;
}

/** How often the playhead is sampled for stall recovery. */
const SUPERVISE_MS = 250;

/** Highest video + highest audio bandwidth the presentation offers (bits/s), the worst case for a byte budget. */
export function peakBandwidthOf(presentation: Presentation): number {
  let video = 0;
  let audio = 0;
  for (const period of presentation.periods) {
    for (const set of period.switchingSets) {
      for (const track of set.tracks) {
        if (set.type === 'video') video = Math.max(video, track.bandwidth);
        else if (set.type === 'audio') audio = Math.max(audio, track.bandwidth);
      }
    }
  }
  return video + audio;
}

/**
 * `createPlayer` for TV runtimes: detects the platform, applies its profile
 * (key systems, resolution cap from the profile and the platform's display
 * API, gap padding and stall skip, buffer goals sized from its memory budget
 * at the loaded ladder's peak bitrate, corrected type-support answers, seek
 * landing correction, single-codec ABR where codec switching is not
 * trusted), registers its remote keys and runs its stall-recovery ladder on
 * the element.
 */
export function createTvPlayer(video: HTMLVideoElement, config: DeepPartial<PlayerConfig> = {}, options: TvPlayerOptions = {}): TvPlayer {
  const env = options.environment ?? currentEnvironment();
  const detected = detectPlatform(env, options.platform ? { force: options.platform } : {});
  const profile = options.profile ? options.profile(detected.profile) : detected.profile;
  const platform: DetectedPlatform = { ...detected, profile };
  let destroyed = false;
  const player = createPlayer(video, playerConfigForProfile(profile, config), componentsForProfile(profile, options.components), {
    sinkQuirks: sinkQuirksForProfile(profile, platform.version, () => performance.now()),
  });
  // The display/decoder limit from the platform API (async on Cast and PlayStation); the app's own cap wins.
  const globals = globalThis as unknown as Record<string, unknown>;
  const screenBox = typeof screen === 'undefined' ? null : { width: screen.width * (globalThis.devicePixelRatio || 1), height: screen.height * (globalThis.devicePixelRatio || 1) };
  void platformMaxResolution(profile.id, profile.maxResolution, { globals, userAgent: env.userAgent, screen: screenBox }).then((cap) => {
    if (cap && !destroyed && config.abr?.maxResolution === undefined) player.configure({ abr: { maxResolution: cap } });
  });
  const offLoaded = player.on('loaded', ({ presentation }) => {
    player.configure({ streaming: playerConfigForProfile(profile, config, peakBandwidthOf(presentation), presentation.maxSegmentDuration).streaming ?? {} });
  });

  requestRemoteKeys(profile.id, globals);
  const table = keyTableFor(profile.id, globals);
  const keyTarget = options.keyTarget ?? (typeof document === 'undefined' ? undefined : document);
  const onKey = (e: Event): void => {
    const action = remoteActionOf(e as KeyboardEvent, table);
    if (action && options.onRemoteAction) {
      e.preventDefault();
      options.onRemoteAction(action, e as KeyboardEvent);
    }
  };
  keyTarget?.addEventListener('keydown', onKey);

  let loaded: { url: string; options: LoadOptions } | null = null;
  let reloading = false;
  const ladder = new StallRecoveryLadder(profile.stallRecovery);
  const timer = setInterval(() => {
    const t = video.currentTime;
    const ranges = video.buffered;
    let ahead = 0;
    for (let i = 0; i < ranges.length; i++) if (ranges.start(i) <= t + 0.1 && ranges.end(i) > t) ahead = ranges.end(i) - t;
    const active = !video.paused && !video.ended;
    const action = ladder.observe({
      now: performance.now(),
      currentTime: t,
      shouldBePlaying: active && !video.seeking && !reloading && ahead > 0.5,
      // Seeking, reloading or refilling: transient, so a seek/flush rung is judged from where it lands.
      settling: active && (video.seeking || reloading || ahead <= 0.5),
    });
    if (!action) return;
    options.onStallRecovery?.(action);
    if (action.kind === 'nudge') {
      video.pause();
      void video.play().catch(() => undefined);
    } else if (action.kind === 'seek') {
      void player.seek(t + action.by);
    } else if (action.kind === 'flush' && loaded) {
      // Flush and re-append: reload the same source at the playhead (every buffer is dropped and re-fetched).
      reloading = true;
      void player.load(loaded.url, { ...loaded.options, startTime: t }).catch(() => undefined).finally(() => {
        reloading = false;
        void video.play().catch(() => undefined);
      });
    }
  }, SUPERVISE_MS);

  return {
    player,
    platform,
    load: (url, loadOptions = {}) => {
      loaded = { url, options: loadOptions };
      return player.load(url, loadOptions);
    },
    stallRecoveryStats: () => ladder.getStats(),
    destroy: async () => {
      destroyed = true;
      clearInterval(timer);
      keyTarget?.removeEventListener('keydown', onKey);
      offLoaded();
      await player.destroy();
    },
  };
}
