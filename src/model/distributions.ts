/**
 * Prior distributions: parsing from user text (or YAML objects) and sampling by
 * inverse transform. This module is the prior language's entry point; its parts:
 *
 *   prior-parse.ts      the string form (the grammar is documented there)
 *   prior-object.ts     the object (YAML) form
 *   prior-names.ts      family names and aliases
 *   prior-build.ts      arguments → family → truncation → Distribution
 *   prior-normal.ts     normal, lognormal       prior-uniform.ts   uniform, log-uniform
 *   prior-families.ts   beta, gamma, triangular prior-discrete.ts  bernoulli, discrete, choice
 *   prior-truncate.ts   "in [lo, hi]"
 *   prior-types.ts      Distribution, DistResult and the internal stages
 *
 * Every prior is sampled from ONE uniform u in (0, 1) as x = F^-1(u), so each
 * distribution is essentially its quantile function F^-1 plus its CDF F.
 * Quantiles and CDFs of the named families are rsi-sim's own, in
 * src/core/dists/ (the special functions behind them in src/core/special/):
 * the normal quantile is Wichura's AS241, accurate in both tails (an
 * erfinv-based mean + sd·sqrt(2)·erfinv(2u - 1) returns -Infinity for
 * u < ~5.6e-17 and is off by ~1e-3 relative at u = 1e-14, which would break
 * truncation to a lower tail); the normal CDF is fdlibm's erfc; beta and
 * gamma invert their incomplete beta and gamma functions by safeguarded
 * Newton steps, from the tail that keeps relative accuracy. Uniform,
 * log-uniform, triangular and the discrete choices are closed-form.
 */
export type { Distribution, DistResult } from "./prior-types.js";
export { DISTRIBUTION_NAMES } from "./prior-names.js";
export { standardNormalQuantile } from "../core/dists/normal-quantile.js";
export { parseDistribution } from "./prior-parse.js";
export { readNumber } from "./prior-text.js";
export { distributionFromSpec } from "./prior-object.js";
