/**
 * The fast mode's loss estimate at a grid point: a control variate and a
 * sequential stopping rule. With ℓᵢ(θ₀) known for every example of the
 * evaluation subset (one full pass at the centre),
 *   L(p) = L(θ₀) + mean over the subset of [ℓᵢ(p) − ℓᵢ(θ₀)],
 * and the mean of the differences is estimated from as few examples as its
 * standard error allows. Near the centre the differences are tiny, so few
 * examples give a small *relative* error exactly where the loss is small.
 */

/** What the centre pass leaves behind: per-example values in evaluation order. */
export interface ControlVariate {
  losses: Float32Array;
  correct: Float32Array;
  meanLoss: number;
  meanAccuracy: number;
}

export function controlVariate(losses: Float32Array, correct: Float32Array): ControlVariate {
  let loss = 0;
  let accuracy = 0;
  for (let i = 0; i < losses.length; i++) {
    loss += losses[i];
    accuracy += correct[i];
  }
  return { losses, correct, meanLoss: loss / losses.length, meanAccuracy: accuracy / losses.length };
}

export interface AdaptiveEstimate {
  loss: number;
  accuracy: number;
  /** Standard error of `loss` (0 once every example is used). */
  standardError: number;
  examples: number;
}

/** Running sums of the differences ℓᵢ(p) − ℓᵢ(θ₀) over the examples seen so far (taken in evaluation order). */
export class DifferenceAccumulator {
  private count = 0;
  private sum = 0;
  private sumSquares = 0;
  private accuracySum = 0;

  constructor(private readonly centre: ControlVariate) {}

  /** Adds the examples `offset … offset + losses.length − 1` evaluated at the point. */
  add(losses: Float32Array, correct: Float32Array, offset: number): void {
    for (let i = 0; i < losses.length; i++) {
      const d = losses[i] - this.centre.losses[offset + i];
      this.sum += d;
      this.sumSquares += d * d;
      this.accuracySum += correct[i] - this.centre.correct[offset + i];
    }
    this.count += losses.length;
  }

  estimate(): AdaptiveEstimate {
    const n = this.centre.losses.length;
    const m = this.count;
    const mean = m ? this.sum / m : 0;
    const variance = m > 1 ? Math.max(0, (this.sumSquares - m * mean * mean) / (m - 1)) : Infinity;
    // Sampling without replacement from a finite subset: the correction makes the error 0 at m = n.
    const standardError = m >= n ? 0 : Math.sqrt((variance / m) * (1 - m / n));
    return {
      loss: this.centre.meanLoss + mean,
      accuracy: this.centre.meanAccuracy + (m ? this.accuracySum / m : 0),
      standardError,
      examples: m,
    };
  }

  /**
   * Whether the estimate is good enough: z·SE within half the relative
   * tolerance (the other half is left for interpolation), after a minimum
   * number of examples so the variance itself is trustworthy.
   */
  converged(tolerance: number, minimumExamples = 512, z = 2.5): boolean {
    const e = this.estimate();
    if (e.examples >= this.centre.losses.length) return true;
    if (e.examples < minimumExamples || !Number.isFinite(e.loss)) return false;
    return z * e.standardError <= (tolerance / 2) * Math.abs(e.loss);
  }
}

/** Per-example values of one batch, in evaluation order. */
export interface ExampleValues {
  losses: Float32Array;
  correct: Float32Array;
}

/**
 * Takes batches in evaluation order until the estimate meets `tolerance` (or
 * the subset ends); the batches not taken are never evaluated.
 */
export async function sampleUntilConverged(centre: ControlVariate, tolerance: number, batches: AsyncIterable<ExampleValues>): Promise<AdaptiveEstimate> {
  const accumulator = new DifferenceAccumulator(centre);
  let offset = 0;
  for await (const values of batches) {
    accumulator.add(values.losses, values.correct, offset);
    offset += values.losses.length;
    if (accumulator.converged(tolerance)) break;
  }
  return accumulator.estimate();
}

/** Every batch's values joined: the control variate of a full pass. */
export async function fullPass(count: number, batches: AsyncIterable<ExampleValues>): Promise<ControlVariate> {
  const losses = new Float32Array(count);
  const correct = new Float32Array(count);
  let offset = 0;
  for await (const values of batches) {
    losses.set(values.losses, offset);
    correct.set(values.correct, offset);
    offset += values.losses.length;
  }
  return controlVariate(losses, correct);
}
