import { describe, expect, it } from 'vitest';
import { KeyCache } from '../../src/crypto/key-cache.js';
import { NetworkError } from '../../src/errors/network-error.js';
import { toHex } from '../support/hex.js';

const key = (n: number) => new Uint8Array(16).fill(n);

describe('KeyCache', () => {
  it('fetches each URI once and shares an in-flight fetch between concurrent callers', async () => {
    const calls: string[] = [];
    const cache = new KeyCache({ fetchKey: async (u) => (calls.push(u), key(1)) });
    const [a, b] = await Promise.all([cache.get('https://k/1'), cache.get('https://k/1')]);
    await cache.get('https://k/1');
    expect(calls).toEqual(['https://k/1']);
    expect(toHex(a)).toBe(toHex(b));
  });

  it('rotation: is bounded, evicting the least recently used key', async () => {
    const calls: string[] = [];
    const cache = new KeyCache({ fetchKey: async (u) => (calls.push(u), key(Number(u.slice(-1)))), maxEntries: 2 });
    await cache.get('k1');
    await cache.get('k2');
    await cache.get('k1'); // k1 is now the most recent
    await cache.get('k3'); // evicts k2
    expect(cache.size).toBe(2);
    await cache.get('k1');
    await cache.get('k2');
    expect(calls).toEqual(['k1', 'k2', 'k3', 'k2']);
  });

  it('a failed fetch is KEY_LOAD_FAILED naming the URI with the network error as cause, and is not cached', async () => {
    let fail = true;
    const cache = new KeyCache({
      fetchKey: async (u) => {
        if (fail) throw new NetworkError('HTTP_ERROR', 'HTTP 403', { url: u, status: 403, attempt: 3, kind: 'key' });
        return key(2);
      },
    });
    const err = await cache.get('https://k/403').catch((e) => e);
    expect(err).toMatchObject({ name: 'MediaError', code: 'KEY_LOAD_FAILED', details: { keyUri: 'https://k/403', status: 403 } });
    expect(err.message).toContain('https://k/403');
    expect(err.cause).toBeInstanceOf(NetworkError);
    fail = false;
    expect(toHex(await cache.get('https://k/403'))).toBe(toHex(key(2)));
  });

  it('a key of the wrong length is KEY_LOAD_FAILED (e.g. an HTML error page served with 200)', async () => {
    const cache = new KeyCache({ fetchKey: async () => new TextEncoder().encode('<html>login</html>') });
    await expect(cache.get('https://k/html')).rejects.toMatchObject({ code: 'KEY_LOAD_FAILED', details: { keyUri: 'https://k/html', length: 18 } });
    await expect(new KeyCache({ fetchKey: async () => key(1) }).get('https://k/256', 32)).rejects.toMatchObject({ code: 'KEY_LOAD_FAILED' });
  });

  it('decodes data: URIs (base64 and percent-encoded) without fetching', async () => {
    const cache = new KeyCache({ fetchKey: async () => { throw new Error('must not fetch'); } });
    const b64 = Buffer.from(key(7)).toString('base64');
    expect(toHex(await cache.get(`data:text/plain;base64,${b64}`))).toBe(toHex(key(7)));
    expect(toHex(await cache.get(`data:,${'%07'.repeat(16)}`))).toBe(toHex(key(7)));
    await expect(cache.get('data:;base64,!!!')).rejects.toMatchObject({ code: 'KEY_LOAD_FAILED' });
  });

  it('invalidate() makes the next get fetch again (key rotated behind the same URI)', async () => {
    let n = 0;
    const cache = new KeyCache({ fetchKey: async () => key(++n) });
    expect((await cache.get('k'))[0]).toBe(1);
    cache.invalidate('k');
    expect((await cache.get('k'))[0]).toBe(2);
  });
});
