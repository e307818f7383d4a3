/**
 * What a field's colours show: its own values on the view's z scale, or —
 * for a mean of several surfaces — the per-point spread on a linear scale of
 * its own (height = mean, colour = standard deviation). The 3D mesh, the 2D
 * map, the colour bar and the PNG export all colour through here, so they
 * always agree.
 */
import type { GridField } from './grid-field.ts';
import { makeZScale, normalise, type ZScale } from './z-scale.ts';

export interface FieldColour {
  /** The values the colours stand for (one per grid point). */
  values: ArrayLike<number>;
  scale: ZScale;
  /** The colour bar's title. */
  quantity: string;
}

export function fieldColour(field: Pick<GridField, 'values' | 'done' | 'quantity' | 'spread'>, scale: ZScale): FieldColour {
  if (!field.spread) return { values: field.values, scale, quantity: field.quantity };
  const spreadScale = makeZScale([{ values: field.spread.values, done: field.done }], { kind: 'linear', clipMax: null });
  return { values: field.spread.values, scale: spreadScale, quantity: field.spread.quantity };
}

/** Place on the colour map (0 … 1) of point `i`; 0 where the colour value is missing. */
export function colourT(colour: FieldColour, i: number): number {
  const t = normalise(colour.values[i], colour.scale);
  return Number.isNaN(t) ? 0 : t;
}
