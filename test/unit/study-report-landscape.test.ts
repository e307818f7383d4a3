import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src-main/contract.ts';
import { STUDIES } from '../../src-main/engine/study/definitions/index.ts';
import { buildReport } from '../../src-main/engine/study/report/build-report.ts';
import { renderMarkdown } from '../../src-main/engine/study/report/render-markdown.ts';
import { syntheticSnapshot, type RunNumbers, type SurfaceNumbers } from './study-fixtures.ts';

const smoothing = STUDIES.smoothing;
const runs: Record<string, RunNumbers[]> = {
  'tsqrt-bn': [80, 81, 82].map((final) => ({ final })),
  'tsqrt_tanh-bn': [88, 89, 90].map((final) => ({ final })),
};

type PlannedSurface = { config: string; seed: number; direction: 'random' | 'hessian' } & SurfaceNumbers;

/** Per model (seeds 1–3), the roughness of each of its random planes. */
function randomPlanes(config: string, perModel: number[][]): PlannedSurface[] {
  return perModel.flatMap((planes, i) =>
    planes.map((roughness, k) => ({ config, seed: i + 1, direction: 'random' as const, directionSeed: k, roughness, sharpness: 1, hessianTop: 5 })),
  );
}

/** Three planes a model, ±0.001 around the model's mean: the models differ far more than the planes. */
const threePlanes = (means: number[]): number[][] => means.map((m) => [m - 0.001, m, m + 0.001]);

function report(snapshot: Snapshot, definition = smoothing): { markdown: string; verdict: (id: string) => { verdict?: string; detail: string } } {
  const document = buildReport({ snapshot, definition, stem: definition.name });
  const block = document.sections.find((s) => s.id === 'reproduce')!.blocks[0];
  if (block.kind !== 'table') throw new Error('the first block of “Does it reproduce?” is not a table');
  const verdict = (id: string) => {
    const row = block.table.rows[definition.claims.findIndex((c) => c.id === id)];
    return { verdict: row[5].verdict, detail: row[6].text };
  };
  return { markdown: renderMarkdown(document, 'figures'), verdict };
}

describe('a study report with three random planes per model', () => {
  const surfaces = [...randomPlanes('tsqrt-bn', threePlanes([0.3, 0.4, 0.5])), ...randomPlanes('tsqrt_tanh-bn', threePlanes([0.2, 0.3, 0.4]))];
  const { markdown, verdict } = report(syntheticSnapshot(smoothing, runs, { surfaces }));

  it('judges surface claims over the models’ means: three planes of a model are not three more seeds', () => {
    // Δ 0.1 against models 0.1 apart (threshold 2·√(2·0.01/3) ≈ 0.16): within noise. Nine "seeds" a side would call it reproduced.
    expect(verdict('smoother-roughness')).toMatchObject({ verdict: 'within-noise' });
    expect(verdict('smoother-roughness').detail).toContain('Δ +0.1000, noise threshold 0.1633; 3 random planes per model (per-model means judged; direction sd 0.0010 / 0.0010)');
    // λmax belongs to the model, not to a plane.
    expect(verdict('smoother-hessian').detail).not.toContain('plane');
  });

  it('shows each model once, its metrics as mean ± sd over its planes, and draws it once', () => {
    expect(markdown).toContain('| Rank | Model | Planes | Centre loss |');
    expect(markdown).toContain('| 1 | TSQRT_tanh+BN · seed 1 | 3 | 0.1000 ± 0.0000 | 1.000 ± 0.000 | 2.000 ± 0.000 | 2.000 ± 0.000 | 0.2000 ± 0.0010 |');
    expect(markdown.match(/\| TSQRT\+BN · seed \d \| 3 \|/g)).toHaveLength(3);
    expect(markdown.match(/!\[[^\]]*3D view\]/g)).toHaveLength(6);
    expect(markdown).toContain('Each model is drawn on its first plane (direction seed 0) of 3');
  });

  it('gives the configurations’ means with the planes’ own spread beside them', () => {
    expect(markdown).toContain('| TSQRT+BN | 3 | 0.4000 ± 0.1000 (planes ± 0.0010) |');
  });

  it('states the direction seeds and the rule for two noises', () => {
    expect(markdown).toContain('filter-normalised Gaussian directions, 3 planes per model, direction seeds 0, 1, 2;');
    expect(markdown).toContain('Direction noise: measured on 3 random planes per model (direction seeds 0–2)');
    expect(markdown).toContain('√max(s²_models, s²_planes ÷ 3)');
  });
});

