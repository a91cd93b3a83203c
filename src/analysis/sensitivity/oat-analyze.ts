/**
 * The tornado of a one-at-a-time plan (oat-design.ts) evaluated over M
 * draws per point, the same draws at every point (common random numbers).
 * Per factor, the paired difference of the outputs at its high and low
 * points and its interval (normal approximation):
 *
 *   Δ_i = (1/n) Σ_d (f(x_i high, d) − f(x_i low, d)),   Δ_i ± z·s/√n
 *
 * over the n draws where both are defined; the swing is |Δ_i|, and rows
 * are sorted by it.
 */
import { checkConfLevel } from "./bootstrap.js";
import { oatPlan, type OatOptions, type OatPlan } from "./oat-design.js";
import type { Problem } from "./factors.js";

export interface OatRow {
  name: string;
  /** the factor's values at the low and high quantiles */
  lowValue: number;
  highValue: number;
  /** mean output at each (over the draws where it is defined) */
  low: number;
  high: number;
  /** high − low, over draws where both are defined, and its interval (paired, normal approximation) */
  delta: number;
  delta_ci: [number, number] | null;
  /** |high − low| */
  swing: number;
  /** draws where both are defined */
  n: number;
}

export interface OatAnalysis {
  others: "medians" | "prior";
  low: number;
  high: number;
  draws: number;
  confLevel: number;
  /** mean output at the base point */
  base: number;
  undefinedRuns: number;
  /** sorted by swing, largest first */
  rows: OatRow[];
  warnings: string[];
}

/** Inverse of the standard normal CDF for the two-sided interval z (Acklam's approximation is plenty here). */
function zFor(conf: number): number {
  const p = (1 + conf) / 2;
  // Beasley–Springer–Moro / Acklam rational approximation
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  if (p > 0.97575) {
    const qq = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * qq + c[1]) * qq + c[2]) * qq + c[3]) * qq + c[4]) * qq + c[5]) / ((((d[0] * qq + d[1]) * qq + d[2]) * qq + d[3]) * qq + 1);
  }
  const qq = p - 0.5;
  const r = qq * qq;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * qq) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Mean output at point p over the draws where it is defined (NaN if none). */
export function pointMean(Y: ArrayLike<number>, M: number, p: number): number {
  let s = 0;
  let n = 0;
  for (let d = 0; d < M; d++) {
    const y = Y[p * M + d];
    if (y === y) {
      s += y;
      n++;
    }
  }
  return n > 0 ? s / n : NaN;
}

/** Mean, standard error and count of the paired differences Y[hi] − Y[lo] over draws (Welford's update). */
export function pairedDelta(Y: ArrayLike<number>, M: number, lo: number, hi: number): { n: number; mean: number; se: number } {
  let n = 0;
  let m = 0;
  let m2 = 0;
  for (let d = 0; d < M; d++) {
    const x = Y[hi * M + d] - Y[lo * M + d];
    if (x !== x) continue;
    n++;
    const dd = x - m;
    m += dd / n;
    m2 += dd * (x - m);
  }
  return { n, mean: m, se: n > 1 ? Math.sqrt(m2 / (n - 1) / n) : NaN };
}

/**
 * The tornado of a plain function of the factors (no other randomness):
 * oatPlan, one evaluation per point, oatAnalyze.
 *
 * @example oatTornado({ names: ["a"], dists: [(u) => u] }, (x) => 2 * x[0]).rows[0].swing // 1.8
 */
export function oatTornado(problem: Problem, f: (x: Float64Array) => number, opts: OatOptions = {}): OatAnalysis {
  if (opts.others === "prior") throw new RangeError("oatTornado evaluates a plain function at fixed points; others: \"prior\" needs draws (use runSensitivity)");
  const plan = oatPlan(problem, opts);
  const k = problem.names.length;
  const Y = plan.points.map((_, p) => f(plan.X.slice(p * k, p * k + k)));
  return oatAnalyze(plan, Y, 1);
}

/**
 * Tornado from outputs Y of an oatPlan evaluated over M draws per point
 * (value of point p, draw d at p·M + d; the same draws at every point).
 */
export function oatAnalyze(plan: OatPlan, Y: ArrayLike<number>, M: number, opts: { confLevel?: number } = {}): OatAnalysis {
  const conf = opts.confLevel ?? 0.95;
  checkConfLevel(conf);
  const P = plan.points.length;
  if (Y.length < P * M) throw new RangeError(`oatAnalyze: ${Y.length} outputs for ${P} points × ${M} draws`);
  const z = zFor(conf);
  let undefinedRuns = 0;
  for (let i = 0; i < P * M; i++) if (Number.isNaN(Y[i])) undefinedRuns++;
  const rows: OatRow[] = plan.names.map((name, i) => {
    const lo = 1 + 2 * i;
    const hi = 2 + 2 * i;
    const { n, mean: m, se } = pairedDelta(Y, M, lo, hi);
    return {
      name,
      lowValue: plan.lowValues[i],
      highValue: plan.highValues[i],
      low: pointMean(Y, M, lo),
      high: pointMean(Y, M, hi),
      delta: n > 0 ? m : NaN,
      delta_ci: M > 1 && n > 1 ? [m - z * se, m + z * se] : null,
      swing: n > 0 ? Math.abs(m) : NaN,
      n,
    };
  });
  rows.sort((a, b) => (Number.isNaN(b.swing) ? -1 : Number.isNaN(a.swing) ? 1 : b.swing - a.swing));
  const warnings: string[] = [];
  if (undefinedRuns > 0) warnings.push(`${undefinedRuns} of ${P * M} runs undefined: means are over the draws where the output is defined`);
  return { others: plan.others, low: plan.low, high: plan.high, draws: M, confLevel: conf, base: pointMean(Y, M, 0), undefinedRuns, rows, warnings };
}
