/**
 * The prior language's types: the public Distribution and DistResult, and
 * the two stages a prior goes through inside (Spec: what the user asked for;
 * Core: a validated family before truncation), with the two small helpers
 * every stage uses (an error result, number formatting for canonical text).
 */

export interface Distribution {
  kind:
    | "lognormal"
    | "normal"
    | "uniform"
    | "loguniform"
    | "beta"
    | "gamma"
    | "triangular"
    | "bernoulli"
    | "discrete"
    | "exponential"
    | "pointmass"
    | "mixture";
  /** canonical human text, e.g. "lognormal, 90% CI 0.5 to 3", "beta(2, 5)", "log-uniform(2, 32)", with " in [lo, hi]" when truncated */
  text: string;
  /**
   * The numeric arguments by name:
   *   normal {mean, sd, p5, p95}; lognormal {mu, sigma, p5, p95}; uniform and
   *   loguniform {min, max}; beta {alpha, beta}; gamma {shape, scale};
   *   triangular {min, mode, max}; bernoulli {p};
   *   discrete {n, v0, w0, v1, w1, ...} (sorted values, normalised weights);
   *   exponential {rate}; pointmass {value};
   *   mixture {n, w0, w1, ...} (normalised weights of the components).
   */
  args: Record<string, number>;
  /** mixture: its components, and their weights normalised to sum to 1 */
  components?: Distribution[];
  componentWeights?: number[];
  /** discrete choice (and bernoulli: [0, 1]; pointmass: [value]): distinct values in ascending order */
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
  discrete: boolean; // bernoulli, discrete, pointmass, a mixture of these only
  /** a mixture of continuous components and point masses: some single values have probability > 0 */
  atoms?: boolean;
  median: number;
}

export type DistResult = { ok: true; dist: Distribution } | { ok: false; error: string };

export type Kind = Distribution["kind"];

/** Names as the user writes them (canonical spellings). */
export type Name =
  | "normal"
  | "lognormal"
  | "uniform"
  | "log-uniform"
  | "beta"
  | "gamma"
  | "triangular"
  | "bernoulli"
  | "discrete"
  | "choice"
  | "exponential"
  | "pointmass"
  | "mx";

/** What the user asked for, before validation. */
export interface Spec {
  name: Name;
  /** named parameters, e.g. {p5, p95} or {mean, sd} or {alpha, beta} */
  params: Record<string, number>;
  /** discrete/choice only */
  values?: number[];
  /** discrete, and mx (its components' weights, as given) */
  weights?: number[];
  /** mx only: the components, each already built */
  components?: Distribution[];
  truncation?: [number, number];
}

/** A validated distribution before truncation and median are applied. */
export interface Core {
  kind: Kind;
  text: string;
  args: Record<string, number>;
  quantile: (u: number) => number;
  cdf: (x: number) => number;
  /**
   * P(X > x) and its inverse, where the family has them accurate in its upper
   * tail (where 1 - F(x) has lost its digits): truncation to an upper tail
   * samples from them (prior-truncate.ts)
   */
  survival?: (x: number) => number;
  survivalQuantile?: (q: number) => number;
  support: [number, number];
  discrete: boolean;
  values?: number[];
  weights?: number[];
  components?: Distribution[];
  componentWeights?: number[];
  atoms?: boolean;
}

export const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** Number formatting for canonical text: String(x), with ±Infinity written as ±inf. */
export function fmt(x: number): string {
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  return String(x);
}
