import { mulberry32Open } from "./helpers/mulberry32.js";
import { describe, expect, it } from "vitest";
import { dist, errorOf, fromYaml, KS_CRITICAL, ksStatistic, N, refLognormal, refNormal, yamlDist } from "./helpers/distribution-checks.js";
import stdlibNormalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import {
  DISTRIBUTION_NAMES,
  distributionFromSpec,
  parseDistribution,
  standardNormalQuantile,
  type Distribution,
} from "../src/model/distributions.js";
import { didYouMean, editDistance } from "../src/core/suggest.js";

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

const mulberry32 = mulberry32Open;

function sample(d: Distribution, n = N, seed = 12345): number[] {
  const rand = mulberry32(seed);
  const xs = new Array<number>(n);
  for (let i = 0; i < n; i++) xs[i] = d.quantile(rand());
  return xs;
}

// Reference CDFs written independently of the module (closed forms or a separate erfc).
const refUniform = (a: number, b: number) => (x: number) => Math.min(1, Math.max(0, (x - a) / (b - a)));
const refLogUniform = (a: number, b: number) => (x: number) =>
  x <= a ? 0 : x >= b ? 1 : Math.log(x / a) / Math.log(b / a);
/** Beta(2, 5): I_x(2, 5) = Σ_{j=2}^{6} C(6, j) x^j (1-x)^(6-j). */
const refBeta25 = (x: number) => {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const C6 = [1, 6, 15, 20, 15, 6, 1];
  let s = 0;
  for (let j = 2; j <= 6; j++) s += C6[j] * x ** j * (1 - x) ** (6 - j);
  return s;
};
/** Gamma(shape 3, scale 2) (Erlang): 1 - e^(-y) (1 + y + y²/2), y = x/2. */
const refGamma32 = (x: number) => {
  if (x <= 0) return 0;
  const y = x / 2;
  return 1 - Math.exp(-y) * (1 + y + (y * y) / 2);
};
/** Triangular(min a, mode c, max b). */
const refTriangular = (a: number, c: number, b: number) => (x: number) => {
  if (x <= a) return 0;
  if (x >= b) return 1;
  return x <= c ? (x - a) ** 2 / ((b - a) * (c - a)) : 1 - (b - x) ** 2 / ((b - a) * (b - c));
};
const truncatedRef = (F: (x: number) => number, lo: number, hi: number) => (x: number) =>
  x <= lo ? 0 : x >= hi ? 1 : (F(x) - F(lo)) / (F(hi) - F(lo));

const Z975 = 1.959963984540054;

/** One case per continuous family: text and an independent reference CDF. */
const FAMILIES: Array<{ text: string; kind: Distribution["kind"]; ref: (x: number) => number }> = [
  { text: "normal(1, 2)", kind: "normal", ref: refNormal(1, 2) },
  { text: "-1 to 1", kind: "normal", ref: refNormal(0, 1 / 1.6448536269514722) },
  { text: "lognormal(0.5, 0.8)", kind: "lognormal", ref: refLognormal(0.5, 0.8) },
  {
    text: "0.5 to 3",
    kind: "lognormal",
    ref: refLognormal((Math.log(0.5) + Math.log(3)) / 2, (Math.log(3) - Math.log(0.5)) / (2 * 1.6448536269514722)),
  },
  { text: "uniform(-2, 3)", kind: "uniform", ref: refUniform(-2, 3) },
  { text: "log-uniform(2, 32)", kind: "loguniform", ref: refLogUniform(2, 32) },
  { text: "beta(2, 5)", kind: "beta", ref: refBeta25 },
  { text: "gamma(3, 2)", kind: "gamma", ref: refGamma32 },
  { text: "triangular(1, 2, 5)", kind: "triangular", ref: refTriangular(1, 2, 5) },
];

// ---------------------------------------------------------------------------
// Known values
// ---------------------------------------------------------------------------

