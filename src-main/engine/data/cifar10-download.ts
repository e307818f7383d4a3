/**
 * Downloads the official CIFAR-10 archive into a cache folder: resumable
 * (a `.part` file continued with an HTTP Range request when the server
 * honours it, restarted when not), retried on dropped connections,
 * cancellable, MD5-verified before an atomic rename to the final name. A
 * verified archive is recorded in a `.verified` sidecar and reused.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CIFAR10_ARCHIVE_NAME } from './cifar10.ts';
import type { DataProgressCallback } from './types.ts';

export const CIFAR10_URL = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';
export const CIFAR10_MD5 = 'c32a1d4ab5d03f1284b67883e8d87530';

export interface DownloadOptions {
  /** Folder the archive is kept in (the user's data folder); created when missing. */
  cacheDir: string;
  url?: string;
  /** Expected MD5, hex. */
  md5?: string;
  /** Name of the archive in the cache folder. */
  fileName?: string;
  /** Phases `download` (bytes) and `verify` (bytes hashed); at most one call per `progressIntervalMs`. */
  onProgress?: DataProgressCallback;
  signal?: AbortSignal;
  /** Connection attempts before giving up; each one resumes where the last stopped. */
  maxAttempts?: number;
  retryDelayMs?: number;
  progressIntervalMs?: number;
}

/** Rejection of a cancelled download; `name` is `AbortError` like fetch's own. */
function abortError(): Error {
  const error = new Error('CIFAR-10 download cancelled');
  error.name = 'AbortError';
  return error;
}

/** An HTTP answer that retrying will not fix (404, 403…). */
class PermanentError extends Error {}

function throttle(onProgress: DataProgressCallback | undefined, intervalMs: number) {
  let last = -Infinity;
  return (phase: string, done: number, total: number, force = false) => {
    const now = Date.now();
    if (onProgress && (force || now - last >= intervalMs)) {
      last = now;
      onProgress({ phase, done, total });
    }
  };
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

async function md5Of(path: string, report: ReturnType<typeof throttle>, signal?: AbortSignal): Promise<string> {
  const total = (await sizeOf(path)) ?? 0;
  const hash = createHash('md5');
  let done = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    if (signal?.aborted) throw abortError();
    hash.update(chunk as Buffer);
    done += (chunk as Buffer).length;
    report('verify', done, total);
  }
  report('verify', done, total, true);
  return hash.digest('hex');
}

/** Start of a `Content-Range: bytes start-end/total` header, and its total (NaN when `*`). */
function parseContentRange(header: string | null): { start: number; total: number } | null {
  const match = header ? /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header.trim()) : null;
  return match ? { start: Number(match[1]), total: match[2] === '*' ? NaN : Number(match[2]) } : null;
}

/**
 * One request: appends to `part` from its current size when the server
 * answers 206 for that offset, rewrites it from 0 on a plain 200. Returns
 * false when the server says the range is past the end (416): the part may
 * already be complete.
 */
async function fetchInto(
  url: string,
  part: string,
  report: ReturnType<typeof throttle>,
  signal?: AbortSignal,
): Promise<boolean> {
  const offset = (await sizeOf(part)) ?? 0;
  const response = await fetch(url, { headers: offset > 0 ? { Range: `bytes=${offset}-` } : {}, signal });
  if (response.status === 416 && offset > 0) {
    await response.body?.cancel();
    return false;
  }
  if (!response.ok) {
    await response.body?.cancel();
    const message = `${url}: HTTP ${response.status} ${response.statusText}`;
    throw response.status >= 500 || response.status === 429 ? new Error(message) : new PermanentError(message);
  }
  const length = Number(response.headers.get('content-length') ?? NaN);
  const range = response.status === 206 ? parseContentRange(response.headers.get('content-range')) : null;
  // A 206 for another offset cannot be appended; take it as "no range support" and restart.
  if (response.status === 206 && range?.start !== offset) {
    await response.body?.cancel();
    await unlink(part);
    throw new Error(`${url}: server answered a range other than the one asked for`);
  }
  let done = range ? offset : 0;
  const total = range ? (Number.isFinite(range.total) ? range.total : offset + length) : length;
  const file = await open(part, range ? 'a' : 'w');
  try {
    if (response.body) {
      for await (const chunk of response.body) {
        await file.write(chunk);
        done += chunk.length;
        report('download', done, Number.isFinite(total) ? total : 0);
      }
    }
  } finally {
    await file.close();
  }
  report('download', done, Number.isFinite(total) ? total : 0, true);
  if (Number.isFinite(total) && done !== total) {
    throw new Error(`${url}: connection closed after ${done} of ${total} bytes`);
  }
  return true;
}

