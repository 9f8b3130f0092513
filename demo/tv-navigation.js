// TV mode (?platform=tizen|webos|…): the page is driven with arrow keys, OK and Back only.
// Arrows move focus to the nearest focusable control in that direction (spatial navigation,
// as TV browsers lack it), OK activates, Back leaves a menu or toggles the panels.

const FOCUSABLE = 'button:not([disabled]), select, input[type="range"], [tabindex="0"]';

function nearest(from, direction) {
  const a = from.getBoundingClientRect();
  const ax = a.left + a.width / 2;
  const ay = a.top + a.height / 2;
  let best = null;
  let bestScore = Infinity;
  for (const el of document.querySelectorAll(FOCUSABLE)) {
    if (el === from || el.offsetParent === null) continue;
    const b = el.getBoundingClientRect();
    const bx = b.left + b.width / 2;
    const by = b.top + b.height / 2;
    const dx = bx - ax;
    const dy = by - ay;
    const along = { left: -dx, right: dx, up: -dy, down: dy }[direction];
    if (along <= 1) continue;
    const across = direction === 'left' || direction === 'right' ? Math.abs(dy) : Math.abs(dx);
    const score = along + across * 2;
    if (score < bestScore) { bestScore = score; best = el; }
  }
  return best;
}

/**
 * @param {{ onAction: (action: string) => void, table: (e: KeyboardEvent) => string | null }} o
 *   `table` maps a key event to a remote action (from @edgeplay/tv's key layer).
 */
export function enableTvNavigation({ onAction, table }) {
  document.body.classList.add('tv');
  const first = document.querySelector('[data-action="play"]');
  first?.focus();
  document.addEventListener('keydown', (e) => {
    const action = table(e);
    if (!action) return;
    const current = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : first;
    if (['up', 'down', 'left', 'right'].includes(action)) {
      // A focused range input uses left/right to seek; up/down leave it.
      if (current instanceof HTMLInputElement && current.type === 'range' && (action === 'left' || action === 'right')) return;
      e.preventDefault();
      nearest(current, action)?.focus();
      return;
    }
    if (action === 'ok' && current instanceof HTMLButtonElement) { e.preventDefault(); current.click(); return; }
    e.preventDefault();
    onAction(action);
  });
}
