/**
 * The report's loss landscapes: a 3D image and a contour map of every
 * surface on one shared colour scale, the surface metrics ranked from the
 * smoothest, and (where several seeds have surfaces) their mean ± sd.
 */
import type { SurfaceData } from '../../../contract.ts';
import { SURFACE_METRICS, surfaceMetric, type StudyMetrics } from '../study-metrics.ts';
import { surfaceCentre } from '../study-surface-metrics.ts';
import type { SurfaceDirection, SurfaceMetricName } from '../study-types.ts';
import { summarise } from '../verdict-rule.ts';
import { colourBarSvg } from './colour-bar.ts';
import { contourMapSvg } from './contour-map.ts';
import { formatNumber, formatSummary } from './format.ts';
import type { Block, ReportFigure, ReportTable, TableCell } from './report-document.ts';
import { surface3dSvg } from './surface-3d.ts';
import { LossScale } from './svg-kit.ts';

const DIRECTIONS: SurfaceDirection[] = ['random', 'act-param', 'pca'];

const DIRECTION_TITLES: Record<SurfaceDirection, string> = {
  random: 'along two filter-normalised random directions',
  'act-param': 'along a random direction and the activation parameter’s own axis',
  pca: 'in the PCA plane of the training trajectory',
};

interface Placed {
  surface: SurfaceData;
  label: string;
  seed: number;
}

function placedSurfaces(metrics: StudyMetrics): Placed[] {
  return metrics.configurations.flatMap(({ config, runs }) =>
    runs.flatMap(({ seed, run }) =>
      metrics.snapshot.surfaces.filter((s) => s.runId === run.spec.id).map((surface) => ({ surface, label: config.label, seed })),
    ),
  );
}

/** Axis titles: short ones for the 3D view, long ones for the contour map. */
function axisLabels(surface: SurfaceData): { short: [string, string]; long: [string, string] } {
  switch (surface.recipe.direction) {
    case 'act-param': {
      const param = surface.recipe.activationParam ?? 'parameter';
      return { short: ['α', param], long: ['α (random direction)', `${param} (activation parameter)`] };
    }
    case 'pca': {
      const variance = surface.pca?.explainedVariance;
      const long: [string, string] = variance ? [`PC 1 (${formatNumber(100 * variance[0], 1)}%)`, `PC 2 (${formatNumber(100 * variance[1], 1)}%)`] : ['PC 1', 'PC 2'];
      return { short: ['PC 1', 'PC 2'], long };
    }
    default:
      return { short: ['α', 'β'], long: ['α (direction 1)', 'β (direction 2)'] };
  }
}

function centreOf(surface: SurfaceData, metrics: StudyMetrics): { x: number; y: number } {
  return surfaceCentre(surface, metrics.snapshot.runs.find((r) => r.spec.id === surface.runId));
}

const fileSafe = (id: string): string => id.replace(/[^A-Za-z0-9_.-]/g, '_');

function surfaceFigure(direction: SurfaceDirection, placed: Placed[], scale: LossScale, metrics: StudyMetrics): ReportFigure {
  const groups = placed.map(({ surface, label, seed }) => {
    const title = `${label} · seed ${seed}`;
    const labels = axisLabels(surface);
    const [xLabel, yLabel] = labels.long;
    const field = { xCoordinates: surface.xCoordinates, yCoordinates: surface.yCoordinates, loss: surface.values.trainLoss };
    const m = surface.metrics;
    const note = m
      ? `roughness ${formatNumber(m.roughness.laplacian, 4)} · sharpness ${formatNumber(m.sharpness.value, 3)}${m.hessian ? ` · λmax ${formatNumber(m.hessian.topEigenvalue, 3)}` : ''}${m.nonFinitePoints ? ` · ${m.nonFinitePoints} non-finite points` : ''}`
      : 'metrics not computed';
    const id = fileSafe(surface.id);
    return {
      title,
      note,
      panels: [
        { file: `${id}-3d.svg`, alt: `${title}: 3D view`, svg: surface3dSvg(field, scale, { title: '3D view', xLabel: labels.short[0], yLabel: labels.short[1], width: 250, height: 200 }) },
        {
          file: `${id}-contour.svg`,
          alt: `${title}: contour map`,
          svg: contourMapSvg(field, scale, {
            title: 'Contour map',
            size: 200,
            xLabel,
            yLabel,
            id: `clip-${id.replace(/\./g, '-')}`,
            centre: centreOf(surface, metrics),
            minimum: m ? { x: m.minimum.x, y: m.minimum.y } : undefined,
            trajectory: surface.pca?.trajectory,
          }),
        },
      ],
    };
  });
  return {
    caption: `Training loss ${DIRECTION_TITLES[direction]}: 3D view and contour map per model (white dot: the trained model; red cross: the grid’s minimum${direction === 'pca' ? '; white line: the training trajectory, one dot per checkpoint' : ''}). Colours and heights share one log scale across every surface of this report.`,
    panels: groups.flatMap((g) => g.panels),
    layout: 'cards',
    groups,
  };
}

