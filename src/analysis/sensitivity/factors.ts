/**
 * The factors of a sensitivity analysis: independent inputs, each given by
 * its quantile function (inverse CDF), so that a design drawn in the unit
 * cube maps to factor values x_i = Q_i(u_i) (SALib's "problem"). For a
 * model, the factors are its uncertain parameters, or those chosen with
 * `params`; every other random input stays with the draw's stream: hazard
 * thresholds and chance variables (never factors), other parameters.
 */
import type { CompiledModel } from "../../model/types.js";
import type { Distribution } from "../../model/distributions.js";
import type { ParameterSetting } from "../../sampling/sampler.js";
import { ArgumentError, inTerms } from "../../core/errors.js";
import { didYouMean } from "../../core/suggest.js";
import { chanceRefusal } from "../../model/chance.js";

/** A factor's distribution: a quantile function, or anything with one (a Distribution). */
export type QuantileLike = ((u: number) => number) | { quantile(u: number): number; median?: number; text?: string };

/** Independent factors, each given by its quantile function (inverse CDF). */
export interface Problem {
  names: string[];
  dists: QuantileLike[];
}

export function quantileFn(d: QuantileLike): (u: number) => number {
  return typeof d === "function" ? d : (u) => d.quantile(u);
}

export function medianOf(d: QuantileLike): number {
  if (typeof d !== "function" && typeof d.median === "number") return d.median;
  return quantileFn(d)(0.5);
}

export function checkProblem(problem: Problem): void {
  if (problem.names.length === 0) throw new ArgumentError("params", "no factors to analyse");
  if (problem.names.length !== problem.dists.length) throw new RangeError("problem: names and dists differ in length");
  if (new Set(problem.names).size !== problem.names.length) throw new ArgumentError("params", "a factor is named twice");
}

/** The model's uncertain parameters (or `params`) as a Problem, checking names. */
export function modelProblem(
  model: CompiledModel,
  params?: string[],
  overrides: Record<string, ParameterSetting> = {},
): { problem: Problem; priors: Distribution[]; rest: { hazards: string[]; chance?: string[]; parameters: string[] } } {
  const setting = (name: string): ParameterSetting | undefined => {
    const p = model.parameters.find((q) => q.name === name)!;
    return Object.hasOwn(overrides, name) ? overrides[name] : p.prior ?? p.value;
  };
  const uncertain = model.parameters.filter((p) => typeof setting(p.name) === "object").map((p) => p.name);
  let names: string[];
  if (params && params.length > 0) {
    names = [];
    for (const raw of params) {
      const name = raw.trim().replace(/-/g, "_");
      const p = model.parameters.find((q) => q.name === name);
      const chance = chanceRefusal(model, name);
      if (chance) throw new ArgumentError("params", chance);
      if (!p) {
        const hint = didYouMean(name, model.parameters.map((q) => q.name));
        throw new ArgumentError("params", `unknown parameter "${raw}" in ${model.name}${hint ? ` (did you mean "${hint}"?)` : ""}`);
      }
      const s = setting(name);
      if (typeof s === "number") {
        throw new ArgumentError("params", `"${name}" is fixed at ${s} in this run; give it a prior to analyse it (e.g. ${inTerms(`--set ${name}="${s / 2} to ${s * 2}"`, `settings: { ${name}: "${s / 2} to ${s * 2}" }`)})`);
      }
      if (names.includes(name)) throw new ArgumentError("params", `"${name}" is listed twice`);
      names.push(name);
    }
  } else {
    names = uncertain;
    if (names.length === 0) throw new ArgumentError("params", `${model.name} has no uncertain parameters to analyse`);
  }
  const priors = names.map((n) => setting(n) as Distribution);
  return {
    problem: { names, dists: priors },
    priors,
    rest: {
      hazards: model.hazards.map((h) => h.name),
      ...(model.chance.length > 0 && { chance: model.chance.map((c) => c.name) }),
      parameters: uncertain.filter((n) => !names.includes(n)),
    },
  };
}
