/**
 * The beta distribution on [0, 1] (density ∝ x^(a-1) (1-x)^(b-1)):
 * F(x) = I_x(a, b), the regularised incomplete beta function
 * (../special/incomplete-beta.ts), and its quantile, I_x(a, b) = p solved by
 * safeguarded Halley steps in the log odds ln(x/(1-x)) (log-newton.ts) on
 * ln I - ln p for p <= ½ and on ln(1 - I) - ln(1 - p) above, so an
 * upper-tail quantile comes from the complement, never from 1 - I. The log
 * odds of a beta variable has a log-concave density for every a, b > 0, so
 * Newton's iteration converges from any start; the start is AS 109's
 * approximation (startOdds), and b = 1, a = 1, a = b = ½ and a = b = 2 are
 * closed forms. Relative accuracy in x within 2e-13 of 60-digit values for shapes
 * 0.01..1e4 and p from 1e-300 to 1 - 1e-12 (test/dists.test.ts); the CDF
 * within ~2e-13 + 2e-15·|ln I| (its prefix is taken through its logarithm,
 * so a tail of 1e-300 carries ~700ε), 1e-12 for shapes of 1e3 and more.
 *
 * @example
 * betaQuantileFactory(1, 1)(0.3); // 0.3 (a uniform)
 * betaCdfFactory(2, 1)(0.5); // 0.25 (x^2)
 */
import { betaTails, logBeta } from "../special/incomplete-beta.js";
import { gammaCdfFactory, gammaQuantileFactory } from "./gamma.js";
import { solveLogHalley } from "./log-newton.js";
import { normalCdf } from "./normal.js";
import { standardNormalQuantile } from "./normal-quantile.js";

/** Below this a tail or D is not taken as a ratio (a subnormal loses relative precision). */
const TINY = 1e-305;

/**
 * Above this smaller shape the fraction would take ~√shape terms; the
 * Cornish-Fisher form x = μ + σ(z + γ(z² - 1)/6) (mean μ, sd σ, skewness γ)
 * is used instead: its error is O(σ/min(a, b)), relative error in x below
 * 1e-14 here (σ/μ <= 1e-5); its CDF's absolute error O(1/min(a, b)).
 */
const HUGE_SHAPE = 1e10;

/**
 * Where one shape is huge and the other moderate, the gamma limit
 * I_x(a, b) ≈ P(a, -(b + (a-1)/2) ln(1-x)) (error O(1/b²); Abramowitz &
 * Stegun 26.5.21's companion, as in DiDonato & Morris's BGRAT) is exact to
 * double precision, while the fraction would need ~√b terms once 1 - x
 * rounds to 1. Returns the CDF and quantile, or undefined.
 */
function gammaLimit(a: number, b: number): { cdf: (x: number) => number; quantile: (p: number) => number } | undefined {
  const valid = (v: number) => v >= 0 && v <= 1;
  if (b >= 1e14 && a <= 1e6) {
    const s = b + (a - 1) / 2;
    const P = gammaCdfFactory(a, 1);
    const G = gammaQuantileFactory(a, 1);
    return {
      cdf: (x) => (Number.isNaN(x) ? NaN : x <= 0 ? 0 : x >= 1 ? 1 : P(-s * Math.log1p(-x))),
      quantile: (p) => (valid(p) ? -Math.expm1(-G(p) / s) : NaN),
    };
  }
  if (a >= 1e14 && b <= 1e6) {
    // mirrored: I_x(a, b) = 1 - I_(1-x)(b, a)
    const s = a + (b - 1) / 2;
    const P = gammaCdfFactory(b, 1);
    const G = gammaQuantileFactory(b, 1);
    return {
      cdf: (x) => (Number.isNaN(x) ? NaN : x <= 0 ? 0 : x >= 1 ? 1 : 1 - P(-s * Math.log(x))),
      quantile: (p) => (valid(p) ? Math.exp(-G(1 - p) / s) : NaN),
    };
  }
  return undefined;
}

/** Mean, sd and skewness of beta(a, b). */
function moments(a: number, b: number): [number, number, number] {
  const n = a + b;
  const mean = a / n;
  const sd = Math.sqrt((a / n) * (b / n) / (n + 1));
  const skew = (2 * (b - a) * Math.sqrt(n + 1)) / ((n + 2) * Math.sqrt(a) * Math.sqrt(b));
  return [mean, sd, skew];
}

