/**
 * Paired statistics of two scenarios run on the same draws (common random
 * numbers): draw i of one scenario and draw i of the other share every
 * random number, so each statistic is computed on the per-draw pairs.
 *
 * - a 0/1 outcome, over the draws where it is defined under both: the
 *   difference of proportions with the Agresti–Min interval
 *   (`pairedFromCounts`), the draws that flip each way, the relative risk
 *   with the Bonett–Price interval for paired data (`pairedRatioInterval`)
 *   and the number of draws per net flip;
 * - a measured outcome: the mean of the per-draw differences over draws
 *   where it is defined under both, with its normal interval, and the shift
 *   of each quantile with a percentile bootstrap over draws.
 */
import { pairedFromCounts, type PairedDifference } from "./sweep.js";
import { Rng } from "./sobol-sequence.js";
import { multinomialWeights } from "./sensitivity/bootstrap.js";
import { quantileSorted, scaleFor, Z95 } from "./stats.js";
import { QUANTILES, type QuantileName } from "./summary.js";

/** The paired comparison of a 0/1 outcome, scenario − baseline. */
export interface BinaryComparison extends PairedDifference {
  kind: "binary";
  /**
   * draws that succeeded under both scenarios but where the outcome is
   * undefined (NaN) under one or both, left out of `n`; present only when
   * some are (an outcome such as rsi-core's warned_before_loc, defined only
   * where control was lost)
   */
  undefined?: number;
  /** P(outcome) under the baseline and under the scenario, over the `n` draws that succeeded, with the outcome defined, under both: diff = p_scenario − p_baseline */
  p_baseline: number;
  p_scenario: number;
  /** relative risk P(scenario) / P(baseline), with the Bonett–Price (2006) hybrid Wilson score 95% interval for paired data (`pairedRatioInterval`) */
  rr: number;
  rr_ci: [number, number];
  /** draws per net flip of the outcome: 1 / |diff| (Infinity when diff = 0) */
  nnt: number;
  /** its 95% interval from the interval of diff (the upper end is Infinity when that interval holds 0) */
  nnt_ci: [number, number];
}

/** The paired comparison of a measured outcome, scenario − baseline. */
export interface ContinuousComparison {
  kind: "continuous";
  /** draws that succeeded under both scenarios and where the outcome is defined under both */
  n: number;
  /** draws where it is defined under the baseline only (lost) or under the scenario only (gained) */
  lost: number;
  gained: number;
  /** mean of the per-draw differences over the `n` draws, its standard error and 95% interval */
  mean_diff: number;
  se: number;
  ci: [number, number];
  /** the draws (of `n`) where the scenario's value is above, and below, the baseline's */
  higher: number;
  lower: number;
  /** quantile shifts q(scenario) − q(baseline), each over the draws where it is defined, with a 95% percentile bootstrap interval over draws */
  quantiles: Record<QuantileName, { diff: number; ci: [number, number] }>;
}

/** The paired comparison of one output: a 0/1 outcome or a measured one (see `kind`). */
export type Comparison = BinaryComparison | ContinuousComparison;

/**
 * A column as 0/1 (1 where a value is exactly 1) over the draws that
 * succeeded under both scenarios and where the outcome is defined (not
 * NaN) under both: counts of the paired 2×2 table. A draw where it is
 * undefined under one scenario has no pair and is counted in `undefined`.
 */
export function compareBinary(x: Float64Array, failedX: Uint8Array, y: Float64Array, failedY: Uint8Array, z = Z95): BinaryComparison {
  let n = 0;
  let up = 0;
  let down = 0;
  let kx = 0;
  let ky = 0;
  let undefinedPairs = 0;
  for (let i = 0; i < x.length; i++) {
    if (failedX[i] || failedY[i]) continue;
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) {
      undefinedPairs++;
      continue;
    }
    n++;
    const a = x[i] === 1 ? 1 : 0;
    const b = y[i] === 1 ? 1 : 0;
    kx += a;
    ky += b;
    if (a < b) up++;
    else if (a > b) down++;
  }
  const c = binaryFromCounts(n, up, down, kx, ky, z);
  if (undefinedPairs === 0) return c;
  // the count beside n, in the JSON too
  const { kind, n: pairs, ...rest } = c;
  return { kind, n: pairs, undefined: undefinedPairs, ...rest };
}

/** The Wilson score interval of f successes in m trials at the normal quantile z. */
function wilsonAt(f: number, m: number, z: number): [number, number] {
  const centre = 2 * f + z * z;
  const spread = z * Math.sqrt(z * z + 4 * f * (1 - f / m));
  const denominator = 2 * (m + z * z);
  // exactly 0 at f = 0 and 1 at f = m (z·√(z²) is z² only up to rounding)
  return [f === 0 ? 0 : (centre - spread) / denominator, f === m ? 1 : (centre + spread) / denominator];
}

