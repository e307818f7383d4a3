/**
 * Tick values for axes and colour bars: "nice" round numbers (1, 2, 5 × 10ᵏ)
 * on linear scales, decades (and 2×, 5× when a range spans few decades) on
 * log scales.
 */
import { formatNumber } from './format.ts';

/** The step of about `count` nice ticks over [min, max]. */
export function niceStep(min: number, max: number, count: number): number {
  const span = Math.abs(max - min);
  if (!(span > 0) || !Number.isFinite(span)) return 0;
  const raw = span / Math.max(1, count);
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const fraction = raw / power;
  const nice = fraction >= 7.5 ? 10 : fraction >= 3.5 ? 5 : fraction >= 1.5 ? 2 : 1;
  return nice * power;
}

/** About `count` round values inside [min, max], ascending. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const lo = Math.min(min, max);
  const hi = Math.max(min, max);
  const step = niceStep(lo, hi, count);
  if (step === 0) return [lo];
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) {
    // Multiplying the integer index avoids the drift of repeated addition (0.30000000000000004).
    const value = k * step;
    ticks.push(Math.abs(value) < step * 1e-9 ? 0 : Number(value.toPrecision(12)));
  }
  return ticks;
}

/**
 * Ticks for a log₁₀ scale whose range is [lo, hi] in log units: raw values
 * 10ᵏ, plus 2·10ᵏ and 5·10ᵏ when the range spans under three decades; falls
 * back to nice linear ticks of the raw values inside a single decade.
 */
export function logTicks(lo: number, hi: number): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo) return [];
  const decades = hi - lo;
  const ticks: number[] = [];
  const multipliers = decades < 3 ? [1, 2, 5] : [1];
  for (let k = Math.floor(lo); k <= Math.ceil(hi); k++) {
    for (const m of multipliers) {
      const value = m * Math.pow(10, k);
      const t = Math.log10(value);
      if (t >= lo - 1e-9 && t <= hi + 1e-9) ticks.push(Number(value.toPrecision(12)));
    }
  }
  if (ticks.length >= 2) return ticks;
  return niceTicks(Math.pow(10, lo), Math.pow(10, hi), 4);
}

/**
 * Labels for tick values: `minDigits` significant digits, or more where
 * neighbouring ticks would otherwise read the same (0.4995, 0.5, 0.5005 are
 * not "0.5" three times). Null ticks (skipped by the chart) get no label.
 */
export function tickLabels(values: readonly (number | null)[], minDigits = 3): string[] {
  const shown = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const distinct = new Set(shown).size;
  let labels: string[] = [];
  for (let digits = minDigits; digits <= 12; digits++) {
    labels = values.map((v) => (v === null ? '' : formatNumber(v, digits)));
    if (new Set(labels.filter((_, i) => values[i] !== null && Number.isFinite(values[i]))).size === distinct) break;
  }
  return labels;
}
