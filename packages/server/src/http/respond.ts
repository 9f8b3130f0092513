/** JSON responses with CORS, and the one place that turns any thrown value into a safe answer. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './http-error.js';

export const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Range, SOAPAction',
  'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
  'Access-Control-Expose-Headers': 'Content-Length, Content-Range, Accept-Ranges, X-Edgeplay-Cache',
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...CORS_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

/**
 * JSON for the operator control plane: no CORS headers at all, so a web page
 * on another origin can neither read the answer nor get a preflight approved.
 */
export function sendPrivateJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

/**
 * Answers with the error's status, or 500 without internals for anything
 * unexpected (the stack goes to the log, never to the client).
 */
export function sendError(res: ServerResponse, error: unknown, log?: (entry: Record<string, unknown>) => void): void {
  if (error instanceof HttpError) {
    sendJson(res, error.status, { error: { code: error.code, message: error.message, ...(error.details ?? {}) } });
    return;
  }
  log?.({ level: 'error', msg: 'unhandled error', error: error instanceof Error ? error.stack : String(error) });
  sendJson(res, 500, { error: { code: 'INTERNAL', message: 'internal server error' } });
}

/** Pre-flight requests. */
export function handleOptions(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(204, CORS_HEADERS);
  res.end();
  return true;
}
