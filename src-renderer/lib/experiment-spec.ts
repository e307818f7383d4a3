/**
 * The experiment setup form as plain data, and the ExperimentSpec it builds:
 * one run per chosen activation and BN variant, with ids `<name>[-bn]`
 * (`relu`, `relu-bn`) and labels `<Label>[+BN]` (`ReLU+BN`). The form is
 * checked here with the same limits the contract's schema enforces, so the
 * user sees what to fix before anything is sent.
 */
import type { ActivationInfo } from '../../src-main/contract/app.ts';
import type { ActivationScope, DataSource, ExperimentSpec, PresetName, RunSpec } from '../../src-main/contract/experiment.ts';

/** Which BN variants of an activation to train: without, with, or both (two runs). */
export type BnChoice = 'off' | 'on' | 'both';

export interface ActivationChoice {
  name: string;
  bn: BnChoice;
  /** One trainable scalar per layer or one per channel (only matters for trainable activations). */
  scope: ActivationScope;
}

export interface ExperimentForm {
  name: string;
  source: DataSource;
  /** Folder or archive for CIFAR-10 / IDX; empty = the downloaded copy (CIFAR-10). */
  dataPath: string;
  /** Subset sizes; null = the whole split. */
  trainLimit: number | null;
  testLimit: number | null;
  subsetSeed: number;
  downsample: 1 | 2;
  preset: PresetName;
  dropout: number;
  bnAffine: 'trainable' | 'frozen';
  learningRate: number;
  activationLearningRate: number;
  epochs: number;
  batchSize: number;
  seed: number;
  checkpointEvery: number;
  /** What `checkpointEvery` counts: epochs, or steps (batches) so a short run still has many checkpoints. */
  checkpointUnit: 'epochs' | 'steps';
  activations: ActivationChoice[];
}

export function defaultExperimentForm(): ExperimentForm {
  return {
    name: 'experiment',
    source: 'mnist',
    dataPath: '',
    trainLimit: 2000,
    testLimit: 500,
    subsetSeed: 0,
    downsample: 1,
    preset: 'quick',
    dropout: 0,
    bnAffine: 'trainable',
    learningRate: 1e-3,
    activationLearningRate: 1e-5,
    epochs: 3,
    batchSize: 64,
    seed: 1,
    checkpointEvery: 1,
    checkpointUnit: 'epochs',
    activations: [],
  };
}

export function runId(name: string, batchNorm: boolean): string {
  return batchNorm ? `${name}-bn` : name;
}

export function runLabel(label: string, batchNorm: boolean): string {
  return batchNorm ? `${label}+BN` : label;
}

/** The BN variants a choice trains, in display order. */
export function bnVariants(choice: BnChoice): boolean[] {
  return choice === 'both' ? [false, true] : [choice === 'on'];
}

export interface FormProblem {
  /** The form field at fault, for highlighting (`epochs`, `activations`, …). */
  field: keyof ExperimentForm;
  message: string;
}

const isInt = (v: number): boolean => Number.isInteger(v);

/** Everything wrong with the form, in reading order; empty when it can be started. */
export function formProblems(form: ExperimentForm): FormProblem[] {
  const problems: FormProblem[] = [];
  const add = (field: keyof ExperimentForm, message: string): void => void problems.push({ field, message });
  if (form.name.trim().length === 0 || form.name.length > 120) add('name', 'Give the experiment a name (up to 120 characters).');
  if (form.source === 'idx' && form.dataPath.trim() === '') {
    add('dataPath', 'Choose the folder holding the IDX files.');
  }
  for (const field of ['trainLimit', 'testLimit'] as const) {
    const v = form[field];
    if (v !== null && !(isInt(v) && v > 0)) add(field, 'A subset size is a whole number above 0 (leave it empty for the whole split).');
  }
  if (!(form.dropout >= 0 && form.dropout <= 0.9)) add('dropout', 'Dropout is a rate between 0 and 0.9.');
  if (!(form.learningRate > 0 && form.learningRate <= 10)) add('learningRate', 'The learning rate must be above 0 and at most 10.');
  if (!(form.activationLearningRate > 0 && form.activationLearningRate <= 10)) {
    add('activationLearningRate', 'The activation learning rate must be above 0 and at most 10.');
  }
  if (!(isInt(form.epochs) && form.epochs >= 1 && form.epochs <= 10_000)) add('epochs', 'Epochs: a whole number from 1 to 10 000.');
  if (!(isInt(form.batchSize) && form.batchSize >= 1 && form.batchSize <= 8192)) add('batchSize', 'Batch size: a whole number from 1 to 8192.');
  if (!isInt(form.seed)) add('seed', 'The seed is a whole number.');
  if (!(isInt(form.checkpointEvery) && form.checkpointEvery >= 0)) add('checkpointEvery', `Checkpoint interval: a whole number of ${form.checkpointUnit} (0 = initial and final weights only).`);
  if (form.activations.length === 0) add('activations', 'Choose at least one activation to train.');
  const runs = form.activations.reduce((n, choice) => n + bnVariants(choice.bn).length, 0);
  if (runs > 64) add('activations', `At most 64 runs per experiment (this is ${runs}).`);
  return problems;
}

