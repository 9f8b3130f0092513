/**
 * Playback tokens: `base64url(JSON payload).base64url(HMAC-SHA256)`, issued by
 * POST /session and required by the license service. Both parts are decoded
 * strictly (only the base64url alphabet, no padding, canonical length): Node's
 * decoder skips junk, so `sig=`, `sig!!` or a `*` mid-signature used to verify
 * (issue 15 #4). The signature is checked in constant time before the payload
 * is trusted; whether the session is still alive is the caller's check.
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
const B64URL = /^[A-Za-z0-9_-]+$/;
/** An HMAC-SHA256 is 32 bytes: 43 base64url characters without padding. */
const SIGNATURE_LENGTH = 43;

export function signToken(payload: TokenPayload, secret: string): string {
  const body = b64url(Buffer.from(JSON.stringify(payload)));
  return `${body}.${b64url(createHmac('sha256', secret).update(body).digest())}`;
}

/** Decodes base64url only when `text` is its canonical encoding; null otherwise. */
export function strictBase64url(text: string): Buffer | null {
  if (!B64URL.test(text) || text.length % 4 === 1) return null;
  const bytes = Buffer.from(text, 'base64url');
  return b64url(bytes) === text ? bytes : null;
}

/** @throws HttpError 401 (missing/malformed/bad signature) or 403 TOKEN_EXPIRED. */
export function verifyToken(token: string | null, secret: string, now: number): TokenPayload {
  if (!token) throw new HttpError(401, 'TOKEN_MISSING', 'a playback token is required (Authorization: Bearer <token>)');
  if (token.length > 2048) throw new HttpError(401, 'TOKEN_INVALID', 'malformed playback token');
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined || sig.length !== SIGNATURE_LENGTH) throw new HttpError(401, 'TOKEN_INVALID', 'malformed playback token');
  const given = strictBase64url(sig);
  const payloadBytes = strictBase64url(body);
  if (!given || !payloadBytes) throw new HttpError(401, 'TOKEN_INVALID', 'playback token is not canonical base64url');
  const expected = createHmac('sha256', secret).update(body).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new HttpError(401, 'TOKEN_INVALID', 'playback token signature is invalid');
  let payload: TokenPayload;
  try {
    payload = JSON.parse(payloadBytes.toString('utf8')) as TokenPayload;
  } catch {
    throw new HttpError(401, 'TOKEN_INVALID', 'playback token payload is not JSON');
  }
  if (typeof payload.exp !== 'number' || payload.exp <= now) throw new HttpError(403, 'TOKEN_EXPIRED', 'playback token has expired');
  return payload;
}
