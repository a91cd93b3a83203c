/**
 * Independent reference implementation of the software-intelligence-explosion
 * (SIE) Monte Carlo of Davidson & Houlden, "How quick and big would a software
 * intelligence explosion be?" (Forethought, 18 July 2025, revised 4 Aug 2025;
 * https://www.forethought.org/research/how-quick-and-big-would-a-software-intelligence-explosion-be).
 * It is the quantitative follow-up to Eth & Davidson, "Will AI R&D Automation
 * Cause a Software Intelligence Explosion?" (Forethought, 26 March 2025), which
 * has no simulation of its own.
 *
 * SOURCES READ
 *   1. The paper: sections "Model dynamics" / "Pseudocode", "Summary of
 *      parameter assumptions", "Results", and the appendices "Additional model
 *      assumptions" and "Variants of the model".
 *   2. The authors' code, github.com/thoulden/Accelerated_AI_Progress (linked
 *      from the paper as "code for the simulations"): the Streamlit
 *      multiple-simulation module (functions sample_parameters_batch,
 *      dynamic_system_with_lambda, calculate_summary_statistics_binary) and
 *      docs/js/simulation.js, the repository's JavaScript port that says it is
 *      numerically identical to the Python. Where paper and code differ, this
 *      file follows the code, because the code produced the published numbers.
 *
 * WHAT THEIR ALGORITHM DOES (default options: no "gradual boost", no
 * "retraining cost", r not held constant, software share of progress 0.5)
 *   - Sampling, one independent draw per simulation:
 *       f   ~ log-uniform(2, 32)      initial speed-up
 *       r0  ~ log-uniform(0.4, 3.6)   returns to software R&D
 *       L   ~ uniform(6, 16)          distance to effective limits, in years of progress
 *       p   ~ log-uniform(0.15, 0.6)  "diminishing returns to parallel labour"
 *                                     (the brief and the code call it lambda)
 *   - It steps doubling by doubling. There is no time grid.
 *       T0 = 3 / f months. The code divides by f, not 1 + f. (Their
 *             single-simulation page uses 3 / (1 + f0), but the Monte Carlo
 *             uses 3 / f.)
 *       ceiling = (2^(4 / 0.5))^L = 256^L, so S = 8 L doublings. The 4 is
 *             software doublings per year, and 0.5 is the software share of
 *             progress.
 *       k = r0 / log2(ceiling) = r0 / S. This is subtracted from r after every
 *             doubling, so r falls linearly in doublings and reaches 0 at the
 *             ceiling.
 *       while (t < 48 && size < ceiling && r > 0):
 *           t += T; size *= 2; r -= k; record t
 *           if (r > 0) T *= 2^(p (1/r - 1))
 *     So the n-th doubling (n = 0, 1, ...) lasts
 *         T_n = T0 * prod_{j=1..n} 2^(p (1/r_j - 1)),  r_j = r0 (1 - j/S).
 *     This is a right-endpoint sum: r is decremented BEFORE it is used. The
 *     paper's pseudocode writes the update with r_i, the value before the
 *     decrement, which is a left-endpoint sum. The code is followed here, and
 *     the pseudocode form is available as the `rIndexing: "pseudocode"`
 *     option, for sensitivity checks only.
 *   - No compute growth. (The "gradual boost" variant models compute growth by
 *     ramping f. It is not part of the headline numbers and is not implemented
 *     here.) No retraining-time correction. The time-varying-f factor
 *     (1 + f) / (1 + f_old) in their loop is exactly 1 when the boost is not
 *     gradual.
 *   - The horizon is max_time_months = 48. The loop test comes before the
 *     step, so the last recorded doubling may end after month 48, and windows
 *     may use that point.
 *   - Years of progress inside a window: they only count WHOLE doublings,
 *     between recorded doubling instants. For a window of W months and X years
 *     of progress per year, required = trunc((W/12) * (4/0.5) * X) doublings.
 *     The outcome is 1 if, for some i with i + required < len(times),
 *     times[i + required] - times[i] < W. The comparison is strict.
 *     Evaluated in IEEE doubles, this gives:
 *       sie_12m_3x : 24 doublings in < 12 months  (3 years of progress)
 *       sie_4m_10x : 26 doublings in < 4 months   (trunc(26.67): 3.25 years, not 3.33)
 *       sie_12m_10x: 80 doublings in < 12 months  (10 years)
 *       sie_4m_30x : 80 doublings in < 4 months   ((4/12)*8*30 is exactly 80.0 in doubles)
 *
 * PUBLISHED NUMBERS (same paper)
 *   - "Results" table: >=3 yr in <=1 yr 57%; >=3 yr in <=4 mo 41%;
 *     >=10 yr in <=1 yr 18%; >=10 yr in <=4 mo 12%.
 *   - Retraining-time appendix, "No RT" column: 56% / 41% / 17% / 12%.
 *   - Summary table, rounded to 1 sig. fig.: ~60% / ~40% / ~20% / ~10%.
 *
 * CHOICES MADE HERE (details not fixed by the sources, or deliberate deviations)
 *   - PRNG. They use numpy's global RNG (Python) or Math.random (JS). This file
 *     uses mulberry32 with a 32-bit seed. Each draw consumes four uniforms in
 *     the order f, r0, L, p (the JS port's per-draw order). Numpy samples
 *     column-wise, so individual draws cannot be reproduced anyway.
 *   - uniform(a, b) = a + u (b - a) with u = uint32 / 2^32 in [0, 1), as in numpy.
 *   - Default is rIndexing "code" (right endpoint), as explained above.
 *   - Only the four headline outcomes are implemented. The interpolated
 *     "years compressed" CDF from their plots is not.
 *
 * CONTINUOUS CLOSED FORM (for comparison with a continuous-time engine)
 *   ds/dt = 1/T(s), ln T(s) = ln T0 + p ln2 * integral_0^s (1/r(u) - 1) du,
 *   r(u) = r0 (1 - u/S), which gives
 *   ln T(s) = ln T0 + p ln2 [ -(S/r0) ln(1 - s/S) - s ].
 *   t(s) = integral_0^s T(u) du is integrated on a grid of h = 1/48 doubling,
 *   exactly for log-linear T within a cell. Because p ln2 S / r0 > 1 for every
 *   parameter in range, t(s) -> infinity as s -> S: the continuous path never
 *   reaches the ceiling. The discrete path does reach it, at n = ceil(S).
 *   `simulateContinuousClosedForm` scores the same outcomes two ways:
 *     "discreteMetric": sample t(n) at whole n and use the same trunc
 *        thresholds, strict <, and overshoot rule as their code. Comparing this
 *        with the discrete result isolates the effect of the stepping alone.
 *     "exactMetric": windows may start at any grid point, thresholds are the
 *        exact 24, 80/3, 80 and 80 doublings, and the window must end by
 *        t = 48.
 *
 * DISCRETE VS CONTINUOUS: EXPECTED DIRECTION
 *   The code's exponent after n doublings is sum_{j=1..n} g(j) with
 *   g = 1/r - 1, and that value is held for the whole interval [n, n+1]. The
 *   continuous path's mean over the same interval is about G(n + 1/2), where
 *   G(s) = integral_0^s g. Since sum_{j=1..n} g(j) ~ G(n + 1/2) - G(1/2),
 *   discrete T_n ~ continuous T * 2^(-p g(0)/2) = 2^(p (1 - 1/r0)/2).
 *   The discrete path is therefore uniformly SLOWER when r0 > 1 (the
 *   SIE-relevant draws), by up to 2^0.3 ~ 1.23 in time, and FASTER when r0 < 1.
 *   Both effects shrink as p falls.
 *
 * MEASURED (seed 12345, 30,000 draws, same parameter draws for every variant)
 *                                  12m_3x  4m_10x  12m_10x  4m_30x
 *   discrete, their code (default) 0.5626  0.4072  0.1660   0.1252
 *   discrete, pseudocode r_i       0.5691  0.4149  0.1739   0.1313
 *   continuous, their metric       0.5632  0.4107  0.1672   0.1270
 *   continuous, exact metric       0.5632  0.4066  0.1672   0.1271
 *   Time at which the n-th doubling completes, discrete / continuous:
 *     r0 > 1: median 1.044, 10th-90th percentile 1.011-1.099 (the same at
 *             n = 8, 24 and 40);
 *     r0 < 1: median 0.943 at n = 8 and 0.978 at n = 24.
 *   Per-draw disagreements, same metric, counted as discrete-only /
 *   continuous-only successes: 12m_3x 35/53, 4m_10x 0/104, 12m_10x 6/44,
 *   4m_30x 1/57.
 *   So the stepping effect is a small systematic slowdown of SIE paths. It
 *   lowers the outcome probabilities by 0.1 to 0.35 percentage points against
 *   the continuous form.
 *   Truncating 26.67 to 26 doublings raises 4m_10x by about 0.4 percentage
 *   points against exact 10/3-year windows.
 *   Using the pseudocode's r_i instead of the code's r_{i+1} raises all four
 *   probabilities by 0.6 to 0.8 percentage points.
 *   The continuous grid has converged: h = 1/16, 1/48 and 1/192 give
 *   identical results on 5,000 draws.
 */

