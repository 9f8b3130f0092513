/**
 * Hostile licence-server answers never crash or hang the lifecycle: whatever
 * the status and body, the HTTP service resolves with a well-formed grant or
 * rejects with an OfflineError, and a stored licence answer either yields
 * ClearKey keys (hex) or OFFLINE_LICENCE_FAILED.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HttpDownloadLicenceService } from '../../src/offline/licence-service.js';
import { offlineDrmConfig } from '../../src/offline/offline-licences.js';
import { OfflineError } from '../../src/errors/offline-error.js';
import { bytesToBase64, utf8Encode } from '../../src/drm/bytes.js';
import type { DownloadRecord } from '../../src/offline/download-record.js';
import type { NetworkClient } from '../../src/platform/network-client.js';

const answering = (status: number, body: Uint8Array): NetworkClient => ({
  request: (req) => ({
    promise: Promise.resolve({ url: req.url, status, headers: {}, data: body.slice().buffer as ArrayBuffer, bytes: body.length, timing: { requestStart: 0, firstByte: 0, end: 0 } }),
    abort: () => undefined,
  }),
});

const jsonish = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc.jsonValue().map((v) => utf8Encode(JSON.stringify(v))),
  fc.record({ licenceId: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), expiresAt: fc.oneof(fc.double(), fc.string(), fc.constant(null)), keys: fc.anything() }, { requiredKeys: [] }).map((v) => utf8Encode(JSON.stringify(v))),
  fc.array(fc.record({ kid: fc.oneof(fc.uint8Array({ minLength: 15, maxLength: 17 }).map((b) => bytesToBase64(b)), fc.string()), k: fc.oneof(fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => bytesToBase64(b)), fc.string()) }), { maxLength: 3 }).map((keys) => utf8Encode(JSON.stringify({ keys }))),
  fc.record({ error: fc.record({ code: fc.anything(), message: fc.anything() }, { requiredKeys: [] }) }).map((v) => utf8Encode(JSON.stringify(v))),
);

const record = (response: string): DownloadRecord => ({
  id: 'x', manifestUrl: 'https://a/m.mpd', bases: [], createdAt: 0, updatedAt: 0, state: 'complete',
  tracks: { video: null, audio: [], text: [] }, duration: 0, resources: [], estimatedBytes: 0,
  licence: { keySystem: 'org.w3.clearkey', licenceId: 'l', expiresAt: 1, response },
});

describe('licence answers under fuzz', () => {
  it('acquire / renew / release: a valid grant or an OfflineError, for any status and body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 100, max: 599 }), jsonish, fc.constantFrom('acquire', 'renew', 'release'), async (status, body, op) => {
        const service = new HttpDownloadLicenceService({ network: answering(status, body), url: 'https://licence.example/license/download' });
        try {
          const r = op === 'acquire' ? await service.acquire('org.w3.clearkey', utf8Encode('{}')) : op === 'renew' ? await service.renew('l') : await service.release('l');
          expect(status).toBeLessThan(400);
          if (op === 'acquire') {
            const g = r as { licenceId: unknown; expiresAt: unknown };
            expect(typeof g.licenceId).toBe('string');
            expect(Number.isFinite(g.expiresAt)).toBe(true);
          }
        } catch (e) {
          expect(e).toBeInstanceOf(OfflineError);
          if (status >= 400) expect((e as OfflineError).code).toBe('OFFLINE_LICENCE_REFUSED');
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a stored ClearKey answer gives hex keys or OFFLINE_LICENCE_FAILED', () => {
    fc.assert(
      fc.property(jsonish, (body) => {
        try {
          const keys = offlineDrmConfig(record(bytesToBase64(body))).clearKeys!;
          for (const [kid, key] of Object.entries(keys)) {
            expect(kid).toMatch(/^[0-9a-f]{32}$/);
            expect(key).toMatch(/^[0-9a-f]{32}$/);
          }
        } catch (e) {
          expect(e).toBeInstanceOf(OfflineError);
          expect((e as OfflineError).code).toBe('OFFLINE_LICENCE_FAILED');
        }
      }),
      { numRuns: 400 },
    );
  });
});
