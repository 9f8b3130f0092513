/**
 * Plays one compat case with one player in a fresh browser context and
 * classifies what happened:
 * - `plays`: frames advanced for ≥ `playSeconds` of media (currentTime and
 *   getVideoPlaybackQuality), the playhead reached `reachTime`, no stall, the
 *   first frame (requestVideoFrameCallback mediaTime) near `startTime`, and
 *   every expected cue shown with its text at its time;
 * - `refused:<code>`: a fatal error with a code before any frame played;
 * - `fail:<what>`: it started but did something wrong (stall, wrong start, cues, error);
 * - `hang`: nothing played and nothing was reported within the start budget.
 */
import { pageHtml } from './players.mjs';

/** No first frame within this budget (s) and no error = hang. Reference players start these cases in < 2 s. */
export const START_BUDGET_S = 12;
/** The playhead standing still this long (s) after the first frame (not ended) is a stall. */
export const STALL_S = 3;
/** First frame tolerance (s) around the expected start: one 2 s GOP either way. */
export const START_TOLERANCE_S = 2;
/** Cue start tolerance (s): a 608 caption becomes visible on the frame after its EOC (≈ 33 ms) — 0.5 s allows for player rounding. */
export const CUE_TOLERANCE_S = 0.5;

// Runs in the page before the player: first-frame media time, frames, waiting events.
const INSTRUMENTATION = `
window.__first = null;
(function watch() {
  const v = document.querySelector('video');
  if (!v) { document.addEventListener('DOMContentLoaded', watch); return; }
  if (v.requestVideoFrameCallback) v.requestVideoFrameCallback((_now, meta) => { if (window.__first === null) window.__first = { mediaTime: meta.mediaTime, kind: 'frame' }; });
  v.addEventListener('playing', () => { if (window.__first === null && v.videoWidth === 0) window.__first = { mediaTime: v.currentTime, kind: 'playing' }; });
})();`;

function snapshot() {
  // dash.js keeps TTML cues' text in an IMSC ISD tree and 608 cues' in an HTML element (it renders both itself), not in cue.text.
  const isdText = (node) => {
    if (!node || typeof node !== 'object') return '';
    if (node.kind === 'br') return ' ';
    const own = typeof node.text === 'string' ? node.text : '';
    return own + (Array.isArray(node.contents) ? node.contents.map(isdText).join('') : '');
  };
  const v = document.querySelector('video');
  const q = v.getVideoPlaybackQuality();
  const cues = [];
  for (const t of Array.from(v.textTracks)) {
    for (const c of Array.from(t.cues ?? [])) cues.push({ start: c.startTime, end: c.endTime, text: c.text || isdText(c.isd) || (c.cueHTMLElement ? c.cueHTMLElement.textContent : '') });
  }
  return { t: v.currentTime, frames: q.totalVideoFrames, dropped: q.droppedVideoFrames, ended: v.ended, first: window.__first, errors: window.__errors ?? [], cues, error: v.error ? v.error.code + ' ' + v.error.message : null };
}

const normalize = (s) => s.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();

/** Which expected cues the player did not show (text at the expected time). */
export function missingCues(expected, shown, reached) {
  return expected.filter((e) => e.start < reached).filter((e) => !shown.some((c) => normalize(c.text).includes(normalize(e.text)) && Math.abs(c.start - e.start) <= CUE_TOLERANCE_S));
}

/**
 * Plays `kase` (a compat catalog entry) with `player` on `browser`; resolves
 * `{ outcome, detail, firstFrame, reached, ms }`.
 */
export async function playCase(browser, serverUrl, kase, player) {
  const started = Date.now();
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${serverUrl}/health`);
    await page.setContent(pageHtml(player, INSTRUMENTATION));
    await page.waitForFunction(() => typeof window.__start === 'function', null, { timeout: 20_000 });
    const e = kase.expect;
    const reachTime = e.reachTime ?? e.startTime + e.playSeconds;
    await page.evaluate(([url, opts]) => { void window.__start(url, opts); }, [`${serverUrl}${kase.path}`, { clearKeys: e.clearKeys ?? null }]);
    const result = await watch(page, e, reachTime);
    return { ...result, ms: Date.now() - started };
  } catch (error) {
    return { outcome: `fail:harness ${String(error && error.message).slice(0, 120)}`, detail: '', firstFrame: null, reached: null, ms: Date.now() - started };
  } finally {
    await context.close().catch(() => {});
  }
}

async function watch(page, e, reachTime) {
  const begin = Date.now();
  let last = null;
  let firstAt = null;
  let lastMoveAt = null;
  let lastT = -1;
  const deadline = begin + (START_BUDGET_S + reachTime - e.startTime + 15) * 1000;
  for (;;) {
    await page.waitForTimeout(250);
    const s = await page.evaluate(snapshot);
    last = s;
    const fatal = s.errors.find((x) => x.fatal);
    const playing = s.first !== null && (e.audioOnly || s.frames > 0) && s.t > 0;
    if (!firstAt && playing) firstAt = Date.now();
    if (!firstAt) {
      if (fatal) return done('refused:' + fatal.code, fatal.message, s);
      if (s.error) return done('refused:media-error ' + s.error, '', s);
      if (Date.now() - begin > START_BUDGET_S * 1000) return done('hang', `currentTime ${s.t.toFixed(2)} frames ${s.frames}; errors: ${s.errors.map((x) => x.code).join(' ')}`, s);
      continue;
    }
    if (s.t !== lastT) {
      lastT = s.t;
      lastMoveAt = Date.now();
    }
    if (s.t >= reachTime || s.ended) break;
    if (Date.now() - lastMoveAt > STALL_S * 1000) return done(`fail:stall@${s.t.toFixed(1)}`, errorsText(s), s);
    if (Date.now() > deadline) return done(`fail:slow@${s.t.toFixed(1)}`, errorsText(s), s);
  }
  const s = last;
  const firstTime = s.first.mediaTime;
  if (Math.abs(firstTime - e.startTime) > START_TOLERANCE_S) return done(`fail:start@${firstTime.toFixed(2)}`, `expected ≈ ${e.startTime}`, s);
  if (s.t < reachTime) return done(`fail:ended@${s.t.toFixed(1)}`, errorsText(s), s);
  const played = s.t - firstTime;
  if (played < e.playSeconds - 0.5) return done(`fail:played ${played.toFixed(1)} s`, '', s);
  // ≥ 60 % of the frames of `playSeconds` at 30 fps: playback that only moves currentTime (no decode) fails,
  // while three pages sharing 2 loaded cores (measured: 190 frames over 8 s) still pass.
  if (!e.audioOnly && s.frames < e.playSeconds * 30 * 0.6) return done(`fail:frames ${s.frames}`, '', s);
  if (e.cues?.length) {
    const missing = missingCues(e.cues, s.cues, s.t);
    if (missing.length) return done(`fail:cues ${missing.length}/${e.cues.filter((c) => c.start < s.t).length} missing`, `first missing '${missing[0].text}' @${missing[0].start}; shown: ${JSON.stringify(s.cues.slice(0, 3))}`, s);
  }
  return done('plays', `first frame ${firstTime.toFixed(2)} s`, s);
}

const errorsText = (s) => s.errors.map((x) => `${x.code}${x.fatal ? '!' : ''}`).slice(0, 4).join(' ');

function done(outcome, detail, s) {
  return { outcome, detail, firstFrame: s.first ? s.first.mediaTime : null, reached: s.t, frames: s.frames };
}