/** x ↦ I_x(a, b) for a, b > 0; NaN for NaN. */
export function betaCdfFactory(a: number, b: number): (x: number) => number {
  const limit = gammaLimit(a, b);
  if (limit !== undefined) return limit.cdf;
  if (Math.min(a, b) >= HUGE_SHAPE) {
    const [mean, sd, skew] = moments(a, b);
    return (x) => {
      if (Number.isNaN(x)) return NaN;
      const w = (x - mean) / sd;
      return x <= 0 ? 0 : x >= 1 ? 1 : normalCdf(w - (skew * (w * w - 1)) / 6, 0, 1);
    };
  }
  const lnC = -Math.log(a) - logBeta(a, b);
  const out = new Float64Array(6);
  return (x) => {
    if (Number.isNaN(x)) return NaN;
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    betaTails(a, b, x, 1 - x, Math.log(x), Math.log1p(-x), lnC, out);
    return out[0];
  };
}

/** p ↦ F⁻¹(p) for a, b > 0: 0 at p = 0, 1 at p = 1, NaN outside [0, 1]. */
export function betaQuantileFactory(a: number, b: number): (p: number) => number {
  const closed = closedForm(a, b);
  if (closed !== undefined) return closed;
  const limit = gammaLimit(a, b);
  if (limit !== undefined) return limit.quantile;
  if (Math.min(a, b) >= HUGE_SHAPE) {
    const [mean, sd, skew] = moments(a, b);
    return (p) => {
      if (!(p >= 0 && p <= 1)) return NaN;
      if (p === 0 || p === 1) return p;
      const z = standardNormalQuantile(p);
      return Math.min(1, Math.max(0, mean + sd * (z + (skew * (z * z - 1)) / 6)));
    };
  }
  const lnB = logBeta(a, b);
  const lnC = -Math.log(a) - lnB;
  const t = new Float64Array(6);
  let target = 1;
  let lnTarget = 0;
  // r = x/(1-x): x = r/(1+r) and 1-x = 1/(1+r), each with its relative precision.
  // g = ln(I/p), d/d(ln r) ln I = x(1-x)·density/I = a·D/I
  const lower = (r: number, out: Float64Array): void => {
    const x = r / (1 + r);
    const y = 1 / (1 + r);
    const lnY = -Math.log1p(r);
    betaTails(a, b, x, y, Math.log(r) + lnY, lnY, lnC, t);
    out[0] = t[0] > TINY ? Math.log(t[0] / target) : t[2] - lnTarget;
    out[1] = a * (t[0] > TINY && t[5] > TINY ? t[5] / t[0] : Math.exp(t[4] - t[2]));
    out[2] = out[1] * (a * y - b * x - out[1]); // g'' = g'(d ln D/dt - g'), d ln D/dt = a(1-x) - b x
  };
  // g = ln((1-I)/q), d/d(ln r) ln(1-I) = -a·D/(1-I)
  const upper = (r: number, out: Float64Array): void => {
    const x = r / (1 + r);
    const y = 1 / (1 + r);
    const lnY = -Math.log1p(r);
    betaTails(a, b, x, y, Math.log(r) + lnY, lnY, lnC, t);
    out[0] = t[1] > TINY ? Math.log(t[1] / target) : t[3] - lnTarget;
    out[1] = -a * (t[1] > TINY && t[5] > TINY ? t[5] / t[1] : Math.exp(t[4] - t[3]));
    out[2] = out[1] * (a * y - b * x - out[1]);
  };
  return (p) => {
    if (!(p >= 0 && p <= 1)) return NaN;
    if (p === 0) return 0;
    if (p === 1) return 1;
    const isLower = p <= 0.5;
    target = isLower ? p : 1 - p; // exact for p > ½
    lnTarget = Math.log(target);
    const r = solveLogHalley(startOdds(a, b, p, isLower, lnTarget, lnB), isLower ? lower : upper, isLower);
    return r === Infinity ? 1 : r / (1 + r);
  };
}

