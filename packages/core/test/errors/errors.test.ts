import { describe, expect, it } from 'vitest';
import {
  DrmError,
  ERROR_CODES,
  ManifestError,
  MediaError,
  NetworkError,
  PlayerError,
  TextError,
  describeErrorCode,
  type DrmErrorCode,
  type ErrorCode,
} from '@edgeplay/core';
import { asError } from '../../src/errors/as-error.js';

/** Compile-time: the DRM module's codes are exactly the table's. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const drmCodesMatchTable: Same<DrmErrorCode, ErrorCode<'drm'>> = true;

describe('errors', () => {
  it('withSeverity keeps the subclass, code, details, message and cause', () => {
    const cause = new Error('root');
    const errors = [
      new NetworkError('TIMEOUT', 'slow', { url: 'u', attempt: 2 }, { severity: 'recoverable', cause }),
      new MediaError('SEGMENT_CORRUPT', 'bad', { severity: 'recoverable', details: { uri: 's.m4s' }, cause }),
      new ManifestError('MANIFEST_INVALID_VALUE', 'odd', 'MPD/Period[0]', { severity: 'recoverable', cause }),
      new PlayerError('NO_PLAYABLE_TRACKS', 'none', { severity: 'recoverable', cause }),
      new DrmError('DRM_LICENSE_REJECTED', 'no', { severity: 'recoverable', cause }),
      new TextError('TEXT_INVALID', 'vtt', { cause }),
    ];
    for (const e of errors) {
      const fatal = e.withSeverity('fatal');
      expect(fatal).toBeInstanceOf(e.constructor);
      expect(fatal).not.toBe(e);
      expect({ name: fatal.name, code: fatal.code, category: fatal.category, message: fatal.message, details: fatal.details, cause: fatal.cause }).toEqual({
        name: e.name,
        code: e.code,
        category: e.category,
        message: e.message,
        details: e.details,
        cause,
      });
      expect(fatal.severity).toBe('fatal');
      expect(e.severity).toBe('recoverable');
    }
    expect((errors[0] as NetworkError).withSeverity('fatal').status).toBeUndefined();
    expect(new NetworkError('HTTP_ERROR', 'x', { url: 'u', attempt: 1, status: 503 }).withSeverity('recoverable').status).toBe(503);
  });

  it('TextError is recoverable by default', () => {
    expect(new TextError('TEXT_INVALID', 'x')).toMatchObject({ category: 'text', severity: 'recoverable', name: 'TextError' });
  });

  it('asError maps DOMExceptions by name and keeps unknown exceptions as INTERNAL_ERROR, not INVALID_STATE', () => {
    const dom = (name: string) => new DOMException('the platform said no', name);
    expect(asError(dom('NotSupportedError'))).toMatchObject({ category: 'media', code: 'MEDIA_TYPE_UNSUPPORTED' });
    expect(asError(dom('QuotaExceededError'))).toMatchObject({ code: 'QUOTA_EXCEEDED', severity: 'recoverable' });
    expect(asError(dom('NotAllowedError'))).toMatchObject({ code: 'PLAYBACK_NOT_ALLOWED', severity: 'recoverable' });
    expect(asError(dom('AbortError'))).toMatchObject({ code: 'LOAD_INTERRUPTED' });
    expect(asError(dom('InvalidStateError'))).toMatchObject({ code: 'INVALID_STATE' });
    const bug = new TypeError('x is undefined');
    expect(asError(bug)).toMatchObject({ code: 'INTERNAL_ERROR', message: 'TypeError: x is undefined', cause: bug });
    expect(asError('a string')).toMatchObject({ code: 'INTERNAL_ERROR', message: 'a string' });
    const typed = new MediaError('SEGMENT_CORRUPT', 'y');
    expect(asError(typed)).toBe(typed);
  });

  it('every code of the table is described; unknown codes are not', () => {
    expect(drmCodesMatchTable).toBe(true);
    for (const codes of Object.values(ERROR_CODES)) for (const code of Object.keys(codes)) expect(describeErrorCode(code)).toBeTruthy();
    expect(describeErrorCode('APPEND_FAILED')).toBeUndefined();
  });
});
