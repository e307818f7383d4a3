/**
 * The report's loss landscapes: a 3D image and a contour map of every
 * model's surface (its first plane) on one shared colour scale, then the
 * surface metrics' tables (surface-tables.ts).
 */
import type { SurfaceData } from '../../../contract.ts';
import type { StudyMetrics } from '../study-metrics.ts';
import { surfaceCentre } from '../study-surface-metrics.ts';
import type { SurfaceDirection } from '../study-types.ts';
import { colourBarSvg } from './colour-bar.ts';
import { contourMapSvg } from './contour-map.ts';
import { formatNumber } from './format.ts';
import type { Block, ReportFigure } from './report-document.ts';
import { surface3dSvg } from './surface-3d.ts';
import { DIRECTION_TITLES, rankedTable, summaryTable, type ModelPlanes } from './surface-tables.ts';
import { LossScale } from './svg-kit.ts';

const DIRECTIONS: SurfaceDirection[] = ['random', 'act-param', 'pca', 'hessian'];

interface Placed {
  surface: SurfaceData;
  label: string;
  seed: number;
}

/** Every model's surfaces along one kind of direction, by configuration and seed. */
function modelsAlong(metrics: StudyMetrics, direction: SurfaceDirection): ModelPlanes[] {
  return metrics.configurations.flatMap(({ config }) => metrics.models(config.id, direction).map(({ seed, planes }) => ({ label: config.label, seed, planes })));
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
    case 'hessian':
      return { short: ['v₁', 'v₂'], long: ['α (eigenvector 1)', 'β (eigenvector 2)'] };
    default:
      return { short: ['α', 'β'], long: ['α (direction 1)', 'β (direction 2)'] };
  }
}

function centreOf(surface: SurfaceData, metrics: StudyMetrics): { x: number; y: number } {
  return surfaceCentre(surface, metrics.snapshot.runs.find((r) => r.spec.id === surface.runId));
}

const fileSafe = (id: string): string => id.replace(/[^A-Za-z0-9_.-]/g, '_');

function surfaceFigure(direction: SurfaceDirection, placed: Placed[], scale: LossScale, metrics: StudyMetrics, planes: number): ReportFigure {
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
    caption: `Training loss ${DIRECTION_TITLES[direction]}: 3D view and contour map per model (white dot: the trained model; red cross: the grid’s minimum${direction === 'pca' ? '; white line: the training trajectory, one dot per checkpoint' : ''}). Colours and heights share one log scale across every surface of this report.${planes > 1 ? ` Each model is drawn on its first plane (direction seed ${placed[0].surface.recipe.seed}) of ${planes}; the tables below are over all of them.` : ''}`,
    panels: groups.flatMap((g) => g.panels),
    layout: 'cards',
    groups,
  };
}

/** The landscape section's blocks; a paragraph when the snapshot holds no surface. */
export function surfaceBlocks(metrics: StudyMetrics): Block[] {
  const along = DIRECTIONS.map((direction) => ({ direction, models: modelsAlong(metrics, direction) })).filter((d) => d.models.length > 0);
  if (along.length === 0) return [{ kind: 'paragraph', text: 'This study computed no surfaces.' }];
  // Each model is drawn on its first plane (direction seed); the other planes enter the tables.
  const drawn = (models: readonly ModelPlanes[]): Placed[] => models.map(({ label, seed, planes }) => ({ surface: planes[0], label, seed }));
  const scale = new LossScale(along.flatMap(({ models }) => drawn(models).flatMap((p) => Array.from(p.surface.values.trainLoss))));
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: `Every surface is the training loss on the same fixed evaluation subset, around a trained model. One colour scale (log₁₀ loss from ${formatNumber(10 ** scale.lo, 3)} to ${formatNumber(10 ** scale.hi, 3)}) serves every image below, so colours compare across models.`,
    },
    { kind: 'figure', figure: { caption: 'The colour scale of every surface in this report.', layout: 'wide', panels: [{ file: 'colour-scale.svg', alt: 'Colour scale', svg: colourBarSvg(scale, 'loss-gradient') }] } },
  ];
  for (const { direction, models } of along) {
    const planes = Math.max(...models.map((m) => m.planes.length));
    blocks.push({ kind: 'figure', figure: surfaceFigure(direction, drawn(models), scale, metrics, planes) });
    blocks.push({ kind: 'table', table: rankedTable(direction, models) });
    const summary = summaryTable(direction, metrics);
    if (summary) blocks.push({ kind: 'table', table: summary });
  }
  return blocks;
}
