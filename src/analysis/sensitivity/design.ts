/**
 * The design of a sensitivity analysis of a model (no model runs): the
 * factors' values and the draw of each row, for Sobol', Morris or OAT, and
 * the outputs to analyse. A row's draw (stream index) supplies every random
 * input that is not a factor: hazard thresholds and the uncertain
 * parameters left out of `params`. In a Sobol' design A_j and AB_i,j share
 * draw j, so the difference between them is the factor's alone; B_j takes
 * draw N + j, and an extra block AB_rest,j (A_j's values with B_j's draw)
 * measures those inputs together as one more factor, "(rest)".
 */
import type { CompiledModel } from "../../model/types.js";
import type { Distribution } from "../../model/distributions.js";
import type { ParameterSetting } from "../../sampling/sampler.js";
import { ArgumentError, UserError, inTerms } from "../../core/errors.js";
import { didYouMean } from "../../core/suggest.js";
import { VERSION } from "../result.js";
import { modelProblem, type Problem } from "./factors.js";
import { saltelliDesign } from "./sobol-design.js";
import { morrisDesign } from "./morris-design.js";
import { oatPlan } from "./oat-design.js";
import { DESIGN_SCHEMA, LEVELS, METHODS, type DesignOutput, type Level, type Method, type ModelDesign, type SensitivityOptions } from "./types.js";

export const DEFAULT_SOBOL_N = 1024;
export const DEFAULT_TRAJECTORIES = 50;
export const DEFAULT_OAT_DRAWS = 200;
/**
 * Probability level: the design's size and the chance draws per point, by
 * method. Each design point costs K runs, so the designs are smaller than
 * at the outcome level (docs/sensitivity.md, "Cost and time").
 */
export const PROBABILITY_DEFAULTS: Record<Method, { size: number; inner: number }> = {
  sobol: { size: 256, inner: 32 },
  morris: { size: 20, inner: 64 },
  oat: { size: DEFAULT_OAT_DRAWS, inner: DEFAULT_OAT_DRAWS },
};

/** The outputs `requested` (checked, with suggestions), or the headline outputs, or all when none is marked. */
export function chooseOutputs(outs: DesignOutput[], requested: string[] | undefined, modelName: string, available?: Set<string>): string[] {
  const all = outs.map((o) => o.name).filter((n) => !available || available.has(n));
  if (requested && requested.length > 0) {
    const chosen: string[] = [];
    for (const raw of requested) {
      const name = raw.trim();
      if (!all.includes(name)) {
        const hint = didYouMean(name, all);
        throw new ArgumentError("outputs", `unknown output "${raw}" in ${modelName}${hint ? ` (did you mean "${hint}"?)` : ""}`);
      }
      if (!chosen.includes(name)) chosen.push(name);
    }
    return chosen;
  }
  const headline = outs.filter((o) => o.headline && all.includes(o.name)).map((o) => o.name);
  return headline.length > 0 ? headline : all;
}

/**
 * The outputs analyzeDesign analyses for `outputs` (default: the design's
 * headline outputs, or all when none is marked), without their defined(…)
 * indicators: the columns a run of the design must keep.
 */
export function analysedOutputs(design: ModelDesign, outputs?: string[]): string[] {
  return chooseOutputs(design.outputs, outputs, design.model.name);
}

/** A method's rows: the base count N, the rows with their draws and factor values, and the method's own part. */
interface Layout {
  N: number;
  rows: number;
  draws: Int32Array;
  values: Float64Array;
  extra: Pick<ModelDesign, "sobol" | "morris" | "oat">;
}