describe("known quantile values", () => {
  it('"0.5 to 3" is a lognormal with 5th/95th percentiles 0.5 and 3', () => {
    const d = dist("0.5 to 3");
    expect(d.kind).toBe("lognormal");
    expect(d.text).toBe("lognormal, 90% CI 0.5 to 3");
    expect(d.quantile(0.05)).toBeCloseTo(0.5, 12);
    expect(d.quantile(0.95)).toBeCloseTo(3, 12);
    expect(d.median).toBeCloseTo(Math.sqrt(1.5), 12);
    expect(d.args.p5).toBe(0.5);
    expect(d.args.p95).toBe(3);
    expect(d.args.mu).toBeCloseTo(Math.log(Math.sqrt(1.5)), 12);
    expect(d.support).toEqual([0, Infinity]);
    expect(d.discrete).toBe(false);
  });

  it('"A to B" with A <= 0 is a normal with that 90% interval', () => {
    const d = dist("-1 to 3");
    expect(d.kind).toBe("normal");
    expect(d.text).toBe("normal, 90% CI -1 to 3");
    expect(d.quantile(0.05)).toBeCloseTo(-1, 12);
    expect(d.quantile(0.95)).toBeCloseTo(3, 12);
    expect(d.median).toBeCloseTo(1, 12);
    expect(dist("0 to 10").kind).toBe("normal");
    expect(dist("  .5   TO  2e1 ").kind).toBe("lognormal");
  });

  it("normal and lognormal parametric and interval forms", () => {
    const n = dist("normal(10, 2)");
    expect(n.text).toBe("normal(10, 2)");
    expect(n.quantile(0.975)).toBeCloseTo(10 + 2 * Z975, 12);
    expect(n.args).toMatchObject({ mean: 10, sd: 2 });
    const ni = dist("Normal( -2.5 to 7.5 )");
    expect(ni.text).toBe("normal, 90% CI -2.5 to 7.5");
    expect(ni.args.mean).toBeCloseTo(2.5, 12);
    expect(ni.quantile(0.95)).toBeCloseTo(7.5, 12);
    const ln = dist("lognormal(0, 1)");
    expect(ln.median).toBeCloseTo(1, 14);
    expect(ln.quantile(0.975)).toBeCloseTo(Math.exp(Z975), 12);
    const li = dist("lognormal(2 to 8)");
    expect(li.median).toBeCloseTo(4, 12);
    expect(li.text).toBe("lognormal, 90% CI 2 to 8");
  });

  it("closed-form families", () => {
    expect(dist("uniform(2, 4)").quantile(0.25)).toBe(2.5);
    const lu = dist("loguniform(2, 32)");
    expect(lu.text).toBe("log-uniform(2, 32)");
    expect(lu.median).toBeCloseTo(8, 12);
    expect(lu.quantile(0.25)).toBeCloseTo(4, 12);
    expect(dist("log_uniform(1, 100)").quantile(0.5)).toBeCloseTo(10, 12);
    // a range wider than the largest double (max/min overflows) or a subnormal min: sampled in logs, not pinned at max
    const wide = dist("log-uniform(1e-300, 1e300)");
    expect(wide.quantile(0.5)).toBeCloseTo(1, 10);
    expect(Math.log10(wide.quantile(0.75))).toBeCloseTo(150, 9);
    expect(wide.cdf(1e150)).toBeCloseTo(0.75, 12);
    const tiny = dist("log-uniform(1e-320, 1)");
    expect(Math.log(tiny.quantile(0.5))).toBeCloseTo(Math.log(1e-320) / 2, 6);
    expect(dist("beta(2, 2)").median).toBeCloseTo(0.5, 12);
    expect(dist("beta(1, 1)").quantile(0.3)).toBeCloseTo(0.3, 12);
    // gamma(1, scale 2) is exponential with mean 2: F^-1(u) = -2 ln(1 - u)
    expect(dist("gamma(1, 2)").quantile(0.7)).toBeCloseTo(-2 * Math.log(0.3), 10);
    expect(dist("triangular(0, 1, 2)").median).toBeCloseTo(1, 12);
    // triangular(0, 0, 1): F(x) = 1 - (1-x)², F^-1(u) = 1 - sqrt(1 - u)
    expect(dist("triangular(0, 0, 1)").quantile(0.36)).toBeCloseTo(0.2, 12);
  });

  it("standard normal quantile (AS241) matches @stdlib in the bulk and stays finite in the far lower tail", () => {
    for (let u = 0.0005; u < 1; u += 0.001) {
      expect(standardNormalQuantile(u)).toBeCloseTo(stdlibNormalQuantile(u, 0, 1), 12);
    }
    // Φ^-1(1e-20) = -9.262340089798408 (stdlib's erfinv(2u-1) returns -Infinity here)
    expect(standardNormalQuantile(1e-20)).toBeCloseTo(-9.262340089798408, 10);
    expect(standardNormalQuantile(1 - 1e-10)).toBeCloseTo(6.361340902404056, 6);
  });
});

