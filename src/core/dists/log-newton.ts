/**
 * A safeguarded Halley iteration for a root of g(r) = 0 over r > 0, taken
 * in t = ln r with multiplicative steps r ← r·e^(-Δ), so r keeps its full
 * relative precision however small or large it is. Halley's step (cubic
 * convergence) is Δ = (g/g') / (1 - g g''/(2 g'²)), derivatives in t; where
 * the correction is large (|g g''/(2 g'²)| > ½) it falls back to Newton's
 * Δ = g/g'.
 *
 * It is what the gamma and beta quantiles use, where g is ln CDF - ln p
 * (or ln of the upper tail - ln(1 - p)) as a function of ln x or of the log
 * odds ln(x/(1-x)): the log of a CDF or of a survival function of a
 * log-concave density is concave, so from any start Newton's steps
 * overshoot at most once and then converge monotonically (e.g. J. F.
 * Monahan, Numerical Methods of Statistics, 2nd ed., §8.3). The bracket
 * [lo, hi] of the iterates' signs guards against a step that leaves it or
 * a g that is not finite: then the step bisects in ln r (or widens by e^4
 * while one side is still open). The iteration stops after a step of
 * |Δ| < 1e-7 (Halley) or 1e-9 (Newton): the error left is then of order
 * Δ³ or Δ², below rounding; and at once where a step rounds to no change.
 *
 * @example
 * // r such that ln r³ = ln 8: r = 2
 * solveLogHalley(1, (r, out) => { out[0] = 3 * Math.log(r) - Math.log(8); out[1] = 3; out[2] = 0; }, true); // 2
 */

/** Sets out[0] = g(r), out[1] = dg/dt and out[2] = d²g/dt², t = ln r. */
export type LogObjective = (r: number, out: Float64Array) => void;

const MAX_ITERATIONS = 400;
const E4 = 54.598150033144236; // e^4

/**
 * The root r > 0 of g, from the start r0 > 0; `increasing` says whether g
 * increases with r. Returns the last iterate if it has not converged in 400
 * steps (it always has in the tests, from any start).
 */
export function solveLogHalley(r0: number, g: LogObjective, increasing: boolean): number {
  const out = new Float64Array(3);
  let lo = 0;
  let hi = Infinity;
  let r = r0;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    g(r, out);
    const value = out[0];
    if (value === 0) return r;
    if (!Number.isNaN(value)) {
      if ((value > 0) === increasing) hi = r;
      else lo = r;
    }
    const newton = value / out[1];
    const correction = (newton * out[2]) / (2 * out[1]);
    const halley = Math.abs(correction) <= 0.5;
    const step = halley ? newton / (1 - correction) : newton;
    let next = Number.isFinite(step) ? r * Math.exp(-step) : NaN;
    // a converged step that rounds to r itself ends here: r is an end of the bracket (it was just
    // put there), so such a step was taken for one that left it, and bisection walked away from
    // the root and back, ~90 evaluations of the CDF for a gamma quantile of shape 1,000 (45 µs).
    // (Among subnormal r a larger step can round to r too: that one is not converged.)
    if (next === r && Math.abs(step) < (halley ? 1e-7 : 1e-9)) return r;
    const inside = next > lo && next < hi;
    if (!inside) {
      if (hi === Infinity) next = r * E4;
      else if (lo === 0) next = r / E4;
      else next = Math.sqrt(lo) * Math.sqrt(hi);
    } else if (Math.abs(step) < (halley ? 1e-7 : 1e-9)) {
      return next;
    }
    r = next;
  }
  return r;
}
