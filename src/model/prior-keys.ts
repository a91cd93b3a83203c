/**
 * The named arguments of each family: the sets of keys that determine it,
 * shared by the object (YAML) form, { dist: normal, p10: 1, p90: 5 }, and
 * Squiggle's record form in text, normal({p10: 1, p90: 5}).
 */
import { didYouMean } from "../core/suggest.js";
import type { Name } from "./prior-types.js";

/** Intervals by their quantile keys: [lower key, upper key, lower level]. */
export const INTERVAL_KEYS: [string, string, number][] = [
  ["p5", "p95", 0.05],
  ["p10", "p90", 0.1],
  ["p25", "p75", 0.25],
];

const INTERVALS = INTERVAL_KEYS.map(([a, b]) => [a, b]);

/**
 * Each family's alternative key sets; the first is its parameters. Squiggle's
 * forms: normal and lognormal {p5, p95}, {p10, p90}, {p25, p75} and
 * {mean, stdev}; beta {mean, stdev} (gamma's, too, is determined by them).
 */
export const KEY_SETS: Record<Exclude<Name, "discrete" | "choice" | "mx">, string[][]> = {
  normal: [["mean", "sd"], ["mean", "stdev"], ...INTERVALS],
  lognormal: [["mu", "sigma"], ["mean", "stdev"], ...INTERVALS],
  uniform: [["min", "max"]],
  "log-uniform": [["min", "max"]],
  beta: [["alpha", "beta"], ["mean", "stdev"]],
  gamma: [["shape", "scale"], ["mean", "stdev"]],
  triangular: [["min", "mode", "max"]],
  bernoulli: [["p"]],
  exponential: [["rate"]],
  pointmass: [["value"]],
};

/** Every key a family accepts, in order. */
export function keysOf(name: keyof typeof KEY_SETS): string[] {
  return [...new Set(KEY_SETS[name].flat())];
}

const joined = (sets: string[][]): string => {
  const words = sets.map((s) => s.join(" and "));
  return words.length === 1 ? words[0] : `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
};

/** An error for a key outside `allowed`, with a did-you-mean; undefined when all are allowed. */
export function unknownKeyError(keys: string[], allowed: string[]): string | undefined {
  for (const key of keys) {
    if (allowed.includes(key)) continue;
    const guess = didYouMean(key, allowed);
    return guess !== undefined
      ? `unknown key "${key}" (did you mean "${guess}"?)`
      : `unknown key "${key}" (expected ${allowed.join(", ")})`;
  }
  return undefined;
}

/**
 * The key set that the given keys (all known to the family) make up, or an
 * error: a key missing from the one set they start, or a mix of sets.
 */
export function chooseKeySet(name: keyof typeof KEY_SETS, given: string[]): string[] | string {
  const sets = KEY_SETS[name];
  if (given.length === 0) return `expected ${joined(sets)}`;
  const exact = sets.find((s) => s.length === given.length && given.every((k) => s.includes(k)));
  if (exact !== undefined) return exact;
  const partial = sets.filter((s) => given.every((k) => s.includes(k)));
  if (partial.length > 0) {
    const missing = partial.map((s) => s.find((k) => !given.includes(k))!);
    return `missing "${missing[0]}"${partial.length > 1 ? ` (or ${missing.slice(1).map((k) => `"${k}"`).join(" or ")})` : ""}`;
  }
  return `give ${sets.length === 1 ? joined(sets) : `one of ${joined(sets)}`}, not a mix (got ${given.join(", ")})`;
}
