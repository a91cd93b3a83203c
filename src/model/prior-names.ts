/**
 * The names of the distribution families: canonical spellings, aliases, and
 * the lookup (case-insensitive) with its did-you-mean error.
 */
import { didYouMean } from "../core/suggest.js";
import type { Name } from "./prior-types.js";

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
  "exponential",
  "pointmass",
  "mx",
];

const ALIASES: Record<string, Name> = {
  loguniform: "log-uniform",
  log_uniform: "log-uniform",
  "point-mass": "pointmass",
  point_mass: "pointmass",
  mixture: "mx",
};

/** How a name is shown (Squiggle's spelling where it differs from the lower-case Name). */
const SHOWN: Partial<Record<Name, string>> = { pointmass: "pointMass" };

/** A family's name as shown in texts and messages. */
export const shownName = (name: Name): string => SHOWN[name] ?? name;

/** Every accepted distribution name, canonical spellings first, then aliases (for did-you-mean). */
export const DISTRIBUTION_NAMES: string[] = [...CANONICAL_NAMES.map(shownName), ...Object.keys(ALIASES)];

export function resolveName(word: string): Name | undefined {
  const w = word.trim().toLowerCase();
  if ((CANONICAL_NAMES as string[]).includes(w)) return w as Name;
  return Object.hasOwn(ALIASES, w) ? ALIASES[w] : undefined;
}

export function unknownDistribution(word: string): string {
  const guess = didYouMean(word, DISTRIBUTION_NAMES);
  return guess !== undefined
    ? `unknown distribution "${word}" (did you mean "${guess}"?)`
    : `unknown distribution "${word}" (expected one of ${CANONICAL_NAMES.map(shownName).join(", ")})`;
}
