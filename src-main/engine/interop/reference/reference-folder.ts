/**
 * One folder of a reference export: a run's network (ONNX and PyTorch), the
 * exact evaluation data, and — for a surface — its directions in the
 * reference format and the surface in the reference layout, with a README.
 * See reference-export.ts for the whole export.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SurfaceRecipeSchema, type RunData, type Snapshot, type SurfaceData } from '../../../contract.ts';
import { APP_VERSION } from '../../../app-version.ts';
import type { Dataset } from '../../data/load-dataset.ts';
import { encodeSurfaceH5 } from '../../snapshot/export-h5.ts';
import { artifactsToModel } from '../../snapshot/model-artifacts.ts';
import { evaluationSplits } from '../../surfaces/evaluation-data.ts';
import { planeForRecipe } from '../../surfaces/surface-plane.ts';
import { readAllWeights } from '../../training/weights.ts';
import { describeNetwork, type NetworkDescription } from '../network-description.ts';
import { buildNetworkGraph } from '../onnx/network-graph.ts';
import { torchEntries, tfSlice } from '../torch-layout.ts';
import { encodeTorchStateH5 } from '../torch/torch-state-h5.ts';
import { torchModuleSource } from '../torch/torch-module-source.ts';
import { encodeEvalDataNpz } from './eval-data-npz.ts';
import { encodeReferenceDirectionsH5 } from './reference-directions.ts';
import { referenceReadme } from './reference-readme.ts';

/** The evaluation subset a run without a surface is exported with: the surface defaults (1000 examples, seed 0). */
export const DEFAULT_EVALUATION = SurfaceRecipeSchema.parse({ evaluation: { count: 1000 } });

export interface FolderInput {
  snapshot: Snapshot;
  run: RunData;
  /** null: the run has no surface (model and data only). */
  surface: SurfaceData | null;
  dataset: Dataset;
  /** Written into model.py and state.h5: where the network comes from. */
  source: string;
}

function differs(a: Float32Array, b: Float32Array): boolean {
  return a.length !== b.length || a.some((v, i) => v !== b[i]);
}

function movedBuffers(description: NetworkDescription, d1: Float32Array, d2: Float32Array | null): string[] {
  const moved = (e: ReturnType<typeof torchEntries>[number], d: Float32Array): boolean => tfSlice(description, e, d).some((v) => v !== 0);
  return torchEntries(description)
    .filter((e) => e.kind === 'buffer' && (moved(e, d1) || (d2 !== null && moved(e, d2))))
    .map((e) => e.name);
}

/** Writes one folder at `dir` (created); returns its notes (also in its README.txt). */
export async function writeReferenceFolder(dir: string, input: FolderInput): Promise<string[]> {
  const { run, surface } = input;
  const model = await artifactsToModel(run.model);
  try {
    const description = describeNetwork(model);
    const weights = readAllWeights(model);
    const notes: string[] = [];
    await mkdir(join(dir, 'torch'), { recursive: true });
    const docString = `Landscape Lab ${APP_VERSION}: ${input.source}`;
    await writeFile(join(dir, 'model.onnx'), buildNetworkGraph(description, { weights, head: 'logits', producerVersion: APP_VERSION, docString }));
    await writeFile(join(dir, 'torch', 'model.py'), torchModuleSource(description, { appVersion: APP_VERSION, source: input.source }));
    await writeFile(join(dir, 'torch', 'state.h5'), await encodeTorchStateH5(description, weights, input.source));

    const recipe = surface?.recipe ?? DEFAULT_EVALUATION;
    const splits = evaluationSplits(recipe, input.dataset);
    await writeFile(join(dir, 'eval_data.npz'), encodeEvalDataNpz(splits.train, splits.test, input.dataset.inputShape));

    let separateOrigin = false;
    if (surface) {
      const plane = await planeForRecipe(input.snapshot, run, model, surface.recipe, input.dataset);
      if (plane.origin && differs(plane.origin, weights)) {
        separateOrigin = true;
        await writeFile(join(dir, 'torch', 'origin_state.h5'), await encodeTorchStateH5(description, plane.origin, `${input.source}, plane origin`));
        notes.push('The plane is taken around theta0 = torch/origin_state.h5, not the trained weights: load that state before set_weights.');
      }
      if (surface.recipe.direction === 'act-param' || (plane.centre.x !== 0 || plane.centre.y !== 0)) {
        notes.push(`The trained model sits at (${plane.centre.x}, ${plane.centre.y}) on this plane.`);
      }
      const buffers = movedBuffers(description, plane.d1, plane.d2);
      if (buffers.length > 0) {
        notes.push(
          `This plane also moves BN running statistics (${buffers.join(', ')}); the reference's set_weights moves parameters only. ` +
            'Their directions are in directions.h5 under landscape_lab_buffers/; add them to the buffers to recompute a point exactly.',
        );
      }
      const meta = { recipe: surface.recipe, runId: run.spec.id, surfaceId: surface.id };
      await writeFile(join(dir, 'directions.h5'), await encodeReferenceDirectionsH5(description, plane.d1, plane.d2, meta));
      const data = { spec: input.snapshot.header.data, identity: input.snapshot.header.dataIdentity, evaluation: surface.recipe.evaluation };
      await writeFile(join(dir, 'surface.h5'), await encodeSurfaceH5(surface, { directionsFile: 'directions.h5', data }));
    } else {
      notes.push('The snapshot has no surface of this run: compute one (surface command) and export again for directions.h5 and surface.h5.');
    }
    const readme = referenceReadme({ appVersion: APP_VERSION, runId: run.spec.id, surface, evalCount: splits.train.count, notes, separateOrigin });
    await writeFile(join(dir, 'README.txt'), readme);
    return notes;
  } finally {
    model.dispose();
  }
}
