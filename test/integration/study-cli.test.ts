import { existsSync, readdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../../src-main/engine/snapshot/snapshot-file.ts';
import { runCli } from '../support/run-cli.ts';
import { temporaryFolder } from '../support/tiny-snapshot.ts';

interface StudySummary {
  snapshot: string;
  html: string;
  markdown: string;
  workers: number;
  runs: number;
  surfaces: number;
  seconds: { total: number };
  claims: Array<{ id: string; verdict: string }>;
}

describe('a tiny study through the command line', () => {
  let dir: string;
  let summary: StudySummary;

  beforeAll(async () => {
    dir = await temporaryFolder('lab-study-');
    // batchnorm at the tiny scale with one seed: two runs (γ/β trainable, frozen), a 5×5 surface around each.
    const result = await runCli(['study', 'batchnorm', '--scale', 'tiny', '--seeds', '1', '--workers', '2', '--out', dir, '--json', '--no-progress']);
    expect(result.code, result.stderr).toBe(0);
    summary = JSON.parse(result.stdout) as StudySummary;
  }, 120_000);

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('trains both runs and computes both surfaces on two engine processes, into one snapshot', async () => {
    expect(summary).toMatchObject({ runs: 2, surfaces: 2, workers: 2, snapshot: join(dir, 'batchnorm.lab') });
    const snapshot = await readSnapshot(summary.snapshot);
    expect(snapshot.runs.map((r) => [r.spec.id, r.spec.network.bnAffine, r.status])).toEqual([
      ['relu-bn-s1', 'trainable', 'completed'],
      ['relu-bn-frozen-s1', 'frozen', 'completed'],
    ]);
    expect(snapshot.runs[1].parameterCounts.trainable).toBeLessThan(snapshot.runs[0].parameterCounts.trainable);
    expect(snapshot.surfaces.map((s) => [s.runId, s.xCoordinates.length, s.yCoordinates.length, s.completedPoints])).toEqual([
      ['relu-bn-s1', 5, 5, 25],
      ['relu-bn-frozen-s1', 5, 5, 25],
    ]);
    expect(snapshot.surfaces.every((s) => s.metrics !== null && s.metrics.sharpness.epsilon === 0.5)).toBe(true);
    expect(snapshot.header.study).toMatchObject({ name: 'batchnorm', scale: 'tiny', seeds: [1], workers: 2 });
    expect(snapshot.header.study!.seconds.total).toBeGreaterThan(0);
    expect(readdirSync(dir).some((f) => f.includes('.parts'))).toBe(false);
  });

  it('writes the report and its Markdown twin, and judges the claims (one seed cannot measure noise)', async () => {
    const html = await readFile(summary.html, 'utf8');
    expect(html).toContain('Batch normalisation with trainable or frozen γ/β');
    expect(html).not.toMatch(/https?:\/\//);
    expect(existsSync(summary.markdown)).toBe(true);
    expect(readdirSync(join(dir, 'batchnorm-figures')).filter((f) => f.endsWith('-contour.svg'))).toHaveLength(2);
    expect(summary.claims).toEqual([
      { id: 'bn-trainable-better', statement: expect.any(String), verdict: 'not-comparable', ours: expect.any(String) },
      { id: 'bn-five-points', statement: expect.any(String), verdict: 'not-comparable', ours: expect.any(String) },
    ]);
  });

  it('rebuilds the report from the snapshot alone', async () => {
    await rm(summary.html);
    const result = await runCli(['report', summary.snapshot, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ html: summary.html });
    expect(await readFile(summary.html, 'utf8')).toContain('<h2><span class="number">1</span>Does it reproduce?</h2>');
  });

  it('prints the plan without running it, and names the studies when asked for one that does not exist', async () => {
    const plan = await runCli(['study', 'table2', '--scale', 'full', '--plan']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout)).toMatchObject({ study: 'table2', scale: 'full', preset: 'seed', data: { source: 'cifar10', downsample: 2 } });
    const unknown = await runCli(['study', 'table3']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/There is no study "table3"\. Studies: survey, batchnorm, table2, smoothing\./);
  });
});
