/**
 * Squiggle's forms in the prior language: exponential(rate), pointMass(x),
 * the record forms ({p5, p95}, {p10, p90}, {p25, p75}, {mean, stdev}) and
 * mixtures mx(d1, d2, ..., [w1, w2, ...]). Kolmogorov–Smirnov tests sample
 * through the engine's path (fillUniforms → planParameters →
 * sampleParameters) and compare with closed-form CDFs written here.
 */
import { describe, expect, it } from "vitest";
import { dist, errorOf, fromYaml, KS_CRITICAL, ksStatistic, N, refLognormal, refNormal, yamlDist } from "./helpers/distribution-checks.js";
import { parseDistribution, type Distribution } from "../src/model/distributions.js";
import { planParameters, sampleParameters } from "../src/sampling/sampler.js";
import { fillUniforms } from "../src/sampling/stream.js";
import type { CompiledModel } from "../src/model/types.js";

/** N draws of the prior as the engine makes them: the run's uniforms through the parameter plan. */
function engineSample(d: Distribution, seed = 7): number[] {
  const model = { parameters: [{ name: "x", index: 0, prior: d }], chance: [], layout: { uniformOf: [0] }, correlations: [] } as unknown as CompiledModel;
  const plan = planParameters(model);
  const u = new Float64Array(N);
  fillUniforms(seed, 0, N, 1, u);
  const p = new Float64Array(1);
  const z = new Float64Array(1);
  const xs = new Array<number>(N);
  for (let i = 0; i < N; i++) {
    sampleParameters(plan, u, i, p, z);
    xs[i] = p[0];
  }
  return xs;
}

// Reference CDFs, independent of the module.const refExponential = (rate: number) => (x: number) => (x <= 0 ? 0 : 1 - Math.exp(-rate * x));
/** Gamma(shape 3, scale s): 1 - e^(-y)(1 + y + y²/2), y = x/s. */
// Reference CDFs, independent of the module (normal and lognormal: ./helpers/distribution-checks.ts).
const refExponential = (rate: number) => (x: number) => (x <= 0 ? 0 : 1 - Math.exp(-rate * x));
const refErlang3 = (s: number) => (x: number) => (x <= 0 ? 0 : 1 - Math.exp(-x / s) * (1 + x / s + (x / s) ** 2 / 2));
/** Beta(2, 2): 3x² - 2x³. */
const refBeta22 = (x: number) => (x <= 0 ? 0 : x >= 1 ? 1 : 3 * x * x - 2 * x ** 3);
/** The largest double below x (x finite and not 0). */
function nextDown(x: number): number {
  const b = new BigInt64Array(new Float64Array([x]).buffer);
  b[0] += x > 0 ? -1n : 1n;
  return new Float64Array(b.buffer)[0];
}
const step = (v: number) => (x: number) => (x >= v ? 1 : 0);
const stepMinus = (v: number) => (x: number) => (x > v ? 1 : 0);
const mix = (ws: number[], Fs: ((x: number) => number)[]) => {
  const t = ws.reduce((a, b) => a + b, 0);
  return (x: number) => Fs.reduce((s, F, k) => s + (ws[k] / t) * F(x), 0);
};

// z values: Φ^-1(0.95), Φ^-1(0.9), Φ^-1(0.75)
const Z95 = 1.6448536269514722;
const Z90 = 1.2815515655446004;
const Z75 = 0.6744897501960817;