/**
 * The ExperimentSpec for a valid form (check `formProblems` first). Labels come
 * from the activation list; an activation missing from it keeps its name as label.
 */
export function buildExperimentSpec(form: ExperimentForm, activations: readonly ActivationInfo[]): ExperimentSpec {
  const labels = new Map(activations.map((a) => [a.name, a.label]));
  const runs: RunSpec[] = form.activations.flatMap((choice) =>
    bnVariants(choice.bn).map((batchNorm) => ({
      id: runId(choice.name, batchNorm),
      label: runLabel(labels.get(choice.name) ?? choice.name, batchNorm),
      activation: { name: choice.name, scope: choice.scope },
      network: { preset: form.preset, batchNorm, bnAffine: form.bnAffine, dropout: form.dropout },
      train: {
        epochs: form.epochs,
        batchSize: form.batchSize,
        learningRate: form.learningRate,
        activationLearningRate: form.activationLearningRate,
        seed: form.seed,
        checkpointEvery: form.checkpointEvery,
        ...(form.checkpointUnit === 'steps' ? { checkpointUnit: 'steps' as const } : {}),
      },
    })),
  );
  const usesPath = form.source !== 'mnist' && form.dataPath.trim() !== '';
  return {
    name: form.name.trim(),
    data: {
      source: form.source,
      ...(usesPath ? { path: form.dataPath.trim() } : {}),
      ...(form.trainLimit !== null ? { trainLimit: form.trainLimit } : {}),
      ...(form.testLimit !== null ? { testLimit: form.testLimit } : {}),
      subsetSeed: form.subsetSeed,
      downsample: form.source === 'cifar10' ? form.downsample : 1,
    },
    runs,
  };
}

/** The form that reproduces a spec (reopening a snapshot, or "train again"). */
export function formFromSpec(spec: ExperimentSpec): ExperimentForm {
  const base = defaultExperimentForm();
  const first = spec.runs[0];
  const choices = new Map<string, ActivationChoice>();
  for (const run of spec.runs) {
    const existing = choices.get(run.activation.name);
    const bn: BnChoice = run.network.batchNorm ? 'on' : 'off';
    choices.set(run.activation.name, {
      name: run.activation.name,
      bn: existing && existing.bn !== bn ? 'both' : bn,
      scope: run.activation.scope,
    });
  }
  return {
    ...base,
    name: spec.name,
    source: spec.data.source,
    dataPath: spec.data.path ?? '',
    trainLimit: spec.data.trainLimit ?? null,
    testLimit: spec.data.testLimit ?? null,
    subsetSeed: spec.data.subsetSeed,
    downsample: spec.data.downsample,
    ...(first
      ? {
          preset: first.network.preset,
          dropout: first.network.dropout,
          bnAffine: first.network.bnAffine,
          learningRate: first.train.learningRate,
          activationLearningRate: first.train.activationLearningRate,
          epochs: first.train.epochs,
          batchSize: first.train.batchSize,
          seed: first.train.seed,
          checkpointEvery: first.train.checkpointEvery,
          checkpointUnit: first.train.checkpointUnit ?? 'epochs',
        }
      : {}),
    activations: [...choices.values()],
  };
}
