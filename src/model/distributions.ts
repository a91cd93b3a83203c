/**
 * Prior distributions: parsing from user text (or YAML objects) and sampling by
 * inverse transform.
 *
 * Every prior is sampled from ONE uniform u in (0, 1) as x = F^-1(u), so each
 * distribution is essentially its quantile function F^-1 plus its CDF F.
 * Quantiles and CDFs of the named families come from @stdlib, except the
 * normal quantile (also behind the lognormal), which is Wichura's AS241 here:
 * @stdlib computes it as mean + sd·sqrt(2)·erfinv(2u - 1), which loses all
 * relative precision in the lower tail (it returns -Infinity for u < ~5.6e-17
 * and is off by ~1e-3 relative at u = 1e-14), breaking truncation to a lower
 * tail.  Uniform, log-uniform and the discrete choices are closed-form here.
 *
 * String grammar (names case-insensitive, whitespace-tolerant):
 *
 *   A to B                      lognormal with 5th/95th percentiles A and B (0 < A < B),
 *                               or a normal with that 90% interval when A <= 0
 *   normal(mean, sd)            normal(A to B)
 *   lognormal(mu, sigma)        lognormal(A to B)      (mu, sigma: of the natural log)
 *   uniform(a, b)               log-uniform(a, b)      (aliases loguniform, log_uniform)
 *   beta(alpha, beta)           gamma(shape, scale)    triangular(min, mode, max)
 *   bernoulli(p)                discrete(v1: w1, v2: w2, ...)   choice(v1, v2, ...)
 *   <continuous form> in [lo, hi]     truncation; lo may be -inf, hi may be inf
 *
 * The canonical texts "normal, 90% CI A to B" and "lognormal, 90% CI A to B"
 * produced in Distribution.text are accepted too, so text round-trips.
 */
import { betaCdf, betaQuantile, gammaCdf, gammaQuantile, lognormalCdf, normalCdf, triangularCdf, triangularQuantile } from "../core/stdlib.js";
import { didYouMean } from "../core/suggest.js";

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

export interface Distribution {
  kind: "lognormal" | "normal" | "uniform" | "loguniform" | "beta" | "gamma" | "triangular" | "bernoulli" | "discrete";
  /** canonical human text, e.g. "lognormal, 90% CI 0.5 to 3", "beta(2, 5)", "log-uniform(2, 32)", with " in [lo, hi]" when truncated */
  text: string;
  /**
   * The numeric arguments by name:
   *   normal {mean, sd, p5, p95}; lognormal {mu, sigma, p5, p95}; uniform and
   *   loguniform {min, max}; beta {alpha, beta}; gamma {shape, scale};
   *   triangular {min, mode, max}; bernoulli {p};
   *   discrete {n, v0, w0, v1, w1, ...} (sorted values, normalised weights).
   */
  args: Record<string, number>;
  /** discrete choice (and bernoulli: [0, 1]): distinct values in ascending order */
  values?: number[];
  /** weights normalised to sum to 1, aligned with `values` */
  weights?: number[];
  /** truncation bounds applied (or undefined) */
  truncation?: [number, number];
  /** inverse CDF, respecting truncation: quantile(u) for u in (0,1). Must be fast (called ~10^6 times): precompute constants in closure. */
  quantile(u: number): number;
  cdf(x: number): number;
  /** [lo, hi] of the support after truncation (may be ±Infinity) */
  support: [number, number];
  discrete: boolean; // bernoulli, discrete
  median: number;
}

export type DistResult = { ok: true; dist: Distribution } | { ok: false; error: string };

type Kind = Distribution["kind"];

/** Names as the user writes them (canonical spellings). */
type Name =
  | "normal"
  | "lognormal"
  | "uniform"
  | "log-uniform"
  | "beta"
  | "gamma"
  | "triangular"
  | "bernoulli"
  | "discrete"
  | "choice";

const CANONICAL_NAMES: Name[] = [
  "normal",
  "lognormal",
  "uniform",
  "log-uniform",
  "beta",
  "gamma",
  "triangular",
  "bernoulli",
  "discrete",
  "choice",
];

const ALIASES: Record<string, Name> = { loguniform: "log-uniform", log_uniform: "log-uniform" };

