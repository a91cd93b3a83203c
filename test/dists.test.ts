/**
 * rsi-sim's own distribution functions (src/core/dists, src/core/special)
 * against three references:
 *
 * 1. the truth: 60-digit quantiles and tails from mpmath
 *    (test/reference/dists-truth.json, made by test/reference/dists-truth.py)
 *    for gamma shapes 1e-3..1e4 and beta shapes 0.01..1e4, p from 1e-300 to
 *    1 - 1e-12;
 * 2. @stdlib (a dev dependency, the functions rsi-sim used before) over wide
 *    grids, where @stdlib is itself accurate. (It is not everywhere: at the
 *    grid points of 1. its gamma quantile is off by up to 100% (0 for a
 *    quantile of 7e-156) and its gamma CDF by 0.6% at shape 1000; its beta
 *    quantile by up to 8%.)
 * 3. closed forms, identities, round trips and monotonicity.
 *
 * Tolerances are stated per check. A relative error in x of a quantile is
 * at least the CDF's relative error divided by the condition number
 * d ln F / d ln x, which is the shape itself for F ≈ x^a: a shape of 0.001
 * turns a 1e-16 CDF into a 1e-13 quantile; the bounds allow for it.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { betaCdfFactory, betaQuantileFactory } from "../src/core/dists/beta.js";
import { gammaCdfFactory, gammaQuantileFactory, gammaSurvivalFactory, gammaSurvivalQuantileFactory } from "../src/core/dists/gamma.js";
import { lognormalCdfFactory, normalCdf, normalCdfFactory } from "../src/core/dists/normal.js";
import {
  triangularCdfFactory,
  triangularQuantileFactory,
  triangularSurvivalFactory,
  triangularSurvivalQuantileFactory,
} from "../src/core/dists/triangular.js";
import { erfc } from "../src/core/special/erfc.js";
import { lgamma } from "../src/core/special/log-gamma.js";
import { logBeta } from "../src/core/special/incomplete-beta.js";
import { mt19937 } from "../src/core/random/mt19937.js";
import { solveLogHalley } from "../src/core/dists/log-newton.js";
import { mulberry32 } from "./helpers/mulberry32.js";

const require = createRequire(import.meta.url);
type F3 = (x: number, a: number, b: number) => number;
type F4 = (x: number, a: number, b: number, c: number) => number;
const stdlib = {
  erfc: require("@stdlib/math-base-special-erfc") as (x: number) => number,
  gammaln: require("@stdlib/math-base-special-gammaln") as (x: number) => number,
  normalCdf: require("@stdlib/stats-base-dists-normal-cdf") as F3,
  lognormalCdf: require("@stdlib/stats-base-dists-lognormal-cdf") as F3,
  gammaQuantile: require("@stdlib/stats-base-dists-gamma-quantile") as F3,
  gammaCdf: require("@stdlib/stats-base-dists-gamma-cdf") as F3,
  betaQuantile: require("@stdlib/stats-base-dists-beta-quantile") as F3,
  betaCdf: require("@stdlib/stats-base-dists-beta-cdf") as F3,
  triangularQuantile: require("@stdlib/stats-base-dists-triangular-quantile") as F4,
  triangularCdf: require("@stdlib/stats-base-dists-triangular-cdf") as F4,
};

const truth = JSON.parse(readFileSync("test/reference/dists-truth.json", "utf8")) as {
  gamma: [number, number, number, string, number, number][];
  beta: [number, number, number, number, string, number, number][];
};

const rel = (x: number, t: number): number => (x === t ? 0 : Math.abs(x - t) / Math.abs(t));
const SMALLEST_NORMAL = 2.2250738585072014e-308;

/** Uniforms from a fixed stream, and a grid of probabilities reaching both tails. */
function uniforms(n: number, seed: number): number[] {
  const g = mt19937([seed, 1]);
  return Array.from({ length: n }, () => g.normalized() || 2 ** -54);
}
const TAILS = [1e-300, 1e-200, 1e-100, 1e-50, 1e-30, 1e-16, 1e-12, 1e-8, 1e-4, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1 - 1e-4, 1 - 1e-8, 1 - 1e-12, 1 - 2 ** -52];

