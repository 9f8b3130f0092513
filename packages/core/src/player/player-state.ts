/** Lifecycle state of a {@link Player}. */
export type PlayerState = 'idle' | 'loading' | 'buffering' | 'playing' | 'paused' | 'seeking' | 'ended' | 'error';

/** Transitions that make sense; anything else is a bug and is ignored. */
const ALLOWED: Readonly<Record<PlayerState, readonly PlayerState[]>> = {
  idle: ['loading'],
  loading: ['buffering', 'error', 'idle'],
  buffering: ['playing', 'paused', 'seeking', 'ended', 'error', 'idle'],
  playing: ['buffering', 'paused', 'seeking', 'ended', 'error', 'idle'],
  paused: ['playing', 'buffering', 'seeking', 'ended', 'error', 'idle'],
  seeking: ['buffering', 'playing', 'paused', 'ended', 'error', 'idle'],
  ended: ['seeking', 'buffering', 'playing', 'error', 'idle'],
  error: ['idle', 'loading'],
};

/** Whether `from → to` is a legal transition. */
export function canTransition(from: PlayerState, to: PlayerState): boolean {
  return from === to ? false : ALLOWED[from].includes(to);
}

/**
 * The player's state machine: idle → loading → buffering ⇄ playing → ended,
 * with seeking from any playback state and error from anywhere.
 */
export class PlayerStateMachine {
  private current: PlayerState = 'idle';
  constructor(private readonly onChange: (from: PlayerState, to: PlayerState) => void) {}

  get state(): PlayerState {
    return this.current;
  }

  /** Moves to `to` when legal; returns whether the state changed. */
  transition(to: PlayerState): boolean {
    if (!canTransition(this.current, to)) return false;
    const from = this.current;
    this.current = to;
    this.onChange(from, to);
    return true;
  }

  /** Unconditional reset to idle (unload/destroy). */
  reset(): void {
    const from = this.current;
    this.current = 'idle';
    if (from !== 'idle') this.onChange(from, 'idle');
  }
}
