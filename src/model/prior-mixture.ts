/**
 * Mixtures, Squiggle's mx(d1, d2, ..., [w1, w2, ...]): component k drawn with
 * probability w_k (weights normalised; equal when none are given). Numbers
 * among the components are point masses.
 *
 * A mixture is sampled like every prior, as x = F^-1(u) from its one uniform,
 * with F = Σ w_k F_k. Picking the component from u and drawing inside it with
 * the conditional uniform (u - W_{k-1})/w_k would give the same distribution
 * more cheaply, but not a monotone map from u: the median, truncation
 * ("in [lo, hi]", a parameter's min/max), the Gaussian copula's rank
 * correlations and the percentiles of one-at-a-time sensitivity all need the
 * true inverse CDF. So F^-1(u) is found numerically, deterministically and
 * to the double (the smallest double x with F(x) >= u, so a u inside a point
 * mass's band gives that value exactly): it lies between min_k F_k^-1(u) and
 * max_k F_k^-1(u) (below the first every F_k is < u, at the second every
 * F_k is >= u), and that bracket is narrowed by regula falsi (Illinois) with
 * a split every third step, geometric while the ends differ by more than a
 * factor 4 (a bracket of many orders of magnitude takes a few steps), so
 * also across the jumps of point masses, then halved to adjacent doubles:
 * about 12 to 30 evaluations of F per draw (a few microseconds for two components).
 */
import { discreteCore } from "./prior-discrete.js";
import { fmt, type Core, type Distribution } from "./prior-types.js";

/** Smallest positive normal double: the geometric split's stand-in for a bracket end at 0. */
const TINY = 2 ** -1022;

/** A point strictly inside (lo, hi) when there is one: geometric while the ends are far apart, else the midpoint. */
function split(lo: number, hi: number): number {
  if (lo < 0 && hi > 0) return 0;
  if (lo >= 0) {
    const a = lo > 0 ? lo : TINY;
    return hi > 4 * a ? Math.sqrt(a) * Math.sqrt(hi) : lo + (hi - lo) / 2;
  }
  const b = hi < 0 ? -hi : TINY;
  return -lo > 4 * b ? -(Math.sqrt(-lo) * Math.sqrt(b)) : lo + (hi - lo) / 2;
}

/** Relative width at which a bracket is resolved: a few units in the last place. */
const REL = 2 ** -50;

/**
 * The smallest x in [lo, hi] with F(x) >= u, given F(lo) < u <= F(hi):
 * regula falsi with the Illinois correction (superlinear where F is smooth),
 * every third step a split (a geometric or plain halving: guaranteed
 * progress across jumps, flat stretches and many orders of magnitude),
 * until the bracket is a few ulps wide, then halving to adjacent doubles.
 */
function solve(F: (x: number) => number, u: number, lo: number, hi: number): number {
  let flo = F(lo) - u;
  let fhi = F(hi) - u;
  let side = 0;
  let width = hi - lo;
  for (let i = 0; i < 300; i++) {
    if (hi - lo <= REL * Math.max(Math.abs(lo), Math.abs(hi))) break;
    // a split when the last two steps did not halve the bracket, else regula falsi
    const slow = i % 2 === 0 && i > 0 && hi - lo > width / 2;
    if (i % 2 === 0) width = hi - lo;
    let x = slow || !(fhi > flo) ? split(lo, hi) : lo + (hi - lo) * (-flo / (fhi - flo));
    if (!(x > lo && x < hi)) x = split(lo, hi);
    if (!(x > lo && x < hi)) break;
    const fx = F(x) - u;
    if (fx >= 0) {
      hi = x;
      fhi = fx;
      if (side === 1) flo /= 2;
      side = 1;
    } else {
      lo = x;
      flo = fx;
      if (side === -1) fhi /= 2;
      side = -1;
    }
  }
  // The bracket is a few ulps wide: halve it down to adjacent doubles, so that
  // the answer is the smallest double with F >= u, not a few ulps past it
  // (a point mass inside the bracket is then returned as itself).
  for (let i = 0, x = lo + (hi - lo) / 2; i < 64 && x > lo && x < hi; i++, x = lo + (hi - lo) / 2) {
    if (F(x) >= u) hi = x;
    else lo = x;
  }
  return hi;
}

