import type { Period, SwitchingSet, Track } from '../manifest/model.js';

function languageMatches(lang: string | undefined, wanted: string): boolean {
  if (!lang) return false;
  const a = lang.toLowerCase();
  const b = wanted.toLowerCase();
  return a === b || a.split('-')[0] === b.split('-')[0];
}

/** The video switching set to play: the default one, else the one with most tracks. */
export function chooseVideoSet(period: Period, isSupported: (t: Track) => boolean): SwitchingSet | null {
  const sets = period.switchingSets.filter((s) => s.type === 'video' && s.tracks.some((t) => !t.trickMode && isSupported(t)));
  if (!sets.length) return null;
  return sets.find((s) => s.isDefault) ?? sets.reduce((a, b) => (b.tracks.length > a.tracks.length ? b : a));
}

/**
 * The audio switching set: preferred language, then the default/main one,
 * then the first. Null when there is no separate audio (muxed or silent).
 */
export function chooseAudioSet(period: Period, isSupported: (t: Track) => boolean, preferredLanguage?: string): SwitchingSet | null {
  const sets = period.switchingSets.filter((s) => s.type === 'audio' && s.tracks.some(isSupported));
  if (!sets.length) return null;
  if (preferredLanguage) {
    const byLang = sets.find((s) => languageMatches(s.language, preferredLanguage));
    if (byLang) return byLang;
  }
  return sets.find((s) => s.isDefault || s.roles.includes('main')) ?? sets[0]!;
}

/**
 * Text is off unless the user asked for a language or the stream marks a
 * track as forced (forced subtitles translate foreign dialogue and must show).
 */
export function chooseTextSet(period: Period, preferredLanguage?: string): SwitchingSet | null {
  const sets = period.switchingSets.filter((s) => s.type === 'text');
  if (preferredLanguage) {
    const byLang = sets.find((s) => languageMatches(s.language, preferredLanguage));
    if (byLang) return byLang;
  }
  return sets.find((s) => s.roles.includes('forced-subtitle')) ?? null;
}

/** In `period`, the switching set most like `previous` (same type, language, codec family). */
export function matchingSet(period: Period, previous: SwitchingSet): SwitchingSet | null {
  const sameType = period.switchingSets.filter((s) => s.type === previous.type);
  return (
    sameType.find((s) => s.id === previous.id) ??
    sameType.find((s) => s.language === previous.language && s.codecFamily === previous.codecFamily) ??
    sameType.find((s) => s.language === previous.language) ??
    sameType[0] ??
    null
  );
}
