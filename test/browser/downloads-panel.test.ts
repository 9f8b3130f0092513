/**
 * The demo's Downloads panel in Chromium: "Download this title" on the
 * ClearKey title stores it (with a download licence of the demo account),
 * the list shows it complete with its licence expiry, and Remove empties it.
 */
import { describe, expect, it } from 'vitest';
import { useChromiumSession } from './support/chromium-session.js';

const chromium = useChromiumSession();

describe('demo downloads panel', () => {
  it('lists a stored title with its licence expiry, and removes it', async () => {
    const page = await chromium.browser.newContext().then((c) => c.newPage());
    await page.goto(`${chromium.server.url}/demo/?autoplay=0&title=vod-cenc&session=downloads-panel`);
    await page.locator('#downloads [data-dl="store"]').click();
    const item = page.locator('#downloads .dl-list li', { hasText: 'vod-cenc' });
    await expect.poll(() => item.textContent(), { timeout: 90_000, interval: 500 }).toMatch(/vod-cenc · complete · [\d.]+ MB · licence 7\.0 days left/);
    const stored = await page.evaluate(async () => {
      const storage = (window as unknown as { __downloads: { manager: { list(): Promise<{ licence?: { expiresAt: number } }[]> } } }).__downloads;
      return (await storage.manager.list()).map((r) => r.licence?.expiresAt ?? 0);
    });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toBeGreaterThan(Date.now() + 6.9 * 86_400_000);
    await item.locator('[data-dl="remove"]').click();
    await expect.poll(() => page.locator('#downloads .dl-list li').count(), { timeout: 10_000 }).toBe(0);
    await page.close();
  });
});
