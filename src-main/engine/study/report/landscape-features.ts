/**
 * Lines of the landscape section about what lies beyond the planes drawn
 * above: how much the random-direction metrics depend on the plane (direction
 * seeds), the Hessian's top eigenvalues where a Hessian plane was computed,
 * and the landscape evolution over training where frames were computed. Each
 * line says what was computed, or that it was not and the command that
 * computes it; never a number that was not measured.
 */
import type { SurfaceData } from '../../../contract.ts';
import { getActivation } from '../../activations/index.ts';
import { HESSIAN_PLANE_HALF_WIDTH } from '../expand-study.ts';
import type { StudyMetrics } from '../study-metrics.ts';
import { formatNumber } from './format.ts';
import type { Block, ReportTable, TableCell } from './report-document.ts';

const num = (text: string): TableCell => ({ text, numeric: true });

/** The study's configurations with a trainable activation: label, the first seed's run id, and the activation as `train --activations` takes it. */
function trainableModels(metrics: StudyMetrics): Array<{ label: string; runId: string; activation: string }> {
  return metrics.configurations
    .filter(({ config, runs }) => getActivation(config.activation).params.length > 0 && runs.length > 0)
    .map(({ config, runs }) => ({ label: config.label, runId: runs[0].run.spec.id, activation: `${config.activation}${config.batchNorm ? '+bn' : ''}` }));
}

/** The largest number of random planes around one model (0 without random surfaces). */
export function randomPlanesPerModel(metrics: StudyMetrics): number {
  return Math.max(0, ...metrics.configurations.flatMap(({ config }) => metrics.models(config.id, 'random').map((m) => m.planes.length)));
}

function directionNoiseLine(metrics: StudyMetrics, stem: string): string | null {
  const planes = randomPlanesPerModel(metrics);
  if (planes === 0) return null;
  if (planes === 1) {
    return `Direction noise: not measured. Each model’s random-direction metrics come from one plane (direction seed 0), so how much they change with the plane is unknown here; \`npx landscape-lab surface ${stem}.lab --direction-seeds 5 --grid 11 --out ${stem}-planes.lab\` computes five planes per model with each metric’s mean ± sd (a study run at the quick or full scale computes 3).`;
  }
  return `Direction noise: measured on ${planes} random planes per model (direction seeds 0–${planes - 1}); each model’s random-direction metric is the mean over its planes, the tables show the spread over the planes, and the verdicts use both noises (Method).`;
}

function hessianPlaneTable(planes: readonly SurfaceData[], labelOf: (runId: string) => string): ReportTable {
  const value = (s: SurfaceData, i: number): string => {
    const plane = s.hessianPlane;
    if (!plane || plane.eigenvalues[i] === undefined) return '–';
    return `${formatNumber(plane.eigenvalues[i], 3)} (residual ${formatNumber(plane.residuals[i], 3)})`;
  };
  return {
    caption:
      'The Hessian’s two eigenvalues of largest magnitude at each trained model (the axes of its Hessian plane), found by Lanczos on finite-difference Hessian-vector products over the evaluation subset, each with its measured residual ‖Hv − λv‖ ÷ |λ|. A residual near 1 means the vector found is not an eigenvector: read it before trusting λ.',
    header: ['Model', 'λ₁ (residual)', 'λ₂ (residual)', 'Lanczos steps', 'Examples'],
    rows: planes.map((s) => [{ text: labelOf(s.runId) }, num(value(s, 0)), num(value(s, 1)), num(String(s.hessianPlane?.lanczosSteps ?? '–')), num(String(s.hessianPlane?.examples ?? '–'))]),
  };
}