// ---------------------------------------------------------------------------
// Quantile / CDF consistency and goodness of fit
// ---------------------------------------------------------------------------

describe("quantile/cdf round trip", () => {
  const us = [1e-6, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999];
  for (const { text } of FAMILIES) {
    it(text, () => {
      const d = dist(text);
      for (const u of us) expect(d.cdf(d.quantile(u))).toBeCloseTo(u, 9);
      let prev = -Infinity;
      for (const u of us) {
        const x = d.quantile(u);
        expect(x).toBeGreaterThanOrEqual(prev);
        prev = x;
      }
    });
  }
});

describe("cdf agrees with an independent reference", () => {
  for (const { text, ref } of FAMILIES) {
    it(text, () => {
      const d = dist(text);
      for (const u of [0.02, 0.2, 0.5, 0.8, 0.98]) {
        const x = d.quantile(u);
        expect(Math.abs(d.cdf(x) - ref(x))).toBeLessThan(1e-6);
      }
    });
  }
});

describe("Kolmogorov–Smirnov goodness of fit (20,000 inverse-transform samples, 1% level)", () => {
  for (const { text, kind, ref } of FAMILIES) {
    it(text, () => {
      const d = dist(text);
      expect(d.kind).toBe(kind);
      expect(ksStatistic(sample(d), ref)).toBeLessThan(KS_CRITICAL);
    });
  }

  it("the test has power: a normal shifted by 0.05 sd is rejected", () => {
    const d = dist("normal(0.05, 1)");
    expect(ksStatistic(sample(d), refNormal(0, 1))).toBeGreaterThan(KS_CRITICAL);
  });

  it("truncated normal and truncated lognormal", () => {
    const tn = dist("normal(0, 1) in [-0.5, 2]");
    expect(ksStatistic(sample(tn), truncatedRef(refNormal(0, 1), -0.5, 2))).toBeLessThan(KS_CRITICAL);
    const tl = dist("1 to 10 in [2, inf]");
    const F = refLognormal(Math.log(10) / 2, Math.log(10) / (2 * 1.6448536269514722));
    expect(ksStatistic(sample(tl), truncatedRef(F, 2, Infinity))).toBeLessThan(KS_CRITICAL);
  });
});

// ---------------------------------------------------------------------------
// Truncation
// ---------------------------------------------------------------------------