describe("erfc and the normal and lognormal CDFs", () => {
  it("erfc is @stdlib's (both fdlibm's s_erf.c), bit for bit, on 200,000 points in [-30, 30] and at the region edges", () => {
    let differ = 0;
    for (let i = 0; i <= 200_000; i++) {
      const x = -30 + (60 * i) / 200_000;
      if (erfc(x) !== stdlib.erfc(x)) differ++;
    }
    for (const x of [0, -0, 2 ** -57, 0.25, 0.84375, 1.25, 2.857142857142857, 6, -6, 27.9, 28, Infinity, -Infinity]) {
      expect(erfc(x), `erfc(${x})`).toBe(stdlib.erfc(x));
    }
    expect(differ).toBe(0);
    expect(erfc(NaN)).toBeNaN();
  });

  it("Φ keeps its relative accuracy in the lower tail: Φ(-10), Φ(-37) against mpmath's", () => {
    // mpmath ncdf(-10) = 7.61985302416052606597e-24, ncdf(-37) = 5.72557122252457682268e-300; Φ's condition
    // number at z is z² (the rounding of z/√2 alone moves Φ by z²·ε relative), so the bound is 2z²ε
    expect(rel(normalCdf(-10, 0, 1), 7.619853024160526e-24)).toBeLessThan(2 * 100 * 2.2e-16);
    expect(rel(normalCdf(-37, 0, 1), 5.725571222524577e-300)).toBeLessThan(2 * 1369 * 2.2e-16);
    expect(normalCdf(1, 1, 0)).toBe(1);
    expect(normalCdf(0.5, 1, 0)).toBe(0);
    expect(normalCdf(NaN, 0, 1)).toBeNaN();
  });

  it("the normal and lognormal CDF factories are @stdlib's, bit for bit, over a grid of parameters", () => {
    const xs = uniforms(2000, 3).map((u) => 40 * u - 20);
    for (const [mu, sigma] of [[0, 1], [3, 0.1], [-2, 7], [1e3, 1e-3]]) {
      const ours = normalCdfFactory(mu, sigma);
      const logOurs = lognormalCdfFactory(mu / 1e3, sigma);
      for (const x of xs) {
        expect(ours(x)).toBe(stdlib.normalCdf(x, mu, sigma));
        expect(normalCdf(x, mu, sigma)).toBe(stdlib.normalCdf(x, mu, sigma));
        const e = Math.exp(x / 2);
        expect(logOurs(e)).toBe(stdlib.lognormalCdf(e, mu / 1e3, sigma));
      }
    }
    expect(lognormalCdfFactory(0, 1)(0)).toBe(0);
    expect(lognormalCdfFactory(0, 1)(-1)).toBe(0);
  });
});

describe("ln Γ", () => {
  it("agrees with @stdlib's gammaln within 6e-15 relative (absolute near its zeros at 1 and 2) for z from 1e-8 to 1e13", () => {
    let worst = 0;
    for (let i = 0; i <= 100_000; i++) {
      const z = Math.exp(-18 + (48 * i) / 100_000);
      const ref = stdlib.gammaln(z);
      worst = Math.max(worst, Math.abs(lgamma(z) - ref) / Math.max(1, Math.abs(ref)));
    }
    expect(worst).toBeLessThan(6e-15);
  });

  it("closed forms: Γ(n) = (n-1)!, Γ(½) = √π, and ln B(a, b) for a large shape against ln Γ sums", () => {
    let f = 1;
    for (let n = 1; n <= 25; n++) {
      if (n > 1) f *= n - 1;
      expect(Math.abs(lgamma(n) - Math.log(f)) / Math.max(1, Math.log(f))).toBeLessThan(1e-15);
    }
    expect(rel(lgamma(0.5), Math.log(Math.sqrt(Math.PI)))).toBeLessThan(1e-15);
    expect(Math.abs(logBeta(1, 1))).toBeLessThan(1e-16); // B(1,1) = 1
    expect(rel(logBeta(2, 3), Math.log(1 / 12))).toBeLessThan(1e-15);
    expect(rel(logBeta(0.5, 0.5), Math.log(Math.PI))).toBeLessThan(1e-15);
    // B(1, b) = 1/b for any b, here where ln Γ(b) - ln Γ(b+1) would cancel
    for (const b of [10, 1e4, 1e8]) expect(rel(logBeta(1, b), -Math.log(b))).toBeLessThan(1e-15);
  });
});

