/**
 * A minimal hand-written MSE (+ optional ClearKey EME) player that runs inside
 * a Playwright page: it appends an init segment and media segments per track
 * to a fresh <video>, then plays. Independent of Edgeplay's player, so it
 * checks the fixtures themselves.
 */
import type { Page } from 'playwright-core';

/** One SourceBuffer's worth of media. */
export interface MseTrack {
  /** e.g. `video/mp4; codecs="avc1.64001e"`. */
  mimeType: string;
  /** Absolute URL of the init segment. */
  init: string;
  /** Absolute URLs of the media segments, appended in order. */
  segments: string[];
}

/** ClearKey keys (hex) handed to the page's license callback. */
export interface ClearKeyKeys {
  keys: { kid: string; key: string }[];
}

/** What the page reports after appending. */
export interface MseResult {
  /** `video.buffered` per track's SourceBuffer, [start, end] pairs (s). */
  buffered: [number, number][][];
  /** Key ids (hex) the CDM asked a license for, when EME was used. */
  requestedKids: string[];
}

/** Options for {@link playWithMse}. */
export interface PlayWithMseOptions {
  tracks: MseTrack[];
  /** When set, set up org.w3.clearkey and answer license requests with these keys. */
  clearKey?: ClearKeyKeys;
  /** Call endOfStream after appending (default true). */
  endOfStream?: boolean;
  /** Start playback (default true). */
  play?: boolean;
}

/**
 * Navigates `page` to a document with one muted <video> on `origin`, served by
 * Playwright routing (no server support needed), so the page is a secure,
 * same-origin context for EME and fetch against any fixtures server.
 */
export async function openBlankPage(page: Page, origin: string): Promise<void> {
  const pageUrl = `${origin}/__edgeplay_test__/blank.html`;
  await page.route(pageUrl, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><html><body><video muted playsinline></video></body></html>' }),
  );
  await page.goto(pageUrl);
}

/**
 * Opens a blank document on `origin` (see {@link openBlankPage}) and runs the
 * MSE player on its <video>.
 */
export async function playWithMse(page: Page, origin: string, options: PlayWithMseOptions): Promise<MseResult> {
  await openBlankPage(page, origin);
  return page.evaluate(async (opts: PlayWithMseOptions): Promise<MseResult> => {
    const video = document.querySelector('video')!;
    const hexToBytes = (hex: string) => new Uint8Array(hex.match(/../g)!.map((h) => parseInt(h, 16)));
    const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const b64urlToHex = (s: string) =>
      Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
    const requestedKids: string[] = [];
    const fail = (what: string) => (error: unknown) => {
      throw new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    };

    if (opts.clearKey) {
      const clearKey = opts.clearKey;
      const access = await navigator
        .requestMediaKeySystemAccess('org.w3.clearkey', [
          {
            initDataTypes: ['cenc'],
            videoCapabilities: opts.tracks.filter((t) => t.mimeType.startsWith('video')).map((t) => ({ contentType: t.mimeType })),
            audioCapabilities: opts.tracks.filter((t) => t.mimeType.startsWith('audio')).map((t) => ({ contentType: t.mimeType })),
          },
        ])
        .catch(fail('requestMediaKeySystemAccess(org.w3.clearkey)'));
      const mediaKeys = await access.createMediaKeys();
      await video.setMediaKeys(mediaKeys);
      let sessionStarted = false;
      video.addEventListener('encrypted', (event) => {
        // One session answers for every KID (the pssh lists both); later events carry the same initData.
        if (sessionStarted || !event.initData) return;
        sessionStarted = true;
        const session = mediaKeys.createSession();
        session.addEventListener('message', (message) => {
          const request = JSON.parse(new TextDecoder().decode(message.message)) as { kids: string[] };
          const kids = request.kids.map(b64urlToHex);
          requestedKids.push(...kids);
          // The "license server" is local: a JWK set built from the catalog's keys.
          const keys = clearKey.keys
            .filter((k) => kids.includes(k.kid))
            .map((k) => ({ kty: 'oct', kid: b64url(hexToBytes(k.kid)), k: b64url(hexToBytes(k.key)) }));
          void session.update(new TextEncoder().encode(JSON.stringify({ keys, type: 'temporary' })));
        });
        void session.generateRequest(event.initDataType, event.initData);
      });
    }

    const mediaSource = new MediaSource();
    video.src = URL.createObjectURL(mediaSource);
    await new Promise((resolve) => mediaSource.addEventListener('sourceopen', resolve, { once: true }));
    for (const track of opts.tracks) {
      if (!MediaSource.isTypeSupported(track.mimeType)) throw new Error(`MSE does not support ${track.mimeType}`);
    }
    const buffers = opts.tracks.map((t) => mediaSource.addSourceBuffer(t.mimeType));
    const append = (buffer: SourceBuffer, data: ArrayBuffer) =>
      new Promise<void>((resolve, reject) => {
        buffer.addEventListener('updateend', () => resolve(), { once: true });
        buffer.addEventListener('error', () => reject(new Error('SourceBuffer error')), { once: true });
        buffer.appendBuffer(data);
      });
    const load = async (url: string) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`GET ${url} → ${response.status}`);
      return response.arrayBuffer();
    };
    await Promise.all(
      opts.tracks.map(async (track, i) => {
        for (const url of [track.init, ...track.segments]) {
          await append(buffers[i], await load(url)).catch(fail(`append ${url}`));
          if (video.error) throw new Error(`media error ${video.error.code} ${video.error.message} after ${url}`);
        }
      }),
    );
    const buffered = buffers.map((b) => Array.from({ length: b.buffered.length }, (_, i) => [b.buffered.start(i), b.buffered.end(i)] as [number, number]));
    if (opts.endOfStream !== false) mediaSource.endOfStream();
    if (opts.play !== false) await video.play().catch(fail('video.play()'));
    return { buffered, requestedKids };
  }, options);
}
