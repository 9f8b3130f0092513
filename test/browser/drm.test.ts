/**
 * DRM in real Chromium: the ClearKey-encrypted fixture (vod-cenc) through EME
 * with Edgeplay's DrmManager and the reference server's license service
 * (playback tokens, concurrency limit), plus the failure paths.
 */
import { describe, expect, inject, it } from 'vitest';
import { useChromiumSession } from './support/chromium-session.js';
import { openEdgeplay, type EdgeplayPage } from './support/edgeplay-page.js';
import { clearKeyDrmConfig, playbackSession } from './support/server-auth.js';

const chromium = useChromiumSession();

const operatorToken = inject('operatorToken');

function session(account: string, device: string): Promise<{ sessionId: string; token: string }> {
  return playbackSession(chromium.server.url, operatorToken, account, device);
}

async function configureLicense(p: EdgeplayPage, token: string): Promise<void> {
  await p.page.evaluate((drm) => {
    const { player } = (window as unknown as { __edgeplay: { player: { configure(c: object): void } } }).__edgeplay;
    player.configure({ drm });
  }, clearKeyDrmConfig(new URL(chromium.server.url).origin, token));
}

/** Waits for a typed error with `code` (or any fatal one when code is null). */
async function waitForError(p: EdgeplayPage, code: string | null, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await p.progress();
    const hit = s.errors.find((e) => (code ? e.code === code : e.severity === 'fatal'));
    if (hit) return { error: hit, progress: s };
    if (Date.now() > deadline) throw new Error(`no ${code ?? 'fatal'} error within ${timeoutMs} ms; errors: ${JSON.stringify(s.errors)}`);
    await p.page.waitForTimeout(250);
  }
}

describe('ClearKey through EME and the license service', () => {
  it.each(['dash', 'hls'])('%s: vod-cenc plays with a license obtained with a playback token', async (format) => {
    const p = await openEdgeplay(chromium.browser, chromium.server.url, `drm-${format}`);
    await configureLicense(p, (await session(`acct-${format}`, 'tv')).token);
    await p.load(`/manifest/vod-cenc?format=${format}&session=${p.session}`);
    await p.waitForTime(20, 45_000);
    const s = await p.progress();
    expect(s.frames).toBeGreaterThan(20 * 25 * 0.8);
    expect(s.errors.filter((e) => e.severity === 'fatal')).toEqual([]);
    await p.close();
  });

  it('an invalid playback token surfaces as a typed DRM_LICENSE_REJECTED error, not a hang', async () => {
    const p = await openEdgeplay(chromium.browser, chromium.server.url, 'drm-badtoken');
    const { token } = await session('acct-bad', 'tv');
    await configureLicense(p, `${token}tampered`);
    await p.startLoad(`/manifest/vod-cenc?format=dash&session=${p.session}`);
    const { error, progress } = await waitForError(p, 'DRM_LICENSE_REJECTED');
    expect(error).toMatchObject({ category: 'drm', severity: 'fatal' });
    expect(error.message).toContain('401');
    expect(progress.frames).toBe(0);
    await p.close();
  });

  it('wrong keys end in a typed fatal error, not a hang', async () => {
    const p = await openEdgeplay(chromium.browser, chromium.server.url, 'drm-wrongkey');
    await p.page.evaluate(() => {
      const { player } = (window as unknown as { __edgeplay: { player: { configure(c: object): void } } }).__edgeplay;
      const zero = '0'.repeat(32);
      player.configure({ drm: { clearKeys: { '0123456789abcdef0123456789abcdef': zero, fedcba9876543210fedcba9876543210: zero } } });
    });
    await p.startLoad(`/manifest/vod-cenc?format=dash&session=${p.session}`);
    const { error } = await waitForError(p, null, 30_000);
    expect(typeof error.code).toBe('string');
    expect(['media', 'drm']).toContain(error.category);
    await p.close();
  });

  it('a third concurrent stream on a two-stream plan is refused with DRM_CONCURRENCY_LIMIT; stopping one frees a slot', async () => {
    const kid = Buffer.from('0123456789abcdef0123456789abcdef', 'hex').toString('base64url');
    const others = [await session('acct-family', 'tv'), await session('acct-family', 'phone')];
    for (const o of others) {
      const r = await fetch(`${chromium.server.url}/license/clearkey`, { method: 'POST', headers: { authorization: `Bearer ${o.token}` }, body: JSON.stringify({ kids: [kid] }) });
      expect(r.status).toBe(200);
    }
    const p = await openEdgeplay(chromium.browser, chromium.server.url, 'drm-third');
    const mine = await session('acct-family', 'laptop');
    await configureLicense(p, mine.token);
    await p.startLoad(`/manifest/vod-cenc?format=dash&session=${p.session}`);
    const { error } = await waitForError(p, 'DRM_CONCURRENCY_LIMIT');
    expect(error.severity).toBe('fatal');
    expect((await fetch(`${chromium.server.url}/session/${others[0]!.sessionId}`, { method: 'DELETE', headers: { authorization: `Bearer ${others[0]!.token}` } })).status).toBe(200);
    await p.startLoad(`/manifest/vod-cenc?format=dash&session=${p.session}`);
    await p.waitForTime(4, 30_000);
    await p.close();
  });
});