/** Every accepted distribution name, canonical spellings first, then aliases (for did-you-mean). */
export const DISTRIBUTION_NAMES: string[] = [...CANONICAL_NAMES, ...Object.keys(ALIASES)];

/** An example of each form, used in error hints. */
const EXAMPLES: Record<Name, string> = {
  normal: "normal(0, 1)",
  lognormal: "lognormal(0.5 to 3)",
  uniform: "uniform(0, 1)",
  "log-uniform": "log-uniform(2, 32)",
  beta: "beta(2, 5)",
  gamma: "gamma(2, 1.5)",
  triangular: "triangular(0, 1, 3)",
  bernoulli: "bernoulli(0.3)",
  discrete: "discrete(1: 0.2, 2: 0.8)",
  choice: "choice(1, 2, 3)",
};

/** Positional parameter names of the fixed-arity function forms. */
const POSITIONAL: Partial<Record<Name, string[]>> = {
  normal: ["mean", "sd"],
  lognormal: ["mu", "sigma"],
  uniform: ["min", "max"],
  "log-uniform": ["min", "max"],
  beta: ["alpha", "beta"],
  gamma: ["shape", "scale"],
  triangular: ["min", "mode", "max"],
  bernoulli: ["p"],
};

// ---------------------------------------------------------------------------
// Standard normal quantile: Wichura (1988), Algorithm AS 241 (PPND16),
// Applied Statistics 37(3), 477-484.  Relative accuracy about 1e-16 over (0, 1),
// including both tails (the tails work from r = sqrt(-ln min(p, 1-p))).
// ---------------------------------------------------------------------------

/** Central region |p - 0.5| <= 0.425: z = q·A(r)/B(r), r = 0.180625 - q², q = p - 0.5. */
const AS241_A = [
  3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
  45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
];
const AS241_B = [
  1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867,
  39307.89580009271061, 28729.085735721942674, 5226.495278852854561,
];
/** Intermediate tail, r = sqrt(-ln min(p, 1-p)) <= 5: z = ±C(r-1.6)/D(r-1.6). */
const AS241_C = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
  1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4,
];
const AS241_D = [
  1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459,
  0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9,
];
/** Far tail, r > 5: z = ±E(r-5)/F(r-5). */
const AS241_E = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.2965605718285048912,
  0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
];
const AS241_F = [
  1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4,
  1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
];

/** Horner evaluation of c[0] + c[1] x + ... + c[7] x^7. */
function poly(c: number[], x: number): number {
  let v = c[7];
  for (let i = 6; i >= 0; i--) v = v * x + c[i];
  return v;
}

/** Φ^-1(p) for the standard normal; -Infinity at 0, Infinity at 1, NaN outside [0, 1]. */
export function standardNormalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly(AS241_A, r)) / poly(AS241_B, r);
  }
  const tail = q < 0 ? p : 1 - p;
  if (tail === 0) return q < 0 ? -Infinity : Infinity;
  let r = Math.sqrt(-Math.log(tail));
  let z: number;
  if (r <= 5) {
    r -= 1.6;
    z = poly(AS241_C, r) / poly(AS241_D, r);
  } else {
    r -= 5;
    z = poly(AS241_E, r) / poly(AS241_F, r);
  }
  return q < 0 ? -z : z;
}

/** z_0.95 = Φ^-1(0.95) ≈ 1.6449: a 90% central interval is mean ± z_0.95·sd. */
const Z95: number = standardNormalQuantile(0.95);

/** Largest double below 1 (1 - 2^-53) and smallest positive double: keep p inside (0, 1). */
const P_MAX = 1 - 2 ** -53;
const P_MIN = Number.MIN_VALUE;

// ---------------------------------------------------------------------------
// Intermediate description shared by the string and object forms
// ---------------------------------------------------------------------------

/** What the user asked for, before validation. */
interface Spec {
  name: Name;
  /** named parameters, e.g. {p5, p95} or {mean, sd} or {alpha, beta} */
  params: Record<string, number>;
  /** discrete/choice only */
  values?: number[];
  weights?: number[];
  truncation?: [number, number];
}

