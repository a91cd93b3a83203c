/**
 * Paired statistics of two scenarios run on the same draws (common random
 * numbers): draw i of one scenario and draw i of the other share every
 * random number, so each statistic is computed on the per-draw pairs.
 *
 * - a 0/1 outcome, over the draws where it is defined under both: the
 *   difference of proportions with Tango's score interval
 *   (`pairedFromCounts`, `pairedDifferenceInterval`), the draws that flip
 *   each way, the relative risk
 *   with the Tang score interval for paired data (`pairedRatioInterval`)
 *   and the number of draws per net flip;
 * - a measured outcome: the mean of the per-draw differences over draws
 *   where it is defined under both, with its normal interval, and the shift
 *   of each quantile with a percentile bootstrap over draws.
 */
import { indicatorOf, pairedCounts, pairedFromCounts, type PairedDifference } from "./sweep.js";
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
  /** relative risk P(scenario) / P(baseline), with the Tang (2003) asymptotic score 95% interval for paired data (`pairedRatioInterval`) */
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

/** A 0/1 output's column as indicators (indicatorOf: 1, 0, or undefined where not finite). */
function indicators(x: Float64Array): Uint8Array {
  const u = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) u[i] = indicatorOf(x[i]);
  return u;
}

/**
 * A column as 0/1 (1 where a value is exactly 1) over the draws that
 * succeeded under both scenarios and where the outcome is defined (not
 * NaN) under both: counts of the paired 2×2 table. A draw where it is
 * undefined under one scenario has no pair and is counted in `undefined`.
 */
export function compareBinary(x: Float64Array, failedX: Uint8Array, y: Float64Array, failedY: Uint8Array, z = Z95): BinaryComparison {
  const { n, up, down, kx, ky, undefined: undefinedPairs } = pairedCounts(indicators(x), failedX, indicators(y), failedY);
  const c = binaryFromCounts(n, up, down, kx, ky, z);
  if (undefinedPairs === 0) return c;
  // the count beside n, in the JSON too
  const { kind, n: pairs, ...rest } = c;
  return { kind, n: pairs, undefined: undefinedPairs, ...rest };
}

/**
 * The score statistic of H₀: P(scenario) / P(baseline) = φ for paired data
 * (Tang, Tang and Chan 2003, below), from the paired 2×2 table: n11 draws
 * with the outcome under both, n12 under the scenario only (up), n21 under
 * the baseline only (down), n pairs:
 *   T(φ) = (n11 + n12 − (n11 + n21)·φ) / √(n(1 + φ)·p̃21 + (n11 + n12 + n21)(φ − 1)),
 * where p̃21, the maximum-likelihood estimate of the cell 21 under H₀, is
 * the root of a·p² + b·p + c = 0 with a = n(1 + φ),
 * b = (n11 + n21)φ² − (n11 + n12 + 2·n21), c = n21(1 − φ)(n11 + n12 + n21)/n.
 * T falls as φ grows, through 0 at the estimate.
 */
function ratioScore(phi: number, n11: number, n12: number, n21: number, n: number): number {
  const a = n * (1 + phi);
  const b = (n11 + n21) * phi * phi - (n11 + n12 + 2 * n21);
  const c = (n21 * (1 - phi) * (n11 + n12 + n21)) / n;
  const p21 = (-b + Math.sqrt(Math.max(0, b * b - 4 * a * c))) / (2 * a);
  const excess = n11 + n12 - (n11 + n21) * phi;
  const variance = n * (1 + phi) * p21 + (n11 + n12 + n21) * (phi - 1);
  if (excess === 0) return 0;
  return variance > 0 ? excess / Math.sqrt(variance) : excess > 0 ? Infinity : -Infinity;
}

/** The ratios the interval's ends are sought between: a relative risk of draws is never near either. */
const RATIO_RANGE: [number, number] = [1e-12, 1e12];

/** The φ in [lo, hi] where f, positive at lo and not at hi, changes sign: bisection on the log scale to 1e-14 (exact arithmetic: the same bits on every machine). */
function ratioRoot(f: (phi: number) => number, lo: number, hi: number): number {
  for (let i = 0; i < 200 && hi > lo * (1 + 1e-14); i++) {
    const mid = Math.sqrt(lo * hi);
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return Math.sqrt(lo * hi);
}

/**
 * The 95% interval (at z) of the ratio of paired proportions
 * P(scenario) / P(baseline) from the paired 2×2 counts of n pairs: the
 * asymptotic score interval of N.-S. Tang, M.-L. Tang and I. S. F. Chan,
 * "On tests of equivalence via non-unity relative risk for matched-pair
 * design", Statistics in Medicine 22 (2003) 1217–1233 (also Nam and
 * Blackwelder, Statistics in Medicine 21 (2002) 689–699), recommended for
 * the paired ratio by M. W. Fagerland, S. Lydersen and P. Laake,
 * Statistics in Medicine 33 (2014) 2850–2875: the φ where the score
 * statistic `ratioScore` is ±z. Unlike the Wald interval on the log scale,
 * whose variance (up + down)/(kx·ky) is 0 when no draw flips, it stays
 * honest then: with no flip and k draws with the outcome under both, it is
 * [k/(k + z²), 1 + z²/k] (solved by hand from T). Its coverage is measured
 * in docs/compare-json.md. The lower end is 0 where no draw has the
 * outcome under the scenario (ky = 0), the upper end Infinity where none
 * has it under the baseline (kx = 0). Checked against the value the R
 * package contingencytables (Fagerland et al.) tests for its example
 * (test/compare-stats.test.ts).
 */
export function pairedRatioInterval(n: number, up: number, down: number, kx: number, ky: number, z = Z95): [number, number] {
  if (kx === 0 && ky === 0) return [0, Infinity];
  const n11 = kx - down;
  const score = (phi: number) => ratioScore(phi, n11, up, down, n);
  const [min, max] = RATIO_RANGE;
  const estimate = ky / kx;
  const lower = (phi: number) => score(phi) - z;
  const upper = (phi: number) => score(phi) + z;
  const lo = ky === 0 || !(lower(min) > 0) ? 0 : ratioRoot(lower, min, Math.min(estimate, max));
  const hi = kx === 0 || upper(max) > 0 ? Infinity : ratioRoot(upper, Math.max(estimate, min), max);
  return [lo, hi];
}

/** The comparison of a 0/1 outcome from its paired counts (kx, ky: the 1s under baseline and scenario). */
export function binaryFromCounts(n: number, up: number, down: number, kx: number, ky: number, z = Z95): BinaryComparison {
  const d = pairedFromCounts(n, up, down, kx, ky, z);
  const rr = kx > 0 ? ky / kx : NaN;
  const rr_ci: [number, number] = n > 0 ? pairedRatioInterval(n, up, down, kx, ky, z) : [NaN, NaN];
  // draws per net flip: the interval of diff (Tango's), inverted; not the ratio's interval; none when n = 0
  const nnt = d.diff === 0 ? Infinity : 1 / Math.abs(d.diff);
  const [lo, hi] = d.ci;
  const far = 1 / Math.max(Math.abs(lo), Math.abs(hi));
  const nnt_ci: [number, number] = n === 0 ? [NaN, NaN] : lo > 0 || hi < 0 ? [far, 1 / Math.min(Math.abs(lo), Math.abs(hi))] : [far, Infinity];
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
