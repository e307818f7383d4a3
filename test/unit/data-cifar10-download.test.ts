import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadCifar10 } from '../../src-main/engine/data/cifar10-download.ts';
import type { DataProgress } from '../../src-main/engine/data/types.ts';
import { startFileServer, type FileServer, type FileServerOptions } from '../support/file-server.ts';
import { randomBytes } from '../support/fixtures.ts';

const body = randomBytes(300 * 1024, 21);
const md5 = createHash('md5').update(body).digest('hex');

let root: string;
let dirCount = 0;
let server: FileServer | undefined;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lab-download-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function serve(options: FileServerOptions = {}): Promise<FileServer> {
  server = await startFileServer(body, options);
  return server;
}

function freshDir(): string {
  return join(root, `cache-${++dirCount}`);
}

async function sameAsBody(path: string): Promise<boolean> {
  return Buffer.compare(await readFile(path), Buffer.from(body)) === 0;
}

describe('the CIFAR-10 downloader', () => {
  it('downloads into the cache folder, verifies the MD5 and reports progress', async () => {
    const { url } = await serve();
    const cacheDir = freshDir();
    const progress: DataProgress[] = [];
    const path = await downloadCifar10({ cacheDir, url, md5, progressIntervalMs: 0, onProgress: (p) => progress.push(p) });
    expect(path).toBe(join(cacheDir, 'cifar-10-binary.tar.gz'));
    expect(await sameAsBody(path)).toBe(true);
    expect(existsSync(`${path}.part`)).toBe(false);
    const downloads = progress.filter((p) => p.phase === 'download');
    expect(downloads.length).toBeGreaterThan(2);
    for (let i = 1; i < downloads.length; i++) expect(downloads[i].done).toBeGreaterThanOrEqual(downloads[i - 1].done);
    expect(downloads.at(-1)).toEqual({ phase: 'download', done: body.length, total: body.length });
    expect(progress.at(-1)).toEqual({ phase: 'verify', done: body.length, total: body.length });
  });

  it('throttles progress reports', async () => {
    const { url } = await serve({ chunkSize: 1024 });
    const progress: DataProgress[] = [];
    await downloadCifar10({ cacheDir: freshDir(), url, md5, progressIntervalMs: 60_000, onProgress: (p) => progress.push(p) });
    // First report, final download report, first and final verify report.
    expect(progress.length).toBeLessThanOrEqual(4);
  });

  it('resumes with a Range request after the connection drops mid-way', async () => {
    const srv = await serve({ dropOnceAfter: 100 * 1024 });
    const path = await downloadCifar10({ cacheDir: freshDir(), url: srv.url, md5, retryDelayMs: 10 });
    expect(await sameAsBody(path)).toBe(true);
    expect(srv.requests).toHaveLength(2);
    expect(srv.requests[0].range).toBeUndefined();
    const start = Number(/^bytes=(\d+)-$/.exec(srv.requests[1].range ?? '')?.[1]);
    expect(start).toBeGreaterThan(0);
    expect(start).toBeLessThan(body.length);
  });

  it('restarts from the beginning when the server ignores Range', async () => {
    const srv = await serve({ dropOnceAfter: 100 * 1024, supportRange: false });
    const path = await downloadCifar10({ cacheDir: freshDir(), url: srv.url, md5, retryDelayMs: 10 });
    expect(await sameAsBody(path)).toBe(true);
    expect(srv.requests[1].range).toMatch(/^bytes=\d+-$/);
  });

  it('rejects a checksum mismatch and keeps neither the bad file nor its partial download', async () => {
    const { url } = await serve();
    const cacheDir = freshDir();
    const wrong = '0'.repeat(32);
    await expect(downloadCifar10({ cacheDir, url, md5: wrong })).rejects.toThrow(
      new RegExp(`cifar-10-binary\\.tar\\.gz: MD5 mismatch, expected ${wrong}, got ${md5}`),
    );
    expect(existsSync(join(cacheDir, 'cifar-10-binary.tar.gz'))).toBe(false);
    expect(existsSync(join(cacheDir, 'cifar-10-binary.tar.gz.part'))).toBe(false);
  });

  it('stops when aborted and keeps the partial file, which a later call resumes', async () => {
    const stalling = await serve({ stallAfter: 64 * 1024 });
    const cacheDir = freshDir();
    const controller = new AbortController();
    const attempt = downloadCifar10({
      cacheDir,
      url: stalling.url,
      md5,
      signal: controller.signal,
      progressIntervalMs: 0,
      onProgress: (p) => {
        if (p.done >= 64 * 1024) controller.abort();
      },
    });
    await expect(attempt).rejects.toMatchObject({ name: 'AbortError' });
    expect(existsSync(join(cacheDir, 'cifar-10-binary.tar.gz'))).toBe(false);
    expect(existsSync(join(cacheDir, 'cifar-10-binary.tar.gz.part'))).toBe(true);
    await stalling.close();

    const healthy = await serve();
    const path = await downloadCifar10({ cacheDir, url: healthy.url, md5 });
    expect(await sameAsBody(path)).toBe(true);
    expect(healthy.requests[0].range).toMatch(/^bytes=[1-9]\d*-$/);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const srv = await serve();
    const controller = new AbortController();
    controller.abort();
    await expect(downloadCifar10({ cacheDir: freshDir(), url: srv.url, md5, signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(srv.requests).toHaveLength(0);
  });

  it('reuses a verified archive without asking the server again', async () => {
    const srv = await serve();
    const cacheDir = freshDir();
    const first = await downloadCifar10({ cacheDir, url: srv.url, md5 });
    const second = await downloadCifar10({ cacheDir, url: srv.url, md5 });
    expect(second).toBe(first);
    // Without the sidecar the archive is re-hashed, still without a request.
    await unlink(`${first}.verified`);
    const progress: DataProgress[] = [];
    await downloadCifar10({ cacheDir, url: srv.url, md5, onProgress: (p) => progress.push(p) });
    expect(srv.requests).toHaveLength(1);
    expect(progress.some((p) => p.phase === 'verify')).toBe(true);
  });

  it('gives up at once on an HTTP error that retrying cannot fix', async () => {
    const srv = await serve({ status: 404 });
    await expect(downloadCifar10({ cacheDir: freshDir(), url: srv.url, md5, retryDelayMs: 10 })).rejects.toThrow(
      /failed after 1 attempt\(s\): .*HTTP 404/,
    );
    expect(srv.requests).toHaveLength(1);
  });

  it('gives up after the allowed attempts when the server keeps failing', async () => {
    const srv = await serve({ status: 503 });
    await expect(
      downloadCifar10({ cacheDir: freshDir(), url: srv.url, md5, retryDelayMs: 5, maxAttempts: 3 }),
    ).rejects.toThrow(/failed after 3 attempt\(s\): .*HTTP 503/);
    expect(srv.requests).toHaveLength(3);
  });
});
