/**
 * The points of a one-at-a-time ("tornado") analysis: a base point with
 * every factor at its median (or sampled from its prior), then each factor
 * alone at its prior's low and high quantiles (default the 5th and 95th
 * percentiles), x_i = Q_i(0.05) and Q_i(0.95). The swings are in
 * oat-analyze.ts.
 */
import { checkProblem, medianOf, quantileFn, type Problem } from "./factors.js";

export interface OatOptions {
  /** the low and high quantiles (default 0.05 and 0.95) */
  low?: number;
  high?: number;
  /** the other factors at their medians (default) or sampled from their priors */
  others?: "medians" | "prior";
}

/**
 * Points: 0 is the base (every factor at its median, or all sampled), then
 * factor i low at 1 + 2i and high at 2 + 2i. X (points × k) holds NaN where
 * a value is to be sampled from the prior (others: "prior").
 */
export interface OatPlan {
  names: string[];
  others: "medians" | "prior";
  low: number;
  high: number;
  medians: number[];
  lowValues: number[];
  highValues: number[];
  points: { factor: number; level: "base" | "low" | "high" }[];
  X: Float64Array;
}

export function oatPlan(problem: Problem, opts: OatOptions = {}): OatPlan {
  checkProblem(problem);
  const low = opts.low ?? 0.05;
  const high = opts.high ?? 0.95;
  const others = opts.others ?? "medians";
  if (!(low > 0 && low < high && high < 1)) throw new RangeError(`oatPlan: need 0 < low < high < 1, got ${low}, ${high}`);
  const k = problem.names.length;
  const q = problem.dists.map(quantileFn);
  const medians = problem.dists.map(medianOf);
  const lowValues = q.map((f) => f(low));
  const highValues = q.map((f) => f(high));
  const points: OatPlan["points"] = [{ factor: -1, level: "base" }];
  for (let i = 0; i < k; i++) points.push({ factor: i, level: "low" }, { factor: i, level: "high" });
  const X = new Float64Array(points.length * k);
  points.forEach((pt, p) => {
    for (let i = 0; i < k; i++) X[p * k + i] = others === "medians" ? medians[i] : NaN;
    if (pt.factor >= 0) X[p * k + pt.factor] = pt.level === "low" ? lowValues[pt.factor] : highValues[pt.factor];
  });
  return { names: [...problem.names], others, low, high, medians, lowValues, highValues, points, X };
}
