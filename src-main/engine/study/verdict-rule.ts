/**
 * The rule that turns numbers into a verdict, so that a verdict is never a
 * coin flip between seeds.
 *
 * A claim "A is higher than B" compares the seeds' means. The difference
 * counts only if it is larger than the noise threshold
 *
 *     t = 2 · √(s_A²/n_A + s_B²/n_B)
 *
 * (twice the standard error of the difference of the means, s = sample
 * standard deviation over seeds, n = seeds). With three seeds a side and
 * equal spreads, t ≈ 1.6 s: a difference smaller than the seeds' own
 * standard deviation never counts. Then:
 *
 *   difference ≥ t in the claimed direction   → reproduced
 *   difference ≥ t in the opposite direction  → not reproduced
 *   |difference| < t                           → not reproduced (within noise)
 *
 * The noise cannot be estimated from one seed: a comparison with fewer than
 * two seeds on a side is "not comparable" (unless the metric does not vary
 * with the seed, like a parameter count, whose threshold is 0).
 *
 * `summarise` and `noiseThreshold` live in contract/noise-rule.ts, which the
 * app's Compare table uses too.
 */
import { noiseThreshold, summarise, type Summary } from '../../contract/noise-rule.ts';

export type Verdict = 'reproduced' | 'not-reproduced' | 'within-noise' | 'not-comparable';

export const VERDICT_LABELS: Record<Verdict, string> = {
  reproduced: 'reproduced',
  'not-reproduced': 'not reproduced',
  'within-noise': 'not reproduced (within noise)',
  'not-comparable': 'not comparable at this scale',
};

export { noiseThreshold, summarise, type Summary };

export interface Comparison {
  /** mean(A) − mean(B), signed so that a positive value supports the claim. */
  difference: number;
  threshold: number;
  verdict: Verdict;
}

/**
 * Judges "A is `expect` than B". Differences exactly at a zero threshold (a
 * tie of deterministic values) support neither side.
 */
export function compareSummaries(a: Summary, b: Summary, expect: 'higher' | 'lower', deterministic = false): Comparison {
  const raw = a.mean - b.mean;
  const difference = expect === 'higher' ? raw : -raw;
  const threshold = noiseThreshold(a, b, deterministic);
  if (!Number.isFinite(difference) || !Number.isFinite(threshold)) return { difference, threshold, verdict: 'not-comparable' };
  if (difference > 0 && difference >= threshold) return { difference, threshold, verdict: 'reproduced' };
  if (difference < 0 && -difference >= threshold) return { difference, threshold, verdict: 'not-reproduced' };
  return { difference, threshold, verdict: 'within-noise' };
}

/**
 * Judges "A is the highest (lowest) of the group": reproduced when it beats
 * every other by more than the threshold; not reproduced when some other
 * beats it by more than the threshold; within noise otherwise.
 */
export function judgeExtreme(comparisons: readonly Comparison[]): Verdict {
  if (comparisons.length === 0 || comparisons.some((c) => c.verdict === 'not-comparable')) return 'not-comparable';
  if (comparisons.some((c) => c.verdict === 'not-reproduced')) return 'not-reproduced';
  return comparisons.every((c) => c.verdict === 'reproduced') ? 'reproduced' : 'within-noise';
}

/**
 * Judges "A and B are about the same": reproduced when the means are within
 * `margin`; not reproduced when they differ by more than the margin AND the
 * noise threshold; within noise when the difference is larger than the margin
 * but the seeds cannot tell.
 */
export function judgeSimilar(a: Summary, b: Summary, margin: number): Comparison {
  const difference = Math.abs(a.mean - b.mean);
  const threshold = noiseThreshold(a, b);
  if (!Number.isFinite(difference) || !Number.isFinite(threshold)) return { difference, threshold, verdict: 'not-comparable' };
  if (difference <= margin) return { difference, threshold, verdict: 'reproduced' };
  return { difference, threshold, verdict: difference >= threshold ? 'not-reproduced' : 'within-noise' };
}

/**
 * Judges "ours equals the study's number": reproduced when |ours − theirs| is
 * within the tolerance or within twice our standard error (whichever is
 * larger), not reproduced otherwise.
 */
export function judgeValue(ours: Summary, theirs: number, tolerance: number): Comparison {
  const difference = ours.mean - theirs;
  const standardError = ours.n > 1 ? ours.sd / Math.sqrt(ours.n) : 0;
  const threshold = Math.max(tolerance, 2 * standardError);
  if (!Number.isFinite(difference)) return { difference, threshold, verdict: 'not-comparable' };
  return { difference, threshold, verdict: Math.abs(difference) <= threshold ? 'reproduced' : 'not-reproduced' };
}

/** Kendall's τ between two rankings of the same items (best first): 1 identical, −1 reversed. */
export function kendallTau(a: readonly string[], b: readonly string[]): number {
  const position = new Map(b.map((item, i) => [item, i]));
  let concordant = 0;
  let discordant = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) {
      const pi = position.get(a[i]);
      const pj = position.get(a[j]);
      if (pi === undefined || pj === undefined) continue;
      if (pi < pj) concordant++;
      else discordant++;
    }
  }
  const pairs = concordant + discordant;
  return pairs === 0 ? NaN : (concordant - discordant) / pairs;
}
