/**
 * The surface computation form as plain data and the SurfaceRecipe it builds
 * (Li et al. 2018 defaults: filter-normalised random directions, biases and
 * BN ignored, x, y ∈ [−1, 1]). The full 51 × 51 grid is the paper's; on a CPU
 * backend the form starts at 21 × 21, a sixth of the points, so a first look
 * takes minutes, not an hour.
 */
import type { DirectionKind, Normalization, SurfaceRecipeInput } from '../../src-main/contract/surface.ts';

export interface SurfaceForm {
  direction: DirectionKind;
  seed: number;
  normalization: Normalization;
  ignore: 'biasbn' | 'none';
  activationParams: 'fixed' | 'move';
  /** `act-param` direction: which activation parameter is the y axis. */
  activationParam: string;
  /** Points per axis (the grid is square). */
  gridSize: number;
  /** α range. */
  min: number;
  max: number;
  /** β range (for `act-param`: the parameter's values, e.g. 0.1 … 1). */
  yMin: number;
  yMax: number;
  evaluationCount: number;
  evaluationSeed: number;
  includeTest: boolean;
  mode: 'exact' | 'fast';
  tolerance: number;
  /** Engine processes sharing the points; null = the host's default (one per core). */
  workers: number | null;
  /** Runs to compute; empty = every run. */
  runIds: string[];
  /** Random planes per run (seeds `seed` … `seed` + K − 1) for error bars; 1 = one plane. Random directions only. */
  directionSeeds: number;
}

/** The most random planes one computation may ask for per run (the engine's limit). */
export const MAX_DIRECTION_SEEDS = 100;

export const PAPER_GRID_SIZE = 51;
export const CPU_GRID_SIZE = 21;

/** Whether a backend name is a GPU one (the grid default depends on it). */
export function isGpuBackend(backend: string | null | undefined): boolean {
  return backend !== null && backend !== undefined && /gpu|webgl|cuda/i.test(backend);
}

export function defaultSurfaceForm(backend: string | null | undefined): SurfaceForm {
  return {
    direction: 'random',
    seed: 0,
    normalization: 'filter',
    ignore: 'biasbn',
    activationParams: 'fixed',
    activationParam: 'z',
    gridSize: isGpuBackend(backend) ? PAPER_GRID_SIZE : CPU_GRID_SIZE,
    min: -1,
    max: 1,
    yMin: -1,
    yMax: 1,
    evaluationCount: 1000,
    evaluationSeed: 0,
    includeTest: false,
    mode: 'exact',
    tolerance: 0.01,
    workers: null,
    runIds: [],
    directionSeeds: 1,
  };
}

/**
 * The Hessian plane's eigenvectors are scaled to ‖θ‖ like a filter-normalised
 * random direction, but they point where the loss rises fastest: on the
 * README's trained quick net (λ₁ ≈ 12, ‖θ‖ ≈ 55) the quadratic model rises by
 * ½·λ₁·‖θ‖²·α² ≈ 7 at α = 0.02 (the computed surface reaches 3.5 at the
 * corners) and by ~18,000 at α = 1, a wall. The form's default range for that
 * plane is therefore a few hundredths.
 */
export const HESSIAN_PLANE_RANGE = 0.02;

/**
 * The α/β range after the plane changes: switching to the Hessian plane narrows
 * the untouched default ±1 to ±HESSIAN_PLANE_RANGE, and switching away widens
 * that default back; a range the user typed is kept either way.
 */
export function rangeForPlane(form: Pick<SurfaceForm, 'min' | 'max' | 'yMin' | 'yMax'>, direction: SurfaceForm['direction']): Pick<SurfaceForm, 'min' | 'max' | 'yMin' | 'yMax'> {
  const symmetric = (r: number): boolean => form.min === -r && form.max === r && form.yMin === -r && form.yMax === r;
  const to = (r: number) => ({ min: -r, max: r, yMin: -r, yMax: r });
  if (direction === 'hessian' && symmetric(1)) return to(HESSIAN_PLANE_RANGE);
  if (direction !== 'hessian' && symmetric(HESSIAN_PLANE_RANGE)) return to(1);
  return { min: form.min, max: form.max, yMin: form.yMin, yMax: form.yMax };
}

export interface SurfaceFormProblem {
  field: keyof SurfaceForm;
  message: string;
}

/** The field's label: it names the split the examples come from, as its error does. */
export const EVALUATION_LABEL = 'Examples / point from the training split';

