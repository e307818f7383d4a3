/**
 * A cost estimate before Compute, as training has one (issue 15): the engine
 * times real points of each run's surface (estimateOnly: data loaded, the
 * evaluator built, six points evaluated, nothing written), since trainable
 * activations can cost several times ReLU. The first two carry the
 * evaluator's warm-up, so it counts once, as setup; the median of the others
 * is the per-point cost (engine/surfaces/surface-cost.ts): seconds = setup +
 * points × per point. The metrics phase (Hessian) is not in it; the progress bar
 * shows it on its own.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResponseMap, SurfaceRecipeInput } from '../contract.ts';
import type { EngineClient } from '../engine-client/engine-client.ts';

export type SurfaceEstimate = ResponseMap['estimate-surfaces'];

interface EstimateResult {
  backend?: string;
  estimate?: { points: number; secondsPerPoint: number; setupSeconds: number; planeSeconds: number; estimatedSeconds: number } | null;
}

export async function estimateSurfaces(
  engine: Pick<EngineClient, 'run'>,
  args: { snapshot: string; runIds: readonly string[]; recipe: SurfaceRecipeInput; workers?: number; cacheDir: string },
): Promise<SurfaceEstimate> {
  const folder = await mkdtemp(join(tmpdir(), 'landscape-lab-surface-estimate-'));
  const perRun: SurfaceEstimate['perRun'] = [];
  let backend = '';
  try {
    // One run at a time: each is timed on its own network.
    for (const runId of args.runIds) {
      const job = engine.run({
        kind: 'surface',
        snapshot: args.snapshot,
        out: join(folder, 'estimate.lab'),
        recipe: args.recipe,
        runIds: [runId],
        ...(args.workers ? { workers: args.workers } : {}),
        estimateOnly: true,
        cacheDir: args.cacheDir,
      });
      const result = (await job.result) as EstimateResult;
      const estimate = result.estimate;
      if (!estimate) throw new Error(`The engine gave no estimate for run ${runId}.`);
      backend = result.backend ?? backend;
      perRun.push({ runId, seconds: estimate.estimatedSeconds, setupSeconds: estimate.setupSeconds, secondsPerPoint: estimate.secondsPerPoint, points: estimate.points });
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  const seconds = perRun.reduce((sum, r) => sum + r.seconds, 0);
  const points = perRun[0]?.points ?? 0;
  return {
    seconds,
    perRun,
    detail:
      `Timed a few points of each run on this machine${backend ? ` (${backend})` : ''}: the first ones' warm-up counted once as setup, ` +
      `the others' median as the cost of each of ${points.toLocaleString('en')} points per run; the metrics (Hessian λmax and trace) come after each surface and are not counted.`,
  };
}
