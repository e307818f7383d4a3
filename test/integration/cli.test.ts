import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../../src-main/engine/snapshot/snapshot-file.ts';
import { runCli } from '../support/run-cli.ts';
import { temporaryFolder } from '../support/tiny-snapshot.ts';

describe('the command line, end to end through the engine process', () => {
  let dir: string;
  let snapshot: string;

  beforeAll(async () => {
    dir = await temporaryFolder('lab-cli-');
    snapshot = join(dir, 'demo.lab');
  });

  it('trains one model per activation and prints a JSON summary in which trainable parameters moved', async () => {
    const result = await runCli(['train', '--data', 'mnist', '--preset', 'tiny', '--activations', 'relu,tswish', '--epochs', '2', '--train-limit', '512', '--test-limit', '256', '--lr', '0.003', '--act-lr', '0.01', '--out', snapshot, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { backend: string; runs: Array<{ id: string; status: string; final: { testAccuracy: number }; activationParams: Record<string, number[]>; parameterCounts: { trainable: number } }> };
    expect(summary.backend).toMatch(/^wasm/);
    expect(summary.runs.map((r) => r.id)).toEqual(['relu', 'tswish']);
    for (const run of summary.runs) {
      expect(run.status).toBe('completed');
      expect(run.final.testAccuracy).toBeGreaterThan(0.3); // chance is 0.1
    }
    const z = summary.runs[1].activationParams['act1/z'][0];
    expect(Math.abs(z - Math.E)).toBeGreaterThan(1e-4);
    expect(summary.runs[1].parameterCounts.trainable).toBe(summary.runs[0].parameterCounts.trainable + 3);
  });

  it('computes surfaces with ONNX Runtime by default, names it in --json, and prints plain progress lines into a log', { timeout: 120_000 }, async () => {
    const out = join(dir, 'onnx.lab');
    const result = await runCli(['surface', snapshot, '--grid', '5', '--eval-limit', '128', '--no-hessian', '--runs', 'relu', '--out', out, '--json'], undefined, { LAB_PROGRESS_INTERVAL_MS: '0' });
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { backend: string; workers: number };
    expect(summary.backend).toMatch(/^onnxruntime 1\.30\.\d+ cpu/);
    expect(summary.workers).toBe(1);
    // stderr is a pipe here, not a terminal: progress comes as plain timestamped lines.
    expect(result.stderr).toMatch(/^\[\d\d:\d\d:\d\d\] Surface of \w+: \d+\/25 \(\d+%\), ETA /m);
    expect((await readSnapshot(out)).surfaces[0]!.timing.backend).toBe(summary.backend);
  });

  it('computes surfaces with two worker processes, resumes after the engine is killed, and exports h5', { timeout: 180_000 }, async () => {
    const out = join(dir, 'surface.lab');
    // The worker pool serves TensorFlow.js (ONNX Runtime threads within one process).
    const args = ['surface', snapshot, '--backend', 'tfjs', '--grid', '7', '--eval-limit', '128', '--workers', '2', '--no-hessian', '--runs', 'relu', '--out', out, '--no-progress'];
    const killedRun = await runCli(args, () => readJournalCount(dir) >= 5);
    expect(killedRun.code).toBeNull(); // killed, not finished
    expect(readJournalCount(dir)).toBeGreaterThanOrEqual(5);
    const resumed = await runCli([...args, '--resume', '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const result = JSON.parse(resumed.stdout) as { workers: number; surfaces: Array<{ completedPoints: number; computedPoints: number }> };
    expect(result.workers).toBe(2);
    expect(result.surfaces[0].completedPoints).toBe(49);
    expect(result.surfaces[0].computedPoints).toBeLessThanOrEqual(49 - 5);
    const surface = (await readSnapshot(out)).surfaces[0];
    expect([...surface.done].every((d) => d === 1)).toBe(true);
    expect([...surface.values.trainLoss].every(Number.isFinite)).toBe(true);

    const h5 = join(dir, 'surface.h5');
    const exported = await runCli(['export', out, '--format', 'h5', '--out', h5]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(existsSync(h5)).toBe(true);
  });

  it('explains a bad option instead of crashing', async () => {
    const result = await runCli(['train', '--activations', 'relu+xx', '--out', join(dir, 'x.lab')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Cannot read activation "relu\+xx"/);
  });
});

function readJournalCount(dir: string): number {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.journal'))
    .reduce((n, f) => n + Math.max(0, (statSync(join(dir, f)).size - 64) / 20), 0);
}