/** A validated distribution before truncation and median are applied. */
interface Core {
  kind: Kind;
  text: string;
  args: Record<string, number>;
  quantile: (u: number) => number;
  cdf: (x: number) => number;
  support: [number, number];
  discrete: boolean;
  values?: number[];
  weights?: number[];
}

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** Number formatting for canonical text: String(x), with ±Infinity written as ±inf. */
function fmt(x: number): string {
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  return String(x);
}

function resolveName(word: string): Name | undefined {
  const w = word.trim().toLowerCase();
  if ((CANONICAL_NAMES as string[]).includes(w)) return w as Name;
  return Object.hasOwn(ALIASES, w) ? ALIASES[w] : undefined;
}

function unknownDistribution(word: string): string {
  const guess = didYouMean(word, DISTRIBUTION_NAMES);
  return guess !== undefined
    ? `unknown distribution "${word}" (did you mean "${guess}"?)`
    : `unknown distribution "${word}" (expected one of ${CANONICAL_NAMES.join(", ")})`;
}

// ---------------------------------------------------------------------------
// Families: quantile and CDF closures
// ---------------------------------------------------------------------------

/**
 * Validate a Spec and build its quantile/CDF (no truncation yet).
 * Returns an error message (without a "where" prefix) on failure.
 */
function buildCore(spec: Spec): Core | string {
  const p = spec.params;
  for (const [key, value] of Object.entries(p)) {
    if (!Number.isFinite(value)) return `${key} must be a finite number, got ${fmt(value)}`;
  }
  switch (spec.name) {
    case "normal": {
      // From a 90% interval: mean = (p5 + p95)/2, sd = (p95 - p5) / (2 z_0.95).
      let mean: number, sd: number, p5: number, p95: number, text: string;
      if (p.p5 !== undefined) {
        p5 = p.p5;
        p95 = p.p95;
        if (!(p5 < p95)) return "p5 must be below p95";
        mean = (p5 + p95) / 2;
        sd = (p95 - p5) / (2 * Z95);
        text = `normal, 90% CI ${fmt(p5)} to ${fmt(p95)}`;
      } else {
        mean = p.mean;
        sd = p.sd;
        if (!(sd > 0)) return "sd must be positive";
        p5 = mean - Z95 * sd;
        p95 = mean + Z95 * sd;
        text = `normal(${fmt(mean)}, ${fmt(sd)})`;
      }
      // F(x) = Φ((x - mean)/sd),  F^-1(u) = mean + sd·Φ^-1(u)
      return {
        kind: "normal",
        text,
        args: { mean, sd, p5, p95 },
        quantile: (u) => mean + sd * standardNormalQuantile(u),
        cdf: normalCdf.factory(mean, sd),
        support: [-Infinity, Infinity],
        discrete: false,
      };
    }
    case "lognormal": {
      // ln X ~ N(mu, sigma).  From a 90% interval:
      //   mu = (ln p5 + ln p95)/2,  sigma = (ln p95 - ln p5) / (2 z_0.95);  median = e^mu = sqrt(p5·p95).
      let mu: number, sigma: number, p5: number, p95: number, text: string;
      if (p.p5 !== undefined) {
        p5 = p.p5;
        p95 = p.p95;
        if (!(p5 > 0)) return "p5 must be positive for a lognormal (use a normal for intervals reaching 0 or below)";
        if (!(p5 < p95)) return "p5 must be below p95";
        mu = (Math.log(p5) + Math.log(p95)) / 2;
        sigma = (Math.log(p95) - Math.log(p5)) / (2 * Z95);
        text = `lognormal, 90% CI ${fmt(p5)} to ${fmt(p95)}`;
      } else {
        mu = p.mu;
        sigma = p.sigma;
        if (!(sigma > 0)) return "sigma must be positive";
        p5 = Math.exp(mu - Z95 * sigma);
        p95 = Math.exp(mu + Z95 * sigma);
        text = `lognormal(${fmt(mu)}, ${fmt(sigma)})`;
      }
      // F(x) = Φ((ln x - mu)/sigma),  F^-1(u) = exp(mu + sigma·Φ^-1(u))
      return {
        kind: "lognormal",
        text,
        args: { mu, sigma, p5, p95 },
        quantile: (u) => Math.exp(mu + sigma * standardNormalQuantile(u)),
        cdf: lognormalCdf.factory(mu, sigma),
        support: [0, Infinity],
        discrete: false,
      };
    }
    case "uniform": {
      const { min, max } = p;
      if (!(min < max)) return "min must be below max";
      const width = max - min;
      // F^-1(u) = min + u (max - min),  F(x) = (x - min)/(max - min) on [min, max]
      return {
        kind: "uniform",
        text: `uniform(${fmt(min)}, ${fmt(max)})`,
        args: { min, max },
        quantile: (u) => min + u * width,
        cdf: (x) => (x <= min ? 0 : x >= max ? 1 : (x - min) / width),
        support: [min, max],
        discrete: false,
      };
    }
    case "log-uniform": {
      const { min, max } = p;
      if (!(min > 0)) return "min must be positive";
      if (!(min < max)) return "min must be below max";
      const logMin = Math.log(min);
      const logRatio = Math.log(max / min);
      // ln X ~ uniform(ln min, ln max):
      //   F^-1(u) = min·(max/min)^u = exp(ln min + u ln(max/min)),  F(x) = ln(x/min) / ln(max/min)
      return {
        kind: "loguniform",
        text: `log-uniform(${fmt(min)}, ${fmt(max)})`,
        args: { min, max },
        quantile: (u) => {
          const x = Math.exp(logMin + u * logRatio);
          return x < min ? min : x > max ? max : x;
        },
        cdf: (x) => (x <= min ? 0 : x >= max ? 1 : Math.log(x / min) / logRatio),
        support: [min, max],
        discrete: false,
      };
    }
    case "beta": {
      const { alpha, beta } = p;
      if (!(alpha > 0)) return "alpha must be positive";
      if (!(beta > 0)) return "beta must be positive";
      // density ∝ x^(alpha-1) (1-x)^(beta-1) on [0, 1]; F = regularised incomplete beta I_x(alpha, beta)
      return {
        kind: "beta",
        text: `beta(${fmt(alpha)}, ${fmt(beta)})`,
        args: { alpha, beta },
        quantile: betaQuantile.factory(alpha, beta),
        cdf: betaCdf.factory(alpha, beta),
        support: [0, 1],
        discrete: false,
      };
    }
    case "gamma": {
      const { shape, scale } = p;
      if (!(shape > 0)) return "shape must be positive";
      if (!(scale > 0)) return "scale must be positive";
      // density ∝ x^(shape-1) e^(-x/scale); mean = shape·scale.  @stdlib takes the rate 1/scale.
      return {
        kind: "gamma",
        text: `gamma(${fmt(shape)}, ${fmt(scale)})`,
        args: { shape, scale },
        quantile: gammaQuantile.factory(shape, 1 / scale),
        cdf: gammaCdf.factory(shape, 1 / scale),
        support: [0, Infinity],
        discrete: false,
      };
    }
    case "triangular": {
      const { min, mode, max } = p;
      if (!(min < max)) return "min must be below max";
      if (!(min <= mode && mode <= max)) return "mode must lie between min and max";
      // F(x) = (x-min)^2 / ((max-min)(mode-min)) for x <= mode, 1 - (max-x)^2 / ((max-min)(max-mode)) above.
      // @stdlib's argument order is (lower, upper, mode).
      return {
        kind: "triangular",
        text: `triangular(${fmt(min)}, ${fmt(mode)}, ${fmt(max)})`,
        args: { min, mode, max },
        quantile: triangularQuantile.factory(min, max, mode),
        cdf: triangularCdf.factory(min, max, mode),
        support: [min, max],
        discrete: false,
      };
    }
    case "bernoulli": {
      const prob = p.p;
      if (!(prob >= 0 && prob <= 1)) return "p must be between 0 and 1";
      const core = discreteCore([0, 1], [1 - prob, prob]);
      return { ...core, kind: "bernoulli", text: `bernoulli(${fmt(prob)})`, args: { p: prob } };
    }
    case "discrete":
    case "choice": {
      const values = spec.values ?? [];
      const weights = spec.weights ?? values.map(() => 1);
      if (values.length === 0) return "expected at least one value";
      if (weights.length !== values.length) {
        return `got ${values.length} values but ${weights.length} weights`;
      }
      for (const v of values) if (!Number.isFinite(v)) return `values must be finite numbers, got ${fmt(v)}`;
      for (const w of weights) if (!(w > 0 && Number.isFinite(w))) return `weights must be positive finite numbers, got ${fmt(w)}`;
      return discreteCore(values, weights);
    }
  }
}

