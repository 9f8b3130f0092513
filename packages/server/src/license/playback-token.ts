/**
 * Playback tokens: `base64url(JSON payload).base64url(HMAC-SHA256)`, issued by
 * POST /session and required by the license service. Signature is checked in
 * constant time before the payload is trusted.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { HttpError } from '../http/http-error.js';

export interface TokenPayload {
  sid: string;
  account: string;
  device: string;
  title: string;
  /** Expiry, ms since epoch. */
  exp: number;
}

const b64url = (b: Buffer) => b.toString('base64url');

export function signToken(payload: TokenPayload, secret: string): string {
  const body = b64url(Buffer.from(JSON.stringify(payload)));
  return `${body}.${b64url(createHmac('sha256', secret).update(body).digest())}`;
}

/** @throws HttpError 401 (missing/malformed/bad signature) or 403 TOKEN_EXPIRED. */
export function verifyToken(token: string | null, secret: string, now: number): TokenPayload {
  if (!token) throw new HttpError(401, 'TOKEN_MISSING', 'a playback token is required (Authorization: Bearer <token>)');
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined || token.length > 2048) throw new HttpError(401, 'TOKEN_INVALID', 'malformed playback token');
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new HttpError(401, 'TOKEN_INVALID', 'playback token signature is invalid');
  let payload: TokenPayload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenPayload;
  } catch {
    throw new HttpError(401, 'TOKEN_INVALID', 'playback token payload is not JSON');
  }
  if (typeof payload.exp !== 'number' || payload.exp <= now) throw new HttpError(403, 'TOKEN_EXPIRED', 'playback token has expired');
  return payload;
}