describe("truncation", () => {
  it("samples stay inside the bounds and the cdf is renormalised", () => {
    const d = dist("0.5 to 3 in [1, 2]");
    expect(d.text).toBe("lognormal, 90% CI 0.5 to 3 in [1, 2]");
    expect(d.truncation).toEqual([1, 2]);
    expect(d.support).toEqual([1, 2]);
    for (const x of sample(d, 5000)) {
      expect(x).toBeGreaterThanOrEqual(1);
      expect(x).toBeLessThanOrEqual(2);
    }
    expect(d.cdf(1)).toBe(0);
    expect(d.cdf(0.9)).toBe(0);
    expect(d.cdf(2)).toBe(1);
    expect(d.cdf(d.median)).toBeCloseTo(0.5, 10);
  });

  it("quantile(u) = F^-1(F(lo) + u (F(hi) - F(lo)))", () => {
    const base = dist("beta(2, 5)");
    const d = dist("beta(2, 5) in [0.1, 0.5]");
    const Flo = base.cdf(0.1);
    const Fhi = base.cdf(0.5);
    for (const u of [0.01, 0.3, 0.5, 0.9, 0.999]) {
      expect(d.quantile(u)).toBeCloseTo(base.quantile(Flo + u * (Fhi - Flo)), 12);
    }
  });

  it("infinite bounds and support intersection", () => {
    const half = dist("normal(0, 1) in [0, inf]");
    expect(half.support).toEqual([0, Infinity]);
    expect(half.text).toBe("normal(0, 1) in [0, inf]");
    expect(half.median).toBeCloseTo(0.6744897501960817, 10);
    const upper = dist("beta(2, 5) in [-inf, 0.3]");
    expect(upper.support).toEqual([0, 0.3]);
    expect(upper.truncation).toEqual([-Infinity, 0.3]);
  });

  it("an upper tail is sampled from the survival function, as exactly as the mirror lower tail", () => {
    const up = dist("normal(0, 1) in [6, 7]");
    const down = dist("normal(0, 1) in [-7, -6]");
    for (const u of [1e-6, 0.001, 0.1, 0.5, 0.9, 0.999]) {
      expect(Math.abs(up.quantile(u) + down.quantile(1 - u)), `u = ${u}`).toBeLessThan(4e-15 * 7);
      expect(Math.abs(up.cdf(up.quantile(u)) - u), `u = ${u}`).toBeLessThan(1e-12);
    }
    expect(up.quantile(0.9)).toBeCloseTo(6.361632044, 9); // scipy truncnorm.ppf(0.9, 6, 7)
    // exponential: X - 30 given 30 <= X <= 40 is exponential(1) truncated to [0, 10]: x = 30 - ln(1 - u(1 - e^-10))
    const e = dist("exponential(1) in [30, 40]");
    for (const u of [1e-9, 0.01, 0.5, 0.9, 0.999]) {
      const want = 30 - Math.log1p(-u * -Math.expm1(-10));
      expect(Math.abs(e.quantile(u) - want) / want, `u = ${u}`).toBeLessThan(1e-14);
    }
    // gamma(2, 1) (Erlang): P(X > x) = e^-x (1 + x); beta(2, 5): P(X > x) = I_(1-x)(5, 2) = 6y^5 - 5y^6, y = 1 - x
    const S2 = (x: number) => Math.exp(-x) * (1 + x);
    const g = dist("gamma(2, 1) in [40, 50]");
    const Sb = (x: number) => 6 * (1 - x) ** 5 - 5 * (1 - x) ** 6;
    const b = dist("beta(2, 5) in [0.99, 1]");
    for (const u of [0.001, 0.2, 0.5, 0.8, 0.999]) {
      expect(Math.abs((S2(40) - S2(g.quantile(u))) / (S2(40) - S2(50)) - u), `gamma, u = ${u}`).toBeLessThan(1e-12);
      expect(Math.abs((Sb(0.99) - Sb(b.quantile(u))) / Sb(0.99) - u), `beta, u = ${u}`).toBeLessThan(1e-9);
    }
    // lognormal: the normal's image under exp
    const ln = dist("lognormal(0, 1) in [403.4287934927351, 1096.6331584284585]"); // [e^6, e^7]
    for (const u of [0.1, 0.5, 0.9]) expect(Math.abs(Math.log(ln.quantile(u)) - up.quantile(u))).toBeLessThan(1e-13);
  });

  it("refuses too little mass by the same rule in both tails", () => {
    // held relative to the tail it is taken from: accepted in either tail
    for (const text of ["exponential(1) in [30, 40]", "normal(0, 1) in [9, 10]", "normal(0, 1) in [-10, -9]", "uniform(0, 1) in [0.99999999999, 1]", "uniform(0, 1) in [0, 1e-11]"]) {
      expect(parseDistribution(text).ok, text).toBe(true);
    }
    // an interval too narrow for the uniform's resolution where it lies, in the middle
    expect(errorOf(parseDistribution("normal(0, 1) in [0, 1e-12]"))).toMatch(/too little probability mass \(4\.0e-13\)/);
    expect(errorOf(parseDistribution("normal(0, 1) in [1, 1.000000000001]"))).toMatch(/too little probability mass/);
  });

  it("below the resolution of F at lo, the truncated quantile is interpolated: above lo for every u > 0", () => {
    // half-normal: F_T(x) = 2Φ(x) - 1 ≈ x·√(2/π) near 0, so x ≈ u·√(π/2); uniform(-1, 1) in [0, 1]: x = u
    const half = dist("normal(0, 1) in [0, inf]");
    const flat = dist("uniform(-1, 1) in [0, 1]");
    for (const u of [1e-300, 1e-20, 2 ** -54, 2 ** -53]) {
      expect(Math.abs(half.quantile(u) / (u * Math.sqrt(Math.PI / 2)) - 1), `u = ${u}`).toBeLessThan(1e-6);
      expect(Math.abs(flat.quantile(u) / u - 1), `u = ${u}`).toBeLessThan(1e-6);
    }
    // above, F^-1 itself: as exact as the probability 1/2 ± u/2 is (its spacing, 1.1e-16)
    for (const u of [1e-16, 1e-15, 1e-10]) expect(Math.abs(flat.quantile(u) - u), `u = ${u}`).toBeLessThanOrEqual(1.2e-16);
    // the same in an upper-tail truncation's lower end, and monotone across the switch to F^-1
    const tail = dist("exponential(1) in [30, 40]");
    let last = 30;
    for (const u of [1e-300, 1e-30, 1e-20, 1e-17, 1e-16, 3e-16, 1e-15, 1e-12]) {
      const x = tail.quantile(u);
      expect(x, `u = ${u}`).toBeGreaterThanOrEqual(last);
      last = x;
    }
    expect(Math.abs(tail.quantile(1e-12) - 30 - 1e-12 * -Math.expm1(-10))).toBeLessThanOrEqual(2 * 3.6e-15); // two ulps of 30
  });

  it("a far lower tail is sampled accurately", () => {
    const d = dist("normal(0, 1) in [-inf, -9]");
    expect(Number.isFinite(d.median)).toBe(true);
    expect(d.median).toBeLessThan(-9);
    expect(d.median).toBeGreaterThan(-9.2);
    expect(d.cdf(d.median)).toBeCloseTo(0.5, 6);
  });
});

