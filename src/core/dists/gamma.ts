/**
 * The gamma distribution of shape a and scale s (density ∝ x^(a-1) e^(-x/s)):
 * F(x) = P(a, x/s), the regularised lower incomplete gamma function
 * (../special/incomplete-gamma.ts), and its quantile F⁻¹(p) = s·x with
 * P(a, x) = p solved by safeguarded Halley steps in ln x (log-newton.ts) on
 * ln P(a, x) - ln p for p <= ½ and on ln Q(a, x) - ln(1 - p) above, so an
 * upper-tail quantile is found from Q and never from 1 - P. The start is
 * Wilson & Hilferty's cube-root normal approximation (1931), or, where it is
 * worse, the small-x form P ≈ x^a/Γ(a+1). Relative accuracy in x within
 * 5e-14 of 60-digit values for shapes 0.1..1e4 and p from 1e-300 to
 * 1 - 1e-12, 2e-13 for shapes down to 1e-3 (where d ln P/d ln x = a turns
 * the CDF's ε into ε/a); test/dists.test.ts.
 *
 * @example
 * gammaQuantileFactory(1, 1)(0.5); // ln 2 (an exponential)
 * gammaCdfFactory(2, 3)(6); // P(2, 2) = 1 - 3e^-2
 */
import { gammaTails, lnGammaOnePlus } from "../special/incomplete-gamma.js";
import { solveLogHalley } from "./log-newton.js";
import { normalCdf } from "./normal.js";
import { standardNormalQuantile } from "./normal-quantile.js";

/** Below this a tail or D is not taken as a ratio (a subnormal loses relative precision). */
const TINY = 1e-305;

/**
 * Above this shape the series and fraction would take ~√shape terms; Wilson
 * & Hilferty's cube-root normal form is used instead: its quantile's relative
 * error is O(shape^-3/2), below 1e-14 here; its CDF's absolute error O(1/shape).
 */
const HUGE_SHAPE = 1e10;

/** Wilson-Hilferty: (x/a)^(1/3) ~ N(1 - 1/(9a), 1/(9a)). */
const wilsonHilfertyQuantile = (a: number, z: number): number => {
  const c = 1 - 1 / (9 * a) + z / (3 * Math.sqrt(a));
  return a * c * c * c;
};

/** x ↦ F(x) for shape > 0, scale > 0; NaN for NaN. */
export function gammaCdfFactory(shape: number, scale: number): (x: number) => number {
  return gammaTailFactory(shape, scale, 0);
}

/**
 * x ↦ P(a, x/s) (tail 0, the lower: F) or Q(a, x/s) (tail 1, the upper: 1 − F,
 * kept accurate where it is far below 1 − ulp(1)); NaN for NaN.
 */
function gammaTailFactory(shape: number, scale: number, tail: 0 | 1): (x: number) => number {
  if (shape >= HUGE_SHAPE) {
    // Wilson–Hilferty: (x/a)^(1/3) ~ N(1 − 1/(9a), 1/(9a)); the upper tail by symmetry, not 1 − F
    const sign = tail === 0 ? 1 : -1;
    return (x) => (Number.isNaN(x) ? NaN : x <= 0 ? tail : normalCdf(sign * Math.cbrt(x / scale / shape), sign * (1 - 1 / (9 * shape)), 1 / (3 * Math.sqrt(shape))));
  }
  const lnG1 = lnGammaOnePlus(shape);
  const g1 = Math.exp(-lnG1);
  const out = new Float64Array(6);
  return (x) => {
    if (Number.isNaN(x)) return NaN;
    gammaTails(shape, x / scale, lnG1, g1, out);
    return out[tail];
  };
}

/** p ↦ F⁻¹(p) for shape > 0, scale > 0: 0 at p = 0, Infinity at 1, NaN outside [0, 1]. */
export function gammaQuantileFactory(shape: number, scale: number): (p: number) => number {
  return gammaInverses(shape, scale).quantile;
}

/**
 * x ↦ P(X > x) = Q(a, x/s), accurate where it is far below 1 - ulp(1) (an
 * upper tail), where 1 - F(x) would have lost it.
 */
