/**
 * The plane (or line) a surface recipe describes, around one trained run:
 * random filter-normalised directions, the PCA plane of its trajectory, the
 * plane through 2–3 trained models, an activation-parameter axis, or the
 * Hessian's top eigenvectors (which need the data set).
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { checkpointIndex, checkpointLabel, checkpointRefs, type HessianPlane, type RunData, type Snapshot, type SurfaceRecipe, type TrajectoryPoint } from '../../contract.ts';
import type { Dataset } from '../data/load-dataset.ts';
import { activationParamAxis, activationParamValues, modelsPlane, pcaPlane, randomPlane } from '../landscape/index.ts';
import { importedPlane } from '../interop/reference/imported-plane.ts';
import { projectOntoPlane } from '../landscape/plane-projection.ts';
import { artifactsToModel } from '../snapshot/model-artifacts.ts';
import { readAllWeights, weightLayout, type WeightLayout } from '../training/weights.ts';
import { hessianPlaneOfRun, type PlaneProgress } from './hessian-plane-of-run.ts';

export interface SurfacePlane {
  /** θ₀ when it is not the model's own weights (models plane, act-param axis). */
  origin: Float32Array | null;
  d1: Float32Array;
  d2: Float32Array | null;
  /** Plane coordinates of the trained model itself (the metrics' centre). */
  centre: { x: number; y: number };
  pca: { explainedVariance: [number, number]; trajectory: TrajectoryPoint[] } | null;
  /** Hessian plane: eigenvalues, residuals and how they were found. */
  hessian?: HessianPlane | null;
  /** Evolution frame: the run's checkpoints in this plane's coordinates around the frame's centre. */
  trajectory?: TrajectoryPoint[];
}

