/** Public surface of the activations: the registry and the layer. */
export type { ActivationDef, ActivationInfo, ActivationParamDef } from './types.ts';
export {
  ACTIVATION_PARAM_NAMES,
  activationDisplayName,
  activationNames,
  getActivation,
  hasActivation,
  listActivations,
  normaliseActivationName,
  resolveParamInit,
} from './registry.ts';
export {
  ActivationLayer,
  activationVariables,
  createActivationLayer,
  isActivationLayer,
  isActivationWeightName,
  parseActivationWeightName,
} from './layer.ts';
export type { ActivationLayerArgs } from './layer.ts';
