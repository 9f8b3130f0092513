/**
 * Which expected cues a player did not show: a cue counts as shown when a
 * text track held a cue containing its text (markup and whitespace ignored)
 * whose start is within the tolerance of the expected start. Only cues that
 * start before the playhead position reached are expected.
 */

/** A cue as read from the element's text tracks (or a player's own renderer). */
export interface SeenCue {
  start: number;
  text: string;
}

/** Tags removed and whitespace collapsed: players differ in markup (`<c.yellow>`, `<br>`) and line breaks. */
export const normalizeCueText = (s: string): string => s.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();

/** The expected cues (start before `reached`) with no matching seen cue. */
export function missingCues<E extends { text: string; start: number }>(expected: readonly E[], seen: readonly SeenCue[], reached: number, tolerance: number): E[] {
  const shown = seen.map((c) => ({ start: c.start, text: normalizeCueText(c.text) }));
  return expected.filter((e) => e.start < reached).filter((e) => {
    const want = normalizeCueText(e.text);
    return !shown.some((c) => c.text.includes(want) && Math.abs(c.start - e.start) <= tolerance);
  });
}