/**
 * A finite discrete distribution.  Values are sorted and duplicates merged;
 * weights w_i are normalised to p_i = w_i / Σw, with cumulative sums C_i = p_1 + ... + p_i
 * (C_n forced to exactly 1).  Inverse transform: quantile(u) = v_i for the smallest i
 * with u <= C_i, so P(v_i) = C_i - C_{i-1}.  cdf(x) = C_i for the largest v_i <= x.
 */
function discreteCore(rawValues: number[], rawWeights: number[]): Core {
  // Sort (value, weight) pairs by value and merge equal values.
  const order = rawValues.map((_, i) => i).sort((i, j) => rawValues[i] - rawValues[j]);
  const values: number[] = [];
  const merged: number[] = [];
  for (const i of order) {
    if (values.length > 0 && values[values.length - 1] === rawValues[i]) merged[merged.length - 1] += rawWeights[i];
    else {
      values.push(rawValues[i]);
      merged.push(rawWeights[i]);
    }
  }
  const total = merged.reduce((a, b) => a + b, 0);
  const weights = merged.map((w) => w / total);
  const n = values.length;
  const cumulative = new Float64Array(n);
  let running = 0;
  for (let i = 0; i < n; i++) {
    running += weights[i];
    cumulative[i] = running;
  }
  cumulative[n - 1] = 1;
  const vals = Float64Array.from(values);

  const quantile = (u: number): number => {
    // smallest i with u <= C_i (binary search)
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (u <= cumulative[mid]) hi = mid;
      else lo = mid + 1;
    }
    return vals[lo];
  };
  const cdf = (x: number): number => {
    // largest i with v_i <= x; F(x) = C_i, or 0 below the smallest value
    if (!(x >= vals[0])) return 0;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (vals[mid] <= x) lo = mid;
      else hi = mid - 1;
    }
    return cumulative[lo];
  };

  const equal = merged.every((w) => w === merged[0]);
  const text = equal
    ? `choice(${values.map(fmt).join(", ")})`
    : `discrete(${values.map((v, i) => `${fmt(v)}: ${fmt(merged[i])}`).join(", ")})`;
  const args: Record<string, number> = { n };
  values.forEach((v, i) => {
    args[`v${i}`] = v;
    args[`w${i}`] = weights[i];
  });
  return {
    kind: "discrete",
    text,
    args,
    quantile,
    cdf,
    support: [values[0], values[n - 1]],
    discrete: true,
    values,
    weights,
  };
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
 */