describe("triangular", () => {
  it("quantile and CDF are @stdlib's, bit for bit, and the CDF inverts the quantile", () => {
    const us = uniforms(5000, 4);
    for (const [lo, mode, hi] of [[0, 0.5, 1], [0, 0, 1], [0, 1, 1], [-3, 2, 10], [1e6, 1e6 + 1, 1e6 + 7]]) {
      const q = triangularQuantileFactory(lo, hi, mode);
      const F = triangularCdfFactory(lo, hi, mode);
      for (const u of [...us, 0, 1, (mode - lo) / (hi - lo)]) {
        const x = q(u);
        expect(x).toBe(stdlib.triangularQuantile(u, lo, hi, mode));
        expect(F(x)).toBe(stdlib.triangularCdf(x, lo, hi, mode));
        expect(Math.abs(F(x) - u)).toBeLessThan(1e-9 * (hi - lo + Math.abs(hi)));
      }
      expect(q(-0.1)).toBeNaN();
      expect(F(lo - 1)).toBe(0);
      expect(F(hi + 1)).toBe(1);
    }
  });
});

describe("upper tails: the survival function and its inverse", () => {
  it("gamma: Q(2, x) = e^-x (1 + x) and Q(1/2, x) = erfc(√x), far past where 1 - P is 0, and back", () => {
    const S2 = gammaSurvivalFactory(2, 1);
    const inv2 = gammaSurvivalQuantileFactory(2, 1);
    const Shalf = gammaSurvivalFactory(0.5, 3);
    const invHalf = gammaSurvivalQuantileFactory(0.5, 3);
    for (const x of [0.01, 1, 5, 40, 100, 300, 700]) {
      const want = Math.exp(-x) * (1 + x);
      expect(Math.abs(S2(x) - want) / want, `Q(2, ${x})`).toBeLessThan(1e-13);
      // (near q = 1 the inverse is ill-conditioned: q's own rounding is 1e-16/(1 - q) of 1 - q)
      if (want < 0.5) expect(Math.abs(inv2(want) - x) / x, `Q^-1(2, ${want})`).toBeLessThan(1e-13);
      const w = erfc(Math.sqrt(x));
      if (w === 0) continue;
      expect(Math.abs(Shalf(3 * x) - w) / w, `Q(1/2, ${x})`).toBeLessThan(1e-13);
      if (w < 0.5) expect(Math.abs(invHalf(w) - 3 * x) / (3 * x), `Q^-1(1/2, ${w})`).toBeLessThan(1e-12);
    }
    expect(inv2(0)).toBe(Infinity);
    expect(inv2(1)).toBe(0);
    expect(inv2(0.75)).toBe(gammaQuantileFactory(2, 1)(0.25));
    expect(inv2(-1)).toBeNaN();
  });

  it("triangular: (upper - x)²/((upper - lower)(upper - mode)) above the mode, and its inverse", () => {
    const S = triangularSurvivalFactory(0, 10, 2);
    const inv = triangularSurvivalQuantileFactory(0, 10, 2);
    for (const x of [9.999999999, 9.9, 6, 2.5]) {
      const want = (10 - x) ** 2 / 80;
      expect(Math.abs(S(x) - want) / want).toBeLessThan(1e-15);
      expect(Math.abs(inv(want) - x) / x).toBeLessThan(1e-15);
    }
    expect(S(1)).toBe(1 - triangularCdfFactory(0, 10, 2)(1));
    expect(inv(0.99)).toBe(triangularQuantileFactory(0, 10, 2)(1 - 0.99));
    expect([S(-1), S(10), S(11)]).toEqual([1, 0, 0]);
  });
});