/**
 * The quantiles in closed form: a = b = 1, the uniform; b = 1, I = x^a; a = 1, I = 1 - (1-x)^b;
 * a = b = ½ (the arcsine law), I = (2/π) asin √x; a = b = 2, I = 3x² - 2x³ = p, solved for
 * p ≤ ½ by Newton's method from above (F is convex and F ≥ 2x² on [0, ½], so √(p/2) is above
 * the root and the iterates fall to it; they stop when a step no longer lowers x), the upper
 * half by symmetry from the exact 1 - p. Within 3e-16 of 60-digit roots from p = 1e-300 to
 * 1 - 1e-16, ~55 ns a call where Halley's iteration took 1-2.4 µs (the beta(2, 2) priors of
 * rsi-core were ~4% of a run's CPU). Only +, -, ×, ÷ and √, which IEEE 754 fixes bit for bit
 * in every engine: the trigonometric root (2 sin α sin(2π/3 - α), α = asin(√p)/3) gave other
 * last bits in Chromium, whose Math.sin is not Node's, and the playground other numbers.
 */
function closedForm(a: number, b: number): ((p: number) => number) | undefined {
  const valid = (p: number) => p >= 0 && p <= 1;
  if (a === 1 && b === 1) return (p) => (valid(p) ? p : NaN);
  if (b === 1) return (p) => (valid(p) ? Math.exp(Math.log(p) / a) : NaN);
  if (a === 1) return (p) => (valid(p) ? -Math.expm1(Math.log1p(-p) / b) : NaN);
  if (a === 2 && b === 2) {
    const lowerHalf = (q: number) => {
      let x = Math.min(Math.sqrt(q / 2), 0.5);
      for (let it = 0; it < 100; it++) {
        const next = x - (x * x * (3 - 2 * x) - q) / (6 * x * (1 - x));
        if (!(next < x)) break;
        x = next;
      }
      return x;
    };
    return (p) => (valid(p) ? (p === 0 ? 0 : p <= 0.5 ? lowerHalf(p) : 1 - lowerHalf(1 - p)) : NaN);
  }
  if (a === 0.5 && b === 0.5) {
    return (p) => {
      if (!valid(p)) return NaN;
      if (p > 0.5) {
        const c = Math.cos((Math.PI / 2) * (1 - p)); // exact 1 - p: 1 - x = sin² keeps its precision
        return c * c;
      }
      const s = Math.sin((Math.PI / 2) * p);
      return s * s;
    };
  }
  return undefined;
}

/**
 * A start for the odds x/(1-x): the initial approximation of Cran, Martin &
 * Thomas, Algorithm AS 109 (Applied Statistics 26(1), 1977), for the tail
 * whose probability α = min(p, 1 - p) is given (shapes swapped for the
 * upper tail): for a, b > 1 a normal approximation, x = a/(a + b e^(2w));
 * else Wilson-Hilferty's chi-square form, or the small-x (small-(1-x))
 * forms I ≈ x^a/(a B(a, b)).
 */
function startOdds(a: number, b: number, p: number, isLower: boolean, lnTarget: number, lnB: number): number {
  const [pp, qq] = isLower ? [a, b] : [b, a];
  const y = -standardNormalQuantile(isLower ? p : 1 - p); // z of the upper tail 1 - α, > 0 for α < ½
  let lnOdds: number; // ln(x/(1-x)) for the tail's own variable (x for the lower, 1-x for the upper)
  if (pp > 1 && qq > 1) {
    const r = (y * y - 3) / 6;
    const s = 1 / (2 * pp - 1);
    const t = 1 / (2 * qq - 1);
    const h = 2 / (s + t);
    const w = (y * Math.sqrt(h + r)) / h - (t - s) * (r + 5 / 6 - 2 / (3 * h));
    lnOdds = Math.log(pp / qq) - 2 * w;
  } else {
    const r = 2 * qq;
    let t = 1 / (9 * qq);
    t = r * (1 - t + y * Math.sqrt(t)) ** 3;
    if (t <= 0) {
      const lnY = (Math.log1p(-Math.exp(lnTarget)) + Math.log(qq) + lnB) / qq; // ln(1-x)
      lnOdds = Math.log(-Math.expm1(lnY)) - lnY;
    } else {
      t = (4 * pp + r - 2) / t;
      if (t <= 1) {
        const lnX = (lnTarget + Math.log(pp) + lnB) / pp;
        lnOdds = lnX - Math.log(-Math.expm1(lnX));
      } else {
        lnOdds = Math.log((t - 1) / 2); // x = 1 - 2/(t+1)
      }
    }
  }
  if (!Number.isFinite(lnOdds)) lnOdds = Math.log(a / b);
  return Math.exp(isLower ? lnOdds : -lnOdds);
}