/**
 * The 95% interval (at z) of the ratio of paired proportions
 * P(scenario) / P(baseline) from the paired 2×2 counts: the Bonett–Price
 * hybrid Wilson score interval (D. G. Bonett and R. M. Price, "Confidence
 * intervals for a ratio of binomial proportions based on paired data",
 * Statistics in Medicine 25 (2006) 3039–3047; recommended for the paired
 * ratio by Fagerland, Lydersen and Laake, Statistics in Medicine 33
 * (2014) 2850–2875). With m = kx + up the pairs that are not 0 under both,
 * the Wilson intervals [l₁, u₁] of ky / m and [l₂, u₂] of kx / m, each at
 * the adjusted quantile z·A / (B + C), give [l₁ / u₂, u₁ / l₂], where
 *   A = √((up + down + 2) / ((ky + 1)(kx + 1))),
 *   B = √((1 − (ky + 1)/(m + 2)) / (ky + 1)),  C = the same with kx.
 * Unlike the Wald interval on the log scale, whose variance
 * (up + down)/(kx·ky) is 0 when no draw flips, it stays wide enough then
 * (coverage measured in docs/compare-json.md). The upper end is Infinity
 * where no draw has the outcome under the baseline (kx = 0), [0, Infinity]
 * where none has it under either. Checked against the two published
 * examples of R's statpsych::ci.ratio.prop.ps (test/compare-stats.test.ts).
 */
export function pairedRatioInterval(up: number, down: number, kx: number, ky: number, z = Z95): [number, number] {
  const m = kx + up;
  if (m === 0) return [0, Infinity];
  const a = Math.sqrt((up + down + 2) / ((ky + 1) * (kx + 1)));
  const b = Math.sqrt((1 - (ky + 1) / (m + 2)) / (ky + 1));
  const c = Math.sqrt((1 - (kx + 1) / (m + 2)) / (kx + 1));
  const zAdjusted = (a / (b + c)) * z;
  const [l1, u1] = wilsonAt(ky, m, zAdjusted);
  const [l2, u2] = wilsonAt(kx, m, zAdjusted);
  return [l1 / u2, l2 > 0 ? u1 / l2 : Infinity];
}

/** The comparison of a 0/1 outcome from its paired counts (kx, ky: the 1s under baseline and scenario). */
export function binaryFromCounts(n: number, up: number, down: number, kx: number, ky: number, z = Z95): BinaryComparison {
  const d = pairedFromCounts(n, up, down, kx, ky, z);
  const rr = kx > 0 ? ky / kx : NaN;
  const rr_ci: [number, number] = n > 0 ? pairedRatioInterval(up, down, kx, ky, z) : [NaN, NaN];
  // draws per net flip: the interval of diff (Agresti–Min), inverted; not the ratio's interval
  const nnt = d.diff === 0 ? Infinity : 1 / Math.abs(d.diff);
  const [lo, hi] = d.ci;
  const nnt_ci: [number, number] = lo > 0 || hi < 0 ? [1 / Math.max(Math.abs(lo), Math.abs(hi)), 1 / Math.min(Math.abs(lo), Math.abs(hi))] : [1 / Math.max(Math.abs(lo), Math.abs(hi)), Infinity];
  return { kind: "binary", ...d, p_baseline: n > 0 ? kx / n : NaN, p_scenario: n > 0 ? ky / n : NaN, rr, rr_ci, nnt, nnt_ci };
}

/** Mean of per-draw differences over the draws defined (and successful) under both, with lost/gained counts. */
function pairedMean(x: Float64Array, failedX: Uint8Array, y: Float64Array, failedY: Uint8Array, z: number) {
  let n = 0;
  let lost = 0;
  let gained = 0;
  let higher = 0;
  let lower = 0;
  let mean = 0;
  let m2 = 0;
  // the differences are scaled by the largest |value| (a power of two, so exactly) where that is huge,
  // as meanAndSe does: a difference of values near 1e308 and the squares of ones near 1e300 would overflow
  let big = 0;
  for (let i = 0; i < x.length; i++) {
    if (failedX[i] || failedY[i] || !Number.isFinite(x[i]) || !Number.isFinite(y[i])) continue;
    big = Math.max(big, Math.abs(x[i]), Math.abs(y[i]));
  }
  const scale = scaleFor(big);
  for (let i = 0; i < x.length; i++) {
    if (failedX[i] || failedY[i]) continue;
    const dx = Number.isFinite(x[i]);
    const dy = Number.isFinite(y[i]);
    if (dx && !dy) lost++;
    else if (dy && !dx) gained++;
    if (!dx || !dy) continue;
    const d = y[i] / scale - x[i] / scale;
    // the direction from the values themselves: a difference of tiny values scaled by a huge one underflows to 0
    if (y[i] > x[i]) higher++;
    else if (y[i] < x[i]) lower++;
    n++;
    const delta = d - mean;
    mean += delta / n;
    m2 += delta * (d - mean);
  }
  const se = n > 1 ? Math.sqrt(m2 / (n - 1) / n) : NaN;
  const ci: [number, number] = n > 1 ? [(mean - z * se) * scale, (mean + z * se) * scale] : [NaN, NaN];
  return { n, lost, gained, higher, lower, mean_diff: n > 0 ? mean * scale : NaN, se: se * scale, ci };
}

