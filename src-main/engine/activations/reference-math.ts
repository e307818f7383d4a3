/**
 * Plain-number (float64) special functions for the activations' reference
 * closed forms. JavaScript has no Math.erf; these reach ~1e-14 relative
 * accuracy, far below float32's resolution, so the tests' ground truth and its
 * finite differences are not limited by them.
 */

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
/** Below this |x| the Maclaurin series is used, above it the continued fraction. */
const SERIES_LIMIT = 2.5;

/** erf by its Maclaurin series: 2/√π · Σ (−1)ⁿ x^(2n+1) / (n!(2n+1)). For |x| ≤ 2.5. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x; // (−1)ⁿ x^(2n+1) / n!
  let sum = x;
  for (let n = 1; n < 200; n += 1) {
    term *= -x2 / n;
    const contribution = term / (2 * n + 1);
    sum += contribution;
    if (Math.abs(contribution) < 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * sum;
}

/**
 * erfc(x) for x ≥ 2.5 by the continued fraction
 * erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated from the tail.
 */
function erfcContinuedFraction(x: number): number {
  let tail = x;
  for (let n = 300; n >= 1; n -= 1) tail = x + n / 2 / tail;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / tail;
}

/** The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt, in float64. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (Math.abs(x) <= SERIES_LIMIT) return erfSeries(x);
  const tail = erfcContinuedFraction(Math.abs(x));
  return x > 0 ? 1 - tail : tail - 1;
}

/** The complementary error function 1 − erf(x), accurate also where it is tiny (x ≫ 0). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (Math.abs(x) <= SERIES_LIMIT) return 1 - erfSeries(x);
  const tail = erfcContinuedFraction(Math.abs(x));
  return x > 0 ? tail : 2 - tail;
}
