/**
 * Turns the CLI's compact activation list ("relu+bn,tsqrt_tanh:channel") into
 * run specs. Also used by study presets.
 */
import {
  ActivationSpecSchema,
  NetworkSpecSchema,
  RunSpecSchema,
  TrainSettingsSchema,
  type NetworkSpec,
  type RunSpec,
  type TrainSettings,
} from '../contract.ts';

export interface ActivationChoice {
  name: string;
  batchNorm: boolean;
  scope: 'layer' | 'channel';
}

/** Parses `name[+bn][:channel|:layer]`, e.g. `tsqrt_tanh+bn:channel`. */
export function parseActivationChoice(text: string): ActivationChoice {
  const match = /^([a-z0-9_]+)(\+bn)?(?::(layer|channel))?$/i.exec(text.trim());
  if (!match) throw new Error(`Cannot read activation "${text}": write name[+bn][:channel], e.g. relu+bn or tsqrt_tanh:channel.`);
  return { name: match[1].toLowerCase(), batchNorm: Boolean(match[2]), scope: (match[3]?.toLowerCase() as 'layer' | 'channel') ?? 'layer' };
}

export function runIdFor(choice: ActivationChoice, seed?: number): string {
  return `${choice.name}${choice.batchNorm ? '-bn' : ''}${choice.scope === 'channel' ? '-ch' : ''}${seed === undefined ? '' : `-s${seed}`}`;
}

export function runLabelFor(choice: ActivationChoice, displayName: string, seed?: number): string {
  return `${displayName}${choice.batchNorm ? '+BN' : ''}${choice.scope === 'channel' ? ' (per channel)' : ''}${seed === undefined ? '' : ` seed ${seed}`}`;
}

export function buildRunSpecs(
  choices: ActivationChoice[],
  network: Partial<NetworkSpec>,
  train: Partial<TrainSettings>,
  displayName: (name: string) => string,
): RunSpec[] {
  const specs = choices.map((choice) =>
    RunSpecSchema.parse({
      id: runIdFor(choice),
      label: runLabelFor(choice, displayName(choice.name)),
      activation: ActivationSpecSchema.parse({ name: choice.name, scope: choice.scope }),
      network: NetworkSpecSchema.parse({ ...network, batchNorm: choice.batchNorm }),
      train: TrainSettingsSchema.parse(train),
    }),
  );
  const ids = new Set<string>();
  for (const spec of specs) {
    if (ids.has(spec.id)) throw new Error(`Activation ${spec.id} is listed twice.`);
    ids.add(spec.id);
  }
  return specs;
}