const TABLE_METRICS: Array<{ name: string; value: (s: SurfaceData) => number; digits: number }> = [
  { name: 'Centre loss', value: (s) => surfaceMetric(s, 'centreLoss'), digits: 4 },
  { name: 'Sharpness', value: (s) => surfaceMetric(s, 'sharpness'), digits: 3 },
  { name: 'Curvature x', value: (s) => s.metrics?.curvature.x ?? NaN, digits: 3 },
  { name: 'Curvature y', value: (s) => s.metrics?.curvature.y ?? NaN, digits: 3 },
  { name: 'Roughness', value: (s) => surfaceMetric(s, 'roughness'), digits: 4 },
  { name: 'Local minima', value: (s) => s.metrics?.roughness.localMinima ?? NaN, digits: 0 },
  { name: 'Basin %', value: (s) => surfaceMetric(s, 'basin'), digits: 1 },
  { name: 'Hessian λmax', value: (s) => surfaceMetric(s, 'hessianTop'), digits: 3 },
  { name: 'Hessian trace', value: (s) => surfaceMetric(s, 'hessianTrace'), digits: 2 },
];

function rankedTable(direction: SurfaceDirection, placed: Placed[]): ReportTable {
  const sorted = [...placed].sort((a, b) => {
    const [ra, rb] = [surfaceMetric(a.surface, 'roughness'), surfaceMetric(b.surface, 'roughness')];
    return (Number.isFinite(ra) ? ra : Infinity) - (Number.isFinite(rb) ? rb : Infinity);
  });
  const rows: TableCell[][] = sorted.map((p, i) => [
    { text: String(i + 1), numeric: true },
    { text: `${p.label} · seed ${p.seed}` },
    ...TABLE_METRICS.map((m) => ({ text: formatNumber(m.value(p.surface), m.digits), numeric: true })),
  ]);
  return {
    caption: `Surface metrics ${DIRECTION_TITLES[direction]}, ranked from the smoothest (lowest roughness). Sharpness: ε-sharpness on the plane (max over the ε-ball of L − L₀, ÷ (1 + L₀), × 100); curvature: second derivative of a quadratic fit through the centre; roughness: mean |discrete Laplacian| ÷ mean loss; basin: share of the grid below twice the centre loss; Hessian at the trained model on the evaluation subset.`,
    header: ['Rank', 'Model', ...TABLE_METRICS.map((m) => m.name)],
    rows,
  };
}

const SUMMARY_METRICS: SurfaceMetricName[] = ['roughness', 'sharpness', 'hessianTop', 'hessianTrace', 'basin'];

function summaryTable(direction: SurfaceDirection, metrics: StudyMetrics): ReportTable | null {
  const rows = metrics.configurations
    .map(({ config }) => ({ config, surfaces: metrics.surfaces(config.id, direction) }))
    .filter((c) => c.surfaces.length > 0);
  if (!rows.some((c) => c.surfaces.length > 1)) return null;
  return {
    caption: `Surface metrics ${DIRECTION_TITLES[direction]}, mean ± sd over the seeds’ models (definitions as in the table above).`,
    header: ['Configuration', 'Surfaces', ...SUMMARY_METRICS.map((m) => SURFACE_METRICS[m].short)],
    rows: rows.map(({ config, surfaces }) => [
      { text: config.label },
      { text: String(surfaces.length), numeric: true },
      ...SUMMARY_METRICS.map((m) => ({
        text: formatSummary(summarise(surfaces.map((s) => surfaceMetric(s.surface, m))), SURFACE_METRICS[m]),
        numeric: true,
      })),
    ]),
  };
}

/** The landscape section's blocks; empty when the snapshot holds no surface. */
export function surfaceBlocks(metrics: StudyMetrics): Block[] {
  const placed = placedSurfaces(metrics);
  if (placed.length === 0) return [{ kind: 'paragraph', text: 'This study computed no surfaces.' }];
  const scale = new LossScale(placed.flatMap((p) => Array.from(p.surface.values.trainLoss)));
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: `Every surface is the training loss on the same fixed evaluation subset, around a trained model. One colour scale (log₁₀ loss from ${formatNumber(10 ** scale.lo, 3)} to ${formatNumber(10 ** scale.hi, 3)}) serves every image below, so colours compare across models.`,
    },
    { kind: 'figure', figure: { caption: 'The colour scale of every surface in this report.', layout: 'wide', panels: [{ file: 'colour-scale.svg', alt: 'Colour scale', svg: colourBarSvg(scale, 'loss-gradient') }] } },
  ];
  for (const direction of DIRECTIONS) {
    const ofDirection = placed.filter((p) => p.surface.recipe.direction === direction);
    if (ofDirection.length === 0) continue;
    blocks.push({ kind: 'figure', figure: surfaceFigure(direction, ofDirection, scale, metrics) });
    blocks.push({ kind: 'table', table: rankedTable(direction, ofDirection) });
    const summary = summaryTable(direction, metrics);
    if (summary) blocks.push({ kind: 'table', table: summary });
  }
  return blocks;
}
