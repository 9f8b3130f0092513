// Downloads panel: stores the selected title for offline play (progress, pause / resume / abort),
// lists the stored titles with size, state and licence expiry, renews a licence, removes a
// download (its licence is released, or queued while offline), and plays a stored title in a
// small video of its own — from IndexedDB, with no network. Encrypted titles get their download
// licence with a playback token of the demo account (the reference server's documented
// development account).

const DEMO_ACCOUNT = { account: 'demo', credential: 'edgeplay-demo' };
// The demo downloads a light rendition: a 360p title of a few minutes is tens of MB.
const MAX_HEIGHT = 360;

/**
 * @param {{ root: HTMLElement, lib: any, manifestUrl: () => { url: string, title: string }, log: (s: string, kind?: string) => void }} o
 */
export function createDownloadsPanel({ root, lib, manifestUrl, log }) {
  const tokens = new Map();
  let token = '';
  const tokenFor = async (title) => {
    if (!tokens.has(title)) {
      const res = await fetch('/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...DEMO_ACCOUNT, device: 'demo-downloads', title }) });
      if (!res.ok) throw new Error(`playback session for ${title}: HTTP ${res.status}`);
      tokens.set(title, (await res.json()).token);
    }
    token = tokens.get(title);
  };
  const storage = lib.createOfflineStorage({ licence: { url: `${location.origin}/license/download`, headers: () => (token ? { Authorization: `Bearer ${token}` } : {}) } });
  window.__downloads = storage;
  const $ = (sel) => root.querySelector(sel);
  const bar = $('progress');
  const status = $('.dl-status');
  const video = $('video');
  let op = null;
  let player = null;

  const fail = (what) => (e) => {
    status.textContent = `${what}: ${e.code ?? ''} ${e.message}`;
    log(`download ${what}: ${e.code ?? ''} ${e.message}`, 'bad');
  };
  const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;
  const expiry = (l) => {
    if (!l) return 'clear: no licence';
    const left = l.expiresAt - Date.now();
    return left <= 0 ? 'licence expired' : `licence ${left > 86_400_000 ? `${(left / 86_400_000).toFixed(1)} days` : `${Math.round(left / 60_000)} min`} left`;
  };

  function follow(operation) {
    op = operation;
    op.on('progress', (p) => {
      bar.value = p.fraction;
      status.textContent = `${mb(p.bytesStored)} of ~${mb(p.bytesExpected)} · ${p.resourcesStored}/${p.resourcesTotal}${p.etaS !== null ? ` · ${Math.ceil(p.etaS)} s left` : ''}`;
    });
    op.on('state', (s) => {
      status.textContent = s;
      void render();
    });
    op.on('error', fail('failed'));
    void op.done.then(() => render());
  }

  async function render() {
    const list = $('.dl-list');
    const records = await storage.manager.list();
    list.replaceChildren(...records.map((r) => {
      const li = document.createElement('li');
      li.dataset.id = r.id;
      const stored = r.resources.reduce((n, x) => n + (x.bytes ?? 0), 0);
      const text = document.createElement('span');
      text.className = 'dl-title';
      text.textContent = `${r.title ?? r.id} · ${r.state} · ${mb(stored)} · ${expiry(r.licence)}`;
      li.append(text);
      const button = (label, fn) => {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = label;
        b.dataset.dl = label.toLowerCase();
        b.addEventListener('click', () => void fn().catch(fail(label.toLowerCase())).finally(render));
        li.append(' ', b);
      };
      if (r.state !== 'complete') button('Resume', async () => follow(await storage.manager.resume(r.id)));
      button('Play', async () => {
        await player?.destroy();
        video.hidden = false;
        player = storage.createPlayer(video);
        await storage.play(player, r.id);
        await video.play();
        log(`playing ${r.title ?? r.id} offline`);
      });
      if (r.licence) {
        button('Renew', async () => {
          await tokenFor(r.title ?? 'vod');
          const l = await storage.manager.renewLicence(r.id);
          log(`licence renewed until ${new Date(l.expiresAt).toISOString()}`);
        });
      }
      button('Remove', async () => {
        if (r.licence) await tokenFor(r.title ?? 'vod').catch(() => undefined); // offline: the release is queued
        const released = await storage.manager.remove(r.id);
        log(`removed ${r.title ?? r.id} (licence: ${released})`);
      });
      return li;
    }));
    const est = await storage.store.estimate();
    $('.dl-usage').textContent = est ? `storage in use: ${mb(est.usage)} of ${mb(est.quota)}` : '';
  }

  $('[data-dl="store"]').addEventListener('click', async () => {
    const { url, title } = manifestUrl();
    try {
      await tokenFor(title);
      follow(await storage.manager.store(url, { maxHeight: MAX_HEIGHT }, { title }));
      log(`downloading ${title}`);
      await render();
    } catch (e) {
      fail('store')(e);
    }
  });
  $('[data-dl="pause"]').addEventListener('click', () => void op?.pause().then(render));
  $('[data-dl="resume"]').addEventListener('click', () => op?.resume());
  $('[data-dl="abort"]').addEventListener('click', () => void op?.abort().then(render));
  // Start-up housekeeping: orphaned resources, licence releases queued while offline.
  void storage.manager.cleanUp().then((r) => {
    if (r.orphans.length || r.releases.released) log(`downloads clean-up: ${r.orphans.length} orphaned, ${r.releases.released} releases sent`);
  }).catch(() => undefined).finally(render);
  return { storage, render };
}