// ---------------------------------------------------------------------------
// Discrete
// ---------------------------------------------------------------------------

function expectFrequencies(d: Distribution, values: number[], probs: number[]) {
  const xs = sample(d);
  values.forEach((v, i) => {
    const count = xs.filter((x) => x === v).length;
    const p = probs[i];
    const se = Math.sqrt((p * (1 - p)) / N);
    expect(Math.abs(count / N - p)).toBeLessThanOrEqual(4 * se);
  });
  expect(xs.every((x) => values.includes(x))).toBe(true);
}

describe("discrete distributions", () => {
  it("discrete(v: w, ...) normalises weights and matches frequencies", () => {
    const d = dist("discrete(5: 6, 1: 1, 2: 3)");
    expect(d.kind).toBe("discrete");
    expect(d.discrete).toBe(true);
    expect(d.values).toEqual([1, 2, 5]);
    expect(d.weights).toEqual([0.1, 0.3, 0.6]);
    expect(d.text).toBe("discrete(1: 1, 2: 3, 5: 6)");
    expect(d.median).toBe(5);
    expect(d.cdf(0.5)).toBe(0);
    expect(d.cdf(2)).toBeCloseTo(0.4, 15);
    expect(d.cdf(100)).toBe(1);
    expect(d.support).toEqual([1, 5]);
    expectFrequencies(d, [1, 2, 5], [0.1, 0.3, 0.6]);
  });

  it("choice(...) is equally weighted", () => {
    const d = dist("choice(4, 1, 3, 2)");
    expect(d.text).toBe("choice(1, 2, 3, 4)");
    expect(d.args).toMatchObject({ n: 4, v0: 1, w0: 0.25 });
    expectFrequencies(d, [1, 2, 3, 4], [0.25, 0.25, 0.25, 0.25]);
  });

  it("bernoulli(p)", () => {
    const d = dist("bernoulli(0.3)");
    expect(d.kind).toBe("bernoulli");
    expect(d.discrete).toBe(true);
    expect(d.args).toEqual({ p: 0.3 });
    expectFrequencies(d, [0, 1], [0.7, 0.3]);
    expect(sample(dist("bernoulli(0)"), 1000).every((x) => x === 0)).toBe(true);
    expect(sample(dist("bernoulli(1)"), 1000).every((x) => x === 1)).toBe(true);
  });
});

