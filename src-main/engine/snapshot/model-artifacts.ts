/**
 * Trained models ↔ TensorFlow.js layers-format artefacts (model.json +
 * weights.bin), the format other TensorFlow.js tools read.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { ModelArtifactsData } from '../../contract.ts';
import '../activations/index.ts'; // registers the activation layer class before any load

export async function modelToArtifacts(model: tfl.LayersModel): Promise<ModelArtifactsData> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const artifacts = saved as tf.io.ModelArtifacts | null;
  if (!artifacts?.modelTopology || !artifacts.weightSpecs || !artifacts.weightData) {
    throw new Error('TensorFlow.js did not produce model artefacts.');
  }
  const weightData = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
  return {
    modelJson: {
      format: 'layers-model',
      generatedBy: artifacts.generatedBy ?? 'TensorFlow.js',
      convertedBy: null,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
    },
    weightData,
  };
}

export async function artifactsToModel(data: ModelArtifactsData): Promise<tfl.LayersModel> {
  const manifest = data.modelJson.weightsManifest as Array<{ weights: tf.io.WeightsManifestEntry[] }>;
  const weightSpecs = manifest.flatMap((group) => group.weights);
  const buffer = data.weightData.buffer.slice(data.weightData.byteOffset, data.weightData.byteOffset + data.weightData.byteLength);
  return tfl.loadLayersModel(
    tf.io.fromMemory({ modelTopology: data.modelJson.modelTopology as tf.io.ModelJSON['modelTopology'], weightSpecs, weightData: buffer as ArrayBuffer }),
  );
}
