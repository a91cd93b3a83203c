/**
 * Morris screening from the outputs of a Morris design (morris-design.ts).
 * Each step of trajectory t gives factor i one elementary effect,
 *
 *   EE_i,t = ±(f(x + Δ·e_i) − f(x)) / Δ      (+ for a step up, − down; Morris 1991)
 *
 * with Δ in unit space, so effects are per half of the prior's probability
 * mass. Per factor: μ = mean EE, μ* = mean |EE| (Campolongo et al. 2007),
 * σ = standard deviation of EE (nonlinearity or interactions), and a
 * bootstrap percentile interval of μ* over trajectories. Effects with an
 * undefined (NaN) end are dropped.
 */
import { Rng, deriveSeed } from "../sobol-sequence.js";
import { bootSummary, checkAnalyzeOptions, multinomialWeights, type AnalyzeOptions } from "./bootstrap.js";
import type { MorrisDesign } from "./morris-design.js";

export interface MorrisIndex {
  name: string;
  /** mean elementary effect (effects cancel when the sign changes) */
  mu: number;
  /** mean absolute elementary effect (Campolongo et al. 2007) */
  muStar: number;
  muStar_ci: [number, number];
  muStar_se: number;
  /** standard deviation of the effects: nonlinearity or interactions */
  sigma: number;
  /** elementary effects used (both points defined) */
  effects: number;
}

export interface MorrisAnalysis {
  r: number;
  k: number;
  levels: number;
  delta: number;
  resamples: number;
  confLevel: number;
  undefinedRuns: number;
  /** in factor order */
  indices: MorrisIndex[];
  warnings: string[];
}

/** The steps of a design that the effects need: which factor each moves, which way, and Δ. */
type MorrisSteps = Pick<MorrisDesign, "r" | "k" | "delta" | "order" | "sign">;

/** Elementary effects: trajectory t's effect of factor i at t·k + i (NaN where an end is undefined). */
export function elementaryEffects(design: MorrisSteps, Y: ArrayLike<number>): Float64Array {
  const { r, k, delta, order, sign } = design;
  const ee = new Float64Array(r * k);
  for (let t = 0; t < r; t++) {
    for (let s = 0; s < k; s++) {
      const y0 = Y[t * (k + 1) + s];
      const y1 = Y[t * (k + 1) + s + 1];
      ee[t * k + order[t * k + s]] = (sign[t * k + s] * (y1 - y0)) / delta;
    }
  }
  return ee;
}

/** μ, μ* and σ of factor i's defined effects, and how many there are. */
export function effectMoments(ee: Float64Array, r: number, k: number, i: number): { n: number; mu: number; muStar: number; sigma: number } {
  let n = 0;
  let m = 0;
  let ma = 0;
  for (let t = 0; t < r; t++) {
    const e = ee[t * k + i];
    if (e !== e) continue;
    n++;
    m += e;
    ma += Math.abs(e);
  }
  m /= n;
  ma /= n;
  let ss = 0;
  for (let t = 0; t < r; t++) {
    const e = ee[t * k + i];
    if (e === e) ss += (e - m) * (e - m);
  }
  return { n, mu: n > 0 ? m : NaN, muStar: n > 0 ? ma : NaN, sigma: n > 1 ? Math.sqrt(ss / (n - 1)) : NaN };
}

/** R bootstrap estimates of μ* over trajectories: resample b, factor i at b·k + i. */
function muStarBootstrap(ee: Float64Array, r: number, k: number, R: number, seed: number): Float64Array {
  const rng = new Rng(deriveSeed("morris-bootstrap", seed));
  const w = new Uint32Array(r);
  const boot = new Float64Array(R * k);
  for (let b = 0; b < R; b++) {
    multinomialWeights(rng, r, w);
    for (let i = 0; i < k; i++) {
      let s = 0;
      let c = 0;
      for (let t = 0; t < r; t++) {
        const e = ee[t * k + i];
        if (w[t] > 0 && e === e) {
          s += w[t] * Math.abs(e);
          c += w[t];
        }
      }
      boot[b * k + i] = c > 0 ? s / c : NaN;
    }
  }
  return boot;
}

/**
 * μ, μ* and σ of the elementary effects EE = ±(f(x') − f(x)) / Δ, with Δ
 * in unit space (so effects are per half of the prior's probability mass),
 * and a bootstrap percentile interval of μ* over trajectories.
 */
export function morrisAnalyze(
  design: Pick<MorrisDesign, "r" | "k" | "levels" | "delta" | "order" | "sign"> & { names?: string[] },
  Y: ArrayLike<number>,
  opts: AnalyzeOptions = {},
): MorrisAnalysis {
  const { R, conf, seed } = checkAnalyzeOptions(opts);
  const { r, k, delta } = design;
  if (Y.length < r * (k + 1)) throw new RangeError(`morrisAnalyze: ${Y.length} outputs for r = ${r}, k = ${k}`);
  const names = opts.names ?? design.names ?? Array.from({ length: k }, (_, i) => `x${i + 1}`);
  let undefinedRuns = 0;
  for (let i = 0; i < r * (k + 1); i++) if (Number.isNaN(Y[i])) undefinedRuns++;
  const ee = elementaryEffects(design, Y);
  const boot = muStarBootstrap(ee, r, k, R, seed);
  const indices: MorrisIndex[] = [];
  const col = new Float64Array(R);
  let dropped = 0;
  const undefinedResamples: string[] = [];
  for (let i = 0; i < k; i++) {
    const { n, mu, muStar, sigma } = effectMoments(ee, r, k, i);
    dropped += r - n;
    for (let b = 0; b < R; b++) col[b] = boot[b * k + i];
    const bs = bootSummary(col, conf);
    if (bs.undefined > 0 && Number.isFinite(muStar)) undefinedResamples.push(`${names[i]} ${bs.undefined}`);
    indices.push({ name: names[i], mu, muStar, muStar_ci: bs.ci, muStar_se: bs.se, sigma, effects: n });
  }
  const warnings: string[] = [];
  if (r < 10) warnings.push(`only ${r} trajectories: μ* and its interval are rough; use 10 or more (20–50 is common)`);
  if (dropped > 0) warnings.push(`${dropped} of ${r * k} elementary effects dropped (an output undefined at either end)`);
  if (undefinedResamples.length > 0) warnings.push(`bootstrap resamples (of ${R}) with no defined μ* (no effect left in the resample), left out of the intervals: ${undefinedResamples.join(", ")}`);
  return { r, k, levels: design.levels, delta, resamples: R, confLevel: conf, undefinedRuns, indices, warnings };
}