function evolutionTable(frames: readonly SurfaceData[], labelOf: (runId: string) => string, order: readonly string[]): ReportTable {
  const sorted = [...frames].sort((a, b) => order.indexOf(a.runId) - order.indexOf(b.runId) || (a.recipe.checkpoint?.epoch ?? 0) - (b.recipe.checkpoint?.epoch ?? 0));
  return {
    caption:
      'Landscape evolution: the random plane of each model’s final weights, around every stored checkpoint (epoch 0: the initial weights), with its metrics at that point of training (definitions as in the random-direction tables).',
    header: ['Model', 'Epoch', 'Centre loss', 'Sharpness', 'Roughness', 'Basin %'],
    rows: sorted.map((s) => {
      const m = s.metrics;
      return [
        { text: labelOf(s.runId) },
        num(String(s.recipe.checkpoint?.epoch ?? '–')),
        num(formatNumber(m?.centre.loss ?? NaN, 4)),
        num(formatNumber(m?.sharpness.value ?? NaN, 3)),
        num(formatNumber(m?.roughness.laplacian ?? NaN, 4)),
        num(formatNumber(m ? 100 * m.basin.belowTwiceCentre : NaN, 1)),
      ];
    }),
  };
}

/** The lines (and tables, where computed) of direction noise, Hessian plane and evolution; empty when none applies. */
export function landscapeFeatureBlocks(metrics: StudyMetrics, stem: string): Block[] {
  const label = new Map(metrics.configurations.flatMap(({ config, runs }) => runs.map(({ seed, run }) => [run.spec.id, `${config.label} · seed ${seed}`] as const)));
  const labelOf = (runId: string): string => label.get(runId) ?? runId;
  /** The models some of `of` are around, in the study's order. */
  const modelsOf = (of: readonly SurfaceData[]): string[] => [...label].filter(([runId]) => of.some((s) => s.runId === runId)).map(([, text]) => text);
  const surfaces = metrics.snapshot.surfaces;
  const trainable = trainableModels(metrics);
  const lines: string[] = [];
  const tables: ReportTable[] = [];
  const noise = directionNoiseLine(metrics, stem);
  if (noise) lines.push(noise);

  const hessianPlanes = surfaces.filter((s) => s.recipe.direction === 'hessian' && s.hessianPlane);
  if (hessianPlanes.length) {
    lines.push(`Hessian plane: computed around ${modelsOf(hessianPlanes).join(', ')} (its figure and metrics are above); its eigenvalues with their residuals are in the next table.`);
    tables.push(hessianPlaneTable(hessianPlanes, labelOf));
  } else if (trainable.length) {
    const runs = trainable.map((t) => t.runId).join(',');
    lines.push(
      `Hessian plane: not computed by this study. The plane of the Hessian’s two top eigenvectors, with λ₁, λ₂ and their residuals, around the trainable activations’ first-seed models: \`npx landscape-lab surface ${stem}.lab --runs ${runs} --dir hessian --grid 21 --x -${HESSIAN_PLANE_HALF_WIDTH}:${HESSIAN_PLANE_HALF_WIDTH}:21 --y -${HESSIAN_PLANE_HALF_WIDTH}:${HESSIAN_PLANE_HALF_WIDTH}:21 --out ${stem}-hessian.lab\`.`,
    );
  }

  const frames = surfaces.filter((s) => s.recipe.checkpoint);
  if (frames.length) {
    lines.push(`Landscape evolution: computed around ${modelsOf(frames).join(', ')}, a frame per stored checkpoint; its metrics over training are in the next table.`);
    tables.push(evolutionTable(frames, labelOf, [...label.keys()]));
  } else if (trainable.length) {
    const kept = trainable.filter((t) => (metrics.snapshot.runs.find((r) => r.spec.id === t.runId)?.checkpointEpochs.length ?? 0) > 2);
    lines.push(
      kept.length
        ? `Landscape evolution: not computed by this study, but the snapshot keeps every epoch’s checkpoint of ${kept.map((t) => t.label).join(', ')}: \`npx landscape-lab surface ${stem}.lab --runs ${kept.map((t) => t.runId).join(',')} --evolution --grid 21 --out ${stem}-evolution.lab\` computes a frame per checkpoint, which the app plays.`
        : `Landscape evolution: not computed. The study keeps no checkpoints of these runs; train the trainable activations again with checkpoints (\`npx landscape-lab train --activations ${trainable.map((t) => t.activation).join(',')} --checkpoint-every 1 …\`), then \`surface --evolution\` computes a frame per checkpoint, which the app plays.`,
    );
  }
  if (lines.length === 0) return [];
  return [{ kind: 'paragraph', text: 'Beyond the planes above:' }, { kind: 'list', items: lines }, ...tables.map((table): Block => ({ kind: 'table', table }))];
}
