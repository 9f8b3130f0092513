// Player controls: play/pause, seek bar with buffered ranges, time, quality / audio / subtitle
// menus, mute, fullscreen and keyboard shortcuts — all through the public Player API and the
// <video> element, so what the demo shows is what an app gets.

// Inline SVG: emoji glyphs are missing on many TVs and in headless Chromium.
const svg = (d) => `<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><path fill="currentColor" d="${d}"/></svg>`;
const ICONS = {
  play: svg('M7 4v16l13-8z'),
  pause: svg('M6 4h4v16H6zm8 0h4v16h-4z'),
  sound: svg('M4 9v6h4l5 4V5L8 9zm12.5 3a4.5 4.5 0 0 0-2.5-4v8a4.5 4.5 0 0 0 2.5-4z'),
  muted: svg('M4 9v6h4l5 4V5L8 9zm12.6 3 2.7-2.7-1.4-1.4-2.7 2.7-2.7-2.7-1.4 1.4 2.7 2.7-2.7 2.7 1.4 1.4 2.7-2.7 2.7 2.7 1.4-1.4z'),
};

const fmt = (s) => {
  if (!Number.isFinite(s)) return '–:––';
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
};

/**
 * @param {{ root: HTMLElement, video: HTMLVideoElement, player: import('@edgeplay/web').WebPlayer, onChange?: () => void }} o
 */
export function createControls({ root, video, player, onChange }) {
  const $ = (sel) => root.querySelector(sel);
  const play = $('[data-action="play"]');
  const mute = $('[data-action="mute"]');
  const full = $('[data-action="fullscreen"]');
  const seek = $('input[type="range"]');
  const bufferedBar = $('.buffered');
  const time = $('.time');
  const quality = $('select[name="quality"]');
  const audio = $('select[name="audio"]');
  const text = $('select[name="text"]');
  let dragging = false;

  const togglePlay = () => (video.paused ? video.play().catch(() => undefined) : video.pause());
  const seekBy = (d) => player.seek(Math.max(0, Math.min((video.duration || 0) - 0.5, video.currentTime + d)));
  const toggleFullscreen = () => (document.fullscreenElement ? document.exitFullscreen() : root.closest('.stage').requestFullscreen()).catch(() => undefined);

  play.addEventListener('click', togglePlay);
  mute.addEventListener('click', () => { video.muted = !video.muted; });
  full.addEventListener('click', toggleFullscreen);
  video.addEventListener('click', togglePlay);
  seek.addEventListener('input', () => { dragging = true; time.textContent = `${fmt(Number(seek.value))} / ${fmt(video.duration)}`; });
  seek.addEventListener('change', () => { dragging = false; void player.seek(Number(seek.value)); });
  quality.addEventListener('change', () => {
    if (quality.value === 'auto') player.enableAbr(true);
    else player.selectTrack(quality.value);
    onChange?.();
  });
  audio.addEventListener('change', () => { player.selectAudio(audio.value); onChange?.(); });
  text.addEventListener('change', () => { player.selectText(text.value || null); onChange?.(); });

  // Keyboard: the YouTube-style keys people know. Ignored while typing in a field.
  document.addEventListener('keydown', (e) => {
    if (e.target instanceof HTMLInputElement && e.target.type !== 'range') return;
    if (e.target instanceof HTMLSelectElement || e.altKey || e.ctrlKey || e.metaKey) return;
    const keys = { ' ': togglePlay, k: togglePlay, f: toggleFullscreen, m: () => mute.click(), ArrowLeft: () => seekBy(-10), ArrowRight: () => seekBy(10), j: () => seekBy(-10), l: () => seekBy(10), c: () => { text.selectedIndex = text.selectedIndex === 0 ? Math.min(1, text.options.length - 1) : 0; text.dispatchEvent(new Event('change')); } };
    if (document.body.classList.contains('tv')) return; // TV mode: arrows move focus (tv-navigation.js)
    const fn = keys[e.key];
    if (fn) { e.preventDefault(); fn(); }
  });

  function renderMenus() {
    const pinned = quality.value;
    quality.replaceChildren(new Option('Auto', 'auto'));
    for (const t of player.getTracks().filter((t) => t.type === 'video').sort((a, b) => b.bandwidth - a.bandwidth)) {
      quality.add(new Option(`${t.height ?? '?'}p · ${(t.bandwidth / 1e6).toFixed(1)} Mb/s`, t.id));
    }
    if ([...quality.options].some((o) => o.value === pinned)) quality.value = pinned;
    audio.replaceChildren(...player.getAudioLanguages().map((l) => new Option(l, l)));
    text.replaceChildren(new Option('Subtitles off', ''));
    for (const t of player.getTextTracks()) text.add(new Option(t.label ?? t.language ?? t.id, t.id));
  }

  function render() {
    play.innerHTML = video.paused ? ICONS.play : ICONS.pause;
    play.setAttribute('aria-label', video.paused ? 'Play' : 'Pause');
    mute.innerHTML = video.muted ? ICONS.muted : ICONS.sound;
    mute.setAttribute('aria-label', video.muted ? 'Unmute' : 'Mute');
    const d = Number.isFinite(video.duration) ? video.duration : 0;
    seek.max = String(d || 1);
    if (!dragging) {
      seek.value = String(video.currentTime);
      time.textContent = `${fmt(video.currentTime)} / ${fmt(d)}`;
    }
    // Buffered ranges as a gradient behind the range input.
    const stops = [];
    for (let i = 0; i < video.buffered.length && d > 0; i++) {
      const a = (video.buffered.start(i) / d) * 100;
      const b = (video.buffered.end(i) / d) * 100;
      stops.push(`transparent ${a}%`, `rgba(255,255,255,.35) ${a}%`, `rgba(255,255,255,.35) ${b}%`, `transparent ${b}%`);
    }
    const played = d > 0 ? (video.currentTime / d) * 100 : 0;
    bufferedBar.style.background = `linear-gradient(90deg, #e50914 ${played}%, transparent ${played}%), linear-gradient(90deg, ${stops.length ? stops.join(',') : 'transparent 0%, transparent 100%'})`;
  }
  for (const ev of ['play', 'pause', 'timeupdate', 'progress', 'volumechange', 'durationchange', 'seeked']) video.addEventListener(ev, render);
  return { renderMenus, render };
}
