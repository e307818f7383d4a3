/**
 * The top eigenpairs of a symmetric operator by the Lanczos method with full
 * reorthogonalisation (Golub & Van Loan §10.1): k steps build an orthonormal
 * Krylov basis Q and a tridiagonal T = QᵀAQ whose eigenpairs (Ritz pairs)
 * approximate A's extreme ones far sooner than power iteration with
 * deflation does when the top eigenvalues lie close together.
 *
 * Pure and backend-agnostic: the operator is any async map of flat vectors
 * (the Hessian via hessian-vector.ts, or a test matrix). Basis vectors are
 * kept as float32 (memory: steps × n × 4 bytes), sums in float64.
 */
import { symmetricEigen } from './symmetric-eigen.ts';

export type FlatOperator = (v: Float32Array) => Promise<Float32Array>;

export interface LanczosOptions {
  /** Eigenpairs wanted, largest |λ| first. Default 2. */
  count?: number;
  /** Most Lanczos steps (operator applications). Default 40, at most n. */
  maxSteps?: number;
  /** Stop once every wanted pair's residual estimate β·|s_last| ≤ tolerance·|λ|. Default 1e-4. */
  tolerance?: number;
  /** The start vector (normalised here); must not be zero. */
  start: Float32Array;
  /** Called between operator applications; throw from it to cancel. */
  checkpoint?: () => Promise<void>;
}

export interface LanczosResult {
  /** Ritz values of largest magnitude, largest |λ| first. */
  values: number[];
  /** Unit Ritz vectors, `vectors[i]` belonging to `values[i]`. */
  vectors: Float32Array[];
  /** ‖A y − λ y‖ ÷ |λ| as the recurrence estimates it (β_k·|s_k| ÷ |λ|), without further products. */
  estimatedResiduals: number[];
  /** Lanczos steps taken = operator applications. */
  steps: number;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** Removes from `w` its components along every basis vector (classical Gram–Schmidt, run twice). */
function orthogonalise(w: Float64Array, basis: readonly Float32Array[]): void {
  for (let pass = 0; pass < 2; pass++) {
    for (const q of basis) {
      const c = dot(w, q);
      for (let i = 0; i < w.length; i++) w[i] -= c * q[i];
    }
  }
}

/** Ritz pairs of T (alphas on the diagonal, betas beside it), ordered by |λ|, largest first. */
function ritz(alphas: readonly number[], betas: readonly number[]): { values: number[]; vectors: Float64Array[] } {
  const k = alphas.length;
  const t = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    t[i * k + i] = alphas[i];
    if (i + 1 < k) t[i * k + i + 1] = t[(i + 1) * k + i] = betas[i];
  }
  const eigen = symmetricEigen(t, k);
  const order = eigen.values.map((_, i) => i).sort((i, j) => Math.abs(eigen.values[j]) - Math.abs(eigen.values[i]));
  return { values: order.map((i) => eigen.values[i]), vectors: order.map((i) => eigen.vectors[i]) };
}

export async function lanczosTopEigenpairs(apply: FlatOperator, options: LanczosOptions): Promise<LanczosResult> {
  const n = options.start.length;
  const count = options.count ?? 2;
  const maxSteps = Math.min(options.maxSteps ?? 40, n);
  const tolerance = options.tolerance ?? 1e-4;
  if (count < 1 || count > maxSteps) throw new Error(`Lanczos needs 1 ≤ count (${count}) ≤ steps (${maxSteps}).`);
  const startNorm = Math.sqrt(dot(options.start, options.start));
  if (!(startNorm > 0) || !Number.isFinite(startNorm)) throw new Error('The Lanczos start vector must be finite and non-zero.');

  const basis: Float32Array[] = [Float32Array.from(options.start, (x) => x / startNorm)];
  const alphas: number[] = [];
  const betas: number[] = [];
  let pairs = { values: [] as number[], vectors: [] as Float64Array[] };
  let estimates: number[] = [];
  for (let step = 0; step < maxSteps; step++) {
    await options.checkpoint?.();
    const q = basis[step];
    const w = Float64Array.from(await apply(q));
    if (w.length !== n) throw new Error(`The operator returned ${w.length} values for a vector of ${n}.`);
    if (!w.every(Number.isFinite)) throw new Error(`The operator returned a non-finite value at Lanczos step ${step + 1}.`);
    alphas.push(dot(w, q));
    orthogonalise(w, basis);
    const beta = Math.sqrt(dot(w, w));
    pairs = ritz(alphas, betas);
    const wanted = Math.min(count, alphas.length);
    estimates = pairs.vectors.slice(0, wanted).map((s, i) => (beta * Math.abs(s[s.length - 1])) / Math.max(Math.abs(pairs.values[i]), Number.MIN_VALUE));
    const converged = alphas.length >= count && estimates.every((e) => e <= tolerance);
    // β ≈ 0: the Krylov space is invariant and its Ritz pairs are exact eigenpairs.
    if (converged || beta <= 1e-12 * Math.max(1, Math.abs(pairs.values[0]))) break;
    betas.push(beta);
    basis.push(Float32Array.from(w, (x) => x / beta));
  }
  if (alphas.length < count) throw new Error(`The operator's Krylov space has only ${alphas.length} dimension(s); ${count} eigenvectors were asked for.`);
  const k = alphas.length;
  const vectors = pairs.vectors.slice(0, count).map((s) => {
    const y = new Float64Array(n);
    for (let j = 0; j < k; j++) {
      const qj = basis[j];
      for (let i = 0; i < n; i++) y[i] += s[j] * qj[i];
    }
    const length = Math.sqrt(dot(y, y));
    return Float32Array.from(y, (x) => x / length);
  });
  return { values: pairs.values.slice(0, count), vectors, estimatedResiduals: estimates.slice(0, count), steps: k };
}

/** ‖A y − λ y‖ ÷ |λ| for a unit vector y: the residual measured with one more product. */
export async function measuredResidual(apply: FlatOperator, value: number, vector: Float32Array): Promise<number> {
  const product = await apply(vector);
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += (product[i] - value * vector[i]) ** 2;
  return Math.sqrt(sum) / Math.max(Math.abs(value), Number.MIN_VALUE);
}