function truncate(core: Core, lo: number, hi: number): Core | string {
  const interval = `[${fmt(lo)}, ${fmt(hi)}]`;
  if (core.discrete) return `truncation "in ${interval}" applies only to continuous distributions`;
  if (Number.isNaN(lo) || Number.isNaN(hi)) return "truncation bounds must be numbers";
  if (!(lo < hi)) return `truncation ${interval}: lower bound must be below upper bound`;
  const F = core.cdf;
  const Q = core.quantile;
  const Flo = F(lo);
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

/** Validate, build, truncate; prefix any error with `where`. */
function build(spec: Spec, where: string): DistResult {
  let core = buildCore(spec);
  if (typeof core === "string") return fail(`${where}: ${core}`);
  if (spec.truncation !== undefined) {
    core = truncate(core, spec.truncation[0], spec.truncation[1]);
    if (typeof core === "string") return fail(`${where}: ${core}`);
  }
  const dist: Distribution = {
    kind: core.kind,
    text: core.text,
    args: core.args,
    quantile: core.quantile,
    cdf: core.cdf,
    support: core.support,
    discrete: core.discrete,
    median: core.quantile(0.5),
  };
  if (core.values !== undefined) {
    dist.values = core.values;
    dist.weights = core.weights;
  }
  if (spec.truncation !== undefined) dist.truncation = [spec.truncation[0], spec.truncation[1]];
  return { ok: true, dist };
}

// ---------------------------------------------------------------------------
// String form
// ---------------------------------------------------------------------------

/** Decimal numbers: 3, -1.5, 2e-3, .5, +4. */
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const NON_FINITE_RE = /^[+-]?(?:nan|inf|infinity)$/i;
const INF_RE = /^([+-]?)(?:inf|infinity)$/i;

function readNumber(s: string): number | undefined {
  const t = s.trim();
  return NUMBER_RE.test(t) ? Number(t) : undefined;
}

/** Parse `s` as the parameter `what`; an error message on failure. */
function readParam(s: string, what: string): number | string {
  const t = s.trim();
  const x = readNumber(t);
  if (x !== undefined) return x;
  if (t === "") return `missing ${what}`;
  if (NON_FINITE_RE.test(t)) return `${what} must be a finite number, got "${t}"`;
  return `expected a number for ${what}, got "${t}"`;
}

/** A truncation bound: a number or ±inf. */
function readBound(s: string): number | undefined {
  const t = s.trim();
  const inf = INF_RE.exec(t);
  if (inf) return inf[1] === "-" ? -Infinity : Infinity;
  return readNumber(t);
}

/** "A to B" -> [A, B], requiring A < B; an error message (unprefixed) otherwise. */
function readInterval(s: string): [number, number] | string {
  const m = /^([\s\S]*?)\bto\b([\s\S]*)$/i.exec(s);
  if (!m) return `expected an interval "A to B"`;
  const left = m[1].trim();
  const right = m[2].trim();
  if (left === "") return `expected a number before "to"`;
  const a = readNumber(left);
  if (a === undefined) return `expected a number before "to", got "${left}"`;
  if (right === "") return `expected a number after "to"`;
  const b = readNumber(right);
  if (b === undefined) return `expected a number after "to", got "${right}"`;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return "interval ends must be finite numbers";
  if (!(a < b)) return `the 5th percentile (${fmt(a)}) must be below the 95th (${fmt(b)})`;
  return [a, b];
}

/**
 * Parse a prior from text, e.g. "0.5 to 3", "beta(2, 5) in [0.1, 0.9]",
 * "discrete(1: 0.2, 2: 0.8)".  Errors are one line, prefixed by the offending form.
 */
export function parseDistribution(text: string): DistResult {
  if (typeof text !== "string") return fail("expected distribution text");
  const source = text.trim();
  if (source === "") return fail("empty distribution");

  // Optional truncation suffix: <body> in [lo, hi]
  let body = source;
  let truncation: [number, number] | undefined;
  const trunc = /^([\s\S]*\S)\s*\bin\b([\s\S]*)$/i.exec(source);
  if (trunc) {
    body = trunc[1].trim();
    const bounds = /^\s*\[([^,\]]*),([^,\]]*)\]\s*$/.exec(trunc[2]);
    const lo = bounds ? readBound(bounds[1]) : undefined;
    const hi = bounds ? readBound(bounds[2]) : undefined;
    if (lo === undefined || hi === undefined) {
      return fail(`"${source}": expected "in [lo, hi]" with numbers, -inf or inf as bounds`);
    }
    truncation = [lo, hi];
  }

  const parsed = parseBody(body);
  if (typeof parsed === "string") return fail(parsed);
  parsed.spec.truncation = truncation;
  return build(parsed.spec, parsed.where);
}

