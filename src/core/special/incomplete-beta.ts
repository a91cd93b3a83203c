/**
 * The regularised incomplete beta function I_x(a, b) and its complement
 * 1 - I_x(a, b) = I_(1-x)(b, a), each with its own relative accuracy, from
 * the continued fraction (Abramowitz & Stegun 26.5.8) evaluated by the
 * modified Lentz method (Press et al., Numerical Recipes 3rd ed. §6.4;
 * Lentz 1976, Thompson & Barnett 1986):
 *
 *   I_x(a, b) = D·1/(1+ d1/(1+ d2/(1+ …))),  D = x^a (1-x)^b / (a B(a, b)),
 *   d_(2m+1) = -(a+m)(a+b+m)x / ((a+2m)(a+2m+1)),  d_(2m) = m(b-m)x / ((a+2m-1)(a+2m)),
 *
 * which converges fast for x < (a+1)/(a+b+2); above, the same fraction
 * gives the complement from I_(1-x)(b, a) (the symmetry switch). Both x and
 * y = 1 - x are taken as given, so a y near 0 keeps its precision.
 *
 * ln D: for a, b >= 10 Loader's saddle-point binomial term (loader.ts),
 * ln(b/(a+b)) + ln(Γ(a+b+1)/(Γ(a+1)Γ(b+1)) x^a y^b), so that shapes of 1e4
 * keep ~1e-15; else a ln x + b ln y - ln a - ln B(a, b), with ln B from
 * logBeta (accurate when one shape is large and the other small).
 * Iterations: O(√max(a, b)).
 *
 * @example
 * const t = new Float64Array(6);
 * betaTails(2, 2, 0.5, 0.5, Math.log(0.5), Math.log(0.5), Math.log(3), t); // t[0] = I = 0.5, t[1] = 1 - I = 0.5
 */
import { lgamma, stirlerr } from "./log-gamma.js";
import { logBinomialTerm } from "./loader.js";

const EPS = 1e-16;
const FPMIN = 1e-300;
/** Enough for shapes up to ~1e10 (O(√shape) terms); larger shapes take the asymptotic forms of src/core/dists. */
const MAX_TERMS = 2_000_000;

/**
 * ln B(a, b) = ln Γ(a) + ln Γ(b) - ln Γ(a+b) for a, b > 0. With q = max >= 10,
 * ln Γ(q) - ln Γ(p+q) = -(q-½)ln(1+p/q) - p ln(p+q) + p + stirlerr(q) - stirlerr(p+q)
 * (Stirling's formula for both), which does not cancel as the ln Γ do.
 */
export function logBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (q < 10) return lgamma(p) + lgamma(q) - lgamma(p + q);
  const ratio = -(q - 0.5) * Math.log1p(p / q) - p * Math.log(p + q) + p + stirlerr(q) - stirlerr(p + q);
  return lgamma(p) + ratio;
}

/** ln(x^a y^b / (a B(a, b))); lnC = -ln(a B(a, b)). */
function lnPrefix(a: number, b: number, x: number, y: number, lnX: number, lnY: number, lnC: number): number {
  if (a >= 10 && b >= 10) return Math.log(b / (a + b)) + logBinomialTerm(a, b, x, y);
  return a * lnX + b * lnY + lnC;
}

/** The continued fraction 1/(1+ d1/(1+ d2/(1+ …))) for I_x(a, b). */
function fraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_TERMS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/**
 * I_x(a, b) and its complement for a, b > 0, x in [0, 1], y = 1 - x (both
 * given) and their logarithms lnX, lnY (each accurate: ln(1-x) by log1p
 * where x is given, ln x = ln r - ln(1+r) where the odds r are: a y = 1 - x
 * rounded once would carry b·ε into y^b), into out: [I, 1 - I, ln I,
 * ln(1 - I), ln D, D] with D = x^a y^b / (a B(a, b)), so that
 * x·y·density = a·D (out[5] = D may underflow to 0 where ln D is finite).
 * lnC = -ln(a B(a, b)), with logBeta.
 */
export function betaTails(a: number, b: number, x: number, y: number, lnX: number, lnY: number, lnC: number, out: Float64Array): void {
  if (!(x > 0)) {
    out.set([0, 1, -Infinity, 0, -Infinity, 0]);
    return;
  }
  if (!(y > 0)) {
    out.set([1, 0, 0, -Infinity, -Infinity, 0]);
    return;
  }
  const lnD = lnPrefix(a, b, x, y, lnX, lnY, lnC);
  const d = Math.exp(lnD);
  out[4] = lnD;
  out[5] = d;
  if (x < (a + 1) / (a + b + 2)) {
    const cf = fraction(a, b, x);
    const lnI = lnD + Math.log(cf);
    const i = d * cf;
    out[0] = i;
    out[2] = lnI;
    out[1] = -Math.expm1(lnI);
    out[3] = Math.log1p(-i);
  } else {
    // x^a y^b/(b B) = (a/b)·D
    const cf = fraction(b, a, y);
    const lnJ = lnD + Math.log(a / b) + Math.log(cf);
    const j = ((d * a) / b) * cf;
    out[1] = j;
    out[3] = lnJ;
    out[0] = -Math.expm1(lnJ);
    out[2] = Math.log1p(-j);
  }
}