/** The last verified state of the cached archive, to skip re-hashing 160 MB on each start. */
interface Verified {
  md5: string;
  size: number;
}

async function readVerified(path: string): Promise<Verified | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Verified;
  } catch {
    return null;
  }
}

const inFlight = new Map<string, Promise<string>>();

/**
 * Returns the path of the verified archive in `cacheDir`, downloading it
 * first when it is missing. Concurrent calls for the same file share one
 * download, governed by the first caller's signal and progress callback.
 * A cancelled or failed download leaves its `.part` for the next call to resume.
 */
export function downloadCifar10(options: DownloadOptions): Promise<string> {
  const target = join(options.cacheDir, options.fileName ?? CIFAR10_ARCHIVE_NAME);
  const running = inFlight.get(target);
  if (running) return running;
  const job = download(target, options).finally(() => inFlight.delete(target));
  inFlight.set(target, job);
  return job;
}

async function download(target: string, options: DownloadOptions): Promise<string> {
  const { url = CIFAR10_URL, signal, maxAttempts = 5, retryDelayMs = 1000 } = options;
  const md5 = (options.md5 ?? CIFAR10_MD5).toLowerCase();
  const part = `${target}.part`;
  const sidecar = `${target}.verified`;
  const report = throttle(options.onProgress, options.progressIntervalMs ?? 200);
  await mkdir(options.cacheDir, { recursive: true });

  const finalSize = await sizeOf(target);
  if (finalSize !== null) {
    const verified = await readVerified(sidecar);
    if (verified?.md5 === md5 && verified.size === finalSize) return target;
    if ((await md5Of(target, report, signal)) === md5) {
      await writeFile(sidecar, JSON.stringify({ md5, size: finalSize }));
      return target;
    }
    // A wrong file under our name in our cache folder: replace it.
    await unlink(target);
  }

  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw abortError();
    try {
      if (await fetchInto(url, part, report, signal)) break;
      // 416: the part reaches the end already; keep it if it is the right file.
      if ((await md5Of(part, report, signal)) === md5) break;
      await unlink(part);
      throw new Error(`${url}: partial download did not match, restarting`);
    } catch (error) {
      if (signal?.aborted) throw abortError();
      if (error instanceof PermanentError || attempt >= maxAttempts) {
        const why = error instanceof Error ? error.message : String(error);
        throw new Error(`Downloading ${url} failed after ${attempt} attempt(s): ${why}`, { cause: error });
      }
      await sleep(retryDelayMs * attempt, undefined, { signal }).catch(() => undefined);
    }
  }

  const actual = await md5Of(part, report, signal);
  if (actual !== md5) {
    await unlink(part);
    throw new Error(
      `${options.fileName ?? CIFAR10_ARCHIVE_NAME}: MD5 mismatch, expected ${md5}, got ${actual} ` +
        `(downloaded from ${url}); the bad download was deleted, try again`,
    );
  }
  const size = (await sizeOf(part)) ?? 0;
  await rename(part, target);
  await writeFile(sidecar, JSON.stringify({ md5, size }));
  return target;
}
