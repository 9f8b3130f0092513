import { describe, expect, it } from 'vitest';
import { attachCmcd, cmcdObjectType, cmcdRequestFilter, DEFAULT_CMCD_CONFIG, type CmcdConfig, type CmcdSource } from '../../src/net/cmcd.js';
import { RequestEngine } from '../../src/net/request-engine.js';
import type { NetworkRequest } from '../../src/platform/network-client.js';
import { VirtualClock } from '../../../sim/src/virtual-clock.js';

/** A player-shaped source with fixed figures: 21.34 s buffered, 25.43 Mbit/s measured, a live DASH presentation. */
function source(cmcd: Partial<CmcdConfig>, state = 'playing'): Omit<CmcdSource, 'network'> {
  return {
    state,
    getConfig: () => ({ cmcd: { ...DEFAULT_CMCD_CONFIG, enabled: true, ...cmcd } }),
    getStats: () => ({ bufferAhead: 21.34, estimatedBandwidth: 25_432_000 }),
    getPresentation: () => ({ format: 'dash', type: 'live' }),
  };
}

const segment: NetworkRequest = { url: 'https://cdn/v/1.m4s?tok=9&CMCD=old#f', kind: 'segment', media: { contentType: 'video', bandwidth: 3_200_400, duration: 4.004 } };

describe('CMCD', () => {
  it('query mode: CTA-5004 keys in order, rounded as the spec says, other parameters and the fragment kept', async () => {
    const out = await cmcdRequestFilter(source({ contentId: 'movie"1' }), 'sess-1')(segment);
    const url = new URL(out.url);
    expect(url.searchParams.get('tok')).toBe('9');
    // bl 21340 ms → 21300; mtp 25432 kbps → 25400; br 3200.4 kbps → 3200; d 4004 ms; strings quoted and escaped; tokens bare.
    expect(url.searchParams.getAll('CMCD')).toEqual(['bl=21300,br=3200,cid="movie\\"1",d=4004,mtp=25400,ot=v,sf=d,sid="sess-1",st=l']);
    expect(url.hash).toBe('#f');
    expect(segment.url).toBe('https://cdn/v/1.m4s?tok=9&CMCD=old#f'); // input untouched
  });

  it('headers mode: the four CMCD-* shards instead of the query', async () => {
    const out = await cmcdRequestFilter(source({ mode: 'headers' }, 'buffering'), 'sess-1')({ ...segment, url: 'https://cdn/a/1.m4s', media: { contentType: 'audio', bandwidth: 128_000, duration: 2 } });
    expect(out.url).toBe('https://cdn/a/1.m4s');
    expect(out.headers).toEqual({
      'CMCD-Object': 'br=128,d=2000,ot=a',
      'CMCD-Request': 'bl=21300,mtp=25400,su',
      'CMCD-Session': 'sf=d,sid="sess-1",st=l',
    });
  });

  it('object type from the request kind; no buffer length on non-media requests; off when disabled; data: URLs untouched', async () => {
    expect(['manifest', 'media-playlist', 'init', 'segment', 'license', 'steering'].map((k) => cmcdObjectType(k as NetworkRequest['kind']))).toEqual(['m', 'm', 'i', 'v', 'k', 'o']);
    expect(cmcdObjectType('segment', 'text')).toBe('tt');
    const filter = cmcdRequestFilter(source({}), 's');
    expect(new URL((await filter({ url: 'https://h/m.mpd', kind: 'manifest' })).url).searchParams.get('CMCD')).toBe('mtp=25400,ot=m,sf=d,sid="s",st=l');
    expect((await filter({ url: 'data:,x', kind: 'key' })).url).toBe('data:,x');
    const off = cmcdRequestFilter(source({ enabled: false }), 's');
    expect(await off(segment)).toBe(segment);
  });

  it('attachCmcd installs the filter on the engine: what goes on the wire carries CMCD with one sid per player', async () => {
    const clock = new VirtualClock();
    const sent: NetworkRequest[] = [];
    const engine = new RequestEngine({
      clock,
      client: {
        request: (req) => {
          sent.push(req);
          return { abort: () => undefined, promise: Promise.resolve({ url: req.url, status: 200, headers: {}, data: new ArrayBuffer(1), bytes: 1, timing: { requestStart: 0, firstByte: 0, end: 0 } }) };
        },
      },
    });
    attachCmcd({ network: engine, ...source({}) });
    await engine.fetch({ url: 'https://cdn/m.mpd', kind: 'manifest' }).promise;
    await engine.fetch(segment).promise;
    const cmcd = sent.map((r) => new URL(r.url).searchParams.get('CMCD') ?? '');
    const sids = cmcd.map((c) => /sid="([^"]+)"/.exec(c)?.[1]);
    expect(sids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sids[1]).toBe(sids[0]);
    expect(cmcd[1]).toContain('br=3200,');
  });
});
