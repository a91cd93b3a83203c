/**
 * Truncation of a continuous prior to [lo, hi] ("... in [lo, hi]", or
 * `truncate:` in the object form), renormalised.
 */
import { fmt, type Core } from "./prior-types.js";

/** Largest double below 1 (1 - 2^-53) and smallest positive double: keep p inside (0, 1). */
const P_MAX = 1 - 2 ** -53;
const P_MIN = Number.MIN_VALUE;

/**
 * Least probability an interval must hold, relative to the larger tail
 * probability at its ends on the side sampled from (F(hi), or P(X > lo) in
 * an upper tail): below it the uniform's resolution there (2^-53 of that
 * tail) would be more than ~5e-7 of the interval's mass.
 */
const MIN_RELATIVE_MASS = 2e-10;

const word = new Float64Array(1);
const bits = new BigInt64Array(word.buffer);

/** The largest double below x (x itself for -Infinity). */
function nextDown(x: number): number {
  if (x === -Infinity || Number.isNaN(x)) return x;
  if (x === 0) return -Number.MIN_VALUE;
  word[0] = x;
  bits[0] += x > 0 ? -1n : 1n;
  return word[0];
}

/** The smallest double above x (x itself for Infinity). */
const nextUp = (x: number): number => -nextDown(-x);

/**
 * The quantile of the truncation, x = G^-1(t0 ± u·mass) for G = F (sign +)
 * or S (sign -), clamped to [sLo, sHi]. Where u·mass is below the spacing of
 * doubles at t0 (so t0 ± u·mass rounds back to t0, and G^-1 would give lo
 * itself: normal(0, 1) in [0, inf] at u < 2^-53), x is interpolated
 * linearly between lo and the first value G^-1 resolves, so every u > 0
 * gives a value above lo, as it should (the density at lo is positive).
 */
function tailQuantile(G: (t: number) => number, t0: number, sign: 1 | -1, mass: number, sLo: number, sHi: number): (u: number) => number {
  const t1 = sign > 0 ? nextUp(t0) : nextDown(t0);
  const slope = Number.isFinite(sLo) ? (G(inside(t1)) - sLo) / Math.abs(t1 - t0) : 0;
  return (u) => {
    const t = t0 + sign * u * mass;
    const x = t !== t0 || !(slope > 0) ? G(inside(t)) : sLo + slope * u * mass;
    return x < sLo ? sLo : x > sHi ? sHi : x;
  };
}

/** A probability kept inside (0, 1): F^-1(0) and F^-1(1) are the support's ends, possibly infinite. */
const inside = (q: number): number => (q >= 1 ? P_MAX : q <= 0 ? P_MIN : q);

/**
 * Restrict a continuous distribution to [lo, hi] and renormalise:
 *
 *   F_T(x)    = (F(x) - F(lo)) / (F(hi) - F(lo))          for lo <= x <= hi
 *   F_T^-1(u) = F^-1( F(lo) + u (F(hi) - F(lo)) )
 *
 * or, for an interval in the upper tail of a family that has its survival
 * function S = 1 - F accurate there (S(lo) < F(hi): normal, lognormal,
 * exponential, gamma, beta, uniform, log-uniform, triangular), the mirror
 * image in S:
 *
 *   F_T(x)    = (S(lo) - S(x)) / (S(lo) - S(hi))
 *   F_T^-1(u) = S^-1( S(lo) - u (S(lo) - S(hi)) )
 *
 * so both tails keep their relative accuracy (normal(0, 1) in [6, 7] as
 * exactly as in [-7, -6]; exponential(1) in [30, 40]). Errors if the
 * interval holds no probability mass, or so little relative to the tail
 * probability it is taken from that the quantile could not resolve it
 * (MIN_RELATIVE_MASS): a normal truncated to [0, 1e-12], or a mixture
 * (sampled by F alone) more than ~6 sd into its upper tail.
 *
 * A mixture with point masses (`atoms`) keeps a point mass at lo: F(lo) is
 * then taken just below lo, as P(X < lo).
 */
export function truncate(core: Core, lo: number, hi: number): Core | string {
  const interval = `[${fmt(lo)}, ${fmt(hi)}]`;
  if (core.discrete) return `truncation "in ${interval}" applies only to continuous distributions`;
  if (Number.isNaN(lo) || Number.isNaN(hi)) return "truncation bounds must be numbers";
  if (!(lo < hi)) return `truncation ${interval}: lower bound must be below upper bound`;
  const F = core.cdf;
  const Flo = core.atoms === true ? F(nextDown(lo)) : F(lo);
  const Fhi = F(hi);
  const S = core.survival;
  const Sinv = core.survivalQuantile;
  const Slo = S !== undefined && Sinv !== undefined && core.atoms !== true ? S(lo) : Infinity;
  const upper = Slo < Fhi;
  const Shi = upper ? S!(hi) : 0;
  const mass = upper ? Slo - Shi : Fhi - Flo;
  if (!(mass > 0)) return `truncation interval ${interval} holds no probability mass`;
  if (mass < MIN_RELATIVE_MASS * (upper ? Slo : Fhi)) {
    return `truncation interval ${interval} holds too little probability mass (${mass.toPrecision(2)}) to sample accurately`;
  }
  const sLo = Math.max(lo, core.support[0]);
  const sHi = Math.min(hi, core.support[1]);
  const quantile = upper ? tailQuantile(Sinv!, Slo, -1, mass, sLo, sHi) : tailQuantile(core.quantile, Flo, 1, mass, sLo, sHi);
  const cdf = (x: number): number => {
    if (x < sLo) return 0;
    if (x >= sHi) return 1;
    const c = upper ? (Slo - S!(x)) / mass : (F(x) - Flo) / mass;
    return c < 0 ? 0 : c > 1 ? 1 : c;
  };
  return { ...core, text: `${core.text} in ${interval}`, quantile, cdf, survival: undefined, survivalQuantile: undefined, support: [sLo, sHi] };
}
