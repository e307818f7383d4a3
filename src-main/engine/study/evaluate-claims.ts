/**
 * Puts each of the study's claims beside our numbers and computes its verdict
 * (see verdict-rule.ts for the rule).
 */
import type { StudyScale } from '../../contract.ts';
import { formatNumber, formatSigned, formatSummary } from './report/format.ts';
import type { PlaneSummary } from './plane-pooling.ts';
import { metricInfo, parseMetricKey, type StudyMetrics } from './study-metrics.ts';
import type { ClaimDef } from './study-types.ts';
import {
  compareSummaries,
  judgeExtreme,
  judgeSimilar,
  judgeValue,
  kendallTau,
  type Comparison,
  type Verdict,
} from './verdict-rule.ts';

export interface ClaimResult {
  claim: ClaimDef;
  verdict: Verdict;
  /** Our numbers, in words. */
  ours: string;
  /** How the verdict was reached: the difference against the noise threshold. */
  detail: string;
}

const labelOf = (metrics: StudyMetrics, id: string): string => metrics.configuration(id).config.label;

function comparisonDetail(c: Comparison, digits: number): string {
  if (!Number.isFinite(c.threshold)) return 'needs ≥ 2 seeds on each side to estimate the noise';
  return `Δ ${formatSigned(c.difference, digits)}, noise threshold ${formatNumber(c.threshold, digits)}`;
}

/**
 * For a surface metric, the direction noise behind the verdict's threshold: the planes per model and the
 * pooled spread over them (plane-pooling.ts), or that one plane per model could not measure it.
 */
export function planeNoiseNote(metrics: StudyMetrics, claim: ClaimDef, ids: readonly string[]): string {
  const parsed = parseMetricKey(claim.metric);
  if (!('surface' in parsed) || parsed.direction !== 'random') return '';
  // λmax and the trace are the model's own, at its weights: no plane, no direction noise.
  if (parsed.surface === 'hessianTop' || parsed.surface === 'hessianTrace') return '';
  const info = metricInfo(claim.metric);
  const pooled = ids.map((id) => metrics.summary(claim.metric, id)).filter((s): s is PlaneSummary => 'planeSd' in s && s.n > 0);
  const planes = Math.max(0, ...pooled.map((s) => s.planes));
  if (planes < 2) return '; one random plane per model: the direction noise is not measured';
  const spreads = pooled.map((s) => formatNumber(s.planeSd, info.digits)).join(' / ');
  return `; ${planes} random planes per model (per-model means judged; direction sd ${spreads})`;
}