import { mulberry32 } from "../helpers/mulberry32.js";
export interface ForethoughtDraw {
  /** initial speed-up f (software doubling time starts at 3/f months) */
  f: number;
  /** initial returns to software R&D */
  r0: number;
  /** distance to effective limits, in years of progress at recent rates */
  limitYears: number;
  /** diminishing returns to parallel labour (p in the paper, lambda in the code) */
  lambda: number;
}

export interface ForethoughtOutcomes {
  sie_12m_3x: boolean;
  sie_4m_10x: boolean;
  sie_12m_10x: boolean;
  sie_4m_30x: boolean;
}

export interface ForethoughtProbabilities {
  sie_12m_3x: number;
  sie_4m_10x: number;
  sie_12m_10x: number;
  sie_4m_30x: number;
  draws: number;
}

export type OutcomeKey = keyof ForethoughtOutcomes;

/** [key, window months, speed-up factor] exactly as in their `conditions` list. */
export const FORETHOUGHT_CONDITIONS: ReadonlyArray<readonly [OutcomeKey, number, number]> = [
  ["sie_12m_3x", 12, 3],
  ["sie_4m_10x", 4, 10],
  ["sie_12m_10x", 12, 10],
  ["sie_4m_30x", 4, 30],
];

/** Model constants of the published code. */
export const RECENT_SOFTWARE_DOUBLING_MONTHS = 3;
export const SOFTWARE_DOUBLINGS_PER_YEAR = 4;
export const SOFTWARE_SHARE_OF_PROGRESS = 0.5;
export const HORIZON_MONTHS = 48;

