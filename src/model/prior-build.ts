/**
 * From a Spec (what the user asked for, by either form) to a Distribution:
 * check the arguments, build the family's quantile and CDF, truncate, and
 * take the median.
 */
import { bernoulliCore, choiceCore } from "./prior-discrete.js";
import { exponentialCore, pointMassCore } from "./prior-exponential.js";
import { mixtureCore } from "./prior-mixture.js";
import { lognormalCore, normalCore } from "./prior-normal.js";
import { betaCore, gammaCore, triangularCore } from "./prior-families.js";
import { truncate } from "./prior-truncate.js";
import { fail, fmt, type Core, type DistResult, type Distribution, type Spec } from "./prior-types.js";
import { logUniformCore, uniformCore } from "./prior-uniform.js";

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
    case "normal":
      return normalCore(p);
    case "lognormal":
      return lognormalCore(p);
    case "uniform":
      return uniformCore(p);
    case "log-uniform":
      return logUniformCore(p);
    case "beta":
      return betaCore(p);
    case "gamma":
      return gammaCore(p);
    case "triangular":
      return triangularCore(p);
    case "bernoulli":
      return bernoulliCore(p);
    case "discrete":
    case "choice":
      return choiceCore(spec);
    case "exponential":
      return exponentialCore(p);
    case "pointmass":
      return pointMassCore(p);
    case "mx":
      return mixtureCore(spec.components ?? [], spec.weights);
  }
}

/**
 * The smallest and largest uniform a draw can use (sampling/stream.ts gives
 * values in [2^-54, 1 - 2^-53]), and the median between: a prior must give a
 * finite value at each.
 */
const U_CHECKED = [2 ** -54, 0.5, 1 - 2 ** -53];

/**
 * Refuse a prior that can give ±Infinity or NaN: finite arguments can still
 * overflow a double (uniform(-1e308, 1e308) has an infinite width;
 * normal(0, 1e308) reaches ±Infinity in its tails; lognormal(0, 100) too).
 * Checked at the extreme uniforms, where a monotone quantile is largest.
 */
function nonFiniteValues(core: Core): string | undefined {
  for (const u of U_CHECKED) {
    const x = core.quantile(u);
    if (Number.isFinite(x)) continue;
    const what = Number.isNaN(x) ? "NaN" : x > 0 ? "+Infinity" : "-Infinity";
    const where = u === 0.5 ? "at its median" : `in its ${u < 0.5 ? "lower" : "upper"} tail`;
    return `gives ${what} ${where}: its numbers overflow double precision; use smaller arguments or truncate it`;
  }
  return undefined;
}

/** Validate, build, truncate; prefix any error with `where`. */
export function build(spec: Spec, where: string): DistResult {
  let core = buildCore(spec);
  if (typeof core === "string") return fail(`${where}: ${core}`);
  if (spec.truncation !== undefined) {
    core = truncate(core, spec.truncation[0], spec.truncation[1]);
    if (typeof core === "string") return fail(`${where}: ${core}`);
  }
  const overflow = nonFiniteValues(core);
  if (overflow !== undefined) return fail(`${where}: ${overflow}`);
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
  if (core.components !== undefined) {
    dist.components = core.components;
    dist.componentWeights = core.componentWeights;
  }
  if (core.atoms === true) dist.atoms = true;
  if (spec.truncation !== undefined) dist.truncation = [spec.truncation[0], spec.truncation[1]];
  return { ok: true, dist };
}
