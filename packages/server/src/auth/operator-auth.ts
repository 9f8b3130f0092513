/**
 * The operator control plane's guard: a bearer credential (config, env
 * `EDGEPLAY_OPERATOR_TOKEN`, or generated once and persisted in the data
 * directory), compared in constant time; mutating requests must declare
 * `Content-Type: application/json` exactly, which a cross-site page cannot
 * send without a CORS preflight (that the control routes never approve).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from '../http/http-error.js';

/** Checks the operator token; returns the audit actor (`operator:<fingerprint>@<address>`). */
export function requireOperator(req: IncomingMessage, operatorToken: string): string {
  const auth = req.headers.authorization;
  const given = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : '';
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(operatorToken).digest();
  if (!given || !timingSafeEqual(a, b)) throw new HttpError(401, 'OPERATOR_AUTH_REQUIRED', 'control routes need Authorization: Bearer <operator token>');
  return `operator:${fingerprint(operatorToken)}@${req.socket.remoteAddress ?? '?'}`;
}

/** Refuses a body that is not declared as JSON (text/plain is how a cross-site form posts without preflight). */
export function requireJsonContentType(req: IncomingMessage): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'control requests must be Content-Type: application/json');
}

/** First 8 hex digits of the token's SHA-256: names the credential in logs without revealing it. */
export function fingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 8);
}