describe("gamma", () => {
  it("quantile within 2e-13 relative of the 60-digit truth (5e-14 for shapes >= 0.1) at every grid point; @stdlib's is off by up to 100% there", () => {
    let worst = 0;
    let worstStdlib = 0;
    for (const [a, p, x] of truth.gamma) {
      const ours = gammaQuantileFactory(a, 1)(p);
      if (x < SMALLEST_NORMAL) {
        expect(ours, `shape ${a}, p ${p}`).toBeLessThan(SMALLEST_NORMAL); // under- or near-underflow, as the truth
        continue;
      }
      const e = rel(ours, x);
      expect(e, `shape ${a}, p ${p}`).toBeLessThan(a >= 0.1 ? 5e-14 : 2e-13);
      worst = Math.max(worst, e);
      worstStdlib = Math.max(worstStdlib, rel(stdlib.gammaQuantile(p, a, 1), x));
    }
    expect(worst).toBeLessThan(2e-13);
    expect(worstStdlib).toBeGreaterThan(0.5); // the reference is itself wrong here: the truth decides
  });

  // ln D's rounding reaches the tail through exp: |ln P|·ε, ~1.5e-13 at P = 1e-300
  const tailBound = (v: number, base: number) => base + 2e-15 * Math.abs(Math.log(v));

  it("P within 1e-13 + 2e-15·|ln P| relative of the truth at the grid's quantiles", () => {
    for (const [a, p, x, , P, Q] of truth.gamma) {
      if (!(x > 1e-300)) continue;
      const F = gammaCdfFactory(a, 1);
      const lower = F(x);
      if (P > 1e-300) expect(rel(lower, P), `P(${a}, ${x})`).toBeLessThan(tailBound(P, 1e-13));
      if (p > 0.5 && Q > 1e-300) {
        // the upper tail, as the quantile uses it (not 1 - P)
        const q = gammaQuantileFactory(a, 1)(p);
        expect(rel(q, x), `upper quantile shape ${a}, p ${p}`).toBeLessThan(5e-13);
      }
    }
  });

  it("agrees with @stdlib within 1e-12 relative for shapes 0.05..20 and p in [1e-10, 1 - 1e-10], and round-trips", () => {
    const us = uniforms(2000, 5).map((u) => 1e-10 + u * (1 - 2e-10));
    for (const a of [0.05, 0.3, 1, 2, 4.5, 20]) {
      const q = gammaQuantileFactory(a, 2);
      const F = gammaCdfFactory(a, 2);
      for (const u of us) {
        const x = q(u);
        expect(rel(x, stdlib.gammaQuantile(u, a, 0.5)), `shape ${a}, u ${u}`).toBeLessThan(1e-12);
        expect(rel(F(x), stdlib.gammaCdf(x, a, 0.5))).toBeLessThan(1e-12);
        // round trip in the tail that is small, relative to it (conditioning: 1 ulp of x moves F by a·ulp at most)
        const back = F(x);
        const err = u <= 0.5 ? rel(back, u) : rel(1 - back, 1 - u) * (1 - u) / Math.max(1 - u, 1e-4);
        expect(err, `round trip shape ${a}, u ${u}`).toBeLessThan(Math.max(1e-12, 1e-14 * a));
      }
    }
  });

  it("closed forms: shape 1 is the exponential, shape 2 has P = 1 - e^-x (1 + x)", () => {
    const q1 = gammaQuantileFactory(1, 3);
    const F1 = gammaCdfFactory(1, 3);
    for (const p of TAILS) {
      expect(rel(q1(p), -3 * Math.log1p(-p)), `p ${p}`).toBeLessThan(2e-15);
      const x = 10 ** (p * 6 - 3);
      expect(rel(F1(x), -Math.expm1(-x / 3))).toBeLessThan(2e-15);
    }
    const F2 = gammaCdfFactory(2, 1);
    for (const x of [0.5, 1, 2.9, 3, 7, 30]) expect(rel(F2(x), -Math.expm1(-x) - x * Math.exp(-x))).toBeLessThan(1e-14);
    // small x, where that form cancels: P(2, x) = x²/2 - x³/3 + x⁴/8 - x⁵/30 + x⁶/144 - …
    for (const x of [1e-8, 1e-5, 1e-3]) expect(rel(F2(x), x * x * (1 / 2 - x / 3 + (x * x) / 8 - (x * x * x) / 30 + (x * x * x * x) / 144))).toBeLessThan(1e-15);
  });

  it("is monotone, finite and fast to converge for extreme shapes (1e-3..1e6) and tails, and rejects p outside [0, 1]", () => {
    for (const a of [1e-3, 0.01, 0.5, 7, 1e4, 1e6]) {
      const q = gammaQuantileFactory(a, 1);
      let last = -1;
      for (const p of TAILS) {
        const x = q(p);
        expect(Number.isFinite(x) && x >= last, `shape ${a}, p ${p}: ${x} after ${last}`).toBe(true);
        last = x;
      }
      expect(q(0)).toBe(0);
      expect(q(1)).toBe(Infinity);
      expect(q(-0.1)).toBeNaN();
      expect(q(NaN)).toBeNaN();
    }
    const F = gammaCdfFactory(3, 1);
    expect(F(0)).toBe(0);
    expect(F(-1)).toBe(0);
    expect(F(Infinity)).toBe(1);
  });
});

