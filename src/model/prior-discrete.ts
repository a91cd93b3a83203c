/**
 * The discrete families: bernoulli(p), discrete(v: w, ...) and choice(v, ...),
 * all a finite discrete distribution sampled by a search of its cumulative
 * weights.
 */
import { fmt, type Core, type Spec } from "./prior-types.js";

/** bernoulli {p}: values 0 and 1; an error message on bad arguments. */
export function bernoulliCore(p: Record<string, number>): Core | string {
  const prob = p.p;
  if (!(prob >= 0 && prob <= 1)) return "p must be between 0 and 1";
  const core = discreteCore([0, 1], [1 - prob, prob]);
  return { ...core, kind: "bernoulli", text: `bernoulli(${fmt(prob)})`, args: { p: prob } };
}

/** discrete or choice: values with weights (equal when none are given); an error message on bad ones. */
export function choiceCore(spec: Spec): Core | string {
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

/** Sort (value, weight) pairs by value and merge equal values, adding their weights. */
function sortAndMerge(rawValues: number[], rawWeights: number[]): { values: number[]; merged: number[] } {
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
  return { values, merged };
}

/** Cumulative sums C_i = p_1 + ... + p_i of normalised weights, with C_n forced to exactly 1. */
function cumulativeOf(weights: number[]): Float64Array {
  const n = weights.length;
  const cumulative = new Float64Array(n);
  let running = 0;
  for (let i = 0; i < n; i++) {
    running += weights[i];
    cumulative[i] = running;
  }
  cumulative[n - 1] = 1;
  return cumulative;
}

/** quantile(u) = v_i for the smallest i with u <= C_i (binary search). */
function discreteQuantile(vals: Float64Array, cumulative: Float64Array): (u: number) => number {
  const n = vals.length;
  return (u: number): number => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (u <= cumulative[mid]) hi = mid;
      else lo = mid + 1;
    }
    return vals[lo];
  };
}

/** cdf(x) = C_i for the largest i with v_i <= x, or 0 below the smallest value. */
function discreteCdf(vals: Float64Array, cumulative: Float64Array): (x: number) => number {
  const n = vals.length;
  return (x: number): number => {
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
}

/**
 * A finite discrete distribution.  Values are sorted and duplicates merged;
 * weights w_i are normalised to p_i = w_i / Σw, with cumulative sums C_i = p_1 + ... + p_i
 * (C_n forced to exactly 1).  Inverse transform: quantile(u) = v_i for the smallest i
 * with u <= C_i, so P(v_i) = C_i - C_{i-1}.  cdf(x) = C_i for the largest v_i <= x.
 */
export function discreteCore(rawValues: number[], rawWeights: number[]): Core {
  const { values, merged } = sortAndMerge(rawValues, rawWeights);
  const total = merged.reduce((a, b) => a + b, 0);
  const weights = merged.map((w) => w / total);
  const n = values.length;
  const cumulative = cumulativeOf(weights);
  const vals = Float64Array.from(values);
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
    quantile: discreteQuantile(vals, cumulative),
    cdf: discreteCdf(vals, cumulative),
    support: [values[0], values[n - 1]],
    discrete: true,
    values,
    weights,
  };
}
