/**
 * Least-squares fit of L(t) ≈ a + b·t + c·t², for the curvature of a surface
 * along an axis (L''(0) ≈ 2c). float64 throughout.
 */

export interface QuadraticFit {
  a: number;
  b: number;
  c: number;
  /** 2c: the fitted second derivative. */
  secondDerivative: number;
}

/**
 * @param t abscissae (at least 3 distinct values)
 * @param values L(t), finite
 * @returns null when the points cannot determine a parabola
 */
export function fitQuadratic(t: readonly number[], values: readonly number[]): QuadraticFit | null {
  if (t.length !== values.length) throw new Error(`fitQuadratic: ${t.length} abscissae for ${values.length} values.`);
  if (new Set(t).size < 3) return null;
  // Scale t to [−1, 1] so the normal equations stay well conditioned on fine grids.
  const h = Math.max(...t.map(Math.abs));
  const u = t.map((ti) => ti / h);
  // Normal equations M·[a, b, c] = r with M_jk = Σ u^(j+k), r_j = Σ u^j·L.
  const s = [0, 0, 0, 0, 0];
  const r = [0, 0, 0];
  u.forEach((ui, i) => {
    let p = 1;
    for (let k = 0; k <= 4; k++) {
      s[k] += p;
      if (k <= 2) r[k] += p * values[i];
      p *= ui;
    }
  });
  const m = [
    [s[0], s[1], s[2], r[0]],
    [s[1], s[2], s[3], r[1]],
    [s[2], s[3], s[4], r[2]],
  ];
  const solution = solve3(m);
  if (solution === null) return null;
  const [a, b, cu] = solution;
  const c = cu / (h * h);
  return { a, b: b / h, c, secondDerivative: 2 * c };
}

/** Gaussian elimination with partial pivoting on a 3×4 augmented matrix (modified in place). */
function solve3(m: number[][]): [number, number, number] | null {
  for (let col = 0; col < 3; col++) {
    let pivot = col;
    for (let row = col + 1; row < 3; row++) if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) pivot = row;
    if (Math.abs(m[pivot][col]) < 1e-14) return null;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let row = col + 1; row < 3; row++) {
      const factor = m[row][col] / m[col][col];
      for (let k = col; k < 4; k++) m[row][k] -= factor * m[col][k];
    }
  }
  const x = [0, 0, 0];
  for (let row = 2; row >= 0; row--) {
    let sum = m[row][3];
    for (let k = row + 1; k < 3; k++) sum -= m[row][k] * x[k];
    x[row] = sum / m[row][row];
  }
  return [x[0], x[1], x[2]];
}