describe("beta", () => {
  it("quantile within 2e-13 relative of the 60-digit truth at every grid point (shapes 0.01..1e4); @stdlib's is off by up to 8% there", () => {
    let worst = 0;
    let worstStdlib = 0;
    for (const [a, b, p, x] of truth.beta) {
      const ours = betaQuantileFactory(a, b)(p);
      if (x < SMALLEST_NORMAL) {
        expect(ours, `beta(${a}, ${b}), p ${p}`).toBeLessThan(SMALLEST_NORMAL);
        continue;
      }
      const e = rel(ours, x);
      expect(e, `beta(${a}, ${b}), p ${p}: ${ours} vs ${x}`).toBeLessThan(2e-13);
      worst = Math.max(worst, e);
      worstStdlib = Math.max(worstStdlib, rel(stdlib.betaQuantile(p, a, b), x));
    }
    expect(worst).toBeLessThan(2e-13);
    expect(worstStdlib).toBeGreaterThan(0.01);
  });

  it("I_x(a, b) within 2e-13 + 2e-15·|ln I| relative of the truth at the grid's quantiles (1e-12 for a shape of 1e3 or more)", () => {
    for (const [a, b, p, x, , I] of truth.beta) {
      if (!(x > 1e-300 && x < 1) || !(I > 1e-300) || p > 0.5) continue;
      const bound = Math.max(a, b) >= 1e3 ? 1e-12 : 2e-13 + 2e-15 * Math.abs(Math.log(I));
      expect(rel(betaCdfFactory(a, b)(x), I), `I_${x}(${a}, ${b})`).toBeLessThan(bound);
    }
  });

  it("agrees with @stdlib within 1e-12 relative for shapes 0.2..50 and p in [1e-10, 1 - 1e-10], and round-trips", () => {
    const us = uniforms(600, 6).map((u) => 1e-10 + u * (1 - 2e-10));
    for (const [a, b] of [[0.2, 0.3], [0.7, 4], [2, 2], [2, 5], [5, 1.5], [20, 30], [50, 3]]) {
      const q = betaQuantileFactory(a, b);
      const F = betaCdfFactory(a, b);
      for (const u of us) {
        const x = q(u);
        expect(rel(x, stdlib.betaQuantile(u, a, b)), `beta(${a}, ${b}), u ${u}`).toBeLessThan(1e-12);
        expect(rel(F(x), stdlib.betaCdf(x, a, b))).toBeLessThan(1e-12);
        const back = F(x);
        expect(u <= 0.5 ? rel(back, u) : Math.abs(back - u)).toBeLessThan(1e-12);
      }
    }
  });

  it("closed forms: beta(1, 1) is uniform, beta(a, 1) has I = x^a, beta(1, b) has I = 1 - (1-x)^b, beta(2, 2) I = 3x² - 2x³, beta(½, ½) the arcsine law", () => {
    // the CDF's prefix x^a y^b / (a B) is taken through its logarithm: |ln I|·ε relative (1.5e-13 at 1e-300)
    const xs = [1e-300, 1e-100, 1e-12, 1e-4, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999];
    const near = (v: number, ref: number) => expect(rel(v, ref), `${v} vs ${ref}`).toBeLessThan(1e-14 + 1e-15 * Math.abs(Math.log(ref)));
    for (const x of xs) {
      near(betaCdfFactory(1, 1)(x), x);
      if (x ** 3.5 > 1e-300) near(betaCdfFactory(3.5, 1)(x), x ** 3.5);
      near(betaCdfFactory(1, 2.5)(x), -Math.expm1(2.5 * Math.log1p(-x)));
      near(betaCdfFactory(2, 2)(x), x * x * (3 - 2 * x));
      near(betaCdfFactory(0.5, 0.5)(x), (2 / Math.PI) * Math.asin(Math.sqrt(x)));
    }
    for (const p of TAILS) {
      expect(rel(betaQuantileFactory(1, 1)(p), p)).toBeLessThan(1e-15);
      const root = p ** (1 / 3.5);
      expect(rel(betaQuantileFactory(3.5, 1)(p), root)).toBeLessThan(1e-15 * (1 + Math.abs(Math.log(root))));
      const s = Math.sin((Math.PI / 2) * p);
      expect(rel(betaQuantileFactory(0.5, 0.5)(p), s * s)).toBeLessThan(1e-14);
      expect(rel(betaQuantileFactory(1, 4)(p), -Math.expm1(Math.log1p(-p) / 4))).toBeLessThan(1e-15);
      // beta(2, 2): the quantile solves the cubic; check it through the CDF, from the small tail
      const x = betaQuantileFactory(2, 2)(p);
      const I = x * x * (3 - 2 * x);
      expect(p <= 0.5 ? rel(I, p) : Math.abs(I - p), `beta(2,2) p ${p}`).toBeLessThan(1e-14 + 1e-15 * Math.abs(Math.log(p)));
    }
  });

  it("beta(2, 2)'s closed-form quantile matches 60-digit roots of 3x² - 2x³ = p (mpmath) to 5e-16, tails included", () => {
    const truth: [number, number][] = [
      [1e-300, 5.7735026918962577174e-151],
      [1e-20, 5.7735026920073685979e-11],
      [1e-5, 0.001826854663262815366],
      [0.074, 0.16657775880503223213],
      [0.3, 0.36325749109056760558],
      [0.5, 0.5],
      [0.7, 0.63674250890943235442],
      [0.999, 0.9816297461411883803],
      [0.9999999999, 0.99999422648595808738],
    ];
    const q = betaQuantileFactory(2, 2);
    for (const [p, x] of truth) expect(rel(q(p), x), `p ${p}`).toBeLessThan(5e-16);
    // the upper tail's distance from 1 keeps its precision too: 1 - x = Q(1 - p) by symmetry
    expect(rel(1 - q(0.9999999999), 1 - 0.99999422648595808738)).toBeLessThan(1e-9);
    expect([q(0), q(1), q(-0.1), q(NaN)]).toEqual([0, 1, NaN, NaN]);
  });

  it("symmetry: I_x(a, b) = 1 - I_(1-x)(b, a), and the quantile of beta(b, a) at 1 - p is 1 - that of beta(a, b) at p", () => {
    for (const [a, b] of [[0.3, 7], [2, 9], [40, 15]]) {
      for (const x of [0.01, 0.2, 0.5, 0.75]) {
        expect(Math.abs(betaCdfFactory(a, b)(x) - (1 - betaCdfFactory(b, a)(1 - x)))).toBeLessThan(1e-15);
      }
      for (const p of [0.01, 0.3, 0.6]) {
        expect(Math.abs(betaQuantileFactory(a, b)(p) - (1 - betaQuantileFactory(b, a)(1 - p)))).toBeLessThan(1e-14);
      }
    }
  });

  it("extreme shapes (0.001..1e5, mixed) give finite, monotone quantiles in [0, 1] with no hang and no NaN", () => {
    const shapes = [1e-3, 0.01, 0.1, 1, 3, 1e3, 1e5];
    for (const a of shapes) {
      for (const b of shapes) {
        const q = betaQuantileFactory(a, b);
        const F = betaCdfFactory(a, b);
        let last = 0;
        for (const p of TAILS) {
          const x = q(p);
          expect(x >= last && x <= 1, `beta(${a}, ${b}), p ${p}: ${x} after ${last}`).toBe(true);
          last = x;
          const c = F(x);
          expect(c >= 0 && c <= 1, `cdf of beta(${a}, ${b}) at ${x}`).toBe(true);
        }
        expect(q(0)).toBe(0);
        expect(q(1)).toBe(1);
        expect(q(1.5)).toBeNaN();
      }
    }
  });

  it("huge shapes (1e10..1e300, the CLI fuzz's beta(1e300, 1e300)) take their asymptotic forms: finite, monotone, round-tripping, fast", () => {
    const cases: [number, number][] = [[1e300, 1e300], [1e10, 1e10], [1e12, 3e12], [2, 1e300], [1e300, 0.5], [1e6, 1e300], [0.5, 1e15]];
    for (const [a, b] of cases) {
      const q = betaQuantileFactory(a, b);
      const F = betaCdfFactory(a, b);
      let last = 0;
      for (const p of [1e-10, 0.01, 0.5, 0.99, 1 - 1e-10]) {
        const x = q(p);
        expect(x >= last && x <= 1, `beta(${a}, ${b}) p ${p}: ${x}`).toBe(true);
        last = x;
        // where x is resolved (not 0 or 1, and the distribution not narrower than a double's spacing): F(x) ≈ p
        if (x > 0 && x < 1 && q(0.01) !== q(0.99)) expect(Math.abs(F(x) - p), `beta(${a}, ${b}) round trip at ${p}`).toBeLessThan(1e-8);
      }
    }
    // the gamma limit: b·x of beta(2, b) tends to a gamma(2) variable as b grows
    expect(rel(1e15 * betaQuantileFactory(2, 1e15)(0.5), gammaQuantileFactory(2, 1)(0.5))).toBeLessThan(1e-14);
    for (const a of [1e10, 1e12, 1e300]) {
      const q = gammaQuantileFactory(a, 1);
      const F = gammaCdfFactory(a, 1);
      expect(Number.isFinite(q(0.5)) && q(0.01) <= q(0.99)).toBe(true);
      if (q(0.01) === q(0.99)) continue; // narrower than a double's spacing (1e300: sd/mean 1e-150)
      for (const p of [1e-10, 0.5, 0.99]) expect(Math.abs(F(q(p)) - p)).toBeLessThan(1e-8);
    }
  });
});

