/**
 * Serves files from one folder (the built renderer, the downloads) and
 * nothing outside it: decoded paths with `..` segments, NUL bytes or
 * backslashes are refused, and symbolic links may not lead out of the folder.
 * No directory listings.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, isAbsolute, join, relative } from 'node:path';

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.h5': 'application/x-hdf5',
  '.vtp': 'application/xml',
  '.zip': 'application/zip',
  '.lab': 'application/zip',
};

export type StaticResult = 'served' | 'not-found' | 'forbidden';

/** Resolves a URL path (still percent-encoded) inside `root`, or says why not. */
export async function resolveInside(root: string, urlPath: string): Promise<string | 'not-found' | 'forbidden'> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return 'forbidden';
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').includes('..')) return 'forbidden';
  const candidate = join(root, decoded);
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(candidate)]);
    const rel = relative(realRoot, realFile);
    if (rel.startsWith('..') || isAbsolute(rel)) return 'forbidden';
    if (!(await stat(realFile)).isFile()) return 'not-found';
    return realFile;
  } catch {
    return 'not-found';
  }
}

/** Sends `file` with its MIME type; `headers` are added (security headers, caching). */
export async function sendFile(response: ServerResponse, file: string, headers: Record<string, string>, head = false): Promise<void> {
  const info = await stat(file);
  response.writeHead(200, {
    ...headers,
    'Content-Type': MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(info.size),
  });
  if (head) {
    response.end();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(file);
    stream.on('error', reject);
    response.on('close', resolve);
    stream.pipe(response);
  });
}
