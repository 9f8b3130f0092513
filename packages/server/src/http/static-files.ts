/**
 * Static files with Range support, safe against path traversal: the relative
 * path is normalised, must not contain `..`, NUL or backslashes, and the
 * resolved file must stay under the root (symlinks included).
 */
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './http-error.js';
import { CORS_HEADERS } from './respond.js';

const TYPES: Record<string, string> = {
  '.mpd': 'application/dash+xml',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.mp4': 'video/mp4',
  '.m4s': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.vtt': 'text/vtt; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export function contentTypeOf(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Resolves `relative` under `root` or throws 400/404. Returns the real path of an existing regular file.
 */
export async function resolveSafe(root: string, relative: string): Promise<{ file: string; size: number }> {
  if (relative.includes('\0') || relative.includes('\\') || relative.split('/').some((p) => p === '..' || p === '.')) {
    throw new HttpError(400, 'BAD_PATH', 'path traversal is not allowed');
  }
  const rootReal = await fs.realpath(root).catch(() => {
    throw new HttpError(404, 'NOT_FOUND', 'not found');
  });
  const candidate = path.resolve(rootReal, relative);
  if (candidate !== rootReal && !candidate.startsWith(rootReal + path.sep)) throw new HttpError(400, 'BAD_PATH', 'path traversal is not allowed');
  let real: string;
  try {
    real = await fs.realpath(candidate);
  } catch {
    throw new HttpError(404, 'NOT_FOUND', `not found: ${relative.slice(0, 200)}`);
  }
  if (real !== rootReal && !real.startsWith(rootReal + path.sep)) throw new HttpError(400, 'BAD_PATH', 'path escapes the root');
  const stat = await fs.stat(real);
  if (!stat.isFile()) throw new HttpError(404, 'NOT_FOUND', `not a file: ${relative.slice(0, 200)}`);
  return { file: real, size: stat.size };
}

/** Parses a single `bytes=a-b` / `bytes=a-` / `bytes=-n` range; null = whole file; throws 416 when unsatisfiable. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) throw new HttpError(416, 'BAD_RANGE', `unsupported range ${header.slice(0, 60)}`);
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start > end || start >= size) throw new HttpError(416, 'BAD_RANGE', `range ${header.slice(0, 60)} is outside 0-${size - 1}`);
  return { start, end };
}

/** Serves a file (GET/HEAD) with Range and CORS. */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, relative: string): Promise<void> {
  const { file, size } = await resolveSafe(root, relative);
  const range = parseRange(req.headers.range, size);
  const headers: Record<string, string | number> = { ...CORS_HEADERS, 'Content-Type': contentTypeOf(file), 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-cache' };
  if (range) {
    headers['Content-Range'] = `bytes ${range.start}-${range.end}/${size}`;
    headers['Content-Length'] = range.end - range.start + 1;
    res.writeHead(206, headers);
  } else {
    headers['Content-Length'] = size;
    res.writeHead(200, headers);
  }
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(file, range ? { start: range.start, end: range.end } : {});
    stream.on('error', reject);
    res.on('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res).on('finish', resolve);
  });
}
