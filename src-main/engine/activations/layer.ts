/**
 * One serialisable tfjs-layers layer for every activation in the registry.
 * Its trainable parameters are ordinary layer weights named `<layer>/z`,
 * `<layer>/w`, `<layer>/k`, so they are saved and loaded with the model and
 * trained by the same optimiser step as everything else; training tells them
 * apart from network weights (for their own learning rate) by name or by layer.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { ActivationScope, ActivationSpec } from '../../contract.ts';
import { ACTIVATION_PARAM_NAMES, getActivation, resolveParamInit } from './registry.ts';
import type { ActivationDef } from './types.ts';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

export interface ActivationLayerArgs extends LayerArgs {
  /** Registry key (`tsqrt_tanh`); camelCase (`tsqrtTanh`, as a loaded config has it) is accepted. */
  activation: string;
  /** `layer`: each parameter is one scalar (shape [1]); `channel`: one per channel of the input's
   *  last axis (shape [C]). Default `layer`. */
  scope?: ActivationScope;
  /** Initial parameter values by name; missing ones take the registry's init. */
  init?: Record<string, number>;
}

export class ActivationLayer extends tfl.layers.Layer {
  static className = 'LabActivation';

  /** Registry key of the activation. */
  readonly activation: string;
  readonly scope: ActivationScope;
  /** Every parameter's initial value (registry defaults merged with the overrides). */
  readonly init: Readonly<Record<string, number>>;
  private readonly def: ActivationDef;
  private params: tfl.LayerVariable[] = [];

  constructor(args: ActivationLayerArgs) {
    super(args);
    this.def = getActivation(args.activation);
    this.activation = this.def.name;
    const scope = args.scope ?? 'layer';
    if (scope !== 'layer' && scope !== 'channel') throw new Error(`Activation scope must be "layer" or "channel", got "${String(scope)}".`);
    this.scope = scope;
    this.init = resolveParamInit(this.def, args.init);
    // An element-wise function keeps any mask of its input valid.
    this.supportsMasking = true;
  }

  /** Creates the parameters: shape [1] per layer, or [C] for the input's last axis C per channel. */
  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    let size = 1;
    if (this.scope === 'channel' && this.def.params.length > 0) {
      const channels = shape[shape.length - 1];
      if (channels === null || channels === undefined || shape.length < 2) {
        throw new Error(`Layer ${this.name}: scope "channel" needs a known last axis, got input shape [${shape.join(', ')}].`);
      }
      size = channels;
    }
    this.params = this.def.params.map((p) =>
      this.addWeight(p.name, [size], 'float32', tfl.initializers.constant({ value: this.init[p.name] }), undefined, true),
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return inputShape;
  }

  /**
   * @param inputs one tensor `[batch, ..., C]` (float32; other dtypes are cast).
   * @returns the activation applied element-wise, shaped like the input; parameters
   *   broadcast over all axes (`layer`) or over all but the last (`channel`).
   */
  override call(inputs: Tensor | Tensor[], _kwargs: Kwargs): Tensor {
    return tf.tidy(() => {
      const input = Array.isArray(inputs) ? inputs[0] : inputs;
      if (input === undefined) throw new Error(`Layer ${this.name} got no input.`);
      const x = input.dtype === 'float32' ? input : tf.cast(input, 'float32');
      const values: Record<string, Tensor> = {};
      this.def.params.forEach((p, i) => {
        values[p.name] = this.params[i]!.read();
      });
      return this.def.apply(x, values);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), activation: this.activation, scope: this.scope, init: { ...this.init } };
  }
}

tf.serialization.registerClass(ActivationLayer);

/** The activation layer for a run's spec, named `layerName` (its weights: `<layerName>/z`, …). */
export function createActivationLayer(spec: ActivationSpec, layerName: string): ActivationLayer {
  return new ActivationLayer({ activation: spec.name, scope: spec.scope, init: spec.init, name: layerName });
}

/** Weight names of activation parameters: `<layer>/<param>`, with tfjs-layers' optional
 *  uniqueness suffix (`act1/z_1` when a second model in the process reuses a layer name). */
const WEIGHT_NAME = new RegExp(`^(.+)/(${[...ACTIVATION_PARAM_NAMES].join('|')})(?:_\\d+)?$`);

/** Splits an activation parameter's weight name into its layer and parameter; null for any
 *  other weight (no built-in tfjs layer names a weight `z`, `w` or `k`). */
export function parseActivationWeightName(weightName: string): { layer: string; param: string } | null {
  const match = WEIGHT_NAME.exec(weightName);
  return match === null ? null : { layer: match[1]!, param: match[2]! };
}

/** Whether a weight (by `LayerVariable.name` or `.originalName`) is an activation parameter. */
export function isActivationWeightName(weightName: string): boolean {
  return parseActivationWeightName(weightName) !== null;
}

export function isActivationLayer(layer: unknown): layer is ActivationLayer {
  return layer instanceof ActivationLayer;
}

/** The trainable activation parameters among `layers` (e.g. `model.layers`), in layer order. */
export function activationVariables(layers: readonly tfl.layers.Layer[]): tfl.LayerVariable[] {
  return layers.filter(isActivationLayer).flatMap((layer) => layer.trainableWeights);
}
