/**
 * The regularised incomplete gamma functions P(a, x) = γ(a, x)/Γ(a) and
 * Q(a, x) = Γ(a, x)/Γ(a) = 1 - P, each with its own relative accuracy, and
 * their logarithms (for the quantile's Newton steps):
 *
 * - x < a + 1 (a >= 1): P = D·Σ_n x^n/((a+1)…(a+n)), the power series
 *   (Abramowitz & Stegun 6.5.29), D = x^a e^-x / Γ(a+1); Q = 1 - P >= ~0.3;
 * - x >= a + 1 (x > 1.5 for a < 1): Q = D·a·K, K Legendre's continued
 *   fraction for e^x x^-a Γ(a, x) (A&S 6.5.31) by the modified Lentz method
 *   (Press et al., Numerical Recipes 3rd ed. §6.2; Lentz 1976, Thompson &
 *   Barnett 1986); P = 1 - Q;
 * - a < 1, x <= 1.5: P by the series and Q = 1 - x^a/Γ(1+a) - (x^a/Γ(1+a))·a·T,
 *   T = Σ_{n>=1} (-x)^n/(n!(a+n)), as in DiDonato & Morris (ACM TOMS 12,
 *   1986, §3): no cancellation where Q is small because a is.
 *
 * ln D is Loader's saddle-point form (loader.ts) for a >= 10, so that the
 * shapes of 1e4 and more keep ~1e-15 relative accuracy, and
 * a ln x - x - ln Γ(a+1) below. Series and fraction take O(√a) terms near
 * the mode.
 *
 * @example
 * const t = new Float64Array(6);
 * gammaTails(1, 2, 0, 1, t); // t[0] = P = 1 - e^-2, t[1] = Q = e^-2
 */
import { lgamma, lgamma1p, rgam1pm1 } from "./log-gamma.js";
import { logPoissonTerm } from "./loader.js";

const EPS = 1e-16;
const FPMIN = 1e-300;
/** Enough for shapes up to ~1e10 (O(√shape) terms); larger shapes take the asymptotic forms of src/core/dists. */
const MAX_TERMS = 2_000_000;

/** ln Γ(1+a), accurate for tiny a too: the constant gammaTails needs, computed once per shape. */
export function lnGammaOnePlus(a: number): number {
  return a < 0.5 ? lgamma1p(a) : lgamma(a + 1);
}

/** ln(x^a e^-x / Γ(a+1)); lnG1 = ln Γ(1+a). */
function lnPrefix(a: number, x: number, lnG1: number): number {
  if (a >= 10) return logPoissonTerm(a, x);
  return a * Math.log(x) - x - lnG1;
}

/** Σ_{n>=0} x^n/((a+1)…(a+n)). */
function lowerSeries(a: number, x: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 1; n < MAX_TERMS; n++) {
    term *= x / (a + n);
    sum += term;
    if (term < sum * EPS) break;
  }
  return sum;
}

/** K = e^x x^-a Γ(a, x) = 1/(x+1-a- 1(1-a)/(x+3-a- 2(2-a)/(x+5-a- …))). */
function upperFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_TERMS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = b + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** 1 - x^a/Γ(1+a) - (x^a/Γ(1+a))·a·Σ_{n>=1} (-x)^n/(n!(a+n)): Q for a < 1, x <= 1.5. */
function smallShapeUpper(a: number, x: number): number {
  const lnX = Math.log(x);
  const head = -Math.expm1(a * lnX - lgamma1p(a)); // 1 - x^a/Γ(1+a)
  let term = 1;
  let sum = 0;
  for (let n = 1; n < 200; n++) {
    term *= -x / n;
    const t = term / (a + n);
    sum += t;
    if (Math.abs(t) < Math.abs(sum) * EPS) break;
  }
  const xa = Math.exp(a * lnX) * (1 + rgam1pm1(a)); // x^a/Γ(1+a)
  return head - xa * a * sum;
}

/**
 * P(a, x) and Q(a, x) for a > 0, x >= 0 into out: [P, Q, ln P, ln Q,
 * ln D, D] with D = x^a e^-x / Γ(a+1), so that the density times x is a·D
 * (out[5] = D may underflow to 0 where ln D is finite). lnG1 =
 * lnGammaOnePlus(a), g1 = e^-lnG1.
 */
export function gammaTails(a: number, x: number, lnG1: number, g1: number, out: Float64Array): void {
  if (!(x > 0)) {
    out[0] = 0;
    out[1] = 1;
    out[2] = -Infinity;
    out[3] = 0;
    out[4] = -Infinity;
    out[5] = 0;
    return;
  }
  if (x === Infinity) {
    out[0] = 1;
    out[1] = 0;
    out[2] = 0;
    out[3] = -Infinity;
    out[4] = -Infinity;
    out[5] = 0;
    return;
  }
  // below shape 10, D by pow (within an ulp) where it neither under- nor overflows: exp(ln D)
  // would carry ln D's rounding, |ln D|·ε, into D
  const direct = a < 10 ? Math.pow(x, a) * Math.exp(-x) * g1 : 0;
  const linear = direct > 1e-305 && direct < 1e300;
  const lnD = linear ? Math.log(direct) : lnPrefix(a, x, lnG1);
  const d = linear ? direct : Math.exp(lnD);
  out[4] = lnD;
  out[5] = d;
  if (a < 1 ? x > 1.5 : x >= a + 1) {
    const k = a * upperFraction(a, x);
    const lnQ = lnD + Math.log(k);
    const q = linear ? d * k : Math.exp(lnQ);
    out[1] = q;
    out[3] = lnQ;
    out[0] = -Math.expm1(lnQ);
    out[2] = Math.log1p(-q);
    return;
  }
  const series = lowerSeries(a, x);
  const lnP = lnD + Math.log(series);
  const p = linear ? d * series : Math.exp(lnP);
  out[0] = p;
  out[2] = lnP;
  if (a < 1) {
    const q = smallShapeUpper(a, x);
    out[1] = q;
    out[3] = Math.log(q);
  } else {
    out[1] = -Math.expm1(lnP);
    out[3] = Math.log1p(-p);
  }
}
