/**
 * The 95% interval of a difference of paired proportions, P(to) − P(from)
 * on the same draws: Tango's asymptotic score interval, used by a sweep's
 * paired differences between neighbouring points and by a comparison's
 * difference of a 0/1 outcome.
 */
import { Z95 } from "./stats.js";

/**
 * Tango's score statistic of H₀: P(to) − P(from) = Δ from the paired 2×2
 * table of n pairs with `up` draws going 0 → 1 and `down` going 1 → 0
 * (the cells n12 and n21 of T. Tango, Statistics in Medicine 17 (1998)
 * 891–908):
 *   T(Δ) = (up − down − nΔ) / √(n(2p̃ + Δ(1 − Δ))),
 * where p̃, the maximum-likelihood share of draws going 1 → 0 under H₀, is
 * the larger root of a·p² + b·p + c = 0 with a = 2n,
 * b = (2n − up + down)Δ − up − down, c = −down·Δ(1 − Δ). T falls as Δ
 * grows, through 0 at the estimate (up − down)/n; its denominator is 0 at
 * Δ = ±1, where T is ±Infinity (or 0 at the estimate itself).
 *
 * Swapping up and down mirrors it, T(Δ; up, down) = −T(−Δ; down, up) (the
 * share going 1 → 0 of one table is the share going 0 → 1, p̃ + Δ, of the
 * other), and it is computed for Δ ≥ 0 only, where nothing cancels: there
 * c ≤ 0, so the discriminant b² − 4ac is a sum, the root is taken in the
 * form that does not subtract (−2c / (√disc + b) when b > 0; p̃ is then 0,
 * not a rounding residue, when no draw goes 1 → 0) and 2p̃ + Δ(1 − Δ) is a
 * sum. (For Δ < 0 the formula as written loses up to ~1e-14 in the ends.)
 * The interval of a table swapped is so exactly the negated interval.
 */
export function differenceScore(delta: number, n: number, up: number, down: number): number {
  return delta < 0 ? -scoreAtLeastZero(-delta, n, down, up) : scoreAtLeastZero(delta, n, up, down);
}

/** `differenceScore` for Δ ≥ 0. */
function scoreAtLeastZero(delta: number, n: number, up: number, down: number): number {
  const excess = up - down - n * delta;
  if (excess === 0) return 0;
  const a = 2 * n;
  const b = (2 * n - up + down) * delta - up - down;
  const c = -down * delta * (1 - delta);
  const root = Math.sqrt(Math.max(0, b * b - 4 * a * c));
  const share = b > 0 ? (-2 * c) / (root + b) : (root - b) / (2 * a);
  const variance = n * (2 * share + delta * (1 - delta));
  return variance > 0 ? excess / Math.sqrt(variance) : excess > 0 ? Infinity : -Infinity;
}

/**
 * The edge of the acceptance region between a point `inside` it and a point
 * `outside` it: bisection until the two are neighbouring doubles (about 60
 * halvings for an edge of size 0.01; the cap is never reached in [−1, 1]),
 * returning the last point inside. The midpoint (a + b)/2 rounds the same
 * way for a mirrored bracket and a point on the edge (|T| = z exactly) is
 * inside for both ends, so a table with up and down swapped gets exactly
 * the negated interval. Only +, ×, / and √, exact in IEEE arithmetic: the
 * same bits on every machine.
 */
function edge(isInside: (delta: number) => boolean, inside: number, outside: number): number {
  for (let i = 0; i < 2200; i++) {
    const mid = (inside + outside) / 2;
    if (mid === inside || mid === outside) break;
    if (isInside(mid)) inside = mid;
    else outside = mid;
  }
  return inside;
}

/**
 * The 95% interval (at z) of the difference of paired proportions
 * P(to) − P(from) = (up − down)/n from n pairs, `up` of them going 0 → 1
 * and `down` going 1 → 0: the asymptotic score interval of T. Tango,
 * "Equivalence test and confidence interval for the difference in
 * proportions for the paired-sample design", Statistics in Medicine 17
 * (1998) 891–908, recommended for the paired difference by M. W. Fagerland,
 * S. Lydersen and P. Laake, Statistics in Medicine 33 (2014) 2850–2875:
 * the Δ where the score statistic `differenceScore` is ±z, solved by
 * bisection on [−1, estimate] and [estimate, 1] (T is +Infinity at −1 and
 * −Infinity at 1), so the estimate is always inside and the ends within
 * [−1, 1]. It needs no flip to have width: with none it is
 * [−z²/(n + z²), z²/(n + z²)] (solved by hand from T; the Wald interval on
 * counts + ½ of Agresti & Min (2005), used before, was ±z/(n + 2), and
 * covered a true difference of 2/n, which gives no flip in 13.4–13.5% of runs,
 * only 86% of the time: docs/compare-json.md). An end is exactly ±1 where
 * the estimate is (every pair flipped the same way). n = 0: no interval,
 * [NaN, NaN]. Checked against the value the R package contingencytables
 * (Fagerland et al.) tests for its example, against a 50-digit solve, and
 * by its exact coverage (test/paired-score.test.ts).
 * @example pairedDifferenceInterval(161, 6, 16) // ≈ [−0.1240, −0.0054]
 */
export function pairedDifferenceInterval(n: number, up: number, down: number, z = Z95): [number, number] {
  if (n === 0) return [NaN, NaN];
  const estimate = (up - down) / n;
  const score = (delta: number) => differenceScore(delta, n, up, down);
  // the acceptance region |T| ≤ z: T is below +z from the lower end up, above −z up to the upper end
  const lower = down === n ? -1 : edge((delta) => score(delta) <= z, estimate, -1);
  const upper = up === n ? 1 : edge((delta) => score(delta) >= -z, estimate, 1);
  return [lower, upper];
}