describe('a study report with one random plane per model', () => {
  const surfaces = [...randomPlanes('tsqrt-bn', [[0.3], [0.31], [0.32]]), ...randomPlanes('tsqrt_tanh-bn', [[0.1], [0.11], [0.12]])];
  const { markdown, verdict } = report(syntheticSnapshot(smoothing, runs, { surfaces }));

  it('says that the direction noise was not measured, and how to measure it', () => {
    expect(markdown).toContain('Direction noise: not measured.');
    expect(markdown).toContain('`npx landscape-lab surface smoothing.lab --direction-seeds 5 --grid 11 --out smoothing-planes.lab`');
    expect(markdown).toContain('This scale computes one plane per model');
    expect(verdict('smoother-roughness')).toMatchObject({ verdict: 'reproduced' });
    expect(verdict('smoother-roughness').detail).toContain('one random plane per model: the direction noise is not measured');
    expect(markdown).not.toContain('| Planes |');
  });

  it('points to the Hessian plane and the evolution of the trainable activations it did not compute', () => {
    expect(markdown).toContain(
      'Hessian plane: not computed by this study. The plane of the Hessian’s two top eigenvectors, with λ₁, λ₂ and their residuals, around the trainable activations’ first-seed models: `npx landscape-lab surface smoothing.lab --runs tsqrt-bn-s1,tsqrt_tanh-bn-s1 --dir hessian',
    );
    expect(markdown).toContain('Landscape evolution: not computed.');
    expect(markdown).toContain('`npx landscape-lab train --activations tsqrt+bn,tsqrt_tanh+bn --checkpoint-every 1 …`');
  });
});

describe('a study report with Hessian planes and evolution frames', () => {
  const hessian = (config: string, eigen: SurfaceNumbers['eigen']): PlannedSurface => ({ config, seed: 1, direction: 'hessian', roughness: 0.2, sharpness: 3, hessianTop: 5, eigen });
  const frame = (config: string, epoch: number, roughness: number): PlannedSurface => ({ config, seed: 1, direction: 'random', epoch, roughness, sharpness: 2, hessianTop: 5 });
  const surfaces = [
    ...randomPlanes('tsqrt-bn', [[0.3], [0.31], [0.32]]),
    ...randomPlanes('tsqrt_tanh-bn', [[0.1], [0.11], [0.12]]),
    hessian('tsqrt-bn', { values: [12.5, -3.25], residuals: [0.05, 0.125] }),
    hessian('tsqrt_tanh-bn', { values: [4, 2], residuals: [0.01, 0.02] }),
    frame('tsqrt_tanh-bn', 1, 0.15),
    frame('tsqrt-bn', 1, 0.25),
    frame('tsqrt-bn', 0, 0.05),
  ];
  const { markdown } = report(syntheticSnapshot(smoothing, runs, { surfaces }));

  it('lists λ₁ and λ₂ with their residuals for each model', () => {
    expect(markdown).toContain('Hessian plane: computed around TSQRT+BN · seed 1, TSQRT_tanh+BN · seed 1');
    expect(markdown).toContain('| TSQRT+BN · seed 1 | 12.500 (residual 0.050) | −3.250 (residual 0.125) | 12 | 64 |'.replace('−', '-'));
    expect(markdown).toContain('| TSQRT_tanh+BN · seed 1 | 4.000 (residual 0.010) | 2.000 (residual 0.020) | 12 | 64 |');
    expect(markdown).toContain('in the plane of the Hessian’s two top eigenvectors');
  });

  it('gives the evolution’s metrics per checkpoint, and keeps its frames out of the model’s planes', () => {
    expect(markdown).toContain('Landscape evolution: computed around TSQRT+BN · seed 1, TSQRT_tanh+BN · seed 1, a frame per stored checkpoint');
    expect(markdown).toContain('| TSQRT+BN · seed 1 | 0 | 0.1000 | 2.000 | 0.0500 | 20.0 |');
    expect(markdown).toContain('| TSQRT+BN · seed 1 | 1 | 0.1000 | 2.000 | 0.2500 | 20.0 |');
    // In the study's order of configurations, then by epoch.
    const rows = [...markdown.matchAll(/^\| (TSQRT\S*) · seed 1 \| (\d) \| 0\.1000 \|/gm)].map((m) => `${m[1]}@${m[2]}`);
    expect(rows).toEqual(['TSQRT+BN@0', 'TSQRT+BN@1', 'TSQRT_tanh+BN@1']);
    expect(markdown).not.toContain('| Planes |');
  });
});

describe('a study report without trainable activations', () => {
  const batchnorm = STUDIES.batchnorm;
  const snapshot = syntheticSnapshot(batchnorm, { 'relu-bn': [{ final: 90 }], 'relu-bn-frozen': [{ final: 85 }] }, {
    surfaces: [
      { config: 'relu-bn', seed: 1, direction: 'random', roughness: 0.1, sharpness: 1, hessianTop: 2 },
      { config: 'relu-bn-frozen', seed: 1, direction: 'random', roughness: 0.2, sharpness: 1, hessianTop: 2 },
    ],
  });
  const { markdown } = report(snapshot, batchnorm);

  it('has the direction-noise line only', () => {
    expect(markdown).toContain('Direction noise: not measured.');
    expect(markdown).not.toContain('Hessian plane:');
    expect(markdown).not.toContain('Landscape evolution:');
  });
});
