/**
 * `npm run serve` (and `npm start`'s fallback, which runs the same
 * runWebHost) as a user starts it: it prints the address with its token, and
 * refuses whoever comes without it; `--no-token` is an explicit, warned
 * opt-out, loopback only.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWebHostArgs, runWebHost } from '../../src-main/host/web-host-command.ts';
import { startWebHostProcess, type WebHostProcess } from '../e2e/support/web-host-process.ts';

let staticDir: string;

beforeAll(async () => {
  staticDir = await mkdtemp(join(tmpdir(), 'lab-serve-static-'));
  await mkdir(staticDir, { recursive: true });
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Landscape Lab</title>');
});

afterAll(() => rm(staticDir, { recursive: true, force: true }));

describe('serve', () => {
  let host: WebHostProcess;
  beforeAll(async () => {
    host = await startWebHostProcess({ backend: 'cpu', args: ['--static-dir', staticDir] });
  });
  afterAll(() => host?.stop());

  it('prints the address with a fresh token, and refuses a request without it', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    expect(host.output()).toMatch(/share it with care/);
    expect(host.output()).toContain(`Files may be opened, saved and exported in: ${host.dataDir}`);
    const base = host.url.replace(/\?token=.*$/, '');
    expect((await fetch(base)).status).toBe(401);
    const first = await fetch(host.url, { redirect: 'manual' });
    expect(first.status).toBe(302);
    expect(first.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
  });
});

describe('serve --no-token', () => {
  let host: WebHostProcess;
  beforeAll(async () => {
    host = await startWebHostProcess({ backend: 'cpu', args: ['--static-dir', staticDir, '--no-token'] });
  });
  afterAll(() => host?.stop());

  it('serves without a token, and says plainly what that means', async () => {
    expect(host.token).toBeNull();
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(host.output()).toMatch(/Warning: --no-token: any program or user on this machine can use the app/);
    expect((await fetch(host.url)).status).toBe(200);
  });

  it('is refused beyond loopback', async () => {
    const options = parseWebHostArgs(['--host', '0.0.0.0', '--no-token', '--static-dir', staticDir]);
    expect(options.token).toBe(false);
    await expect(runWebHost(options)).rejects.toThrow(/--no-token is allowed on loopback only/);
  });
});