export function gammaSurvivalFactory(shape: number, scale: number): (x: number) => number {
  return gammaTailFactory(shape, scale, 1);
}

/** q ↦ the x with P(X > x) = q (the inverse of gammaSurvivalFactory): Infinity at q = 0, 0 at 1, NaN outside [0, 1]. */
export function gammaSurvivalQuantileFactory(shape: number, scale: number): (q: number) => number {
  return gammaInverses(shape, scale).survival;
}

/** The quantile and the survival function's inverse, sharing their set-up. */
function gammaInverses(shape: number, scale: number): { quantile: (p: number) => number; survival: (q: number) => number } {
  const a = shape;
  const lnG1 = lnGammaOnePlus(a);
  const g1 = Math.exp(-lnG1);
  const t = new Float64Array(6);
  let target = 1;
  let lnTarget = 0;
  // g = ln(P/p) (the ratio keeps its relative accuracy; the difference of logs where P underflows), d/d(ln x) ln P = x·density/P = a·D/P
  const lower = (x: number, out: Float64Array): void => {
    gammaTails(a, x, lnG1, g1, t);
    const normal = t[0] > TINY && t[5] > TINY;
    out[0] = t[0] > TINY ? Math.log(t[0] / target) : t[2] - lnTarget;
    out[1] = a * (normal ? t[5] / t[0] : Math.exp(t[4] - t[2]));
    out[2] = out[1] * (a - x - out[1]); // g'' = g'(d ln D/dt - g'), d ln D/dt = a - x
  };
  // g = ln(Q/q), d/d(ln x) ln Q = -a·D/Q
  const upper = (x: number, out: Float64Array): void => {
    gammaTails(a, x, lnG1, g1, t);
    const normal = t[1] > TINY && t[5] > TINY;
    out[0] = t[1] > TINY ? Math.log(t[1] / target) : t[3] - lnTarget;
    out[1] = -a * (normal ? t[5] / t[1] : Math.exp(t[4] - t[3]));
    out[2] = out[1] * (a - x - out[1]);
  };
  const quantile = (p: number): number => {
    if (!(p >= 0 && p <= 1)) return NaN;
    if (p === 0) return 0;
    if (p === 1) return Infinity;
    if (a >= HUGE_SHAPE) return scale * Math.max(0, wilsonHilfertyQuantile(a, standardNormalQuantile(p)));
    const isLower = p <= 0.5;
    target = isLower ? p : 1 - p; // exact for p > ½
    lnTarget = Math.log(target);
    const x0 = start(a, p, lnG1);
    if (x0 === 0) return 0; // below the smallest double: P(a, x) ≈ x^a/Γ(a+1) underflows x
    return scale * solveLogHalley(x0, isLower ? lower : upper, isLower);
  };
  // Q(a, x) = q for q < ½, solved on ln Q itself (q may be far below the spacing of doubles near 1)
  const survival = (q: number): number => {
    if (!(q >= 0 && q <= 1)) return NaN;
    if (q >= 0.5) return quantile(1 - q); // exact 1 - q
    if (q === 0) return Infinity;
    const z = -standardNormalQuantile(q);
    if (a >= HUGE_SHAPE) return scale * Math.max(0, wilsonHilfertyQuantile(a, z));
    target = q;
    lnTarget = Math.log(q);
    const wilsonHilferty = wilsonHilfertyQuantile(a, z);
    const x0 = wilsonHilferty > 0 ? wilsonHilferty : Math.exp((Math.log1p(-q) + lnG1) / a);
    return scale * solveLogHalley(x0, upper, false);
  };
  return { quantile, survival };
}

/** A start for P(a, x) = p: Wilson-Hilferty, or the small-x form (pΓ(a+1))^(1/a). */
function start(a: number, p: number, lnG1: number): number {
  const wilsonHilferty = wilsonHilfertyQuantile(a, standardNormalQuantile(p));
  const smallX = Math.exp((Math.log(p) + lnG1) / a);
  if (p <= 0.5 && (!(wilsonHilferty > 0) || a < 1 || smallX < 0.2)) return smallX;
  return wilsonHilferty > 0 ? wilsonHilferty : smallX;
}
