/**
 * From uniforms to parameter values: inverse transform through each prior's
 * quantile function, with a Gaussian copula for rank-correlated parameters.
 *
 * Every parameter consumes its uniform whether it is fixed or not, so fixing
 * or re-specifying one parameter leaves every other parameter's value and
 * every hazard threshold of a draw unchanged (common random numbers).
 * Chance variables (p slots after the parameters) are drawn the same way,
 * from their fixed distributions; they take no overrides.
 */
import { normalCdf } from "../core/dists/normal.js";
import { standardNormalQuantile } from "../core/dists/normal-quantile.js";
import type { Distribution } from "../model/distributions.js";
import type { CompiledModel } from "../model/types.js";
import { UserError } from "../core/errors.js";
import { cholesky, pearsonFromSpearman } from "../model/correlation.js";

/** A parameter's setting for one run: a fixed value or a prior. */
export type ParameterSetting = number | Distribution;

/** The resolved parameter settings of a run, ready to sample. */
export interface ParameterPlan {
  /** the parameters' names, then the chance variables' (their p slots) */
  names: string[];
  /** per parameter and chance variable: a quantile function, or null when fixed */
  quantiles: (((u: number) => number) | null)[];
  fixed: Float64Array;
  /** per p slot of a parameter or chance variable, the index of its uniform in the draw */
  uniformOf: Int32Array;
  /** indices of the correlated parameters and the Cholesky factor (row-major) */
  copula: { index: number[]; chol: Float64Array } | null;
  /** what each parameter (not chance variable) was set to, for the result file */
  settings: Record<string, number | string>;
}

/**
 * Resolve a model's parameters with overrides (from flags, sweeps or a
 * design). Unknown names are the caller's to check.
 */
export function planParameters(model: CompiledModel, overrides: Record<string, ParameterSetting> = {}): ParameterPlan {
  const n = model.parameters.length + model.chance.length;
  const quantiles: ParameterPlan["quantiles"] = [];
  const fixed = new Float64Array(n).fill(NaN);
  const settings: Record<string, number | string> = {};
  for (const p of model.parameters) {
    const o = Object.hasOwn(overrides, p.name) ? overrides[p.name] : p.prior ?? p.value!;
    if (typeof o === "number") {
      fixed[p.index] = o;
      quantiles.push(null);
      settings[p.name] = o;
    } else {
      quantiles.push(o.quantile.bind(o));
      settings[p.name] = o.text;
    }
  }
  for (const c of model.chance) quantiles.push(c.dist.quantile.bind(c.dist));
  const names = [...model.parameters.map((p) => p.name), ...model.chance.map((c) => c.name)];
  return { names, quantiles, fixed, uniformOf: Int32Array.from(model.layout.uniformOf), copula: copulaOf(model), settings };
}

function copulaOf(model: CompiledModel): ParameterPlan["copula"] {
  if (model.correlations.length === 0) return null;
  const index: number[] = [];
  for (const c of model.correlations) {
    for (const name of c.between) {
      const i = model.parameters.findIndex((p) => p.name === name);
      if (!index.includes(i)) index.push(i);
    }
  }
  const k = index.length;
  const m = new Float64Array(k * k);
  for (let i = 0; i < k; i++) m[i * k + i] = 1;
  for (const c of model.correlations) {
    const a = index.indexOf(model.parameters.findIndex((p) => p.name === c.between[0]));
    const b = index.indexOf(model.parameters.findIndex((p) => p.name === c.between[1]));
    m[a * k + b] = m[b * k + a] = pearsonFromSpearman(c.rank);
  }
  const chol = cholesky(m, k);
  if (!chol) {
    const names = index.map((i) => model.parameters[i].name).join(", ");
    throw new UserError(`${model.file}: correlations`, `the rank correlations between ${names} are not consistent (the matrix is not positive semi-definite)`);
  }
  return { index, chol };
}

/**
 * Write one draw's parameter and chance values into p[0..n) from its
 * uniforms u[offset..offset+n) (slot i takes uniform `uniformOf[i]`). `z` is
 * scratch of at least the copula's size.
 */
export function sampleParameters(plan: ParameterPlan, u: Float64Array, offset: number, p: Float64Array, z: Float64Array): void {
  const n = plan.quantiles.length;
  const at = plan.uniformOf;
  for (let i = 0; i < n; i++) {
    const q = plan.quantiles[i];
    p[i] = q === null ? plan.fixed[i] : q(u[offset + at[i]]);
  }
  const c = plan.copula;
  if (c === null) return;
  const k = c.index.length;
  for (let a = 0; a < k; a++) z[a] = standardNormalQuantile(u[offset + at[c.index[a]]]);
  for (let a = 0; a < k; a++) {
    const i = c.index[a];
    const q = plan.quantiles[i];
    if (q === null) continue;
    let s = 0;
    for (let b = 0; b <= a; b++) s += c.chol[a * k + b] * z[b];
    // within the uniforms an independent draw takes, [2^-54, 1 − 2^-53], which the priors' checks
    // (finite draws, no 0 for a positive parameter) assume
    let uc = normalCdf(s, 0, 1);
    if (uc < 2 ** -54) uc = 2 ** -54;
    else if (uc > 1 - 2 ** -53) uc = 1 - 2 ** -53;
    p[i] = q(uc);
  }
}
