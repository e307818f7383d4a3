import { describe, expect, it } from 'vitest';
import type { SurfaceView } from '../../src-main/contract/app.ts';
import type { SurfaceMetrics } from '../../src-main/contract/surface.ts';
import { noiseThreshold, summarise } from '../../src-main/contract/noise-rule.ts';
import { colourT, fieldColour } from '../../src-renderer/lib/field-colour.ts';
import { bestInColumn, cellSpread, cellValue, formatStd, METRIC_COLUMNS, sortRows } from '../../src-renderer/lib/metrics-table.ts';
import { compareRows, meanField, planesText, seedGroupOf, seedGroups } from '../../src-renderer/lib/seed-groups.ts';
import { judgeColumn, noiseRuleNote } from '../../src-renderer/lib/seed-significance.ts';
import { buildSurfaceGeometry } from '../../src-renderer/lib/surface-mesh.ts';
import { readoutAt } from '../../src-renderer/lib/surface-readout.ts';
import { defaultSurfaceForm, planesPerRun, surfaceFormProblems } from '../../src-renderer/lib/surface-recipe.ts';
import { viridis } from '../../src-renderer/lib/colormap.ts';
import { makeZScale } from '../../src-renderer/lib/z-scale.ts';

const column = (key: string) => METRIC_COLUMNS.find((c) => c.key === key)!;

/** Metrics whose plane-dependent numbers are `sharpness` and `roughness`; the centre is the model's own. */
function planeMetrics(sharpness: number, roughness: number): SurfaceMetrics {
  return {
    centre: { loss: 0.25, accuracy: 0.9 },
    minimum: { loss: 0.2, x: 0.5, y: 0, offset: 0.5, centreIsMinimum: false },
    curvature: { x: 2, y: 2 },
    sharpness: { epsilon: 0.2, value: sharpness },
    basin: { belowTwiceCentre: 0.5, threshold: null, belowThreshold: null },
    roughness: { laplacian: roughness, localMinima: 1 },
    hessian: null,
    nonFinitePoints: 0,
    warnings: [],
  };
}

interface Plane {
  runId: string;
  seed: number;
  loss: number[];
  sharpness?: number;
  roughness?: number;
  direction?: 'random' | 'pca';
  grid?: number;
  done?: number[];
  checkpoint?: number;
  createdAt?: string;
}

/** A 2×2 surface of `runId` on the random plane of `seed`. */
function plane(p: Plane): SurfaceView {
  return {
    id: `${p.runId}.${p.direction ?? 'random'}.${p.seed}${p.checkpoint === undefined ? '' : `.e${p.checkpoint}`}${p.grid ? `.g${p.grid}` : ''}`,
    runId: p.runId,
    label: `${p.runId.toUpperCase()} · ${p.direction ?? 'random'}`,
    recipe: {
      direction: p.direction ?? 'random',
      seed: p.seed,
      normalization: 'filter',
      ignore: 'biasbn',
      activationParams: 'fixed',
      x: { min: -1, max: 1, num: p.grid ?? 2 },
      y: { min: -1, max: 1, num: p.grid ?? 2 },
      evaluation: { count: 10, seed: 0, batchSize: 256, includeTest: false },
      mode: { kind: 'exact' },
      ...(p.checkpoint === undefined ? {} : { checkpoint: { epoch: p.checkpoint, renormalise: false } }),
    },
    xCoordinates: [-1, 1],
    yCoordinates: [-1, 1],
    arrays: ['trainLoss'],
    completedPoints: 4,
    metrics: planeMetrics(p.sharpness ?? 1, p.roughness ?? 0.1),
    pca: null,
    measuredError: null,
    timing: { seconds: 2, workers: 1, backend: 'cpu' },
    createdAt: p.createdAt ?? '2026-01-01',
    done: Uint8Array.from(p.done ?? [1, 1, 1, 1]),
    values: { trainLoss: Float32Array.from(p.loss) },
  };
}

