import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSteeringManifest, DEFAULT_STEERING_TTL_S } from '../../src/steering/steering-manifest.js';
import { ManifestError } from '../../src/errors/manifest-error.js';
import { manifestErrorOf } from '../support/manifest-errors.js';

const URL_ = 'https://steer.example/v1/steer?session=s1';
const dash = (o: unknown) => parseSteeringManifest(JSON.stringify(o), 'dash', URL_);
const hls = (o: unknown) => parseSteeringManifest(JSON.stringify(o), 'hls', URL_);

describe('parseSteeringManifest', () => {
  it('reads DASH-IF SERVICE-LOCATION-PRIORITY and HLS PATHWAY-PRIORITY, each only in its format', () => {
    expect(dash({ VERSION: 1, TTL: 10, 'SERVICE-LOCATION-PRIORITY': ['b', 'a'] })).toEqual({ version: 1, ttlS: 10, priority: ['b', 'a'], clones: [] });
    expect(hls({ VERSION: 1, TTL: 10, 'PATHWAY-PRIORITY': ['CDN-B', 'CDN-A'] }).priority).toEqual(['CDN-B', 'CDN-A']);
    expect(manifestErrorOf(() => dash({ VERSION: 1, 'PATHWAY-PRIORITY': ['a'] })).code).toBe('MANIFEST_MISSING_ATTRIBUTE');
    expect(manifestErrorOf(() => hls({ VERSION: 1, 'SERVICE-LOCATION-PRIORITY': ['a'] })).code).toBe('MANIFEST_MISSING_ATTRIBUTE');
  });

  it('defaults TTL to 300 s and resolves a relative RELOAD-URI against the request URL', () => {
    const m = dash({ VERSION: 1, 'RELOAD-URI': '../v2/steer?session=s1&n=2', 'SERVICE-LOCATION-PRIORITY': ['a'] });
    expect(m.ttlS).toBe(DEFAULT_STEERING_TTL_S);
    expect(DEFAULT_STEERING_TTL_S).toBe(300);
    expect(m.reloadUri).toBe('https://steer.example/v2/steer?session=s1&n=2');
  });

  it('refuses what it cannot act on safely', () => {
    const cases: [unknown, string][] = [
      [{ 'SERVICE-LOCATION-PRIORITY': ['a'] }, 'MANIFEST_MISSING_ATTRIBUTE'], // no VERSION
      [{ VERSION: 2, 'SERVICE-LOCATION-PRIORITY': ['a'] }, 'MANIFEST_UNSUPPORTED'],
      [{ VERSION: 1, TTL: -1, 'SERVICE-LOCATION-PRIORITY': ['a'] }, 'MANIFEST_INVALID_VALUE'],
      [{ VERSION: 1, TTL: '10', 'SERVICE-LOCATION-PRIORITY': ['a'] }, 'MANIFEST_INVALID_VALUE'],
      [{ VERSION: 1, 'SERVICE-LOCATION-PRIORITY': [] }, 'MANIFEST_INVALID_VALUE'],
      [{ VERSION: 1, 'SERVICE-LOCATION-PRIORITY': 'a' }, 'MANIFEST_INVALID_VALUE'],
      [{ VERSION: 1, 'SERVICE-LOCATION-PRIORITY': ['a', 7] }, 'MANIFEST_INVALID_VALUE'],
      [{ VERSION: 1, 'RELOAD-URI': 'javascript:alert(1)', 'SERVICE-LOCATION-PRIORITY': ['a'] }, 'MANIFEST_URI_REFUSED'],
      [{ VERSION: 1, 'RELOAD-URI': 42, 'SERVICE-LOCATION-PRIORITY': ['a'] }, 'MANIFEST_INVALID_VALUE'],
      [[1, 2], 'MANIFEST_WRONG_FORMAT'],
      [null, 'MANIFEST_WRONG_FORMAT'],
    ];
    for (const [value, code] of cases) expect(manifestErrorOf(() => dash(value)).code, JSON.stringify(value)).toBe(code);
    expect(manifestErrorOf(() => parseSteeringManifest('{"VERSION": 1,', 'dash', URL_)).code).toBe('MANIFEST_WRONG_FORMAT');
    expect(manifestErrorOf(() => parseSteeringManifest(' '.repeat(300_000), 'dash', URL_)).code).toBe('MANIFEST_TOO_LARGE');
    // HLS pathway ids are restricted to [A-Za-z0-9._-]; DASH serviceLocation is any string.
    expect(manifestErrorOf(() => hls({ VERSION: 1, 'PATHWAY-PRIORITY': ['cdn a'] })).code).toBe('MANIFEST_INVALID_VALUE');
    expect(dash({ VERSION: 1, 'SERVICE-LOCATION-PRIORITY': ['cdn a'] }).priority).toEqual(['cdn a']);
  });

  it('keeps the first rank of a duplicated pathway id', () => {
    expect(dash({ VERSION: 1, 'SERVICE-LOCATION-PRIORITY': ['b', 'a', 'b', 'c', 'a'] }).priority).toEqual(['b', 'a', 'c']);
  });

  it('reads PATHWAY-CLONES and refuses a HOST that would rewrite more than the host', () => {
    const m = hls({
      VERSION: 1,
      'PATHWAY-PRIORITY': ['CDN-C', 'CDN-A'],
      'PATHWAY-CLONES': [
        { 'BASE-ID': 'CDN-A', ID: 'CDN-C', 'URI-REPLACEMENT': { HOST: 'cdn-c.example:8443', PARAMS: { token: 'x' }, 'PER-VARIANT-URIS': { v1: 'https://c/v1.m3u8' } } },
        { 'BASE-ID': 'CDN-A', ID: 'CDN-D', 'URI-REPLACEMENT': { HOST: '[2001:db8::1]' } },
      ],
    });
    expect(m.clones[0]).toEqual({ baseId: 'CDN-A', id: 'CDN-C', host: 'cdn-c.example:8443', params: { token: 'x' }, perVariantUris: { v1: 'https://c/v1.m3u8' }, perRenditionUris: {} });
    expect(m.clones[1]!.host).toBe('[2001:db8::1]');
    for (const host of ['evil.example/path', 'https://evil.example', 'a b', 7]) {
      const bad = { VERSION: 1, 'PATHWAY-PRIORITY': ['A'], 'PATHWAY-CLONES': [{ 'BASE-ID': 'A', ID: 'B', 'URI-REPLACEMENT': { HOST: host } }] };
      expect(manifestErrorOf(() => hls(bad)).code, String(host)).toBe('MANIFEST_INVALID_VALUE');
    }
    expect(manifestErrorOf(() => hls({ VERSION: 1, 'PATHWAY-PRIORITY': ['A'], 'PATHWAY-CLONES': [{ 'BASE-ID': 'A', ID: 'B' }] })).code).toBe('MANIFEST_MISSING_ATTRIBUTE');
    expect(manifestErrorOf(() => hls({ VERSION: 1, 'PATHWAY-PRIORITY': ['A'], 'PATHWAY-CLONES': [{ 'BASE-ID': 'A', ID: 'B', 'URI-REPLACEMENT': { PARAMS: { n: 1 } } }] })).code).toBe('MANIFEST_INVALID_VALUE');
  });

  it('fuzz: arbitrary JSON values give a manifest or a ManifestError, never another exception', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('dash' as const, 'hls' as const), (value, format) => {
        try {
          const m = parseSteeringManifest(JSON.stringify(value), format, URL_);
          expect(m.priority.length).toBeGreaterThan(0);
        } catch (e) {
          expect(e).toBeInstanceOf(ManifestError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('fuzz: mutated valid manifests (truncation, byte flips, wrong types in known keys) never escape as another exception', () => {
    const valid = JSON.stringify({
      VERSION: 1,
      TTL: 300,
      'RELOAD-URI': 'https://steer.example/next',
      'PATHWAY-PRIORITY': ['CDN-A', 'CDN-B'],
      'PATHWAY-CLONES': [{ 'BASE-ID': 'CDN-A', ID: 'CDN-C', 'URI-REPLACEMENT': { HOST: 'c.example', PARAMS: { a: 'b' } } }],
    });
    const keys = ['VERSION', 'TTL', 'RELOAD-URI', 'PATHWAY-PRIORITY', 'PATHWAY-CLONES'];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.nat(valid.length).map((n) => valid.slice(0, n)),
          fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })).map(([i, b]) => valid.slice(0, i) + String.fromCharCode(b) + valid.slice(i + 1)),
          fc.tuple(fc.constantFrom(...keys), fc.jsonValue()).map(([k, v]) => JSON.stringify({ ...(JSON.parse(valid) as object), [k]: v })),
        ),
        (text) => {
          try {
            parseSteeringManifest(text, 'hls', URL_);
          } catch (e) {
            expect(e).toBeInstanceOf(ManifestError);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