describe("solveLogHalley", () => {
  it("stops where a step rounds to the iterate itself (it had bisected away from the root and back: ~90 CDFs for a gamma quantile of shape 1,000)", () => {
    let worst = 0;
    const random = mulberry32(7);
    for (let k = 0; k < 500; k++) {
      // g(x) = K·(x − a − b): its root a + b lies between doubles (b a fraction of an ulp of a), so
      // at x = a the step, b/a, is below half an ulp of 1 and rounds to no step at all
      const a = Math.exp(20 * random() - 7);
      const b = (0.1 + 0.3 * random()) * a * Number.EPSILON;
      const K = 10 + 90 * random();
      let calls = 0;
      const r = solveLogHalley(
        a * (1.5 + random()),
        (x, out) => {
          calls++;
          out[0] = K * (x - a - b);
          out[1] = K * x;
          out[2] = K * x;
        },
        true,
      );
      expect(Math.abs(r / a - 1)).toBeLessThan(1e-15);
      worst = Math.max(worst, calls);
    }
    expect(worst).toBeLessThanOrEqual(8);
    // the case it was found in: the quantile still solves P(a, x) = p
    const q = gammaQuantileFactory(1000, 1);
    const P = gammaCdfFactory(1000, 1);
    for (const p of [0.01, 0.3, 0.5, 0.7, 0.99]) expect(Math.abs(P(q(p)) - p) / Math.min(p, 1 - p)).toBeLessThan(1e-12);
  });
});