const CONTINUOUS: Array<{ text: string; kind: Distribution["kind"]; ref: (x: number) => number; refMinus?: (x: number) => number }> = [
  { text: "exponential(2)", kind: "exponential", ref: refExponential(2) },
  { text: "exponential(0.05)", kind: "exponential", ref: refExponential(0.05) },
  { text: "normal({p5: -1, p95: 3})", kind: "normal", ref: refNormal(1, 2 / Z95) },
  { text: "normal({p10: 1, p90: 5})", kind: "normal", ref: refNormal(3, 2 / Z90) },
  { text: "normal({p25: 0, p75: 1})", kind: "normal", ref: refNormal(0.5, 0.5 / Z75) },
  { text: "normal({mean: 4, stdev: 0.5})", kind: "normal", ref: refNormal(4, 0.5) },
  { text: "lognormal({p5: 0.5, p95: 3})", kind: "lognormal", ref: refLognormal(Math.log(1.5) / 2, Math.log(6) / (2 * Z95)) },
  { text: "lognormal({p10: 1, p90: 100})", kind: "lognormal", ref: refLognormal(Math.log(10), Math.log(10) / Z90) },
  { text: "lognormal({p25: 2, p75: 8})", kind: "lognormal", ref: refLognormal(Math.log(4), Math.log(2) / Z75) },
  // mean m, sd s of X: sigma² = ln(1 + s²/m²), mu = ln m - sigma²/2
  { text: "lognormal({mean: 2, stdev: 1})", kind: "lognormal", ref: refLognormal(Math.log(2) - Math.log(1.25) / 2, Math.sqrt(Math.log(1.25))) },
  // beta with mean 0.5 and variance 0.05 = 1/(4(2a+1)): a = b = 2
  { text: "beta({mean: 0.5, stdev: 0.2236067977499790})", kind: "beta", ref: refBeta22 },
  // gamma with mean 6 and variance 12: shape 3, scale 2
  { text: "gamma({mean: 6, stdev: 3.4641016151377544})", kind: "gamma", ref: refErlang3(2) },
  { text: "mx(normal(0, 1), normal(5, 2))", kind: "mixture", ref: mix([1, 1], [refNormal(0, 1), refNormal(5, 2)]) },
  { text: "mx(0.5 to 3, exponential(0.1), [0.7, 0.3])", kind: "mixture", ref: mix([0.7, 0.3], [refLognormal(Math.log(1.5) / 2, Math.log(6) / (2 * Z95)), refExponential(0.1)]) },
  { text: "mx(1e-9 to 1e-6, 1 to 1000)", kind: "mixture", ref: mix([1, 1], [refLognormal(Math.log(1e-15) / 2, Math.log(1000) / (2 * Z95)), refLognormal(Math.log(1000) / 2, Math.log(1000) / (2 * Z95))]) },
  {
    text: "mx(normal(0, 1), 2, beta(2, 2), [2, 1, 1])",
    kind: "mixture",
    ref: mix([2, 1, 1], [refNormal(0, 1), step(2), refBeta22]),
    refMinus: mix([2, 1, 1], [refNormal(0, 1), stepMinus(2), refBeta22]),
  },
  {
    text: "mx(0, beta(2, 2), [0.3, 0.7])",
    kind: "mixture",
    ref: mix([0.3, 0.7], [step(0), refBeta22]),
    refMinus: mix([0.3, 0.7], [stepMinus(0), refBeta22]),
  },
];

describe("Kolmogorov–Smirnov goodness of fit of the new forms (20,000 draws through the sampler, 1% level)", () => {
  for (const { text, kind, ref, refMinus } of CONTINUOUS) {
    it(text, () => {
      const d = dist(text);
      expect(d.kind).toBe(kind);
      expect(ksStatistic(engineSample(d), ref, refMinus)).toBeLessThan(KS_CRITICAL);
    });
  }

  it("the test has power: a mixture with its weights swapped is rejected", () => {
    const d = dist("mx(normal(0, 1), normal(5, 2), [0.45, 0.55])");
    expect(ksStatistic(engineSample(d), mix([0.55, 0.45], [refNormal(0, 1), refNormal(5, 2)]))).toBeGreaterThan(KS_CRITICAL);
  });

  it("a truncated mixture with a point mass at the lower bound keeps it", () => {
    const d = dist("mx(0, beta(2, 2), [0.3, 0.7]) in [0, 0.5]");
    // mass kept: 0.3 + 0.7 · F(0.5) = 0.3 + 0.35
    const F = (x: number) => (x < 0 ? 0 : x >= 0.5 ? 1 : (0.3 + 0.7 * refBeta22(x)) / 0.65);
    const Fm = (x: number) => (x <= 0 ? 0 : F(x));
    expect(d.support).toEqual([0, 0.5]);
    expect(ksStatistic(engineSample(d), F, Fm)).toBeLessThan(KS_CRITICAL);
    // the median m: (0.3 + 0.7 F(m)) / 0.65 = 1/2
    expect(0.3 + 0.7 * refBeta22(d.median)).toBeCloseTo(0.325, 6);
  });
});