export { mulberry32 };

function uniform(rng: () => number, a: number, b: number): number {
  return a + rng() * (b - a);
}

function logUniform(rng: () => number, a: number, b: number): number {
  return Math.exp(uniform(rng, Math.log(a), Math.log(b)));
}

/** One parameter draw, consuming four uniforms in the order f, r0, L, lambda. */
export function sampleForethoughtDraw(rng: () => number): ForethoughtDraw {
  const f = logUniform(rng, 2, 32);
  const r0 = logUniform(rng, 0.4, 3.6);
  const limitYears = uniform(rng, 6, 16);
  const lambda = logUniform(rng, 0.15, 0.6);
  return { f, r0, limitYears, lambda };
}

/** Ceiling in doublings, S = log2(ceiling) = 8 L. */
export function doublingsToCeiling(limitYears: number): number {
  return (SOFTWARE_DOUBLINGS_PER_YEAR / SOFTWARE_SHARE_OF_PROGRESS) * limitYears;
}

export interface DiscreteOptions {
  /** "code": r decremented before the doubling-time update (published code, default);
   *  "pseudocode": update uses r before the decrement (paper's pseudocode). */
  rIndexing?: "code" | "pseudocode";
  horizonMonths?: number;
}

/**
 * Their dynamic_system_with_lambda (non-gradual, no retraining cost, r falling):
 * returns the times (months) at which each doubling completes, times[0] = 0.
 */
export function discreteDoublingTimes(draw: ForethoughtDraw, opts: DiscreteOptions = {}): number[] {
  const horizon = opts.horizonMonths ?? HORIZON_MONTHS;
  const pseudo = opts.rIndexing === "pseudocode";
  const factorIncrease = 2;
  const impliedMonthGrowthRate = Math.log(2) / RECENT_SOFTWARE_DOUBLING_MONTHS;
  let doublingTime = Math.log(factorIncrease) / impliedMonthGrowthRate / draw.f;
  const ceiling = Math.pow(
    Math.pow(2, SOFTWARE_DOUBLINGS_PER_YEAR / SOFTWARE_SHARE_OF_PROGRESS),
    draw.limitYears,
  );
  const k = draw.r0 / (Math.log(ceiling) / Math.log(factorIncrease));
  let r = draw.r0;
  let size = 1;
  let t = 0;
  const times = [0];
  while (t < horizon && size < ceiling && r > 0) {
    t += doublingTime;
    size *= factorIncrease;
    const rBefore = r;
    r -= k;
    times.push(t);
    const rUsed = pseudo ? rBefore : r;
    if (r > 0) {
      doublingTime *= Math.pow(factorIncrease, draw.lambda * (1 / rUsed - 1));
    }
  }
  return times;
}

