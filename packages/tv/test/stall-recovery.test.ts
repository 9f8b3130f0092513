import { describe, expect, it } from 'vitest';
import { StallRecoveryLadder, DEFAULT_STALL_LADDER } from '../src/pure.js';

/** Drives the ladder every 250 ms; `advance(now, action)` says how the playhead moves. */
function drive(ladder: StallRecoveryLadder, ms: number, playhead: (now: number, actions: string[]) => number) {
  const actions: string[] = [];
  for (let now = 0; now <= ms; now += 250) {
    const a = ladder.observe({ now, currentTime: playhead(now, actions), shouldBePlaying: true });
    if (a) actions.push(a.kind);
  }
  return actions;
}

describe('StallRecoveryLadder', () => {
  it('does nothing while the playhead moves', () => {
    const ladder = new StallRecoveryLadder();
    expect(drive(ladder, 10_000, (now) => now / 1000)).toEqual([]);
    expect(ladder.getStats().stalls).toBe(0);
  });

  it('escalates wait → nudge → seek → flush → give-up while the playhead stays frozen', () => {
    const ladder = new StallRecoveryLadder(DEFAULT_STALL_LADDER, 1000, 1000);
    // Stall seen at 1 s, 1 s of waiting, then one rung per judged second; a seek is judged from the
    // first observation after it lands (+250 ms): nudge 2 s, seek 3 s, flush 4.25 s, give-up 5.5 s.
    const actions = drive(ladder, 5500, () => 5);
    expect(actions).toEqual(['nudge', 'seek', 'flush', 'give-up']);
    const s = ladder.getStats();
    expect(s.stalls).toBe(1);
    expect(s.attempts).toEqual({ nudge: 1, seek: 1, flush: 1 });
    expect(s.givenUp).toBe(1);
  });

  it('credits the rung after which the playhead really moved, and starts from the bottom next time', () => {
    const ladder = new StallRecoveryLadder(DEFAULT_STALL_LADDER, 1000, 1000);
    // Frozen at 5 s until a nudge is executed, then plays.
    let nudgedAt: number | null = null;
    const actions = drive(ladder, 6000, (now, acts) => {
      if (nudgedAt === null && acts.includes('nudge')) nudgedAt = now;
      return nudgedAt === null ? 5 : 5 + (now - nudgedAt) / 1000;
    });
    expect(actions).toEqual(['nudge']);
    expect(ladder.getStats().successes.nudge).toBe(1);
    expect(ladder.getStats().attempts.seek).toBe(0);
  });

  it('a seek that moves currentTime but leaves the playhead frozen there is not a success; playing on after a flush is', () => {
    const ladder = new StallRecoveryLadder(DEFAULT_STALL_LADDER, 1000, 1000);
    let position = 5;
    let flushedAt: number | null = null;
    const actions: string[] = [];
    for (let now = 0; now <= 9000; now += 250) {
      if (flushedAt !== null && now > flushedAt + 1000) position += 0.25; // playing again once the reload landed
      const reloading = flushedAt !== null && now <= flushedAt + 1000;
      const a = ladder.observe({ now, currentTime: position, shouldBePlaying: !reloading, settling: reloading });
      if (!a) continue;
      actions.push(a.kind);
      if (a.kind === 'seek') position += a.by; // lands, stays frozen
      if (a.kind === 'flush') flushedAt = now;
    }
    expect(actions).toEqual(['nudge', 'seek', 'flush']);
    const s = ladder.getStats();
    expect(s.successes).toEqual({ nudge: 0, seek: 0, flush: 1, wait: 0 });
    expect(s.givenUp).toBe(0);
  });

  it('a paused or ended player is not stalled', () => {
    const ladder = new StallRecoveryLadder();
    for (let now = 0; now < 10_000; now += 250) expect(ladder.observe({ now, currentTime: 3, shouldBePlaying: false })).toBeNull();
  });

  it('jitter below a frame does not count as progress', () => {
    const ladder = new StallRecoveryLadder(DEFAULT_STALL_LADDER, 1000, 1000);
    const actions = drive(ladder, 3000, (now) => 5 + ((now / 250) % 2) * 0.01);
    expect(actions[0]).toBe('nudge');
  });
});
