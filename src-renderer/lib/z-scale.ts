/**
 * The vertical scale of a surface view: linear or log₁₀, an optional clip
 * (values above it are drawn flat at the clip and flagged), and a range that
 * can be shared by several surfaces so their heights and colours compare.
 *
 * Heights and colours both come from `normalise`, which maps a raw value to
 * t ∈ [0, 1]; points that have no value (not computed, or non-finite) map to
 * NaN and are drawn as missing, never as 0.
 */
import { logTicks, niceTicks } from './axis-ticks.ts';

export type ZScaleKind = 'linear' | 'log';

export interface ZScaleOptions {
  kind: ZScaleKind;
  /** Values above this (in raw units, e.g. loss) are clamped to it; null = no clip. */
  clipMax: number | null;
  /**
   * Difference surfaces: a range symmetric about 0, so 0 sits at t = 0.5
   * (white in the diverging colour map). Forces the linear kind.
   */
  symmetric?: boolean;
}

export interface ZScale {
  kind: ZScaleKind;
  /** Range in transformed units (log₁₀ of the value for `log`). */
  lo: number;
  hi: number;
  clipMax: number | null;
  symmetric: boolean;
}

/** Anything with values on a grid and a flag per point saying it was computed. */
export interface ZSource {
  values: ArrayLike<number>;
  /** 1 where computed; a point with done 0 has no value yet. */
  done: ArrayLike<number>;
}

/** Raw value → transformed units; NaN when the value cannot be shown on this scale. */
export function transformValue(value: number, kind: ZScaleKind): number {
  if (!Number.isFinite(value)) return NaN;
  if (kind === 'linear') return value;
  // A loss of exactly 0 (or a negative difference) has no logarithm; the caller
  // clamps it to the bottom of the range rather than dropping it.
  return value > 0 ? Math.log10(value) : -Infinity;
}

/** Transformed units → raw value (for colour-bar labels). */
export function untransformValue(transformed: number, kind: ZScaleKind): number {
  return kind === 'log' ? Math.pow(10, transformed) : transformed;
}

/** Whether point `i` of a source has a value that can be drawn. */
export function hasValue(source: ZSource, i: number): boolean {
  return source.done[i] !== 0 && Number.isFinite(source.values[i]);
}

/**
 * The range of the drawable values of every source, in transformed units,
 * after clipping. Null when no source has a single drawable value.
 */
export function commonRange(sources: readonly ZSource[], options: ZScaleOptions): { lo: number; hi: number } | null {
  const kind = options.symmetric ? 'linear' : options.kind;
  const clip = options.clipMax !== null && Number.isFinite(options.clipMax) ? transformValue(options.clipMax, kind) : Infinity;
  let lo = Infinity;
  let hi = -Infinity;
  for (const source of sources) {
    const n = source.values.length;
    for (let i = 0; i < n; i++) {
      if (!hasValue(source, i)) continue;
      const t = transformValue(source.values[i], kind);
      if (t === -Infinity) continue;
      const v = Math.min(t, clip);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo === Infinity) return null;
  if (options.symmetric) {
    const m = Math.max(Math.abs(lo), Math.abs(hi));
    return { lo: -m, hi: m };
  }
  return { lo, hi };
}

/** A scale whose range covers all `sources` (one source: its own range; several: a shared one). */
export function makeZScale(sources: readonly ZSource[], options: ZScaleOptions): ZScale {
  const symmetric = options.symmetric === true;
  const kind: ZScaleKind = symmetric ? 'linear' : options.kind;
  const range = commonRange(sources, options) ?? { lo: 0, hi: 1 };
  let { lo, hi } = range;
  if (hi - lo < 1e-12) {
    // A flat surface still needs a non-empty range: centre it.
    const pad = Math.max(Math.abs(hi) * 1e-3, 1e-6);
    lo -= pad;
    hi += pad;
  }
  return { kind, lo, hi, clipMax: options.clipMax, symmetric };
}

/** Raw value → t ∈ [0, 1] on the scale (clipped values → 1, values ≤ 0 on a log scale → 0); NaN when not drawable. */
export function normalise(value: number, scale: ZScale): number {
  const t = transformValue(value, scale.kind);
  if (Number.isNaN(t)) return NaN;
  if (t === -Infinity) return 0;
  return Math.min(1, Math.max(0, (t - scale.lo) / (scale.hi - scale.lo)));
}

/** Whether the value is above the clip (drawn flat at the top). */
export function isClipped(value: number, scale: ZScale): boolean {
  return scale.clipMax !== null && Number.isFinite(value) && value > scale.clipMax;
}

/** The raw value at t ∈ [0, 1] of the scale (inverse of `normalise` inside the range). */
export function valueAt(t: number, scale: ZScale): number {
  return untransformValue(scale.lo + t * (scale.hi - scale.lo), scale.kind);
}

/** Tick values (raw units) for an axis or colour bar on this scale. */
export function scaleTicks(scale: ZScale, count = 4): number[] {
  if (scale.kind === 'log') return logTicks(scale.lo, scale.hi);
  return niceTicks(valueAt(0, scale), valueAt(1, scale), count);
}