describe("the new forms' quantile, cdf, median and support", () => {
  const us = [2 ** -54, 1e-9, 0.001, 0.05, 0.25, 0.5, 0.75, 0.95, 0.999, 1 - 2 ** -53];
  for (const { text } of CONTINUOUS.filter((c) => c.refMinus === undefined)) {
    it(text, () => {
      const d = dist(text);
      let prev = -Infinity;
      for (const u of us) {
        const x = d.quantile(u);
        expect(Number.isFinite(x)).toBe(true);
        expect(x).toBeGreaterThanOrEqual(prev);
        prev = x;
        if (u > 1e-12 && u < 1 - 1e-12) expect(d.cdf(x)).toBeCloseTo(u, 9);
      }
      expect(d.cdf(d.median)).toBeCloseTo(0.5, 9);
    });
  }

  it("exponential: closed forms", () => {
    const d = dist("exponential(2)");
    expect(d.median).toBeCloseTo(Math.LN2 / 2, 15);
    expect(d.quantile(1e-20)).toBeCloseTo(5e-21, 30);
    expect(d.support).toEqual([0, Infinity]);
    expect(d.args).toEqual({ rate: 2 });
  });

  it("pointMass: a constant as a distribution", () => {
    const d = dist("pointMass(3)");
    expect(d.kind).toBe("pointmass");
    expect(d.discrete).toBe(true);
    expect(d.values).toEqual([3]);
    expect(d.support).toEqual([3, 3]);
    expect(engineSample(d).every((x) => x === 3)).toBe(true);
    expect(dist("PointMass(-1.5)").text).toBe("pointMass(-1.5)");
    expect(dist("point-mass(0)").median).toBe(0);
  });

  it("a mixture's median, support and weights", () => {
    const d = dist("mx(normal(0, 1), normal(10, 1))");
    expect(d.median).toBeCloseTo(5, 6);
    expect(d.componentWeights).toEqual([0.5, 0.5]);
    expect(d.components!.map((c) => c.text)).toEqual(["normal(0, 1)", "normal(10, 1)"]);
    const m = dist("mx(uniform(0, 1), uniform(5, 6), [3, 1])");
    expect(m.support).toEqual([0, 6]);
    expect(m.median).toBeCloseTo(2 / 3, 12);
    expect(m.quantile(0.8)).toBeCloseTo(5.2, 12);
    expect(m.args).toEqual({ n: 2, w0: 0.75, w1: 0.25 });
  });

  it("a point mass among three or more components (or nested) is drawn as itself across its whole band of u", () => {
    // F(x) = Σ w_k F_k(x); an atom a takes every u in (F(a^-), F(a)], and F^-1(u) must be a itself there
    const Phi1 = 0.8413447460685429; // Φ(1)
    const cases: Array<[string, number, number, number]> = [
      // text, atom, F(atom^-), its weight
      ["mx(1, normal(0, 1), uniform(5, 6))", 1, Phi1 / 3, 1 / 3],
      ["mx(uniform(0, 10), 3, 7)", 3, 0.1, 1 / 3],
      ["mx(uniform(0, 10), 3, 7)", 7, 0.7 / 3 + 1 / 3, 1 / 3],
      ["mx(mx(normal(0, 1), 2), uniform(5, 6))", 2, 0.25 * 0.9772498680518208, 0.25],
    ];
    for (const [text, atom, below, w] of cases) {
      const d = dist(text);
      for (let k = 1; k <= 99; k++) expect(d.quantile(below + (k / 100) * w)).toBe(atom);
      expect(d.quantile(below - 1e-3)).toBeLessThan(atom);
      expect(d.quantile(below + w + 1e-3)).toBeGreaterThan(atom);
      const xs = engineSample(d);
      expect(Math.abs(xs.filter((x) => x === atom).length / N - w)).toBeLessThan(4 * Math.sqrt((w * (1 - w)) / N));
    }
  });

  it("a mixture's quantile is the smallest double x with F(x) >= u", () => {
    const d = dist("mx(normal(0, 1), uniform(5, 6), 0.5 to 3)");
    for (const u of [1e-9, 0.01, 0.2, 0.37, 0.5, 0.71, 0.93, 0.999999]) {
      const x = d.quantile(u);
      const below = nextDown(x);
      expect(d.cdf(x)).toBeGreaterThanOrEqual(u);
      expect(d.cdf(below)).toBeLessThan(u);
    }
  });

  it("a mixture of point masses and discrete components is discrete", () => {
    const d = dist("mx(1, choice(2, 3), [0.5, 0.5])");
    expect(d.kind).toBe("mixture");
    expect(d.discrete).toBe(true);
    expect(d.values).toEqual([1, 2, 3]);
    expect(d.weights).toEqual([0.5, 0.25, 0.25]);
    expect(d.median).toBe(1);
    const xs = engineSample(d);
    expect(Math.abs(xs.filter((x) => x === 1).length / N - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / N));
    expect(errorOf(parseDistribution("mx(1, 2) in [0, 1]"))).toMatch(/applies only to continuous distributions/);
  });

  it("zero weights are allowed; those components are never drawn", () => {
    const d = dist("mx(normal(0, 1), 100, [1, 0])");
    expect(d.support).toEqual([-Infinity, Infinity]);
    expect(engineSample(d).some((x) => x === 100)).toBe(false);
    expect(d.text).toBe("mx(normal(0, 1), 100, [1, 0])");
  });
});