/** F^-1(u) = the smallest x with F(x) >= u, for F = Σ w_k F_k (see the module's comment). */
function mixtureQuantile(parts: Distribution[], w: number[]): (u: number) => number {
  const K = parts.length;
  const qs = parts.map((d) => d.quantile.bind(d));
  const cdfs = parts.map((d) => d.cdf.bind(d));
  const F = (x: number): number => {
    let s = 0;
    for (let k = 0; k < K; k++) s += w[k] * cdfs[k](x);
    return s;
  };
  return (u: number): number => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = 0; k < K; k++) {
      const x = qs[k](u);
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    if (!(lo < hi) || F(lo) >= u) return lo;
    return solve(F, u, lo, hi);
  };
}

/** A component's text as it nests in mx(...): a point mass as its number, "normal, 90% CI a to b" as "normal(a to b)". */
function nestedText(d: Distribution): string {
  if (d.kind === "pointmass") return fmt(d.args.value);
  const m = /^(normal|lognormal), 90% CI (\S+) to (\S+)(.*)$/.exec(d.text);
  return m ? `${m[1]}(${m[2]} to ${m[3]})${m[4]}` : d.text;
}

/** The weights, checked; equal when none are given. An error message otherwise. */
function checkWeights(n: number, weights: number[] | undefined): number[] | string {
  if (n === 0) return "expected at least one component";
  if (weights === undefined) return new Array<number>(n).fill(1);
  if (weights.length !== n) return `got ${n} component${n === 1 ? "" : "s"} but ${weights.length} weight${weights.length === 1 ? "" : "s"}`;
  for (const w of weights) if (!(w >= 0 && Number.isFinite(w))) return `weights must be non-negative finite numbers, got ${fmt(w)}`;
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0 && Number.isFinite(total))) return "weights must add up to a positive finite number";
  return weights;
}

/** mx(components, weights): a mixture; an error message on bad weights. */
export function mixtureCore(components: Distribution[], weights: number[] | undefined): Core | string {
  const raw = checkWeights(components.length, weights);
  if (typeof raw === "string") return raw;
  const total = raw.reduce((a, b) => a + b, 0);
  const norm = raw.map((x) => x / total);
  const equal = raw.every((x) => x === raw[0]);
  const text = `mx(${components.map(nestedText).join(", ")}${equal ? "" : `, [${raw.map(fmt).join(", ")}]`})`;
  const args: Record<string, number> = { n: components.length };
  norm.forEach((x, i) => (args[`w${i}`] = x));
  const live = components.map((d, i) => ({ d, w: norm[i] })).filter((c) => c.w > 0);
  const common = { kind: "mixture" as const, text, args, components, componentWeights: norm };
  if (live.every((c) => c.d.discrete)) {
    // only point masses and discrete components: a discrete distribution of their values
    const values = live.flatMap((c) => c.d.values!);
    const ws = live.flatMap((c) => c.d.weights!.map((x) => x * c.w));
    const flat = discreteCore(values, ws);
    return { ...flat, ...common };
  }
  const parts = live.map((c) => c.d);
  const w = live.map((c) => c.w);
  return {
    ...common,
    quantile: parts.length === 1 ? parts[0].quantile.bind(parts[0]) : mixtureQuantile(parts, w),
    cdf: (x) => {
      let s = 0;
      for (let k = 0; k < parts.length; k++) s += w[k] * parts[k].cdf(x);
      return s > 1 ? 1 : s;
    },
    support: [Math.min(...parts.map((d) => d.support[0])), Math.max(...parts.map((d) => d.support[1]))],
    discrete: false,
    atoms: parts.some((d) => d.discrete || d.atoms === true),
  };
}