/** trunc((W/12) * (4/0.5) * X), evaluated in the same operation order as their code. */
export function requiredWholeDoublings(windowMonths: number, speedUp: number): number {
  const baseline = (windowMonths / 12) * (SOFTWARE_DOUBLINGS_PER_YEAR / SOFTWARE_SHARE_OF_PROGRESS);
  return Math.trunc(baseline * speedUp);
}

/** Their calculate_summary_statistics_binary on a list of doubling times. */
export function outcomesFromDoublingTimes(times: readonly number[]): ForethoughtOutcomes {
  const out: ForethoughtOutcomes = {
    sie_12m_3x: false,
    sie_4m_10x: false,
    sie_12m_10x: false,
    sie_4m_30x: false,
  };
  for (const [key, window, speedUp] of FORETHOUGHT_CONDITIONS) {
    const req = requiredWholeDoublings(window, speedUp);
    for (let i = 0; i < times.length - req; i++) {
      if (times[i + req] - times[i] < window) {
        out[key] = true;
        break;
      }
    }
  }
  return out;
}

function tally(
  draws: number,
  seed: number,
  perDraw: (d: ForethoughtDraw) => ForethoughtOutcomes,
): ForethoughtProbabilities {
  if (!Number.isInteger(draws) || draws <= 0) throw new Error("draws must be a positive integer");
  const rng = mulberry32(seed);
  const counts = { sie_12m_3x: 0, sie_4m_10x: 0, sie_12m_10x: 0, sie_4m_30x: 0 };
  for (let n = 0; n < draws; n++) {
    const o = perDraw(sampleForethoughtDraw(rng));
    if (o.sie_12m_3x) counts.sie_12m_3x++;
    if (o.sie_4m_10x) counts.sie_4m_10x++;
    if (o.sie_12m_10x) counts.sie_12m_10x++;
    if (o.sie_4m_30x) counts.sie_4m_30x++;
  }
  return {
    sie_12m_3x: counts.sie_12m_3x / draws,
    sie_4m_10x: counts.sie_4m_10x / draws,
    sie_12m_10x: counts.sie_12m_10x / draws,
    sie_4m_30x: counts.sie_4m_30x / draws,
    draws,
  };
}

/** The published discrete Monte Carlo (headline configuration). */
export function simulateForethoughtDiscrete(
  draws: number,
  seed: number,
  opts: DiscreteOptions = {},
): ForethoughtProbabilities {
  return tally(draws, seed, (d) => outcomesFromDoublingTimes(discreteDoublingTimes(d, opts)));
}

// ---------------------------------------------------------------------------
// Continuous closed form
// ---------------------------------------------------------------------------

/** ln T(s) = ln T0 + lambda ln2 [ -(S/r0) ln(1 - s/S) - s ]  (s < S). */
export function continuousLogDoublingTime(draw: ForethoughtDraw, s: number): number {
  const S = doublingsToCeiling(draw.limitYears);
  const lnT0 = Math.log(RECENT_SOFTWARE_DOUBLING_MONTHS / draw.f);
  return lnT0 + draw.lambda * Math.LN2 * (-(S / draw.r0) * Math.log1p(-s / S) - s);
}

/**
 * t(s) on the grid s = i*h, up to and including the first grid point with
 * t >= horizonMonths (with finishWholeDoubling: the first whole doubling with
 * t >= horizonMonths), or until s would reach the ceiling. The integral of T
 * over each cell is exact for a log-linear T.
 */
export function continuousTimeGrid(
  draw: ForethoughtDraw,
  stepsPerDoubling = 48,
  horizonMonths = HORIZON_MONTHS,
  finishWholeDoubling = false,
): Float64Array {
  const h = 1 / stepsPerDoubling;
  const S = doublingsToCeiling(draw.limitYears);
  const maxCells = Math.floor(S * stepsPerDoubling) - 1; // keep s < S
  const out = new Float64Array(maxCells + 1);
  let t = 0;
  let lnA = continuousLogDoublingTime(draw, 0);
  let i = 0;
  out[0] = 0;
  while (i < maxCells && (t < horizonMonths || (finishWholeDoubling && i % stepsPerDoubling !== 0))) {
    const lnB = continuousLogDoublingTime(draw, (i + 1) * h);
    const d = lnB - lnA;
    const cell = Math.abs(d) < 1e-12 ? h * Math.exp(lnA) : (h * (Math.exp(lnB) - Math.exp(lnA))) / d;
    t += cell;
    i++;
    out[i] = t;
    lnA = lnB;
  }
  return out.subarray(0, i + 1);
}