/** Indices of the successful draws where the column is defined, in ascending order of value (ties by draw). */
function sortedOrder(col: Float64Array, failed: Uint8Array): Uint32Array {
  const idx: number[] = [];
  for (let i = 0; i < col.length; i++) if (!failed[i] && Number.isFinite(col[i])) idx.push(i);
  idx.sort((a, b) => col[a] - col[b] || a - b);
  return Uint32Array.from(idx);
}

const QNAMES = Object.keys(QUANTILES) as QuantileName[];
const QVALUES = QNAMES.map((k) => QUANTILES[k]);

/**
 * The quantiles (type 7, as `quantileSorted`) of a resample given as
 * weights w (times each draw was drawn), over the draws in `order`.
 * Exported for its test.
 */
export function weightedQuantiles(order: Uint32Array, col: Float64Array, w: Uint32Array, out: Float64Array): void {
  let m = 0;
  for (let k = 0; k < order.length; k++) m += w[order[k]];
  if (m === 0) {
    out.fill(NaN);
    return;
  }
  // the expanded positions needed: floor(h) and floor(h) + 1 for each quantile, visited in
  // ascending order (in a small resample one quantile's floor(h) + 1 can pass the next one's floor(h))
  const targets: number[] = [];
  for (const q of QVALUES) {
    const h = (m - 1) * q;
    targets.push(Math.floor(h), Math.min(m - 1, Math.floor(h) + 1));
  }
  const visit = targets.map((_, i) => i).sort((a, b) => targets[a] - targets[b]);
  const at = new Float64Array(targets.length);
  let t = 0;
  let cum = 0;
  for (let k = 0; k < order.length && t < visit.length; k++) {
    cum += w[order[k]];
    while (t < visit.length && targets[visit[t]] < cum) at[visit[t++]] = col[order[k]];
  }
  QVALUES.forEach((q, j) => {
    const h = (m - 1) * q;
    out[j] = at[2 * j] + (h - Math.floor(h)) * (at[2 * j + 1] - at[2 * j]);
  });
}

/** A measured outcome's columns under baseline and scenario, with their failed flags. */
export interface ColumnPair {
  x: Float64Array;
  failedX: Uint8Array;
  y: Float64Array;
  failedY: Uint8Array;
}

/**
 * Paired comparisons of measured outcomes, with the quantile shifts'
 * intervals from one bootstrap over draws shared by all of them (each
 * resample redraws the rows with replacement, as multinomial weights).
 */
export function compareContinuous(pairs: ColumnPair[], opts: { resamples: number; seed: number; z?: number }): ContinuousComparison[] {
  const z = opts.z ?? Z95;
  if (pairs.length === 0) return [];
  const rows = pairs[0].x.length;
  const orders = pairs.map((p) => [sortedOrder(p.x, p.failedX), sortedOrder(p.y, p.failedY)]);
  const estimates = pairs.map((p, k) => {
    const qx = Float64Array.from(orders[k][0], (i) => p.x[i]);
    const qy = Float64Array.from(orders[k][1], (i) => p.y[i]);
    return QVALUES.map((q) => quantileSorted(qy, q) - quantileSorted(qx, q));
  });
  const reps = pairs.map(() => QNAMES.map(() => new Float64Array(opts.resamples)));
  const rng = new Rng(opts.seed);
  const w = new Uint32Array(rows);
  const qx = new Float64Array(QNAMES.length);
  const qy = new Float64Array(QNAMES.length);
  for (let r = 0; r < opts.resamples && rows > 0; r++) {
    multinomialWeights(rng, rows, w);
    pairs.forEach((p, k) => {
      weightedQuantiles(orders[k][0], p.x, w, qx);
      weightedQuantiles(orders[k][1], p.y, w, qy);
      for (let j = 0; j < QNAMES.length; j++) reps[k][j][r] = qy[j] - qx[j];
    });
  }
  return pairs.map((p, k) => {
    const quantiles = {} as ContinuousComparison["quantiles"];
    QNAMES.forEach((name, j) => {
      const finite = reps[k][j].filter((v) => Number.isFinite(v)).sort();
      const ci: [number, number] = finite.length >= 2 ? [quantileSorted(finite, 0.025), quantileSorted(finite, 0.975)] : [NaN, NaN];
      quantiles[name] = { diff: estimates[k][j], ci };
    });
    return { kind: "continuous", ...pairedMean(p.x, p.failedX, p.y, p.failedY, z), quantiles };
  });
}