// ---------------------------------------------------------------------------
// Text round trip and YAML objects
// ---------------------------------------------------------------------------

describe("canonical text parses back to the same distribution", () => {
  const texts = [
    ...FAMILIES.map((f) => f.text),
    "0.5 to 3 in [1, inf]",
    "normal(0, 1) in [-inf, 2]",
    "discrete(1: 2, 3: 1)",
    "choice(1, 2)",
    "bernoulli(0.25)",
  ];
  for (const t of texts) {
    it(t, () => {
      const a = dist(t);
      const b = dist(a.text);
      expect(b.text).toBe(a.text);
      for (const u of [0.1, 0.5, 0.9]) expect(b.quantile(u)).toBeCloseTo(a.quantile(u), 12);
    });
  }
});

describe("distributionFromSpec (YAML objects)", () => {
  const ok = yamlDist;

  it("accepts every object form", () => {
    expect(ok("{ dist: lognormal, p5: 0.5, p95: 3 }").text).toBe("lognormal, 90% CI 0.5 to 3");
    expect(ok("{ dist: lognormal, mu: 0, sigma: 1 }").text).toBe("lognormal(0, 1)");
    expect(ok("{ dist: normal, mean: 0, sd: 1 }").text).toBe("normal(0, 1)");
    expect(ok("{ dist: normal, p5: -1, p95: 1 }").text).toBe("normal, 90% CI -1 to 1");
    expect(ok("{ dist: beta, alpha: 2, beta: 5 }").text).toBe("beta(2, 5)");
    expect(ok("{ dist: uniform, min: 0, max: 2 }").text).toBe("uniform(0, 2)");
    expect(ok("{ dist: log-uniform, min: 2, max: 32 }").text).toBe("log-uniform(2, 32)");
    expect(ok("{ dist: gamma, shape: 2, scale: 1.5 }").text).toBe("gamma(2, 1.5)");
    expect(ok("{ dist: triangular, min: 0, mode: 1, max: 3 }").text).toBe("triangular(0, 1, 3)");
    expect(ok("{ dist: bernoulli, p: 0.2 }").text).toBe("bernoulli(0.2)");
    const d = ok("{ dist: discrete, values: [1, 2, 3], weights: [1, 1, 2] }");
    expect(d.weights).toEqual([0.25, 0.25, 0.5]);
    expect(ok("{ dist: discrete, values: [1, 2] }").text).toBe("choice(1, 2)");
    expect(ok("'0.5 to 3'").text).toBe("lognormal, 90% CI 0.5 to 3");
  });

  it("truncate: [lo, hi], with .inf, 'inf' or null for unbounded", () => {
    const d = ok("{ dist: normal, mean: 0, sd: 1, truncate: [0, .inf] }");
    expect(d.truncation).toEqual([0, Infinity]);
    expect(d.text).toBe("normal(0, 1) in [0, inf]");
    expect(ok("{ dist: gamma, shape: 2, scale: 1, truncate: [1, inf] }").support).toEqual([1, Infinity]);
    expect(ok("{ dist: normal, mean: 0, sd: 1, truncate: [~, 1] }").truncation).toEqual([-Infinity, 1]);
    expect(ok("{ dist: beta, alpha: 2, beta: 5, truncate: [0.1, 0.9] }").support).toEqual([0.1, 0.9]);
  });

  it("errors", () => {
    expect(errorOf(fromYaml("{ dist: beta, alpah: 2, beta: 5 }"))).toBe('beta: unknown key "alpah" (did you mean "alpha"?)');
    expect(errorOf(fromYaml("{ dist: beta, alpha: 2, beta: 5, colour: red }"))).toBe(
      'beta: unknown key "colour" (expected dist, alpha, beta, mean, stdev, truncate)',
    );
    expect(errorOf(fromYaml("{ dist: lognorml, p5: 1, p95: 2 }"))).toBe(
      'unknown distribution "lognorml" (did you mean "lognormal"?)',
    );
    expect(errorOf(fromYaml("{ dist: normal, mean: 0 }"))).toBe('normal: missing "sd" (or "stdev")');
    expect(errorOf(fromYaml("{ dist: normal, mean: 0, sd: 1, p95: 3 }"))).toBe(
      "normal: give one of mean and sd, mean and stdev, p5 and p95, p10 and p90 or p25 and p75, not a mix (got mean, sd, p95)",
    );
    expect(errorOf(fromYaml("{ dist: normal, mean: 0, sd: -1 }"))).toBe("normal: sd must be positive");
    expect(errorOf(fromYaml("{ dist: normal, mean: .nan, sd: 1 }"))).toBe("normal: mean must be a finite number, got NaN");
    expect(errorOf(fromYaml("{ dist: normal, mean: .inf, sd: 1 }"))).toBe("normal: mean must be a finite number, got inf");
    expect(errorOf(fromYaml("{ dist: beta, alpha: '2', beta: 5 }"))).toBe('beta: alpha must be a number, got "2"');
    expect(errorOf(fromYaml("{ dist: discrete, values: [1, 2], weights: [1] }"))).toBe("discrete: got 2 values but 1 weights");
    expect(errorOf(fromYaml("{ dist: discrete, values: [1, 2], weights: [1, -1] }"))).toBe(
      "discrete: weights must be positive finite numbers, got -1",
    );
    expect(errorOf(fromYaml("{ dist: uniform, min: 0, max: 1, truncate: [2] }"))).toBe(
      "uniform: truncate must be [lo, hi] (numbers, -inf or inf), got [2]",
    );
    expect(errorOf(fromYaml("{ alpha: 2, beta: 5 }"))).toMatch(/needs a "dist" key/);
    expect(errorOf(distributionFromSpec(42))).toBe(
      'expected a distribution string or an object with a "dist" key, got 42',
    );
  });
});

