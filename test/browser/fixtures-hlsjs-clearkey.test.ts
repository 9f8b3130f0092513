/**
 * vod-cenc's HLS signalling (EXT-X-KEY METHOD=SAMPLE-AES-CTR,
 * KEYFORMAT="org.w3.clearkey" with a data: URI pssh and KEYID, plus
 * EXT-X-SESSION-KEY) works in hls.js with EME ClearKey. The license request
 * goes to a URL answered by Playwright routing with a JWK set built from the
 * catalog keys, so this checks the playlist signalling, not a license server.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { waitForPlayback } from './support/chromium.js';
import { useChromiumSession } from './support/chromium-session.js';
import { openBlankPage } from './support/mse-page.js';
import { catalogTitle } from '../../packages/server/src/fixtures/catalog.js';

const require = createRequire(import.meta.url);
const HLS_JS = require.resolve('hls.js/dist/hls.js');

const chromium = useChromiumSession();
let page: Page;

const b64url = (hex: string): string => Buffer.from(hex, 'hex').toString('base64url');

describe('vod-cenc HLS in hls.js', () => {
  it('plays with org.w3.clearkey, asking for the catalog KIDs', async () => {
    const t = catalogTitle(chromium.server.catalog, 'vod-cenc');
    const keys = t.encryption!.keys;
    page = await chromium.browser.newPage();
    const licenseUrl = `${chromium.server.url}/__edgeplay_test__/clearkey-license`;
    const requestedKids: string[] = [];
    await page.route(licenseUrl, async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as { kids?: string[] };
      const kids = (body.kids ?? []).map((k) => Buffer.from(k, 'base64url').toString('hex'));
      requestedKids.push(...kids);
      const jwks = keys.filter((k) => kids.includes(k.kid)).map((k) => ({ kty: 'oct', kid: b64url(k.kid), k: b64url(k.key) }));
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ keys: jwks, type: 'temporary' }) });
    });
    await openBlankPage(page, chromium.server.url);
    await page.addScriptTag({ path: HLS_JS });
    await page.evaluate(
      async ({ url, license }) => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const Hls = (window as any).Hls;
        const video = document.querySelector('video')!;
        const hls = new Hls({ emeEnabled: true, drmSystems: { 'org.w3.clearkey': { licenseUrl: license } } });
        await new Promise<void>((resolve, reject) => {
          hls.on(Hls.Events.ERROR, (_: unknown, data: { fatal: boolean; details: string }) => {
            if (data.fatal) reject(new Error(`hls.js fatal error: ${data.details}`));
          });
          hls.on(Hls.Events.MANIFEST_PARSED, () => resolve());
          hls.loadSource(url);
          hls.attachMedia(video);
        });
        await video.play();
      },
      { url: `${chromium.server.url}/media/${t.id}/${t.hls}`, license: licenseUrl },
    );
    const progress = await waitForPlayback(page, { seconds: 5 });
    expect(progress.framesAdvanced).toBeGreaterThan(50);
    // Both KIDs (video and audio) were asked for, from the playlists' KEYID / data: URIs.
    expect(new Set(requestedKids)).toEqual(new Set(keys.map((k) => k.kid)));
  });
});