/** `trainCount`: the size of the training split the surfaces evaluate (null while unknown). */
export function surfaceFormProblems(form: SurfaceForm, trainCount: number | null = null): SurfaceFormProblem[] {
  const problems: SurfaceFormProblem[] = [];
  const add = (field: keyof SurfaceForm, message: string): void => void problems.push({ field, message });
  if (!(Number.isInteger(form.gridSize) && form.gridSize >= 3 && form.gridSize <= 1001)) add('gridSize', 'Grid size: a whole number of points per axis, 3 to 1001.');
  if (!(Number.isFinite(form.min) && Number.isFinite(form.max) && form.min < form.max)) add('max', 'The α range needs min < max.');
  if (!(Number.isFinite(form.yMin) && Number.isFinite(form.yMax) && form.yMin < form.yMax)) add('yMax', 'The β range needs min < max.');
  const cap = trainCount !== null && trainCount > 0 ? trainCount : null;
  if (!(Number.isInteger(form.evaluationCount) && form.evaluationCount > 0 && (cap === null || form.evaluationCount <= cap))) {
    add(
      'evaluationCount',
      cap === null
        ? `${EVALUATION_LABEL}: a whole number above 0.`
        : `${EVALUATION_LABEL}: a whole number from 1 to ${cap.toLocaleString('en-US')} (the training split has ${cap.toLocaleString('en-US')} examples).`,
    );
  }
  if (!Number.isInteger(form.seed)) add('seed', 'The direction seed is a whole number.');
  if (form.mode === 'fast' && !(form.tolerance > 0 && form.tolerance <= 0.5)) add('tolerance', 'Tolerance: a relative error above 0 and at most 0.5.');
  if (form.workers !== null && !(Number.isInteger(form.workers) && form.workers >= 1 && form.workers <= 64)) add('workers', 'Workers: 1 to 64.');
  if (form.direction === 'random' && !(Number.isInteger(form.directionSeeds) && form.directionSeeds >= 1 && form.directionSeeds <= MAX_DIRECTION_SEEDS)) {
    add('directionSeeds', `Direction seeds: a whole number of random planes per run, 1 to ${MAX_DIRECTION_SEEDS}.`);
  }
  if (form.direction === 'act-param' && form.activationParam.trim() === '') add('activationParam', 'Name the activation parameter for the y axis (e.g. z or k).');
  return problems;
}

/** The recipe of a valid form. */
export function buildSurfaceRecipe(form: SurfaceForm): SurfaceRecipeInput {
  return {
    direction: form.direction,
    seed: form.seed,
    normalization: form.normalization,
    ignore: form.ignore,
    activationParams: form.activationParams,
    x: { min: form.min, max: form.max, num: form.gridSize },
    y: { min: form.yMin, max: form.yMax, num: form.gridSize },
    ...(form.direction === 'act-param' ? { activationParam: form.activationParam.trim() } : {}),
    evaluation: { count: form.evaluationCount, seed: form.evaluationSeed, includeTest: form.includeTest },
    mode: form.mode === 'fast' ? { kind: 'fast', tolerance: form.tolerance } : { kind: 'exact' },
  };
}

/** A short description of a recipe for labels: "random · filter · 21×21 · [−1, 1]". */
export function describeRecipe(recipe: { direction: string; normalization: string; x: { num: number; min: number; max: number }; y: { num: number } | null }): string {
  const grid = recipe.y ? `${recipe.x.num}×${recipe.y.num}` : `${recipe.x.num} pts`;
  const range = `[${String(recipe.x.min).replace('-', '−')}, ${recipe.x.max}]`;
  return `${recipe.direction} · ${recipe.normalization} · ${grid} · ${range}`;
}

/**
 * Random planes per run the form asks for: its direction seeds on random
 * directions (where it is valid), 1 on any other plane, which no seed changes.
 */
export function planesPerRun(form: Pick<SurfaceForm, 'direction' | 'directionSeeds'>): number {
  return form.direction === 'random' && Number.isInteger(form.directionSeeds) && form.directionSeeds > 1 ? Math.min(form.directionSeeds, MAX_DIRECTION_SEEDS) : 1;
}

/** Grid points the form will evaluate per run. */
export function pointCount(form: Pick<SurfaceForm, 'gridSize'>): number {
  return form.gridSize * form.gridSize;
}
