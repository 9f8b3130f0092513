/**
 * Stream leases with Edgeplay in Chromium, on a dedicated reference server with
 * short TTLs: the player's heartbeats keep its concurrency lease alive past the
 * lease TTL, unloading releases it, and an expired playback token surfaces as a
 * typed license error (HTTP 403).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../../packages/server/src/index.js';
import { useChromiumSession } from './support/chromium-session.js';
import { openEdgeplay, type EdgeplayPage } from './support/edgeplay-page.js';
import { clearKeyDrmConfig, playbackSession } from './support/server-auth.js';

const tempData = () => mkdtempSync(path.join(tmpdir(), 'edgeplay-drm-session-'));

const chromium = useChromiumSession({ server: () => startServer({ port: 0, caches: 1, leaseTtlMs: 2500, tokenTtlMs: 60_000, dataDir: tempData() }) });

const KID = Buffer.from('0123456789abcdef0123456789abcdef', 'hex').toString('base64url');

function newSession(srv: RunningServer, account: string, device: string) {
  return playbackSession(srv.url, srv.operatorToken, account, device);
}

/** A player on `srv` whose DRM config carries the token, heartbeats every 700 ms and releases on unload. */
async function playProtected(srv: RunningServer, account: string, device: string): Promise<{ p: EdgeplayPage; s: { sessionId: string; token: string } }> {
  const s = await newSession(srv, account, device);
  const p = await openEdgeplay(chromium.browser, srv.url, `lease-${device}`, srv.operatorToken);
  await p.page.evaluate(
    ([token, sessionId, drm]) => {
      const { player } = (window as unknown as { __edgeplay: { player: { configure(c: object): void } } }).__edgeplay;
      player.configure({
        drm: {
          ...(drm as object),
          session: {
            heartbeatUrl: `${location.origin}/heartbeat`,
            heartbeatIntervalMs: 700,
            heartbeatBody: { token },
            releaseUrl: `${location.origin}/session/${sessionId}`,
            releaseMethod: 'DELETE',
            headers: { Authorization: `Bearer ${token}` },
          },
        },
      });
    },
    [s.token, s.sessionId, clearKeyDrmConfig(new URL(srv.url).origin, s.token)] as const,
  );
  await p.startLoad(`/manifest/vod-cenc?format=dash&session=${p.session}`);
  await p.waitForTime(1, 30_000);
  return { p, s };
}

const license = (srv: RunningServer, token: string) =>
  fetch(`${srv.url}/license/clearkey`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ kids: [KID] }) });

describe('stream leases honoured by the player', () => {
  it('heartbeats keep two playing streams admitted past the lease TTL; unloading one frees its slot', async () => {
    const a = await playProtected(chromium.server, 'acct-lease', 'tv');
    const b = await playProtected(chromium.server, 'acct-lease', 'phone');
    await a.p.page.waitForTimeout(4000); // > 2.5 s lease TTL: only heartbeats keep the leases
    const third = await newSession(chromium.server, 'acct-lease', 'laptop');
    const refused = await license(chromium.server, third.token);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('CONCURRENCY_LIMIT');
    expect((await a.p.progress()).currentTime).toBeGreaterThan(3); // and they kept playing
    await a.p.call('(player) => player.unload()');
    await a.p.page.waitForTimeout(300);
    expect((await license(chromium.server, third.token)).status).toBe(200);
    await a.p.close();
    await b.p.close();
  });

  it('an expired playback token surfaces as DRM_LICENSE_REJECTED with HTTP 403', async () => {
    const short = await startServer({ port: 0, caches: 1, tokenTtlMs: 1000, dataDir: tempData() });
    try {
      const s = await newSession(short, 'acct-exp', 'tv');
      await new Promise((r) => setTimeout(r, 1300));
      const p = await openEdgeplay(chromium.browser, short.url, 'expired', short.operatorToken);
      await p.page.evaluate((drm) => {
        const { player } = (window as unknown as { __edgeplay: { player: { configure(c: object): void } } }).__edgeplay;
        player.configure({ drm });
      }, clearKeyDrmConfig(new URL(short.url).origin, s.token));
      await p.startLoad(`/manifest/vod-cenc?format=dash&session=${p.session}`);
      const deadline = Date.now() + 20_000;
      let error: { code: string; severity: string; message: string } | undefined;
      while (!error && Date.now() < deadline) {
        error = (await p.progress()).errors.find((e) => e.code === 'DRM_LICENSE_REJECTED');
        if (!error) await p.page.waitForTimeout(250);
      }
      expect(error).toMatchObject({ severity: 'fatal' });
      expect(error!.message).toContain('403');
      expect(error!.message).toContain('TOKEN_EXPIRED');
      await p.close();
    } finally {
      await short.close();
    }
  });
});
