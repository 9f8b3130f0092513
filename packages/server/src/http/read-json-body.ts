/** Reads a JSON request body with a size limit; every failure is a 4xx HttpError. */
import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

export async function readJsonBody(req: IncomingMessage, limitBytes = 64 * 1024): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limitBytes) {
    req.resume();
    throw new HttpError(413, 'BODY_TOO_LARGE', `request body is ${declared} bytes, limit is ${limitBytes}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) {
      req.resume();
      throw new HttpError(413, 'BODY_TOO_LARGE', `request body exceeds ${limitBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new HttpError(400, 'BAD_JSON', 'request body is empty, JSON expected');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'BAD_JSON', 'request body is not valid JSON');
  }
}

/** Narrowing helpers for validated JSON fields. */
export function requireObject(v: unknown, what = 'body'): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new HttpError(400, 'BAD_REQUEST', `${what} must be a JSON object`);
  return v as Record<string, unknown>;
}

export function requireString(o: Record<string, unknown>, key: string, max = 200): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0 || v.length > max) throw new HttpError(400, 'BAD_REQUEST', `${key} must be a non-empty string of at most ${max} characters`);
  return v;
}

export function optionalNumber(o: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw new HttpError(400, 'BAD_REQUEST', `${key} must be a number in [${min}, ${max}]`);
  return v;
}
