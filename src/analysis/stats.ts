/**
 * Small estimators with their uncertainty: quantiles, the Monte Carlo
 * standard error of a mean, and Wilson's score interval for a proportion.
 */
import { SCALE_ABOVE } from "../parallel/column-fold.js";

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/**
 * Quantile q of sorted values by linear interpolation between order
 * statistics (Hyndman & Fan type 7, the default of R and numpy).
 * @example quantileSorted([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Wilson score interval for k successes in n trials (Wilson 1927):
 * (p̂ + z²/2n ± z·sqrt(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n).
 * Its lower end is exactly 0 at k = 0 and its upper end exactly 1 at k = n
 * (so is the formula's; centre ∓ half in floating point is off by a
 * rounding at 20,024 of n = 1 … 100,000 below, 1.7e-18 at n = 200, and at
 * 31,305 above: an interval that would exclude a true P of 0 or 1).
 * @example wilson(50, 100) // ≈ [0.404, 0.596]
 * @example wilson(0, 200) // ≈ [0, 0.0188]
 */
export function wilson(k: number, n: number, z = Z95): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return [k <= 0 ? 0 : Math.max(0, centre - half), k >= n ? 1 : Math.min(1, centre + half)];
}

/**
 * The power of two that values of largest |value| `big` are divided by (exactly) before their
 * squares are summed: 1 up to SCALE_ABOVE, else about `big` itself, at most 2^1023 (2^1024 is
 * Infinity), so that squares near 1e300 and differences near 1e308 do not overflow.
 */
export function scaleFor(big: number): number {
  return big > SCALE_ABOVE ? 2 ** Math.min(1023, Math.ceil(Math.log2(big))) : 1;
}

/** Mean and its standard error sd/√n over the finite values (Welford); NaN and ±Infinity are left out. */
export function meanAndSe(values: ArrayLike<number>): { n: number; mean: number; se: number; sd: number } {
  // the values are scaled by the largest |value| (a power of two, so exactly) where that is huge,
  // so that squares of values near 1e300 do not overflow the variance
  let big = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a > big && a !== Infinity) big = a;
  }
  const scale = scaleFor(big);
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] / scale;
    if (!Number.isFinite(x)) continue;
    n++;
    const d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
  }
  return welfordResult(n, mean, m2, scale);
}

/**
 * Mean, standard error and standard deviation from Welford's running count,
 * mean and sum of squared deviations of values divided by `scale` (as
 * meanAndSe, or a fold of a column in draw order: parallel/column-fold.ts).
 * @example welfordResult(2, 2, 2, 1) // { n: 2, mean: 2, se: 1, sd: 1.4142135623730951 }
 */
export function welfordResult(n: number, mean: number, m2: number, scale = 1): { n: number; mean: number; se: number; sd: number } {
  if (n === 0) return { n, mean: NaN, se: NaN, sd: NaN };
  mean *= scale;
  const sd = n > 1 ? Math.sqrt(m2 / (n - 1)) * scale : 0;
  return { n, mean, se: n > 1 ? sd / Math.sqrt(n) : NaN, sd };
}

/** The defined (finite) values, sorted ascending (core/sorted.ts; nonFiniteCounts says how many were infinite). */
export { sortedDefined } from "../core/sorted.js";

/**
 * How many values are +Infinity and −Infinity.
 * @example nonFiniteCounts([1, Infinity, -Infinity, Infinity, NaN]) // { positive: 2, negative: 1 }
 */
export function nonFiniteCounts(values: ArrayLike<number>): { positive: number; negative: number } {
  let positive = 0;
  let negative = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x === Infinity) positive++;
    else if (x === -Infinity) negative++;
  }
  return { positive, negative };
}