/** Sobol': per base row j, A_j, AB_1,j … AB_k,j, [AB_rest,j,] B_j; A and AB_i on draw j, B (and AB_rest) on N + j or, shared, j. */
function sobolLayout(problem: Problem, opts: SensitivityOptions, seed: number, hasRest: boolean, probability: boolean): Layout {
  const N = opts.N ?? (probability ? PROBABILITY_DEFAULTS.sobol.size : DEFAULT_SOBOL_N);
  if (!Number.isInteger(N) || N < 16) throw new ArgumentError("samples", `must be an integer of at least 16 for Sobol' indices (1024 or more is usual), got ${N}`);
  const k = problem.names.length;
  const layout = opts.drawLayout ?? "independent";
  const s = saltelliDesign(problem, N, { seed, scramble: opts.scramble, skip: opts.skip });
  const withRest = hasRest && layout === "independent" && !probability;
  const kk = withRest ? k + 1 : k;
  const stride = kk + 2;
  const rows = N * stride;
  const draws = new Int32Array(rows);
  const values = new Float64Array(rows * k);
  for (let j = 0; j < N; j++) {
    const a = s.A.subarray(j * k, j * k + k);
    const b = s.B.subarray(j * k, j * k + k);
    const r0 = j * stride;
    values.set(a, r0 * k);
    draws[r0] = j;
    for (let i = 0; i < k; i++) {
      values.set(a, (r0 + 1 + i) * k);
      values[(r0 + 1 + i) * k + i] = b[i];
      draws[r0 + 1 + i] = j;
    }
    if (withRest) {
      values.set(a, (r0 + 1 + k) * k);
      draws[r0 + 1 + k] = N + j;
    }
    values.set(b, (r0 + kk + 1) * k);
    draws[r0 + kk + 1] = layout === "independent" ? N + j : j;
  }
  return { N, rows, draws, values, extra: { sobol: { k: kk, includesRest: withRest, scramble: s.scramble, skip: s.skip, drawLayout: layout } } };
}

/** Morris: trajectory t on draw t. */
function morrisLayout(problem: Problem, opts: SensitivityOptions, seed: number, probability: boolean): Layout {
  const N = opts.trajectories ?? (probability ? PROBABILITY_DEFAULTS.morris.size : DEFAULT_TRAJECTORIES);
  const k = problem.names.length;
  const m = morrisDesign(problem, N, { seed, levels: opts.levels });
  const draws = new Int32Array(m.rows);
  for (let t = 0; t < N; t++) draws.fill(t, t * (k + 1), (t + 1) * (k + 1));
  return { N, rows: m.rows, draws, values: m.X, extra: { morris: { levels: m.levels, delta: m.delta, order: m.order, sign: m.sign } } };
}

/**
 * OAT: every point on draws 0 … N − 1. With the others at their medians
 * (the default), the uncertain parameters that are not factors are set to
 * their medians too, at either level: `overrides` gains them and
 * `rest.parameters` is emptied, so "the others" are every uncertain
 * parameter but the one moved. With the others sampled (`prior`) they are
 * drawn, like the hazards' thresholds. At the probability level N is the
 * inner draws K.
 */
function oatLayout(
  model: CompiledModel,
  problem: Problem,
  opts: SensitivityOptions,
  rest: ModelDesign["rest"],
  overrides: Record<string, ParameterSetting>,
  probability: boolean,
): Layout {
  const others = opts.others ?? "medians";
  if (probability && opts.N !== undefined && opts.inner !== undefined && opts.N !== opts.inner) {
    // two options, named in each front end's words (--inner and --samples; inner and samples)
    throw new UserError(inTerms("--inner and --samples", "inner and samples"), `both give a tornado's draws per point at the probability level (${opts.inner} and ${opts.N}); give one of them`);
  }
  const chance = rest.hazards.length > 0 || (rest.chance?.length ?? 0) > 0;
  const N = (probability ? opts.inner : undefined) ?? opts.N ?? (chance || others === "prior" || probability ? DEFAULT_OAT_DRAWS : 1);
  if (!Number.isInteger(N) || N < 1) throw new ArgumentError(probability ? "inner" : "samples", `must be a positive integer, got ${N}`);
  if (others === "medians") {
    for (const name of rest.parameters) {
      const p = model.parameters.find((q) => q.name === name)!;
      const d = (Object.hasOwn(overrides, name) ? overrides[name] : p.prior) as Distribution;
      overrides[name] = d.median;
    }
    rest.parameters = [];
  }
  const k = problem.names.length;
  const plan = oatPlan(problem, { others });
  const P = plan.points.length;
  const rows = P * N;
  const values = new Float64Array(rows * k);
  const draws = new Int32Array(rows);
  for (let p = 0; p < P; p++) {
    for (let d = 0; d < N; d++) {
      values.set(plan.X.subarray(p * k, p * k + k), (p * N + d) * k);
      draws[p * N + d] = d;
    }
  }
  const oat = { others, low: plan.low, high: plan.high, points: plan.points, lowValues: plan.lowValues, highValues: plan.highValues, medians: plan.medians };
  return { N, rows, draws, values, extra: { oat } };
}