// ---------------------------------------------------------------------------
// Errors from text
// ---------------------------------------------------------------------------

describe("error messages", () => {
  const cases: Array<[string, string]> = [
    ["lognorml(0.5 to 3)", 'unknown distribution "lognorml" (did you mean "lognormal"?)'],
    ["lognorml", 'unknown distribution "lognorml" (did you mean "lognormal"?)'],
    ["gama(2, 1)", 'unknown distribution "gama" (did you mean "gamma"?)'],
    ["zzzz(1)", 'unknown distribution "zzzz" (expected one of normal, lognormal, uniform, log-uniform, beta, gamma, triangular, bernoulli, discrete, choice, exponential, pointMass, mx)'],
    ["beta(2)", "beta(2): expected 2 arguments (alpha, beta), got 1"],
    ["beta()", "beta(): expected 2 arguments (alpha, beta), got 0"],
    ["normal(1, 2, 3)", 'normal(1, 2, 3): expected 2 arguments (mean, sd) or a 90% interval "A to B", got 3'],
    ["bernoulli(0.1, 0.2)", "bernoulli(0.1, 0.2): expected 1 argument (p), got 2"],
    ["uniform(3, 1)", "uniform(3, 1): min must be below max"],
    ["log-uniform(0, 1)", "log-uniform(0, 1): min must be positive"],
    ["log-uniform(5, 2)", "log-uniform(5, 2): min must be below max"],
    ['0.5 to', '"0.5 to": expected a number after "to"'],
    ["to 3", '"to 3": expected a number before "to"'],
    ["x to 3", '"x to 3": expected a number before "to", got "x"'],
    ["3 to 1", '"3 to 1": the 5th percentile (3) must be below the 95th (1)'],
    ["2 to 2", '"2 to 2": the 5th percentile (2) must be below the 95th (2)'],
    ["normal(0, -1)", "normal(0, -1): sd must be positive"],
    ["normal(0, 0)", "normal(0, 0): sd must be positive"],
    ["lognormal(0, 0)", "lognormal(0, 0): sigma must be positive"],
    ["lognormal(-1 to 3)", "lognormal(-1 to 3): p5 must be positive for a lognormal (use a normal for intervals reaching 0 or below)"],
    ["normal(NaN, 1)", 'normal(NaN, 1): mean must be a finite number, got "NaN"'],
    ["normal(0, Infinity)", 'normal(0, Infinity): sd must be a finite number, got "Infinity"'],
    ["normal(1e999, 1)", "normal(1e999, 1): mean must be a finite number, got inf"],
    ["beta(2, x)", 'beta(2, x): expected a number for beta, got "x"'],
    ["beta(0, 1)", "beta(0, 1): alpha must be positive"],
    ["gamma(2, 0)", "gamma(2, 0): scale must be positive"],
    ["gamma(-1, 2)", "gamma(-1, 2): shape must be positive"],
    ["triangular(0, 3, 2)", "triangular(0, 3, 2): mode must lie between min and max"],
    ["triangular(2, 2, 2)", "triangular(2, 2, 2): min must be below max"],
    ["bernoulli(1.5)", "bernoulli(1.5): p must be between 0 and 1"],
    ["discrete(1, 2)", 'discrete(1, 2): expected "value: weight" pairs, got "1" (use choice(...) for equal weights)'],
    ["discrete(1: 0, 2: 1)", "discrete(1: 0, 2: 1): weights must be positive finite numbers, got 0"],
    ["discrete()", 'discrete(): expected "value: weight" pairs, e.g. "discrete(1: 0.2, 2: 0.8)"'],
    ["choice()", 'choice(): expected at least one value, e.g. "choice(1, 2, 3)"'],
    ["beta", 'beta: expected arguments in parentheses, e.g. "beta(2, 5)"'],
    ["beta(2, 5", '"beta(2, 5": missing closing ")"'],
    ["3", '"3": a single number is not a distribution (expected e.g. "0.5 to 3" or "beta(2, 5)")'],
    ["", "empty distribution"],
    ["uniform(0, 1) in [2, 3]", "uniform(0, 1): truncation interval [2, 3] holds no probability mass"],
    ["normal(0, 1) in [2, 1]", "normal(0, 1): truncation [2, 1]: lower bound must be below upper bound"],
    ["normal(0, 1) in [40, inf]", "normal(0, 1): truncation interval [40, inf] holds no probability mass"],
    ["bernoulli(0.5) in [0, 1]", 'bernoulli(0.5): truncation "in [0, 1]" applies only to continuous distributions'],
    ["beta(2, 5) in [0, 1", '"beta(2, 5) in [0, 1": expected "in [lo, hi]" with numbers, -inf or inf as bounds'],
  ];
  for (const [input, message] of cases) {
    it(JSON.stringify(input), () => {
      expect(errorOf(parseDistribution(input))).toBe(message);
    });
  }

  it("messages are a single line", () => {
    for (const [input] of cases) expect(errorOf(parseDistribution(input))).not.toMatch(/\n/);
  });
});

describe("didYouMean", () => {
  it("finds the nearest name within a small edit distance", () => {
    expect(editDistance("lognorml", "lognormal")).toBe(1);
    expect(editDistance("beat", "beta")).toBe(1); // adjacent swap counts once
    expect(didYouMean("lognorml", DISTRIBUTION_NAMES)).toBe("lognormal");
    expect(didYouMean("Normla", DISTRIBUTION_NAMES)).toBe("normal");
    expect(didYouMean("logunifrom", DISTRIBUTION_NAMES)).toBe("loguniform");
    expect(didYouMean("triangluar", DISTRIBUTION_NAMES)).toBe("triangular");
    expect(didYouMean("xyz", DISTRIBUTION_NAMES)).toBeUndefined();
    expect(didYouMean("", DISTRIBUTION_NAMES)).toBeUndefined();
  });
});