async function finalWeightsOf(run: RunData, layout: WeightLayout): Promise<Float32Array> {
  const model = await artifactsToModel(run.model);
  try {
    const other = weightLayout(model);
    if (other.names.join('|') !== layout.names.join('|') || other.shapes.join('|') !== layout.shapes.join('|')) {
      throw new Error(`Run ${run.spec.id} has a different architecture; a plane through models needs identical networks.`);
    }
    return readAllWeights(model);
  } finally {
    model.dispose();
  }
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

/**
 * @param dataset the snapshot's data set: only a Hessian plane needs it.
 * @param progress a Hessian plane's Lanczos count and cancel signal.
 */
export async function planeForRecipe(snapshot: Snapshot, run: RunData, model: tfl.LayersModel, recipe: SurfaceRecipe, dataset?: Dataset, progress?: PlaneProgress): Promise<SurfacePlane> {
  const layout = weightLayout(model);
  const theta = readAllWeights(model);
  const twoDimensional = recipe.y !== null;
  const randomOptions = { seed: recipe.seed, normalization: recipe.normalization, ignore: recipe.ignore, activationParams: recipe.activationParams };
  if (recipe.checkpoint) {
    if (recipe.direction !== 'random') throw new Error('An evolution frame (a surface around a checkpoint) needs random directions.');
    const at = checkpointIndex(run, recipe.checkpoint);
    const refs = checkpointRefs(run);
    if (at < 0) throw new Error(`Run ${run.spec.id} has no checkpoint of ${checkpointLabel(recipe.checkpoint)} (it has ${refs.map(checkpointLabel).join(', ') || 'none'}).`);
    const origin = run.checkpoints[at];
    // One fixed plane: the same seeded Gaussians, normalised at the final weights (or, re-centred, at this checkpoint).
    const [d1, d2] = randomPlane(recipe.checkpoint.renormalise ? origin : theta, layout, { ...randomOptions, twoDimensional });
    const projected = projectOntoPlane(refs.map((ref, i) => ({ epoch: ref.epoch, weights: run.checkpoints[i] })), origin, d1, d2);
    const trajectory = projected.map((point, i) => (refs[i].step === undefined ? point : { ...point, step: refs[i].step }));
    return { origin, d1, d2, centre: { x: 0, y: 0 }, pca: null, trajectory };
  }
  switch (recipe.direction) {
    case 'random': {
      const [d1, d2] = randomPlane(theta, layout, { ...randomOptions, twoDimensional });
      return { origin: null, d1, d2, centre: { x: 0, y: 0 }, pca: null };
    }
    case 'pca': {
      if (!twoDimensional) throw new Error('A PCA surface is a plane: give it a y axis.');
      // The final checkpoint is the trained model itself: the origin, and (as in the reference) a zero row.
      // By steps, an epoch holds several checkpoints: only the one at the end of the last finished epoch is the model.
      const lastEpoch = run.history.at(-1)?.epoch;
      const finalStep = lastEpoch === undefined ? undefined : lastEpoch * Math.ceil(snapshot.header.dataIdentity.trainCount / run.spec.train.batchSize);
      const isFinal = (i: number): boolean => (run.checkpointSteps ? run.checkpointSteps[i] === finalStep : run.checkpointEpochs[i] === lastEpoch);
      const refs = checkpointRefs(run);
      const keep = refs.map((ref, i) => ({ ...ref, weights: run.checkpoints[i], final: isFinal(i) })).filter((c) => !c.final);
      const plane = pcaPlane(
        keep.map((c) => c.weights),
        theta,
        { layout, ignore: recipe.ignore, activationParams: recipe.activationParams, epochs: keep.map((c) => c.epoch), includeFinal: true },
      );
      const withSteps = plane.trajectory.map((point, i) => (keep[i]?.step === undefined ? point : { ...point, step: keep[i].step }));
      const finalRef = refs.find((_, i) => isFinal(i));
      const finalPoint = lastEpoch !== undefined ? [{ epoch: lastEpoch, ...(finalRef?.step !== undefined ? { step: finalRef.step } : {}), x: 0, y: 0, distance: 0 }] : [];
      const trajectory = [...withSteps, ...finalPoint];
      return {
        origin: null,
        d1: plane.directions[0],
        d2: plane.directions[1],
        centre: { x: 0, y: 0 },
        pca: { explainedVariance: plane.explainedVarianceRatio, trajectory },
      };
    }
    case 'models': {
      const ids = recipe.models ?? [];
      if (ids.length < 1 || ids.length > 2) throw new Error('A plane through models needs 1 or 2 other runs (recipe.models).');
      const others = await Promise.all(
        ids.map((id) => {
          const other = snapshot.runs.find((r) => r.spec.id === id);
          if (!other) throw new Error(`Run ${id} is not in the snapshot.`);
          return finalWeightsOf(other, layout);
        }),
      );
      if (others.length === 2 && !twoDimensional) throw new Error('Three models span a plane: give the surface a y axis.');
      if (others.length === 1 && twoDimensional) throw new Error('Two models span a line: use a 1D surface (no y axis) or name a third model.');
      const plane = modelsPlane(layout, [theta, ...others]);
      return { origin: plane.origin, d1: plane.d1, d2: plane.d2, centre: { x: 0, y: 0 }, pca: null };
    }
    case 'hessian': {
      const plane = await hessianPlaneOfRun(run.spec.id, model, theta, layout, recipe, dataset, progress);
      return { origin: null, d1: plane.d1, d2: plane.d2, centre: { x: 0, y: 0 }, pca: null, hessian: plane.info };
    }
    case 'file': {
      const { d1, d2 } = await importedPlane(recipe, model);
      return { origin: null, d1, d2, centre: { x: 0, y: 0 }, pca: null };
    }
    case 'act-param': {
      const param = recipe.activationParam;
      if (!param) throw new Error('An activation-parameter surface needs the parameter to vary (recipe.activationParam, e.g. "z").');
      const axis = activationParamAxis(theta, layout, param);
      const trained = mean(activationParamValues(theta, layout, param));
      if (!twoDimensional) return { origin: axis.origin, d1: axis.direction, d2: null, centre: { x: trained, y: 0 }, pca: null };
      const [d1] = randomPlane(theta, layout, { ...randomOptions, activationParams: 'fixed', twoDimensional: false });
      return { origin: axis.origin, d1, d2: axis.direction, centre: { x: 0, y: trained }, pca: null };
    }
  }
}