describe("text round trip of the new forms", () => {
  const cases: Array<[string, string]> = [
    ["exponential(2)", "exponential(2)"],
    ["pointMass(3)", "pointMass(3)"],
    ["normal({p5: 1, p95: 3})", "normal, 90% CI 1 to 3"],
    ["normal({p10: 1, p90: 3})", "normal({p10: 1, p90: 3})"],
    ["normal({ mean: 2, stdev: 1 })", "normal(2, 1)"],
    ["lognormal({p5: 0.5, p95: 3})", "lognormal, 90% CI 0.5 to 3"],
    ["lognormal({p25: 1, p75: 3})", "lognormal({p25: 1, p75: 3})"],
    ["lognormal({mean: 2, stdev: 1})", "lognormal({mean: 2, stdev: 1})"],
    ["beta({mean: 0.3, stdev: 0.1})", "beta({mean: 0.3, stdev: 0.1})"],
    ["gamma({shape: 2, scale: 3})", "gamma(2, 3)"],
    ["uniform({min: 0, max: 2})", "uniform(0, 2)"],
    ["mx(normal(0,1), 5, [0.8, 0.2])", "mx(normal(0, 1), 5, [0.8, 0.2])"],
    ["mx(0.5 to 3, -1 to 1)", "mx(lognormal(0.5 to 3), normal(-1 to 1))"],
    ["mixture([normal(0, 1), 3], [1, 3]) in [0, inf]", "mx(normal(0, 1), 3, [1, 3]) in [0, inf]"],
    ["mx(normal(0,1) in [0, inf], lognormal({p10: 1, p90: 5}), mx(1, 2), [1, 2, 1])", "mx(normal(0, 1) in [0, inf], lognormal({p10: 1, p90: 5}), mx(1, 2), [1, 2, 1])"],
    ["mx(1 to 10 in [2, inf], 0)", "mx(lognormal(1 to 10) in [2, inf], 0)"],
    ["mx(1, 1, 2)", "mx(1, 1, 2)"],
  ];
  for (const [input, text] of cases) {
    it(input, () => {
      const a = dist(input);
      expect(a.text).toBe(text);
      const b = dist(a.text);
      expect(b.text).toBe(a.text);
      for (const u of [1e-6, 0.1, 0.5, 0.9, 0.999]) expect(b.quantile(u)).toBe(a.quantile(u));
      expect(b.support).toEqual(a.support);
    });
  }

  it("YAML object forms", () => {
    const ok = yamlDist;
    expect(ok("{ dist: exponential, rate: 2 }").text).toBe("exponential(2)");
    expect(ok("{ dist: pointMass, value: 2 }").text).toBe("pointMass(2)");
    expect(ok("{ dist: normal, p10: 1, p90: 2 }").text).toBe("normal({p10: 1, p90: 2})");
    expect(ok("{ dist: normal, mean: 1, stdev: 2 }").text).toBe("normal(1, 2)");
    expect(ok("{ dist: lognormal, mean: 1, stdev: 2, truncate: [0, 5] }").text).toBe("lognormal({mean: 1, stdev: 2}) in [0, 5]");
    expect(ok("{ dist: beta, mean: 0.3, stdev: 0.1 }").text).toBe("beta({mean: 0.3, stdev: 0.1})");
    const m = ok("{ dist: mx, components: ['normal(0, 1)', 3, { dist: beta, alpha: 2, beta: 5 }], weights: [1, 1, 2] }");
    expect(m.text).toBe("mx(normal(0, 1), 3, beta(2, 5), [1, 1, 2])");
    expect(dist(m.text).quantile(0.3)).toBe(m.quantile(0.3));
    expect(ok("{ dist: mixture, components: [1, 2] }").values).toEqual([1, 2]);
  });
});

