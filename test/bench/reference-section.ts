/** The reference section's driver: checks for PyTorch, runs reference-bench.ts, prints a table or JSON. */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseBackend, formatBackendReport } from '../../src-main/engine/backend.ts';
import { workerPool } from '../../src-main/engine/surfaces/worker-pool.ts';
import { benchReference, formatReferenceRows } from './reference-bench.ts';
import type { ReferencePreset } from './reference-presets.ts';
import { PYTHON } from '../support/python-torch.ts';
import { torchVersion } from './reference-runner.ts';

export interface ReferenceSectionOptions {
  grid: number;
  presets: ReferencePreset[];
  json: boolean;
}

export async function runReferenceSection(options: ReferenceSectionOptions): Promise<void> {
  // With --json, stdout carries the JSON only; progress goes to stderr.
  const log = (line: string): void => void (options.json ? process.stderr.write(`${line}\n`) : console.log(line));
  const python = PYTHON;
  let torch: string;
  try {
    torch = torchVersion(python);
  } catch (error) {
    const reason = `PyTorch is not available, so the reference was not run: ${error instanceof Error ? error.message : String(error)} (Debian: apt-get install python3-torch python3-h5py, or set LAB_PYTHON)`;
    if (options.json) process.stdout.write(`${JSON.stringify({ section: 'reference', skipped: reason, rows: [] }, null, 2)}\n`);
    else console.log(`reference section: ${reason}`);
    return;
  }
  const backend = await chooseBackend();
  const started = performance.now();
  const environment = { cores: availableParallelism(), loadAverageAtStart: loadavg()[0], python, torch, tfjsBackend: formatBackendReport(backend) };
  log(`reference section: ${options.grid}×${options.grid}, presets ${options.presets.join(', ')}; ${torch} (${python}); ${environment.cores} cores, load ${environment.loadAverageAtStart.toFixed(2)}`);
  const dir = await mkdtemp(join(tmpdir(), 'lab-bench-reference-'));
  try {
    const rows = await benchReference({ grid: options.grid, presets: options.presets, dir, log });
    const seconds = (performance.now() - started) / 1000;
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ section: 'reference', environment: { ...environment, loadAverageAtEnd: loadavg()[0], seconds }, rows }, null, 2)}\n`);
    } else {
      console.log(`\n${formatReferenceRows(rows)}\n\nreference section took ${seconds.toFixed(0)} s; load average at the end ${loadavg()[0].toFixed(2)}`);
    }
  } finally {
    workerPool.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}
