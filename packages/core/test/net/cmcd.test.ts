import { describe, expect, it } from 'vitest';
import { cmcdRequestFilter, serializeCmcd } from '../../src/net/cmcd.js';
import type { NetworkRequest } from '../../src/platform/network-client.js';

describe('CMCD', () => {
  it('serialises keys alphabetically with CTA-5004 value forms', () => {
    expect(serializeCmcd({ sid: 'a"b', br: 3200, su: true, ot: 'v', bl: 21300, mtp: 25400, d: 4004, cid: 'movie' })).toBe(
      'bl=21300,br=3200,cid="movie",d=4004,mtp=25400,ot=v,sid="a\\"b",su',
    );
    expect(serializeCmcd({ su: false, br: NaN })).toBe('');
  });

  it('adds a CMCD query parameter, keeping other parameters and the fragment', async () => {
    const filter = cmcdRequestFilter((req) => ({ br: 1500.4, bl: 12_345, sid: 's1', ...(req.kind === 'segment' ? { d: 2000 } : {}) }));
    const req: NetworkRequest = { url: 'https://cdn/v/1.m4s?tok=9&CMCD=old#f', kind: 'segment' };
    const out = await filter(req);
    const url = new URL(out.url);
    expect(url.searchParams.get('tok')).toBe('9');
    expect(url.searchParams.getAll('CMCD')).toEqual(['bl=12300,br=1500,d=2000,ot=v,sid="s1"']);
    expect(url.hash).toBe('#f');
    expect(req.url).toBe('https://cdn/v/1.m4s?tok=9&CMCD=old#f'); // input untouched
  });

  it('derives ot from the request kind and leaves data: URLs alone', async () => {
    const filter = cmcdRequestFilter(() => ({}));
    expect(new URL((await filter({ url: 'https://h/m.mpd', kind: 'manifest' })).url).searchParams.get('CMCD')).toBe('ot=m');
    expect(new URL((await filter({ url: 'https://h/i.mp4', kind: 'init' })).url).searchParams.get('CMCD')).toBe('ot=i');
    expect((await filter({ url: 'data:,x', kind: 'key' })).url).toBe('data:,x');
  });
});