describe("errors of the new forms", () => {
  const cases: Array<[string, string]> = [
    ["exponential(0)", "exponential(0): rate must be positive"],
    ["exponential(-1)", "exponential(-1): rate must be positive"],
    ["exponential(1, 2)", "exponential(1, 2): expected 1 argument (rate), got 2"],
    ["exponential(1e-320)", "exponential(1e-320): gives +Infinity at its median: its numbers overflow double precision; use smaller arguments or truncate it"],
    ["pointMass(inf)", 'pointMass(inf): value must be a finite number, got "inf"'],
    ["pointMass()", "pointMass(): expected 1 argument (value), got 0"],
    ["normal({p5: 3, p95: 1})", "normal({p5: 3, p95: 1}): p5 must be below p95"],
    ["normal({p10: 3, p90: 3})", "normal({p10: 3, p90: 3}): p10 must be below p90"],
    ["normal({p50: 3, p95: 4})", 'normal({p50: 3, p95: 4}): unknown key "p50" (did you mean "p5"?)'],
    ["normal({p5: 3})", 'normal({p5: 3}): missing "p95"'],
    ["normal({mean: 3})", 'normal({mean: 3}): missing "sd" (or "stdev")'],
    ["normal({})", "normal({}): expected mean and sd, mean and stdev, p5 and p95, p10 and p90 or p25 and p75"],
    ["normal({p5: 1, p95: 3, mean: 2})", "normal({p5: 1, p95: 3, mean: 2}): give one of mean and sd, mean and stdev, p5 and p95, p10 and p90 or p25 and p75, not a mix (got p5, p95, mean)"],
    ["normal({p5: 1, p5: 2})", "normal({p5: 1, p5: 2}): p5 given twice"],
    ["normal({p5 1, p95: 2})", 'normal({p5 1, p95: 2}): expected "key: value" in the record, got "p5 1"'],
    ["normal({p5: x, p95: 2})", 'normal({p5: x, p95: 2}): expected a number for p5, got "x"'],
    ["normal({mean: 1, stdev: 0})", "normal({mean: 1, stdev: 0}): stdev must be positive"],
    ["lognormal({p10: 0, p90: 3})", "lognormal({p10: 0, p90: 3}): p10 must be positive for a lognormal (use a normal for intervals reaching 0 or below)"],
    ["lognormal({mean: -1, stdev: 1})", "lognormal({mean: -1, stdev: 1}): mean must be positive for a lognormal"],
    ["beta({mean: 0.5, stdev: 0.6})", "beta({mean: 0.5, stdev: 0.6}): stdev must be below sqrt(mean·(1 - mean)) = 0.5 for a beta of mean 0.5"],
    ["beta({mean: 1.5, stdev: 0.1})", "beta({mean: 1.5, stdev: 0.1}): mean must be between 0 and 1 (exclusive) for a beta"],
    ["gamma({mean: 0, stdev: 1})", "gamma({mean: 0, stdev: 1}): mean must be positive for a gamma"],
    ["choice({values: 1})", 'choice({values: 1}): expected a number for value, got "{values: 1}"'],
    ["mx()", 'mx(): expected components, e.g. "mx(normal(0, 1), 5, [0.8, 0.2])"'],
    ["mx(normal(0,1), 2, [1])", "mx(normal(0,1), 2, [1]): got 2 components but 1 weight"],
    ["mx(normal(0,1), 2, [1, -1])", "mx(normal(0,1), 2, [1, -1]): weights must be non-negative finite numbers, got -1"],
    ["mx(normal(0,1), 2, [0, 0])", "mx(normal(0,1), 2, [0, 0]): weights must add up to a positive finite number"],
    ["mx(normal(0,1), 2, [1, x])", 'mx(normal(0,1), 2, [1, x]): expected a number for weight, got "x"'],
    ["mx(normal(0,1), normal(0, -1))", "mx(normal(0,1), normal(0, -1)): normal(0, -1): sd must be positive"],
    ["mx(normal(0,1), foo(1))", 'mx(normal(0,1), foo(1)): unknown distribution "foo" (expected one of normal, lognormal, uniform, log-uniform, beta, gamma, triangular, bernoulli, discrete, choice, exponential, pointMass, mx)'],
    ["mx(normal(0,1), 1e999)", 'mx(normal(0,1), 1e999): "1e999": value must be a finite number, got inf'],
    ["mx(normal(0,1), 3", '"mx(normal(0,1), 3": missing closing ")"'],
    ["mx(normal(0,1], 3)", '"mx(normal(0,1], 3)": expected ")" but found "]"'],
    ["normal(0, 1) x", '"normal(0, 1) x": unexpected text after the closing ")"'],
    ["mx(normal(0, 1), 2) in [5, 1]", "mx(normal(0, 1), 2): truncation [5, 1]: lower bound must be below upper bound"],
  ];
  for (const [input, message] of cases) {
    it(JSON.stringify(input), () => {
      const e = errorOf(parseDistribution(input));
      expect(e).toBe(message);
      expect(e).not.toMatch(/\n/);
    });
  }

  it("YAML object errors", () => {
    const err = (src: string) => errorOf(fromYaml(src));
    expect(err("{ dist: mx, components: [] }")).toBe("mx: components must be a non-empty list of distributions or numbers, got []");
    expect(err("{ dist: mx, components: ['normal(0, -1)'] }")).toBe("mx: components[0]: normal(0, -1): sd must be positive");
    expect(err("{ dist: mx, components: [1, 2], weights: [1, -2] }")).toBe("mx: weights must be non-negative finite numbers, got -2");
    expect(err("{ dist: exponential, rat: 2 }")).toBe('exponential: unknown key "rat" (did you mean "rate"?)');
    expect(err("{ dist: normal, p10: 1, p95: 2 }")).toMatch(/^normal: give one of .*not a mix \(got p10, p95\)$/);
  });
});
