/** The `landscape-lab` command that `npx landscape-lab …` runs: package.json's bin entry and its shim. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the landscape-lab bin', () => {
  it('is declared in package.json and points at an executable node script', async () => {
    const pkg = JSON.parse(await readFile(`${root}/package.json`, 'utf8')) as { bin?: Record<string, string> };
    expect(pkg.bin).toEqual({ 'landscape-lab': 'bin/landscape-lab.js' });
    const shim = `${root}/bin/landscape-lab.js`;
    expect((await readFile(shim, 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect((await stat(shim)).mode & 0o111).not.toBe(0);
  });

  it('runs the CLI: --help lists the commands, an invalid option is one line and exit code 1', async () => {
    const shim = `${root}/bin/landscape-lab.js`;
    const help = await run(shim, ['--help'], { cwd: root });
    expect(help.stdout).toMatch(/^Usage: landscape-lab \[options\] \[command\]/);
    for (const command of ['train', 'surface', 'study']) expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    const refused = await run(shim, ['train', '--lr', '1000', '--out', 'x.lab'], { cwd: root }).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 1, stderr: 'Error: --lr 1000: must be a number > 0 and ≤ 10\n' });
  });

  it('starts its engine from any working folder (tsx is resolved from the install, not the folder)', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'lab-bin-'));
    const shim = `${root}/bin/landscape-lab.js`;
    const args = ['train', '--preset', 'tiny', '--activations', 'relu', '--epochs', '1', '--train-limit', '64', '--test-limit', '32', '--out', 'x.lab', '--no-progress'];
    const trained = await run(shim, args, { cwd: folder, env: { ...process.env, LAB_BACKEND: 'cpu' } });
    expect(trained.stderr).toMatch(/ReLU: completed/);
    expect((await stat(join(folder, 'x.lab'))).size).toBeGreaterThan(0);
  }, 60_000);
});
