/**
 * Device-appropriate manifests with the ranked cache list injected:
 * - DASH: one `<BaseURL serviceLocation="<cache>">` per cache (rank order, origin
 *   last) and a DASH-IF `<ContentSteering>` pointing at the steering service;
 * - HLS: the multivariant playlist cloned per pathway (PATHWAY-ID = cache id,
 *   per-pathway group ids, absolute URIs) plus `#EXT-X-CONTENT-STEERING`.
 * Renditions the device profile cannot decode or display are removed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CatalogTitle } from '../fixtures/catalog.js';
import { HttpError } from '../http/http-error.js';
import { codecsAllowed, type DeviceProfile } from './device-profiles.js';

/** One pathway: id and the absolute base URL of the title's folder on it (ends with `/`). */
export interface PathwayBase {
  id: string;
  base: string;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function buildDashManifest(fixturesRoot: string, title: CatalogTitle, pathways: PathwayBase[], steeringUri: string, profile: DeviceProfile): string {
  let mpd = readFileSync(path.join(fixturesRoot, title.id, title.dash), 'utf8');
  mpd = mpd.replace(/<Representation\b([^>]*?)(\/>|>[\s\S]*?<\/Representation>)/g, (whole, attrs: string) => {
    const height = Number(/\bheight="(\d+)"/.exec(attrs)?.[1] ?? 0);
    const codecs = /\bcodecs="([^"]*)"/.exec(attrs)?.[1] ?? '';
    return height > profile.maxHeight || (codecs && !codecsAllowed(profile, codecs)) ? '' : whole;
  });
  const inject =
    pathways.map((p) => `\n  <BaseURL serviceLocation="${escapeXml(p.id)}">${escapeXml(p.base)}</BaseURL>`).join('') +
    `\n  <ContentSteering defaultServiceLocation="${escapeXml(pathways[0]!.id)}" queryBeforeStart="false">${escapeXml(steeringUri)}</ContentSteering>`;
  const open = /<MPD\b[^>]*>/.exec(mpd);
  if (!open) throw new HttpError(500, 'BAD_FIXTURE', 'fixture MPD has no <MPD> element');
  return mpd.slice(0, open.index + open[0].length) + inject + mpd.slice(open.index + open[0].length);
}

export function buildHlsManifest(fixturesRoot: string, title: CatalogTitle, pathways: PathwayBase[], steeringUri: string, profile: DeviceProfile): string {
  if (!title.hls) throw new HttpError(404, 'NO_HLS', `title ${title.id} has no HLS version`);
  const lines = readFileSync(path.join(fixturesRoot, title.id, title.hls), 'utf8').split('\n');
  const header: string[] = [];
  const media: string[] = [];
  const variants: { inf: string; uri: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (!l) continue;
    if (l.startsWith('#EXT-X-MEDIA:')) media.push(l);
    else if (l.startsWith('#EXT-X-STREAM-INF:')) {
      variants.push({ inf: l, uri: lines[i + 1]!.trim() });
      i++;
    } else if (l.startsWith('#EXT-X-I-FRAME-STREAM-INF:')) continue;
    else header.push(l);
  }
  const kept = variants.filter((v) => {
    const height = Number(/RESOLUTION=\d+x(\d+)/.exec(v.inf)?.[1] ?? 0);
    const codecs = /CODECS="([^"]*)"/.exec(v.inf)?.[1] ?? '';
    return height <= profile.maxHeight && (!codecs || codecsAllowed(profile, codecs));
  });
  if (!kept.length) throw new HttpError(406, 'NO_RENDITION_FOR_DEVICE', 'the device profile excludes every rendition');
  const out = [...header.filter((h) => h !== '#EXTM3U'), `#EXT-X-CONTENT-STEERING:SERVER-URI="${steeringUri}",PATHWAY-ID="${pathways[0]!.id}"`];
  for (const p of pathways) {
    const suffix = `-${p.id}`;
    for (const m of media) out.push(m.replace(/GROUP-ID="([^"]+)"/, (_x, g: string) => `GROUP-ID="${g}${suffix}"`).replace(/URI="([^"]+)"/, (_x, u: string) => `URI="${p.base}${u}"`));
    for (const v of kept) {
      const inf = v.inf.replace(/(AUDIO|SUBTITLES)="([^"]+)"/g, (_x, k: string, g: string) => `${k}="${g}${suffix}"`);
      out.push(`${inf},PATHWAY-ID="${p.id}"`, `${p.base}${v.uri}`);
    }
  }
  return ['#EXTM3U', ...out, ''].join('\n');
}
