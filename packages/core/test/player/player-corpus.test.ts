import { describe, expect, it } from 'vitest';
import { Player } from '../../src/player/player.js';
import { detectFormat } from '../../src/player/manifest-loader.js';
import { isEdgeplayError, type EdgeplayError } from '../../src/errors/edgeplay-error.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';
import { corpusFiles } from '../support/shared-data.js';
import { FakeNetwork, FakeSink } from './fakes.js';

const files = [...corpusFiles('.mpd'), ...corpusFiles('.m3u8')];
const loaded: string[] = [];

describe('Player on the shared manifest corpus (../shared/manifests)', () => {
  it('detects the format of every corpus file from its body', () => {
    for (const f of files) {
      if (!f.text.trim()) continue;
      let format: string;
      try {
        format = detectFormat(f.text, 'https://corpus.example/manifest');
      } catch {
        format = 'undetected';
      }
      if (f.text.trimStart().startsWith('#EXTM3U')) expect(format, f.name).toBe('hls');
      else if (/<MPD[\s>]/.test(f.text.slice(0, 2048))) expect(format, f.name).toBe('dash');
    }
  });

  it.each(files.map((f) => [f.name, f.text] as const))('%s: load settles with a typed outcome (no hang, no untyped throw)', async (name, text) => {
    const clock = new VirtualClock(0, Date.UTC(2026, 0, 1));
    const net = new FakeNetwork(clock);
    const ext = name.endsWith('.mpd') ? '.mpd' : '.m3u8';
    net.text(`manifest${ext}`, text);
    const sink = new FakeSink(clock);
    const player = new Player({ clock, network: net, sink }, { net: { retry: { maxAttempts: 1 } } });
    const errors: EdgeplayError[] = [];
    player.on('error', (e) => errors.push(e));
    let settled = false;
    let outcome: unknown = 'ok';
    const loading = player.load(`https://corpus.example/${name}/manifest${ext}`).then(
      () => (settled = true),
      (e: unknown) => {
        settled = true;
        outcome = e;
      },
    );
    await clock.advanceAsync(5000);
    // Judge the load before tearing down: destroy() settles a pending load by itself, which would hide a hang.
    const settledInTime = settled;
    const stateBeforeTeardown = player.state;
    await player.destroy();
    await clock.advanceAsync(10);
    await loading;
    expect(settledInTime, `${name}: load() still pending after 5 s of virtual time`).toBe(true);
    if (outcome === 'ok') expect(stateBeforeTeardown, `${name}: load() resolved but the player is not playing`).not.toBe('idle');
    if (outcome === 'ok') loaded.push(name);
    if (outcome !== 'ok') expect(isEdgeplayError(outcome), `${name}: ${String(outcome)}`).toBe(true);
    for (const e of errors) expect(isEdgeplayError(e)).toBe(true);
  });

  it('most corpus manifests load into a started session (media requests then 404: the fake serves no real media)', () => {
    // Measured 43 of 72 on 2026-11-22; the rest are multivariant playlists (media playlists 404 here) or deliberately malformed.
    expect(loaded.length).toBeGreaterThanOrEqual(35);
  });
});
