// How a surface's points are shared: with stand-in workers, no processes.
import { describe, expect, it } from 'vitest';
import type { PointResult, SurfaceRecipe } from '../../src-main/contract.ts';
import type { EngineClient } from '../../src-main/engine-client/engine-client.ts';
import { distributePoints, type Distribution } from '../../src-main/engine/surfaces/point-distribution.ts';
import type { PointEvaluator } from '../../src-main/engine/surfaces/point-evaluator.ts';

const localEvaluator = { evaluateWith: async (index: number): Promise<PointResult> => ({ index, kind: 'exact', examples: 1, trainLoss: index, trainAccuracy: 0 }) } as unknown as PointEvaluator;

function distribution(clients: EngineClient[], onWorkerUnavailable?: (message: string) => void): Distribution {
  return {
    evaluator: localEvaluator,
    clients,
    target: { snapshot: '/nowhere.lab', runId: 'relu', recipe: {} as SurfaceRecipe },
    signal: new AbortController().signal,
    onWorkerUnavailable,
  };
}

const unstartable = {
  ready: () => Promise.reject(new Error('spawn node ENOENT')),
  run: () => {
    throw new Error('a worker that never started was given work');
  },
} as unknown as EngineClient;

describe('distributePoints', () => {
  it('computes every point here, once, when a worker cannot start, and says why', async () => {
    const seen: number[] = [];
    const reasons: string[] = [];
    await distributePoints(distribution([unstartable, unstartable], (m) => reasons.push(m)), [0, 1, 2, 3, 4, 5, 6, 7, 8], { kind: 'exact' }, (points) =>
      seen.push(...points.map((p) => p.index)),
    );
    expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(reasons).toEqual(['spawn node ENOENT', 'spawn node ENOENT']);
  });

  it('fails the surface when a started worker fails a job', async () => {
    const failing = {
      ready: () => Promise.resolve(),
      run: () => ({ jobId: 'x', result: Promise.reject(new Error('worker crashed')), cancel: () => undefined }),
    } as unknown as EngineClient;
    await expect(distributePoints(distribution([failing]), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], { kind: 'exact' }, () => undefined)).rejects.toThrow('worker crashed');
  });
});
