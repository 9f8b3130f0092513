import { describe, expect, it } from 'vitest';
import { defaultPlayerConfig, mergeConfig, validateConfig, type PlayerConfig } from '../../src/player/config.js';
import { PlayerError } from '../../src/errors/player-error.js';
import { PlayerStateMachine, canTransition } from '../../src/player/player-state.js';

describe('player config', () => {
  it('defaults: 30 s buffer goal; deep merge keeps untouched siblings', () => {
    const c = mergeConfig<PlayerConfig>(defaultPlayerConfig(), { streaming: { bufferGoal: 60 }, abr: { maxResolution: { width: 1280, height: 720 } } });
    expect(defaultPlayerConfig().streaming.bufferGoal).toBe(30);
    expect(c.streaming.bufferGoal).toBe(60);
    expect(c.streaming.rebufferGoal).toBe(2);
    expect(c.abr.enabled).toBe(true);
    expect(c.abr.maxResolution).toEqual({ width: 1280, height: 720 });
  });

  it.each([
    [{ streaming: { bufferGoal: -1 } }, 'streaming.bufferGoal'],
    [{ streaming: { bufferGoal: Number.NaN } }, 'streaming.bufferGoal'],
    [{ streaming: { rebufferGoal: 40 } }, 'streaming.rebufferGoal'],
    [{ streaming: { gapJumpThreshold: -0.1 } }, 'streaming.gapJumpThreshold'],
    [{ abr: { devicePixelRatio: 0 } }, 'abr.devicePixelRatio'],
    [{ abr: { emergencyBufferS: -1 } }, 'abr.emergencyBufferS'],
    [{ abr: { hybrid: { capFactor: -1 } } }, 'abr.hybrid.capFactor'],
    [{ abr: { estimator: { fastHalfLife: 0 } } }, 'abr.estimator.fastHalfLife'],
  ])('rejects %j naming the field', (patch, field) => {
    let caught: unknown;
    try {
      validateConfig(mergeConfig<PlayerConfig>(defaultPlayerConfig(), patch));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(PlayerError);
    expect((caught as PlayerError).code).toBe('INVALID_CONFIG');
    expect((caught as PlayerError).message).toContain(field);
  });
});

describe('player state machine', () => {
  it('follows idle → loading → buffering ⇄ playing → ended and ignores illegal moves', () => {
    const seen: string[] = [];
    const m = new PlayerStateMachine((from, to) => seen.push(`${from}>${to}`));
    expect(m.transition('playing')).toBe(false);
    for (const s of ['loading', 'buffering', 'playing', 'buffering', 'playing', 'ended'] as const) expect(m.transition(s)).toBe(true);
    expect(canTransition('ended', 'loading')).toBe(false);
    m.reset();
    expect(seen).toEqual(['idle>loading', 'loading>buffering', 'buffering>playing', 'playing>buffering', 'buffering>playing', 'playing>ended', 'ended>idle']);
  });
});
