/**
 * The hover read-out of a surface: the grid point nearest to where the
 * pointer is, with its plane coordinates and every grid's value there. The
 * values shown are the computed ones, not interpolated between points.
 */
import { formatAccuracy, formatCoordinate, formatLoss, formatNumber } from './format.ts';
import { pointState, type GridField, type PointState } from './grid-field.ts';

export interface ReadoutLine {
  quantity: string;
  text: string;
}

export interface Readout {
  index: number;
  alpha: number;
  beta: number;
  state: PointState;
  lines: ReadoutLine[];
}

function formatFor(kind: GridField['kind'], value: number): string {
  // Fields hold accuracies in percent.
  if (kind === 'accuracy') return formatAccuracy(value / 100);
  if (kind === 'difference') return value > 0 ? `+${formatNumber(value, 4)}` : formatNumber(value, 4);
  return formatLoss(value);
}

/** The read-out at fractional grid coordinates (gx along α, gy along β); null off the grid. */
export function readoutAt(field: GridField, gx: number, gy: number): Readout | null {
  const nx = field.xs.length;
  const ny = field.ys.length;
  const ix = Math.round(gx);
  const iy = Math.round(gy);
  if (ix < 0 || iy < 0 || ix >= nx || iy >= ny) return null;
  const index = iy * nx + ix;
  const state = pointState(field, index);
  const describe = (kind: GridField['kind'], value: number): string =>
    state === 'pending' ? 'not computed yet' : Number.isFinite(value) ? formatFor(kind, value) : `${formatNumber(value)} (non-finite)`;
  // A mean of several planes reads "mean ± std" (the standard deviation over the planes).
  const spread = field.spread && state === 'ok' && Number.isFinite(field.spread.values[index]) ? ` ± ${formatNumber(field.spread.values[index], 3)}` : '';
  const lines: ReadoutLine[] = [
    { quantity: field.quantity, text: describe(field.kind, field.values[index]) + spread },
    ...field.readouts.map((r) => ({ quantity: r.quantity, text: describe(r.kind, r.values[index]) })),
  ];
  return { index, alpha: field.xs[ix], beta: field.ys[iy], state, lines };
}

/** "α = 0.25, β = −0.5" */
export function coordinateText(readout: Pick<Readout, 'alpha' | 'beta'>): string {
  return `α = ${formatCoordinate(readout.alpha)}, β = ${formatCoordinate(readout.beta)}`;
}
