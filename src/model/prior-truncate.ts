/**
 * Truncation of a continuous prior to [lo, hi] ("... in [lo, hi]", or
 * `truncate:` in the object form), renormalised.
 */
import { fmt, type Core } from "./prior-types.js";

/** Largest double below 1 (1 - 2^-53) and smallest positive double: keep p inside (0, 1). */
const P_MAX = 1 - 2 ** -53;
const P_MIN = Number.MIN_VALUE;

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

/**
 * Restrict a continuous distribution to [lo, hi] and renormalise:
 *
 *   F_T(x)    = (F(x) - F(lo)) / (F(hi) - F(lo))          for lo <= x <= hi
 *   F_T^-1(u) = F^-1( F(lo) + u (F(hi) - F(lo)) )
 *
 * Errors if the interval holds no probability mass, or so little (relative to
 * the spacing of doubles near F(hi)) that F^-1 could not resolve it, e.g. a
 * normal truncated more than ~6 sd into its upper tail.
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
  const Q = core.quantile;
  const Flo = core.atoms === true ? F(nextDown(lo)) : F(lo);
  const Fhi = F(hi);
  const mass = Fhi - Flo;
  if (!(mass > 0)) return `truncation interval ${interval} holds no probability mass`;
  if (mass < 2e-10 * Fhi) {
    return `truncation interval ${interval} holds too little probability mass (${mass.toPrecision(2)}) to sample accurately`;
  }
  const sLo = Math.max(lo, core.support[0]);
  const sHi = Math.min(hi, core.support[1]);
  const quantile = (u: number): number => {
    let q = Flo + u * mass;
    if (q >= 1) q = P_MAX; // rounding could give exactly 1 (F^-1(1) = inf)
    else if (q <= 0) q = P_MIN;
    const x = Q(q);
    return x < sLo ? sLo : x > sHi ? sHi : x;
  };
  const cdf = (x: number): number => {
    if (x < sLo) return 0;
    if (x >= sHi) return 1;
    const c = (F(x) - Flo) / mass;
    return c < 0 ? 0 : c > 1 ? 1 : c;
  };
  return { ...core, text: `${core.text} in ${interval}`, quantile, cdf, support: [sLo, sHi] };
}
