/** Human-readable summary of a surface job, with the metrics researchers look at first. */
import { checkpointLabel } from '../contract.ts';
import type { SurfaceResult } from '../engine/jobs/surface-job.ts';
import { compareSpreads } from '../contract/noise-rule.ts';

const n = (value: number | null | undefined, digits = 4): string =>
  value === null || value === undefined ? '–' : Number.isFinite(value) ? Number(value.toPrecision(digits)).toString() : String(value);

/** The fast mode's error claim, never "0 %" without a check behind it. */
export function fastModeError(error: NonNullable<SurfaceResult['surfaces'][number]['measuredError']>): string {
  if (error.estimatedPoints === 0) return 'every point was computed on all examples: nothing estimated, no error to measure';
  const of = error.estimatedPoints === undefined ? '' : ` of ${error.estimatedPoints} estimated`;
  return `max relative error ${n(100 * error.maxRelative, 3)}% over ${error.checkedPoints}${of} points recomputed exactly`;
}

export function formatSurfaceSummary(result: SurfaceResult): string {
  const lines: string[] = [];
  if (result.estimate) {
    const e = result.estimate;
    const plane = e.planeSeconds >= 0.5 ? `, ${n(e.planeSeconds, 3)} s of it the plane` : '';
    lines.push(`Estimate: ${n(e.setupSeconds, 3)} s setup per surface (warm-up${plane}) + ${e.points} points × ${n(e.secondsPerPoint, 3)} s/point ÷ ${result.workers} workers ≈ ${n(e.estimatedSeconds, 3)} s`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(`Backend: ${result.backend}; workers: ${result.workers}`, `Snapshot: ${result.snapshot}`);
  for (const s of result.surfaces) {
    // On --resume the points done before came from the journal (or a partial surface already saved).
    const resumed = s.completedPoints - s.computedPoints;
    const origin = resumed > 0 ? ` (${resumed} from the journal, ${s.computedPoints} computed now)` : '';
    lines.push(`  ${s.id} (${s.label}): ${s.completedPoints}/${s.totalPoints} points${origin} in ${n(s.seconds, 3)} s`);
    if (s.eigenvalues) lines.push(`    Hessian plane: ${s.eigenvalues.map((e, i) => `λ${i + 1} ${n(e.value)} (residual ${n(e.residual, 2)})`).join(', ')}`);
    if (s.measuredError) lines.push(`    fast mode: ${fastModeError(s.measuredError)}`);
    const m = s.metrics;
    if (!m) continue;
    lines.push(
      `    centre loss ${n(m.centre.loss)} acc ${n(100 * m.centre.accuracy, 4)}% | min ${n(m.minimum.loss)} at (${n(m.minimum.x, 3)}, ${n(m.minimum.y, 3)})`,
      `    curvature x ${n(m.curvature.x)} y ${n(m.curvature.y)} | sharpness ${n(m.sharpness.value)} | basin ${n(100 * m.basin.belowTwiceCentre, 3)}% | roughness ${n(m.roughness.laplacian)} | local minima ${m.roughness.localMinima}`,
    );
    if (m.hessian) lines.push(`    Hessian λmax ${n(m.hessian.topEigenvalue)} (${m.hessian.powerIterations} iterations) | trace ${n(m.hessian.trace)}${m.hessian.traceStandardError === undefined ? '' : ` ± ${n(m.hessian.traceStandardError, 2)}`} (${m.hessian.traceSamples} samples)`);
    for (const warning of m.warnings) lines.push(`    ⚠ ${warning}`);
  }
  for (const group of result.directionSeeds ?? []) {
    lines.push(`  ${group.label}: ${group.seeds.length} random planes (seeds ${group.seeds.join(', ')}), mean ± std`);
    const shown = Object.entries(group.metrics).map(([name, m]) => `${name} ${n(m.mean)} ± ${n(m.std, 2)}`);
    for (let i = 0; i < shown.length; i += 4) lines.push(`    ${shown.slice(i, i + 4).join(' | ')}`);
    if (group.pointSpread) lines.push(`    loss spread per point: mean ${n(group.pointSpread.mean, 3)}, max ${n(group.pointSpread.max, 3)}`);
  }
  for (const run of result.evolution ?? []) {
    const how = run.renormalise ? 're-normalised at each checkpoint' : 'normalised once at the final weights';
    lines.push(`  ${run.runId}: ${run.frames.length} frames on one plane (${how})`);
    for (const f of run.frames) {
      const m = f.metrics;
      lines.push(`    ${checkpointLabel({ epoch: f.epoch ?? 0, step: f.step })}: centre loss ${n(m?.centre.loss)} | curvature ${n(m?.curvature.x)}, ${n(m?.curvature.y)} | sharpness ${n(m?.sharpness.value)} | λmax ${n(m?.hessian?.topEigenvalue)}`);
    }
  }
  const groups = result.directionSeeds ?? [];
  if (groups.length > 1) {
    lines.push(`  Differences against ${groups[0].label}, significant only beyond t = 2·√(s_A²/n_A + s_B²/n_B) (the study reports' rule):`);
    for (const other of groups.slice(1)) {
      const verdicts = Object.entries(groups[0].metrics).flatMap(([name, a]) => {
        const b = other.metrics[name];
        if (!b) return [];
        const c = compareSpreads(b, a);
        return [`${name} ${n(c.difference, 3)} (t ${n(c.threshold, 2)}${c.significant ? ', significant' : ', within noise'})`];
      });
      lines.push(`    ${other.label}: ${verdicts.join(' | ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