/** Parse the part before any "in [lo, hi]"; errors come back already prefixed. */
function parseBody(body: string): { spec: Spec; where: string } | string {
  const call = /^([A-Za-z_][\w-]*)\s*\(([\s\S]*)\)$/.exec(body);
  if (call) return parseCall(call[1], call[2]);
  if (/^[A-Za-z_][\w-]*\s*\(/.test(body)) return `"${body}": missing closing ")"`;

  // Canonical text "normal, 90% CI A to B" / "lognormal, 90% CI A to B"
  const ci = /^(normal|lognormal)\s*,\s*90\s*%\s*ci\b([\s\S]*)$/i.exec(body);
  if (ci) {
    const interval = readInterval(ci[2]);
    if (typeof interval === "string") return `"${body}": ${interval}`;
    const name = ci[1].toLowerCase() as Name;
    return { spec: { name, params: { p5: interval[0], p95: interval[1] } }, where: `"${body}"` };
  }

  // Squiggle shorthand "A to B": lognormal if 0 < A, else normal, with 90% interval [A, B].
  if (/\bto\b/i.test(body)) {
    const interval = readInterval(body);
    if (typeof interval === "string") return `"${body}": ${interval}`;
    const [a, b] = interval;
    return { spec: { name: a > 0 ? "lognormal" : "normal", params: { p5: a, p95: b } }, where: `"${body}"` };
  }

  if (/^[A-Za-z_][\w-]*$/.test(body)) {
    const name = resolveName(body);
    if (name !== undefined) return `${body}: expected arguments in parentheses, e.g. "${EXAMPLES[name]}"`;
    return unknownDistribution(body);
  }
  if (readNumber(body) !== undefined) {
    return `"${body}": a single number is not a distribution (expected e.g. "0.5 to 3" or "beta(2, 5)")`;
  }
  return `cannot parse distribution "${body}" (expected e.g. "0.5 to 3", "normal(0, 1)" or "beta(2, 5)")`;
}

/** Parse `name(args)`. */
function parseCall(rawName: string, argText: string): { spec: Spec; where: string } | string {
  const name = resolveName(rawName);
  if (name === undefined) return unknownDistribution(rawName);
  const args = argText.trim() === "" ? [] : argText.split(",").map((s) => s.trim());
  const where = `${rawName.toLowerCase()}(${args.join(", ")})`;

  if (name === "discrete") {
    if (args.length === 0) return `${where}: expected "value: weight" pairs, e.g. "${EXAMPLES.discrete}"`;
    const values: number[] = [];
    const weights: number[] = [];
    for (const arg of args) {
      const pair = /^([^:]*):([\s\S]*)$/.exec(arg);
      if (!pair) return `${where}: expected "value: weight" pairs, got "${arg}" (use choice(...) for equal weights)`;
      const v = readParam(pair[1], "value");
      if (typeof v === "string") return `${where}: ${v}`;
      const w = readParam(pair[2], `the weight of ${pair[1].trim()}`);
      if (typeof w === "string") return `${where}: ${w}`;
      values.push(v);
      weights.push(w);
    }
    return { spec: { name, params: {}, values, weights }, where };
  }
  if (name === "choice") {
    if (args.length === 0) return `${where}: expected at least one value, e.g. "${EXAMPLES.choice}"`;
    const values: number[] = [];
    for (const arg of args) {
      const v = readParam(arg, "value");
      if (typeof v === "string") return `${where}: ${v}`;
      values.push(v);
    }
    return { spec: { name, params: {}, values }, where };
  }

  // normal(A to B) / lognormal(A to B)
  if ((name === "normal" || name === "lognormal") && args.length === 1 && /\bto\b/i.test(args[0])) {
    const interval = readInterval(args[0]);
    if (typeof interval === "string") return `${where}: ${interval}`;
    return { spec: { name, params: { p5: interval[0], p95: interval[1] } }, where };
  }

  const names = POSITIONAL[name] ?? [];
  if (args.length !== names.length) {
    const plural = names.length === 1 ? "argument" : "arguments";
    const orInterval = name === "normal" || name === "lognormal" ? ` or a 90% interval "A to B"` : "";
    return `${where}: expected ${names.length} ${plural} (${names.join(", ")})${orInterval}, got ${args.length}`;
  }
  const params: Record<string, number> = {};
  for (let i = 0; i < names.length; i++) {
    const x = readParam(args[i], names[i]);
    if (typeof x === "string") return `${where}: ${x}`;
    params[names[i]] = x;
  }
  return { spec: { name, params }, where };
}

// ---------------------------------------------------------------------------
// Object (YAML) form
// ---------------------------------------------------------------------------

/** Keys each object form accepts besides "dist" and "truncate". */
const OBJECT_KEYS: Record<Name, string[]> = {
  normal: ["mean", "sd", "p5", "p95"],
  lognormal: ["mu", "sigma", "p5", "p95"],
  uniform: ["min", "max"],
  "log-uniform": ["min", "max"],
  beta: ["alpha", "beta"],
  gamma: ["shape", "scale"],
  triangular: ["min", "mode", "max"],
  bernoulli: ["p"],
  discrete: ["values", "weights"],
  choice: ["values"],
};

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (typeof v === "number") return fmt(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/**
 * Build a prior from a config value: a string (see parseDistribution) or an
 * object such as { dist: "lognormal", p5: 0.5, p95: 3 }, { dist: "beta", alpha: 2, beta: 5 },
 * { dist: "discrete", values: [1, 2], weights: [1, 3] }, optionally with truncate: [lo, hi]
 * (bounds may be numbers, ±.inf, "inf"/"-inf", or null for unbounded).
 */
export function distributionFromSpec(spec: unknown): DistResult {
  if (typeof spec === "string") return parseDistribution(spec);
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
    return fail(`expected a distribution string or an object with a "dist" key, got ${describe(spec)}`);
  }
  const obj = spec as Record<string, unknown>;
  const rawDist = obj.dist;
  if (rawDist === undefined) return fail(`distribution object needs a "dist" key, e.g. { dist: beta, alpha: 2, beta: 5 }`);
  if (typeof rawDist !== "string") return fail(`"dist" must be a distribution name, got ${describe(rawDist)}`);
  const name = resolveName(rawDist);
  if (name === undefined) return fail(unknownDistribution(rawDist));
  const where = rawDist.trim().toLowerCase();
  const err = (message: string) => fail(`${where}: ${message}`);

  const allowed = ["dist", ...OBJECT_KEYS[name], "truncate"];
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      const guess = didYouMean(key, allowed);
      return err(
        guess !== undefined
          ? `unknown key "${key}" (did you mean "${guess}"?)`
          : `unknown key "${key}" (expected ${allowed.join(", ")})`,
      );
    }
  }

  const readKey = (key: string): number | string => {
    const v = obj[key];
    if (v === undefined) return `missing "${key}"`;
    if (typeof v !== "number") return `${key} must be a number, got ${describe(v)}`;
    return v;
  };
  const readList = (key: string): number[] | string => {
    const v = obj[key];
    if (!Array.isArray(v) || v.length === 0) return `${key} must be a non-empty list of numbers, got ${describe(v)}`;
    for (const x of v) if (typeof x !== "number") return `${key} must be a list of numbers, got ${describe(x)} in it`;
    return v as number[];
  };

  const out: Spec = { name, params: {} };
  if (name === "discrete" || name === "choice") {
    const values = readList("values");
    if (typeof values === "string") return err(values);
    out.values = values;
    if (obj.weights !== undefined) {
      const weights = readList("weights");
      if (typeof weights === "string") return err(weights);
      out.weights = weights;
    }
  } else {
    let keys = OBJECT_KEYS[name];
    if (name === "normal" || name === "lognormal") {
      // Either the parameters (mean, sd / mu, sigma) or the 90% interval (p5, p95).
      const direct = keys.slice(0, 2);
      const interval = ["p5", "p95"];
      const hasDirect = direct.some((k) => k in obj);
      const hasInterval = interval.some((k) => k in obj);
      if (hasDirect && hasInterval) return err(`give either ${direct.join(" and ")} or p5 and p95, not both`);
      if (!hasDirect && !hasInterval) return err(`expected ${direct.join(" and ")}, or p5 and p95`);
      keys = hasDirect ? direct : interval;
    }
    for (const key of keys) {
      const x = readKey(key);
      if (typeof x === "string") return err(x);
      out.params[key] = x;
    }
  }

  if (obj.truncate !== undefined) {
    const t = obj.truncate;
    const bound = (v: unknown, side: number): number | undefined => {
      if (v === null) return side === 0 ? -Infinity : Infinity;
      if (typeof v === "number") return Number.isNaN(v) ? undefined : v;
      if (typeof v === "string") return readBound(v);
      return undefined;
    };
    const lo = Array.isArray(t) && t.length === 2 ? bound(t[0], 0) : undefined;
    const hi = Array.isArray(t) && t.length === 2 ? bound(t[1], 1) : undefined;
    if (lo === undefined || hi === undefined) return err(`truncate must be [lo, hi] (numbers, -inf or inf), got ${describe(t)}`);
    out.truncation = [lo, hi];
  }
  return build(out, where);
}