describe('direction-seed groups in the app', () => {
  const relu = [0, 1, 2].map((seed) => plane({ runId: 'relu', seed, loss: [1 + seed, 2, 3, 4], sharpness: 10 + seed, roughness: 0.1 + 0.01 * seed }));
  const tanh = [0, 1, 2].map((seed) => plane({ runId: 'tanh', seed, loss: [1, 2, 3, 4 + 2 * seed], sharpness: 1 + seed, roughness: 0.11 + 0.01 * seed }));

  it('groups the surfaces of one run that differ only in their seed, in seed order, and nothing else', () => {
    const others = [
      plane({ runId: 'relu', seed: 0, loss: [1, 1, 1, 1], grid: 3 }),
      plane({ runId: 'relu', seed: 1, loss: [1, 1, 1, 1], direction: 'pca' }),
      plane({ runId: 'relu', seed: 2, loss: [1, 1, 1, 1], direction: 'pca' }),
      plane({ runId: 'relu', seed: 1, loss: [1, 1, 1, 1], checkpoint: 1 }),
      plane({ runId: 'relu', seed: 2, loss: [1, 1, 1, 1], checkpoint: 1 }),
    ];
    const groups = seedGroups([relu[2], ...others, tanh[1], relu[0], tanh[0], relu[1]]);
    expect(groups.map((g) => [g.runId, g.seeds, g.label])).toEqual([
      ['relu', [0, 1, 2], 'RELU'],
      ['tanh', [0, 1], 'TANH'],
    ]);
    expect(groups[0].id).toBe('mean:relu.random.0');
    expect(seedGroupOf(groups, 'relu.random.1')).toBe(groups[0]);
    expect(seedGroupOf(groups, 'mean:relu.random.0')).toBe(groups[0]);
    expect(seedGroupOf(groups, 'relu.random.0.g3')).toBeNull();
    expect(planesText(groups[0])).toBe('3 planes (seeds 0–2)');
    expect(planesText({ seeds: [0, 5] })).toBe('2 planes (seeds 0, 5)');
  });

  it('counts a seed computed twice once: the newer surface', () => {
    const again = { ...plane({ runId: 'relu', seed: 1, loss: [9, 9, 9, 9], createdAt: '2026-02-01' }), id: 'relu.again' };
    const [group] = seedGroups([...relu, again]);
    expect(group.surfaces.map((s) => s.id)).toEqual(['relu.random.0', 'relu.again', 'relu.random.2']);
  });

  it('makes a mean surface: height the per-point mean, colour the per-point std, read out as mean ± std', () => {
    const [group] = seedGroups(relu);
    const field = meanField(group, 'trainLoss');
    expect(Array.from(field.values)).toEqual([2, 2, 3, 4]);
    expect(field.spread!.values[0]).toBeCloseTo(1, 6);
    expect(field.spread!.values[3]).toBe(0);
    expect(field.spread!.quantity).toBe('std over 3 planes');
    expect(field.label).toBe('RELU · mean of 3 planes');

    // The colour follows the spread on its own scale, the height the mean on the view's.
    const scale = makeZScale([field], { kind: 'linear', clipMax: null });
    const colour = fieldColour(field, scale);
    expect(colour.quantity).toBe('std over 3 planes');
    expect(colourT(colour, 0)).toBeCloseTo(1, 6);
    expect(colourT(colour, 3)).toBe(0);
    const mesh = buildSurfaceGeometry(field, scale, viridis);
    const mapT = mesh.geometry.getAttribute('mapT');
    expect(mapT.getX(0)).toBeCloseTo(1, 6);
    expect(mapT.getX(3)).toBe(0);
    // Height: the mean; point 0 (mean 2) and point 1 (mean 2) stand equally high though their colours differ.
    expect(mesh.heights[0]).toBeCloseTo(mesh.heights[1], 6);

    const readout = readoutAt(field, 0, 0)!;
    expect(readout.lines[0]).toEqual({ quantity: 'train loss (mean)', text: '2 ± 1' });
    expect(readout.lines.slice(1).map((l) => l.quantity)).toEqual(['seed 0', 'seed 1', 'seed 2']);
  });

  it('leaves a point out of the mean until every plane has computed it', () => {
    const partial = [plane({ runId: 'relu', seed: 0, loss: [1, 2, 3, 4] }), plane({ runId: 'relu', seed: 1, loss: [5, 0, 3, 4], done: [1, 0, 1, 1] })];
    const field = meanField(seedGroups(partial)[0], 'trainLoss');
    expect(Array.from(field.done)).toEqual([1, 0, 1, 1]);
    expect(field.values[0]).toBe(3);
    expect(field.values[1]).toBeNaN();
  });

  it('puts a run with several planes in one Compare row of mean ± std, others as they were', () => {
    const single = plane({ runId: 'gelu', seed: 0, loss: [1, 1, 1, 1], sharpness: 50 });
    const groups = seedGroups([...relu, ...tanh, single]);
    const rows = compareRows([relu[2], relu[0], tanh[2], single], groups);
    expect(rows.map((r) => [r.surfaceId, r.planes?.seeds.length ?? 1])).toEqual([
      ['mean:relu.random.0', 3],
      ['mean:tanh.random.0', 3],
      ['gelu.random.0', 1],
    ]);
    expect(cellSpread(rows[0], column('sharpness'))).toMatchObject({ mean: 11, std: 1, n: 3 });
    expect(cellValue(rows[0], column('sharpness'))).toBe(11);
    // The trained model's own numbers are the same on every plane: no ±.
    expect(cellSpread(rows[0], column('centreLoss'))).toBeNull();
    expect(cellValue(rows[0], column('centreLoss'))).toBe(0.25);
    expect(cellSpread(rows[2], column('sharpness'))).toBeNull();
    // A spread reads in its column's units: the basin, a fraction, in percent like its mean.
    expect(formatStd(column('basin'), 0.0071)).toBe('± 0.71 %');
    expect(formatStd(column('sharpness'), 0.0312)).toBe('± 0.031');
    expect(sortRows(rows, { key: 'sharpness', direction: 'ascending' }).map((r) => r.runId)).toEqual(['tanh', 'relu', 'gelu']);
    // Bold "best" is for single values only; means are marked by the noise rule instead.
    expect(bestInColumn(rows, column('sharpness')).size).toBe(0);
    expect(noiseRuleNote(rows)).toMatch(/^± is the standard deviation over 3 random planes; a difference is marked ★ only when \|Δ\| > 2·√\(s_A²\/n_A \+ s_B²\/n_B\)/);
    expect(noiseRuleNote(rows.slice(2))).toBeNull();
  });

  it('marks a mean only when it beats every other run by more than t = 2·√(s_A²/n_A + s_B²/n_B)', () => {
    const rows = compareRows([...relu, ...tanh], seedGroups([...relu, ...tanh]));
    // Sharpness 10, 11, 12 vs 1, 2, 3: Δ = 9 far above t ≈ 1.63 → tanh (lower is better) marked.
    const sharp = judgeColumn(rows, column('sharpness'));
    const t = noiseThreshold(summarise([10, 11, 12]), summarise([1, 2, 3]));
    expect(sharp.get('mean:tanh.random.0')!.significant).toBe(true);
    expect(sharp.get('mean:relu.random.0')!.significant).toBe(false);
    expect(sharp.get('mean:tanh.random.0')!.title).toContain(`vs RELU: Δ = −9, t = ${Number(t.toPrecision(3))} → significant`);
    // Roughness 0.10, 0.11, 0.12 vs 0.11, 0.12, 0.13: Δ = 0.01 within the noise → nobody marked.
    const rough = judgeColumn(rows, column('roughness'));
    expect([...rough.values()].map((j) => j.significant)).toEqual([false, false]);
    expect(rough.get('mean:relu.random.0')!.title).toMatch(/within noise/);
  });

  it('never marks a mean against a run of one plane: its noise is unknown', () => {
    const single = plane({ runId: 'gelu', seed: 0, loss: [1, 1, 1, 1], sharpness: 500 });
    const rows = compareRows([...relu, single], seedGroups([...relu, single]));
    const judged = judgeColumn(rows, column('sharpness'));
    expect(judged.get('mean:relu.random.0')).toMatchObject({ significant: false, title: expect.stringMatching(/vs GELU · random: Δ = −489, t = unknown → not comparable \(one plane\)/) });
    expect(judged.has('gelu.random.0')).toBe(false);
  });
});

describe('the surface form’s direction seeds', () => {
  it('asks for K planes on random directions only, 1 to 100', () => {
    const form = { ...defaultSurfaceForm(null), directionSeeds: 3 };
    expect(defaultSurfaceForm(null).directionSeeds).toBe(1);
    expect(planesPerRun(form)).toBe(3);
    expect(planesPerRun({ ...form, direction: 'pca' })).toBe(1);
    expect(surfaceFormProblems(form)).toEqual([]);
    for (const bad of [0, 2.5, 101, NaN]) expect(surfaceFormProblems({ ...form, directionSeeds: bad }).map((p) => p.field)).toEqual(['directionSeeds']);
    // Another plane ignores the field, whatever it holds.
    expect(surfaceFormProblems({ ...form, direction: 'pca', directionSeeds: NaN })).toEqual([]);
  });
});