/** Continuous path scored as their code would score it: t(n) at whole n, overshoot kept. */
export function continuousOutcomesDiscreteMetric(grid: Float64Array, stepsPerDoubling: number, horizon: number): ForethoughtOutcomes {
  const times: number[] = [];
  for (let n = 0; n * stepsPerDoubling < grid.length; n++) {
    times.push(grid[n * stepsPerDoubling]);
    if (grid[n * stepsPerDoubling] >= horizon) break;
  }
  // Their loop appends the first point at or past the horizon and then stops. If the
  // grid ended between whole doublings (ceiling), the path stops at the last whole n.
  return outcomesFromDoublingTimes(times);
}

/** Continuous path scored exactly: any grid start, exact thresholds, window inside [0, horizon]. */
export function continuousOutcomesExactMetric(grid: Float64Array, stepsPerDoubling: number, horizon: number): ForethoughtOutcomes {
  let last = grid.length - 1;
  while (last > 0 && grid[last] > horizon) last--;
  const out: ForethoughtOutcomes = {
    sie_12m_3x: false,
    sie_4m_10x: false,
    sie_12m_10x: false,
    sie_4m_30x: false,
  };
  for (const [key, window, speedUp] of FORETHOUGHT_CONDITIONS) {
    const exactDoublings = (window / 12) * (SOFTWARE_DOUBLINGS_PER_YEAR / SOFTWARE_SHARE_OF_PROGRESS) * speedUp;
    const cells = Math.round(exactDoublings * stepsPerDoubling);
    for (let i = 0; i + cells <= last; i++) {
      if (grid[i + cells] - grid[i] <= window) {
        out[key] = true;
        break;
      }
    }
  }
  return out;
}

export interface ContinuousProbabilities {
  discreteMetric: ForethoughtProbabilities;
  exactMetric: ForethoughtProbabilities;
}

/** Same draws (same seed gives same parameters) integrated in continuous form. */
export function simulateContinuousClosedForm(
  draws: number,
  seed: number,
  stepsPerDoubling = 48,
): ContinuousProbabilities {
  // Two passes over identical draws (same seed gives the same parameters).
  const discreteMetric = tally(draws, seed, (d) =>
    continuousOutcomesDiscreteMetric(
      continuousTimeGrid(d, stepsPerDoubling, HORIZON_MONTHS, true),
      stepsPerDoubling,
      HORIZON_MONTHS,
    ),
  );
  const exactMetric = tally(draws, seed, (d) =>
    continuousOutcomesExactMetric(continuousTimeGrid(d, stepsPerDoubling), stepsPerDoubling, HORIZON_MONTHS),
  );
  return { discreteMetric, exactMetric };
}

/**
 * Per-draw timing comparison: ratio (discrete / continuous) of the time at which
 * the n-th doubling completes. Only draws whose discrete run reaches n doublings
 * are used (runs stop at the first doubling past 48 months); the continuous path
 * is integrated out to 192 months. Returns the median and 10th/90th percentiles of the ratio,
 * split by whether r0 is above or below 1.
 */
export function compareDoublingTimes(
  draws: number,
  seed: number,
  atDoubling = 24,
  stepsPerDoubling = 48,
): { rAbove1: { n: number; medianRatio: number; p10: number; p90: number }; rBelow1: { n: number; medianRatio: number; p10: number; p90: number } } {
  const rng = mulberry32(seed);
  const above: number[] = [];
  const below: number[] = [];
  for (let k = 0; k < draws; k++) {
    const d = sampleForethoughtDraw(rng);
    const disc = discreteDoublingTimes(d);
    if (disc.length <= atDoubling) continue;
    const grid = continuousTimeGrid(d, stepsPerDoubling, 4 * HORIZON_MONTHS); // run past the horizon
    const j = atDoubling * stepsPerDoubling;
    if (j >= grid.length) continue;
    const ratio = disc[atDoubling] / grid[j];
    (d.r0 > 1 ? above : below).push(ratio);
  }
  const summary = (xs: number[]) => {
    xs.sort((a, b) => a - b);
    const q = (p: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] : NaN);
    return { n: xs.length, medianRatio: q(0.5), p10: q(0.1), p90: q(0.9) };
  };
  return { rAbove1: summary(above), rBelow1: summary(below) };
}
