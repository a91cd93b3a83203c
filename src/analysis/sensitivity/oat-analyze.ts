/**
 * The tornado of a one-at-a-time plan (oat-design.ts) evaluated over M
 * draws per point, the same draws at every point (common random numbers).
 * Per factor, the difference of the mean outputs at its high and low
 * points, each mean over the draws where the output is defined there,
 * and its interval (normal approximation):
 *
 *   Δ_i = m_H − m_L,   m_H = (1/n_H) Σ_d a_d f(x_i high, d),   m_L likewise (b_d, n_L)
 *
 * with a_d, b_d = 1 where draw d is defined at the high and low points.
 * Over the M draws (independent; each shared by both points), Δ_i is a
 * difference of two ratio estimators; to first order (the delta method)
 * Δ_i − E = (1/M) Σ_d z_d, with
 *
 *   z_d = (M/n_H)·a_d·(f_H,d − m_H) − (M/n_L)·b_d·(f_L,d − m_L),
 *
 * so se² = Σ_d z_d² / (M(M − 1)) and the interval is Δ_i ± z·se. The two
 * terms of a draw defined at both points are paired (their covariance
 * enters), a draw defined at one point only adds its own term. Where the
 * output is defined at every draw at both points, z_d is the paired
 * difference less its mean and this is the paired interval Δ_i ± z·s/√M
 * (computed as such). The swing is |Δ_i|, and rows are sorted by it.
 */
import { scaleFor } from "../stats.js";
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
  /** high − low (the two means above) and its interval (normal approximation, paired over the draws defined at both) */
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
 * The difference m_H − m_L of the means at points hi and lo, each over its
 * own defined draws, and its standard error (the delta method, in the
 * header); where every draw is defined at both, the paired difference.
 * se is NaN unless each point has at least 2 defined draws.
 */
export function meanDifference(Y: ArrayLike<number>, M: number, lo: number, hi: number): { mean: number; se: number } {
  let nL = 0;
  let nH = 0;
  let sL = 0;
  let sH = 0;
  for (let d = 0; d < M; d++) {
    const yl = Y[lo * M + d];
    const yh = Y[hi * M + d];
    if (yl === yl) {
      nL++;
      sL += yl;
    }
    if (yh === yh) {
      nH++;
      sH += yh;
    }
  }
  if (nL === M && nH === M) {
    const p = pairedDelta(Y, M, lo, hi);
    return { mean: p.mean, se: p.se };
  }
  if (nL === 0 || nH === 0) return { mean: NaN, se: NaN };
  const mL = sL / nL;
  const mH = sH / nH;
  let zz = 0;
  for (let d = 0; d < M; d++) {
    const yl = Y[lo * M + d];
    const yh = Y[hi * M + d];
    const z = (yh === yh ? ((yh - mH) * M) / nH : 0) - (yl === yl ? ((yl - mL) * M) / nL : 0);
    zz += z * z;
  }
  return { mean: mH - mL, se: nL > 1 && nH > 1 ? Math.sqrt(zz / (M * (M - 1))) : NaN };
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
  // outputs so large that sums of them would overflow are divided by a power of two (exactly), and the means given back in their units
  let big = 0;
  for (let i = 0; i < P * M; i++) {
    const a = Math.abs(Y[i]);
    if (a > big && a !== Infinity) big = a;
  }
  const scale = scaleFor(big);
  if (scale !== 1) Y = Float64Array.from({ length: P * M }, (_, i) => Y[i] / scale);
  const unscale = (x: number) => x * scale;
  let undefinedRuns = 0;
  for (let i = 0; i < P * M; i++) if (Number.isNaN(Y[i])) undefinedRuns++;
  const rows: OatRow[] = plan.names.map((name, i) => {
    const lo = 1 + 2 * i;
    const hi = 2 + 2 * i;
    const { n } = pairedDelta(Y, M, lo, hi);
    const { mean: m, se } = meanDifference(Y, M, lo, hi);
    return {
      name,
      lowValue: plan.lowValues[i],
      highValue: plan.highValues[i],
      low: unscale(pointMean(Y, M, lo)),
      high: unscale(pointMean(Y, M, hi)),
      delta: unscale(m),
      delta_ci: M > 1 && se === se ? [unscale(m - z * se), unscale(m + z * se)] : null,
      swing: unscale(Math.abs(m)),
      n,
    };
  });
  // largest first, undefined swings last, in factor order among themselves (a stable sort with a consistent order)
  rows.sort((a, b) => (Number.isNaN(a.swing) ? (Number.isNaN(b.swing) ? 0 : 1) : Number.isNaN(b.swing) ? -1 : b.swing - a.swing));
  const warnings: string[] = [];
  if (undefinedRuns > 0) warnings.push(`${undefinedRuns} of ${P * M} runs undefined: means are over the draws where the output is defined`);
  return { others: plan.others, low: plan.low, high: plan.high, draws: M, confLevel: conf, base: unscale(pointMean(Y, M, 0)), undefinedRuns, rows, warnings };
}
