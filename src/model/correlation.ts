/**
 * Rank correlations between parameters (a Gaussian copula): the Pearson
 * correlation that gives a Spearman rank correlation, and the Cholesky factor
 * that both checks a model's correlations (compile) and draws them (sampling).
 */

/** Pearson correlation of the Gaussian copula that gives Spearman's rank correlation ρs. */
export function pearsonFromSpearman(rs: number): number {
  return 2 * Math.sin((Math.PI * rs) / 6);
}

/**
 * Lower Cholesky factor of a symmetric k×k matrix (row-major), or null when
 * it is not positive semi-definite. A zero pivot (a singular but valid
 * matrix, e.g. ρ = 1) gives a zero column.
 */
export function cholesky(a: Float64Array, k: number): Float64Array | null {
  const l = new Float64Array(k * k);
  const tol = 1e-10;
  for (let j = 0; j < k; j++) {
    let d = a[j * k + j];
    for (let s = 0; s < j; s++) d -= l[j * k + s] * l[j * k + s];
    if (d < -tol) return null;
    const pivot = d > tol ? Math.sqrt(d) : 0;
    l[j * k + j] = pivot;
    for (let i = j + 1; i < k; i++) {
      let v = a[i * k + j];
      for (let s = 0; s < j; s++) v -= l[i * k + s] * l[j * k + s];
      if (pivot === 0) {
        if (Math.abs(v) > 1e-8) return null;
        l[i * k + j] = 0;
      } else {
        l[i * k + j] = v / pivot;
      }
    }
  }
  return l;
}
