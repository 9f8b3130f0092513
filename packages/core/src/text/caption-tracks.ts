/**
 * Closed captions carried in the video (CEA-608 CC1–CC4, CEA-708 services)
 * as text tracks of the model, so `getTextTracks()` lists them and
 * `selectText()` shows them like any other subtitles:
 *
 * - HLS: `EXT-X-MEDIA TYPE=CLOSED-CAPTIONS` renditions (INSTREAM-ID, NAME,
 *   LANGUAGE), which the multivariant parser leaves on the video tracks as
 *   `urn:hls:closed-captions` supplemental properties;
 * - DASH: `Accessibility` `urn:scte:dash:cc:cea-608:2015` (`CC1=eng;CC3=spa`,
 *   or languages in channel order: `eng;spa`) and `urn:scte:dash:cc:cea-708:2015`
 *   (`1=lang:eng;2=lang:spa`, or `eng;spa`) on the video adaptation set;
 * - otherwise, channels discovered in the stream ({@link captionSet}).
 *
 * A caption track has no segments: its cues come from the video's SEI
 * (`CaptionHub`). Pure.
 */
import type { Descriptor, Period, SwitchingSet, Track } from '../manifest/model.js';

/** `CC1`…`CC4` (608) or `SERVICE1`…`SERVICE63` (708). */
export type CaptionChannelId = string;

/** Mime types of caption tracks (no container: the data rides in the video). */
export const CEA608_MIME = 'text/x-cea-608';
export const CEA708_MIME = 'text/x-cea-708';

const HLS_CC_SCHEME = 'urn:hls:closed-captions';
const DASH_608_SCHEME = 'urn:scte:dash:cc:cea-608:2015';
const DASH_708_SCHEME = 'urn:scte:dash:cc:cea-708:2015';

/** One declared caption channel. */
export interface CaptionDeclaration {
  channel: CaptionChannelId;
  language?: string;
  label?: string;
}

/** Whether `track` is a closed-caption track (cues from the video, nothing to fetch). */
export function isCaptionTrack(track: Track): boolean {
  return track.mimeType === CEA608_MIME || track.mimeType === CEA708_MIME;
}

/** The channel a caption track shows (`CC1`, `SERVICE1`...). */
export function captionChannelOf(track: Track): CaptionChannelId {
  return track.codecs;
}

/** The id a caption track of `channel` gets (stable across reloads, unique in the period). */
export function captionTrackId(channel: CaptionChannelId): string {
  return `captions:${channel}`;
}

/** DASH Accessibility value → declarations (CTA/SCTE 214-1 §7.2 forms). */
export function parseDashCaptionValue(scheme: '608' | '708', value: string | undefined): CaptionDeclaration[] {
  const parts = (value ?? '').split(';').map((p) => p.trim()).filter(Boolean);
  if (!parts.length) return [{ channel: scheme === '608' ? 'CC1' : 'SERVICE1' }];
  return parts.flatMap((part, i): CaptionDeclaration[] => {
    const eq = part.indexOf('=');
    const key = eq >= 0 ? part.slice(0, eq).trim() : '';
    let lang = (eq >= 0 ? part.slice(eq + 1) : part).trim();
    // 708 form: `1=lang:eng,war:1,er:1`.
    const langAttr = /(?:^|,)lang:([A-Za-z-]+)/.exec(lang);
    if (langAttr) lang = langAttr[1]!;
    else if (lang.includes(':')) lang = '';
    let channel: string;
    if (scheme === '608') channel = /^CC[1-4]$/i.test(key) ? key.toUpperCase() : /^[1-4]$/.test(key) ? `CC${key}` : `CC${i + 1}`;
    else channel = /^\d+$/.test(key) && Number(key) >= 1 && Number(key) <= 63 ? `SERVICE${Number(key)}` : `SERVICE${i + 1}`;
    if (scheme === '608' && !/^CC[1-4]$/.test(channel)) return [];
    return [{ channel, ...(lang && /^[A-Za-z]{2,3}(-[A-Za-z0-9]+)*$/.test(lang) ? { language: lang } : {}) }];
  });
}

function hlsDeclarations(d: Descriptor): CaptionDeclaration | null {
  if (d.schemeIdUri !== HLS_CC_SCHEME || !d.value) return null;
  const channel = d.value.toUpperCase();
  if (!/^(CC[1-4]|SERVICE([1-9]|[1-5]\d|6[0-3]))$/.test(channel)) return null;
  const a = d.attributes ?? {};
  return { channel, ...(a['LANGUAGE'] ? { language: a['LANGUAGE'] } : {}), ...(a['NAME'] ? { label: a['NAME'] } : {}) };
}

/** The caption channels `period`'s video declares, de-duplicated by channel (first declaration wins). */
export function declaredCaptions(period: Period): CaptionDeclaration[] {
  const out = new Map<string, CaptionDeclaration>();
  const add = (d: CaptionDeclaration | null) => {
    if (d && !out.has(d.channel)) out.set(d.channel, d);
  };
  for (const set of period.switchingSets) {
    if (set.type !== 'video') continue;
    for (const a of set.accessibility) {
      if (a.schemeIdUri === DASH_608_SCHEME) parseDashCaptionValue('608', a.value).forEach(add);
      if (a.schemeIdUri === DASH_708_SCHEME) parseDashCaptionValue('708', a.value).forEach(add);
    }
    for (const t of set.tracks) for (const p of t.supplementalProperties) add(hlsDeclarations(p));
  }
  return [...out.values()];
}

/** A text switching set with one caption track for `d`. */
export function captionSet(d: CaptionDeclaration): SwitchingSet {
  const is608 = d.channel.startsWith('CC');
  const label = d.label ?? (is608 ? d.channel : `Service ${d.channel.slice('SERVICE'.length)}`);
  const track: Track = {
    id: captionTrackId(d.channel),
    type: 'text',
    bandwidth: 0,
    codecs: d.channel,
    mimeType: is608 ? CEA608_MIME : CEA708_MIME,
    ...(d.language ? { language: d.language } : {}),
    label,
    roles: ['caption'],
    baseUrls: [],
    contentProtection: [],
    segmentIndex: null,
    indexSource: { kind: 'inline' },
    essentialProperties: [],
    supplementalProperties: [],
  };
  return {
    id: track.id,
    type: 'text',
    ...(d.language ? { language: d.language } : {}),
    label,
    roles: ['caption'],
    accessibility: [],
    codecFamily: is608 ? 'cea-608' : 'cea-708',
    mimeType: track.mimeType,
    tracks: [track],
    essentialProperties: [],
    supplementalProperties: [],
  };
}

/**
 * Adds a caption text set to `period` for each declared channel (or for
 * `extra`, e.g. discovered channels) it does not list yet. Returns the sets added.
 */
export function addCaptionSets(period: Period, extra: readonly CaptionDeclaration[] = []): SwitchingSet[] {
  const added: SwitchingSet[] = [];
  for (const d of [...declaredCaptions(period), ...extra]) {
    if (period.switchingSets.some((s) => s.id === captionTrackId(d.channel))) continue;
    const set = captionSet(d);
    period.switchingSets.push(set);
    added.push(set);
  }
  return added;
}