/** Build the design of a sensitivity analysis of a model (no model runs). */
export function buildDesign(model: CompiledModel, opts: SensitivityOptions): ModelDesign {
  const method = opts.method;
  if (!METHODS.includes(method)) {
    const hint = didYouMean(String(method), METHODS);
    throw new ArgumentError("method", `unknown method "${method}"${hint ? ` (did you mean "${hint}"?)` : ""}; choose sobol, morris or oat`);
  }
  const seed = opts.seed ?? 1;
  const overrides: Record<string, ParameterSetting> = { ...(opts.overrides ?? {}) };
  const { problem, priors, rest } = modelProblem(model, opts.params, overrides);
  const outputs: DesignOutput[] = model.outputs.map((o) => ({ name: o.name, kind: o.kind, description: o.description, headline: o.headline }));
  if (opts.outputs) chooseOutputs(outputs, opts.outputs, model.name);
  // a tornado with the others at their medians fixes the parameters that are not factors (oatLayout): they are not random
  const restParameters = method === "oat" && (opts.others ?? "medians") === "medians" ? 0 : rest.parameters.length;
  const hasRest = rest.hazards.length > 0 || (rest.chance?.length ?? 0) > 0 || restParameters > 0;
  const level = chooseLevel(opts, hasRest);
  const probability = level === "probability";
  const lay =
    method === "sobol"
      ? sobolLayout(problem, opts, seed, hasRest, probability)
      : method === "morris"
        ? morrisLayout(problem, opts, seed, probability)
        : oatLayout(model, problem, opts, rest, overrides, probability);
  const inner = probability && method !== "oat" ? innerDraws(opts, method, hasRest, lay) : undefined;
  const settings: Record<string, number | string> = {};
  for (const [name, s] of Object.entries(overrides)) settings[name] = typeof s === "number" ? s : s.text;
  return {
    schema: DESIGN_SCHEMA,
    version: VERSION,
    method,
    model: { name: model.name, file: model.file, sha256: model.sha256 },
    seed,
    N: lay.N,
    factors: problem.names.map((name, i) => ({ name, prior: priors[i].text })),
    rest,
    settings,
    correlations: model.correlations.map((c) => ({ between: c.between, rank: c.rank })),
    outputs,
    rows: lay.rows,
    draws: lay.draws,
    values: lay.values,
    level: probability ? "probability" : undefined,
    inner,
    ...lay.extra,
  };
}

/** The level asked for, checked; by default "probability" when the model has chance inputs, else "outcome" (the same numbers). */
function chooseLevel(opts: SensitivityOptions, hasRest: boolean): Level {
  const level = opts.level ?? (hasRest ? "probability" : "outcome");
  if (!LEVELS.includes(level)) throw new ArgumentError("level", `must be outcome or probability, got "${level}"`);
  if (level === "outcome" && opts.inner !== undefined) throw new ArgumentError("inner", `applies to the probability level (${inTerms("--level probability", 'level: "probability"')}), not to the outcome level`);
  return level;
}

/** K, the chance draws per design row at the probability level (1 when nothing but the factors is random), checked. */
function innerDraws(opts: SensitivityOptions, method: Method, hasRest: boolean, lay: Layout): number {
  const K = opts.inner ?? (hasRest ? PROBABILITY_DEFAULTS[method].inner : 1);
  if (!Number.isInteger(K) || K < 1) throw new ArgumentError("inner", `must be a positive integer, got ${K}`);
  let blocks = 0;
  for (let r = 0; r < lay.rows; r++) if (lay.draws[r] >= blocks) blocks = lay.draws[r] + 1;
  if (blocks * K > 2 ** 31 - 1) throw new ArgumentError("inner", `${K} draws for each of ${blocks} blocks of the design is more than 2^31 − 1 draws; give fewer`);
  return K;
}
