/**
 * The bootstrap behind the intervals of the Sobol' and Morris analyses
 * (Efron & Tibshirani 1993): each resample redraws the n base rows (or
 * trajectories) with replacement, as multinomial weights w_j (Σ w_j = n),
 * and recomputes the estimate; over R resamples the interval at level c is
 * the percentile interval [q_(1−c)/2, q_(1+c)/2] of the estimates and the
 * standard error their standard deviation. Also the options that set R, c
 * and the seed, and their checks.
 */
import { ArgumentError } from "../../core/errors.js";
import { quantileSorted } from "../stats.js";
import type { Rng } from "../sobol-sequence.js";

export interface AnalyzeOptions {
  /** bootstrap resamples (default 1000) */
  resamples?: number;
  /** confidence level of the intervals (default 0.95) */
  confLevel?: number;
  /** seed of the bootstrap (default 1) */
  seed?: number;
  /** factor names, for the warnings (default x1 … xk) */
  names?: string[];
}

export function checkAnalyzeOptions(opts: AnalyzeOptions): { R: number; conf: number; seed: number } {
  const R = opts.resamples ?? 1000;
  const conf = opts.confLevel ?? 0.95;
  if (!Number.isInteger(R) || R < 20) throw new ArgumentError("resamples", `must be an integer of at least 20, got ${R}`);
  checkConfLevel(conf);
  return { R, conf, seed: opts.seed ?? 1 };
}

/** A confidence level in (0, 1), or an ArgumentError naming confLevel. */
export function checkConfLevel(conf: number): void {
  if (!(conf > 0 && conf < 1)) throw new ArgumentError("confLevel", `must be between 0 and 1 (e.g. 0.95), got ${conf}`);
}

/** One resample's weights: n indices drawn with replacement, w[j] = times j was drawn. */
export function multinomialWeights(rng: Rng, n: number, w: Uint32Array): void {
  w.fill(0);
  for (let s = 0; s < n; s++) w[rng.int(n)]++;
}

/**
 * Percentile interval and standard deviation of a bootstrap column, over
 * its resamples whose estimate is defined (a resample can leave an index
 * undefined: no usable row, or V ≤ 0); `undefined` counts the others, for
 * the warnings (the interval is then over fewer than R resamples, and
 * conditional on the estimate being defined).
 */
export function bootSummary(values: Float64Array, conf: number): { ci: [number, number]; se: number; undefined: number } {
  const finite = values.filter((v) => Number.isFinite(v)).sort();
  const undef = values.length - finite.length;
  if (finite.length < 2) return { ci: [NaN, NaN], se: NaN, undefined: undef };
  let m = 0;
  for (const v of finite) m += v;
  m /= finite.length;
  let s = 0;
  for (const v of finite) s += (v - m) * (v - m);
  return {
    ci: [quantileSorted(finite, (1 - conf) / 2), quantileSorted(finite, (1 + conf) / 2)],
    se: Math.sqrt(s / (finite.length - 1)),
    undefined: undef,
  };
}
