/**
 * Prior distributions: parsing from user text (or YAML objects) and sampling by
 * inverse transform. This module is the prior language's entry point; its parts:
 *
 *   prior-parse.ts      the string form (the grammar is documented there)
 *   prior-object.ts     the object (YAML) form
 *   prior-names.ts      family names and aliases
 *   prior-build.ts      arguments → family → truncation → Distribution
 *   prior-normal.ts     normal, lognormal       prior-uniform.ts   uniform, log-uniform
 *   prior-stdlib.ts     beta, gamma, triangular prior-discrete.ts  bernoulli, discrete, choice
 *   prior-truncate.ts   "in [lo, hi]"           normal-quantile.ts Wichura's AS241
 *   prior-types.ts      Distribution, DistResult and the internal stages
 *
 * Every prior is sampled from ONE uniform u in (0, 1) as x = F^-1(u), so each
 * distribution is essentially its quantile function F^-1 plus its CDF F.
 * Quantiles and CDFs of the named families come from @stdlib, except the
 * normal quantile (also behind the lognormal), which is Wichura's AS241 here:
 * @stdlib computes it as mean + sd·sqrt(2)·erfinv(2u - 1), which loses all
 * relative precision in the lower tail (it returns -Infinity for u < ~5.6e-17
 * and is off by ~1e-3 relative at u = 1e-14), breaking truncation to a lower
 * tail.  Uniform, log-uniform and the discrete choices are closed-form here.
 */
export type { Distribution, DistResult } from "./prior-types.js";
export { DISTRIBUTION_NAMES } from "./prior-names.js";
export { standardNormalQuantile } from "./normal-quantile.js";
export { parseDistribution } from "./prior-parse.js";
export { readNumber } from "./prior-text.js";
export { distributionFromSpec } from "./prior-object.js";
