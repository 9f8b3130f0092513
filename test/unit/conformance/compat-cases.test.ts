import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadCompatCatalog } from '../../../packages/server/src/fixtures/compat/compat-catalog.js';
import { allCases, compatCases } from '../../../conformance/src/cases/index.js';
import { filterCases } from '../../../conformance/src/model/generate.js';
import { KNOWN_FAILURES } from '../../../conformance/test/known-failures.js';
import { COMPAT_EXPECTATIONS } from '../../browser/compat-expectations.js';

const catalog = loadCompatCatalog(path.resolve('.fixtures')).cases;

describe('compat conformance cases (rows = the compat catalog)', () => {
  const cases = compatCases(catalog);

  it('one case per catalog entry, every class the compat matrix covers', () => {
    expect(cases.map((c) => c.id)).toEqual(catalog.map((k) => `compat/${k.id}`));
    for (const id of ['hls-ts-pts10', 'hls-ts-rollover', 'hls-ts-bframes', 'hls-ts-disc', 'hls-ts-nocodecs', 'hls-packed-aac', 'hls-aes128-iv', 'hls-redundant-503', 'dash-ttml-stpp', 'dash-ttml-sidecar', 'dash-webm', 'dash-cenc-wvpr', 'dash-clear-then-cenc', 'dash-segmentlist-overflow', 'hls-cea608', 'dash-cea608']) {
      expect(cases.some((c) => c.id === `compat/${id}`), id).toBe(true);
    }
    expect(allCases({ compat: catalog }).filter((c) => c.category === 'compat')).toHaveLength(catalog.length);
  });

  it('carries the catalog expectations: start, reach, cues, keys, faults, codec capability', () => {
    const byId = (id: string) => cases.find((c) => c.id === `compat/${id}`)!;
    expect(byId('dash-video-late-10s').expect).toContainEqual({ kind: 'startsNear', time: 10, tolerance: 2 });
    expect(byId('dash-404-seg7').expect).toContainEqual({ kind: 'reachedTime', time: 18 });
    const ttml = byId('dash-ttml-stpp');
    expect(ttml.steps!.map((s) => s.op)).toEqual(['load', 'waitForPlayback', 'selectText', 'waitForTime']);
    expect(ttml.expect!.find((e) => e.kind === 'cuesShown')).toMatchObject({ cues: expect.arrayContaining([{ text: 'Clock time one to three', start: 1 }]) });
    expect(byId('dash-cenc-wvpr')).toMatchObject({ needs: ['eme:org.w3.clearkey'], config: { drm: { clearKeys: expect.objectContaining({ '0123456789abcdef0123456789abcdef': expect.any(String) }) } } });
    expect(byId('hls-redundant-503').steps![0]).toEqual({ op: 'faultFiles', cacheIndex: 0, spec: { mode: 'http-error', status: 503, pathPattern: 'compat/hls-redundant-503/' } });
    expect(byId('hls-ts-ac3').needs).toEqual(['mse', 'codec:audio/mp4; codecs="ac-3"']);
    expect(byId('hls-packed-aac').expect).toContainEqual({ kind: 'timeAdvances', seconds: 7.5 });
  });

  it('`codec` (a category) does not pull in compat/hls-ts-nocodecs; `compat` picks exactly the compat cases', () => {
    const all = allCases({ compat: catalog });
    expect(filterCases(all, 'codec').every((c) => c.category === 'codec')).toBe(true);
    expect(filterCases(all, 'compat')).toHaveLength(catalog.length);
    expect(filterCases(all, 'nocodecs').map((c) => c.id)).toContain('compat/hls-ts-nocodecs');
  });

  it('every known failure names a real case and an issue item, and follows the compat gap table', () => {
    const ids = new Set(allCases({ compat: catalog }).map((c) => c.id));
    for (const [id, why] of KNOWN_FAILURES) {
      expect(ids.has(id), id).toBe(true);
      expect(why, id).toMatch(/^\d+\.\d+/);
    }
    // The list is derived from compat-expectations.ts: a row that plays there is not a known failure here.
    for (const [id, row] of Object.entries(COMPAT_EXPECTATIONS)) expect(KNOWN_FAILURES.has(`compat/${id}`), id).toBe(row.edgeplay !== 'plays');
  });
});