function evaluateOne(claim: ClaimDef, metrics: StudyMetrics, scale: StudyScale): ClaimResult {
  const info = metricInfo(claim.metric);
  const summary = (id: string) => metrics.summary(claim.metric, id);
  const show = (id: string): string => `${labelOf(metrics, id)} ${formatSummary(summary(id), info)}${info.unit}`;
  switch (claim.kind) {
    case 'compare': {
      const c = compareSummaries(summary(claim.a), summary(claim.b), claim.expect, info.deterministic);
      return { claim, verdict: c.verdict, ours: `${show(claim.a)} vs ${show(claim.b)}`, detail: comparisonDetail(c, info.digits) };
    }
    case 'extreme': {
      const among = (claim.among ?? metrics.configurations.map((c) => c.config.id)).filter((id) => id !== claim.config);
      const expect = claim.expect === 'highest' ? 'higher' : 'lower';
      const comparisons = among.map((id) => ({ id, c: compareSummaries(summary(claim.config), summary(id), expect, info.deterministic) }));
      const verdict = judgeExtreme(comparisons.map((x) => x.c));
      // The rival that decided the verdict tells the story: one that beats the claim beyond the noise, else the closest.
      const byMargin = [...comparisons].sort((x, y) => x.c.difference - y.c.difference);
      const rival = byMargin.find((x) => x.c.verdict === verdict) ?? byMargin[0];
      const ours = rival ? `${show(claim.config)}; ${verdict === 'reproduced' ? 'closest' : 'against'} ${show(rival.id)}` : show(claim.config);
      return { claim, verdict, ours, detail: rival ? comparisonDetail(rival.c, info.digits) : 'nothing to compare with' };
    }
    case 'similar': {
      const c = judgeSimilar(summary(claim.a), summary(claim.b), claim.margin);
      const detail = Number.isFinite(c.threshold)
        ? `|Δ| ${formatNumber(c.difference, info.digits)} against a margin of ${formatNumber(claim.margin, info.digits)} (noise threshold ${formatNumber(c.threshold, info.digits)})`
        : 'needs ≥ 2 seeds on each side to estimate the noise';
      return { claim, verdict: c.verdict, ours: `${show(claim.a)} vs ${show(claim.b)}`, detail };
    }
    case 'value': {
      const ours = summary(claim.config);
      const text = `${formatSummary(ours, info)}${info.unit}`;
      if (!claim.comparableAt.includes(scale)) {
        return { claim, verdict: 'not-comparable', ours: text, detail: `the study’s number is for ${claim.comparableAt.join(' / ')} scale` };
      }
      const tolerance = claim.relative ? claim.tolerance * Math.abs(claim.value) : claim.tolerance;
      const c = judgeValue(ours, claim.value, tolerance);
      return {
        claim,
        verdict: c.verdict,
        ours: text,
        detail: `ours − theirs ${formatSigned(c.difference, info.digits)}, tolerance ${formatNumber(c.threshold, info.digits)}${claim.relative ? ` (${formatNumber(100 * claim.tolerance, 1)}%)` : ''}`,
      };
    }
    case 'difference': {
      const sa = summary(claim.a);
      const sb = summary(claim.b);
      const text = `${formatSigned(sa.mean - sb.mean, info.digits)}${info.unit === '%' ? ' points' : ''}`;
      if (!claim.comparableAt.includes(scale)) {
        return { claim, verdict: 'not-comparable', ours: text, detail: `the study’s size of the effect is for ${claim.comparableAt.join(' / ')} scale` };
      }
      // The difference of two means has the standard error √(s_A²/n_A + s_B²/n_B).
      const se = sa.n > 1 && sb.n > 1 ? Math.sqrt((sa.sd * sa.sd) / sa.n + (sb.sd * sb.sd) / sb.n) : 0;
      const c = judgeValue({ mean: sa.mean - sb.mean, sd: se, n: 1 }, claim.value, Math.max(claim.tolerance, 2 * se));
      return { claim, verdict: c.verdict, ours: text, detail: `ours − theirs ${formatSigned(c.difference, info.digits)}, tolerance ${formatNumber(c.threshold, info.digits)}` };
    }
    case 'ranking': {
      const means = claim.order.map((id) => ({ id, s: summary(id) }));
      const ours = [...means].sort((x, y) => (info.better === 'lower' ? x.s.mean - y.s.mean : y.s.mean - x.s.mean)).map((x) => x.id);
      const tau = kendallTau(ours, claim.order);
      // Every pair the study orders one way must not be ordered the other way beyond the noise.
      const pairs: Comparison[] = [];
      for (let i = 0; i < claim.order.length; i++) {
        for (let j = i + 1; j < claim.order.length; j++) {
          pairs.push(compareSummaries(summary(claim.order[i]), summary(claim.order[j]), info.better === 'lower' ? 'lower' : 'higher', info.deterministic));
        }
      }
      const discordant = pairs.filter((p) => p.difference <= 0).length;
      const verdict: Verdict = pairs.some((p) => p.verdict === 'not-comparable')
        ? 'not-comparable'
        : discordant === 0
          ? 'reproduced'
          : pairs.some((p) => p.verdict === 'not-reproduced')
            ? 'not-reproduced'
            : 'within-noise';
      return {
        claim,
        verdict,
        ours: ours.map((id) => labelOf(metrics, id)).join(' > '),
        detail: `Kendall τ ${formatNumber(tau, 2)}; ${discordant} of ${pairs.length} pairs in the other order${discordant ? `, ${pairs.filter((p) => p.verdict === 'not-reproduced').length} of them beyond the noise` : ''}`,
      };
    }
  }
}

/** The configurations a claim compares. */
function claimConfigurations(claim: ClaimDef, metrics: StudyMetrics): string[] {
  switch (claim.kind) {
    case 'compare':
    case 'similar':
    case 'difference':
      return [claim.a, claim.b];
    case 'extreme':
      return [claim.config, ...(claim.among ?? metrics.configurations.map((c) => c.config.id)).filter((id) => id !== claim.config)];
    case 'value':
      return [claim.config];
    case 'ranking':
      return claim.order;
  }
}

export function evaluateClaims(claims: readonly ClaimDef[], metrics: StudyMetrics, scale: StudyScale): ClaimResult[] {
  return claims.map((claim) => {
    const result = evaluateOne(claim, metrics, scale);
    return { ...result, detail: result.detail + planeNoiseNote(metrics, claim, claimConfigurations(claim, metrics)) };
  });
}
