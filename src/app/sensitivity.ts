/**
 * The sensitivity use case: which uncertain parameters drive a model's
 * outputs. Build a design (Sobol', Morris or one at a time), run the model
 * on it, analyse the outputs; or write the design to run elsewhere, analyse
 * a saved design's results, or run one shard of the design's rows.
 */
import { checkOptions } from "./options.js";
import { ArgumentError, UserError, inTerms } from "../core/errors.js";
import { readBoundedText } from "../core/json-read.js";
import { didYouMean } from "../core/suggest.js";
import type { CompiledModel } from "../model/types.js";
import { shardRange, type ShardSpec } from "../parallel/shard-spec.js";
import {
  DEFAULT_SOBOL_N,
  DEFAULT_TRAJECTORIES,
  METHODS,
  analyzeDesign,
  analysedOutputs,
  buildDesign,
  designSha256,
  evaluateDesignParallel,
  innerOf,
  parseResults,
  readDesign,
  LEVELS,
  aDesign,
  PROBABILITY_DEFAULTS,
  type Level,
  type Method,
  type ModelDesign,
  type SensitivityOptions,
  type SensitivityResult,
} from "../analysis/sensitivity.js";
import { checkDraws, checkInteger, checkSeed, checkWorkers } from "./check.js";
import { checkAtMost, checkMemory, checkShardFile, designBytes, MAX_DRAWS, MAX_RESAMPLES, sensitivityShardFileBytes } from "./limits.js";
import { DEFAULT_SEED, resolveModel, type ModelRef } from "./model.js";
import type { ShardOutcome } from "./run.js";
import { resolveSettings, type SettingInput } from "./settings.js";
import { sensitivityShardFile } from "./shard-format.js";

/** How the intervals of an analysis are computed. */
export interface AnalysisOptions {
  /** outputs to analyse (default: the model's headline outputs) */
  outputs?: string[];
  /** bootstrap resamples (default 1000, at least 20) */
  resamples?: number;
  /** confidence level of the intervals (default 0.95) */
  confLevel?: number;
}

/** What to analyse. */
export interface SensitivityRunOptions extends AnalysisOptions {
  model?: ModelRef;
  method: Method;
  /** factors (default: every uncertain parameter) */
  params?: string[];
  /** sobol: base rows N, a power of two (default 1024); oat: draws per point */
  samples?: number;
  /** morris: trajectories (default 50) and levels (default 4, even) */
  trajectories?: number;
  levels?: number;
  /** oat: the other factors at their medians (default) or sampled from their priors */
  others?: "medians" | "prior";
  /** sobol: independent (default) or shared draws for the B rows */
  drawLayout?: "independent" | "shared";
  /**
   * "probability" (default for a model with hazards or other chance inputs):
   * a design point's value is the mean over `inner` chance draws, P(output |
   * factors) for a 0/1 output; "outcome": one draw's outcome
   */
  level?: Level;
  /** probability level: chance draws per design point (default: sobol 32, morris 64, oat 200) */
  inner?: number;
  seed?: number;
  /** settings applied first: a number fixes a parameter, a distribution replaces its prior */
  settings?: Record<string, SettingInput>;
  workers?: number | "auto";
  onProgress?: (done: number, total: number) => void;
  command?: string;
  /** the most memory the analysis may plan to use: bytes, or a size such as "8GB" (default: half of this machine's) */
  maxMemory?: number | string;
}

/** An analysis's outcome: the model, its design and the indices. */
export interface SensitivityOutcome {
  model: CompiledModel;
  design: ModelDesign;
  result: SensitivityResult;
  /** the command that reproduces the numbers, if given */
  command?: string;
}

/** The resamples and confidence level, checked. */
export function analysisSettings(o: AnalysisOptions): { resamples: number; confLevel: number } {
  const resamples = checkAtMost("resamples", checkInteger("resamples", o.resamples ?? 1000, 20), MAX_RESAMPLES, "");
  const confLevel = o.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) throw new ArgumentError("confLevel", `must be a number between 0 and 1 (e.g. 0.95), got ${confLevel}`);
  return { resamples, confLevel };
}

function checkMethod(o: SensitivityRunOptions): Method {
  if (o.method === undefined) throw new ArgumentError("method", "is required: sobol, morris or oat");
  if (!METHODS.includes(o.method)) {
    const hint = didYouMean(String(o.method), METHODS);
    throw new ArgumentError("method", `unknown method "${o.method}"${hint ? ` (did you mean "${hint}"?)` : ""}; choose sobol, morris or oat`);
  }
  const only: [keyof SensitivityRunOptions, Method][] = [["trajectories", "morris"], ["levels", "morris"], ["others", "oat"], ["drawLayout", "sobol"]];
  for (const [name, m] of only) {
    if (o[name] !== undefined && o.method !== m) throw new ArgumentError(name, `applies to method ${m}, not ${o.method}`);
  }
  if (o.method === "morris" && o.samples !== undefined) throw new ArgumentError("samples", "does not apply to method morris; give trajectories");
  if (o.level !== undefined && !LEVELS.includes(o.level)) {
    const hint = didYouMean(String(o.level), LEVELS);
    throw new ArgumentError("level", `unknown level "${o.level}"${hint ? ` (did you mean "${hint}"?)` : ""}; choose outcome or probability`);
  }
  if (o.level === "outcome" && o.inner !== undefined) throw new ArgumentError("inner", `applies to the probability level, not to ${inTerms("--level outcome", "level: \"outcome\"")}`);
  return o.method;
}

/** The method's size settings, checked (undefined: the level's default, set by buildDesign). */
function methodSettings(method: Method, o: SensitivityRunOptions): Partial<SensitivityOptions> {
  const inner = o.inner === undefined ? undefined : checkDraws("inner", o.inner);
  const level = o.level;
  return { ...sizeSettings(method, o), level, inner };
}

function sizeSettings(method: Method, o: SensitivityRunOptions): Partial<SensitivityOptions> {
  if (method === "sobol") {
    if (o.samples === undefined) return { drawLayout: checkLayout(o.drawLayout) };
    const N = checkDraws("samples", o.samples);
    if (N < 16) throw new ArgumentError("samples", `too few for Sobol' indices: need at least 16 base rows (1024 or more is usual), got ${N}`);
    return { N, drawLayout: checkLayout(o.drawLayout) };
  }
  if (method === "morris") {
    const trajectories = o.trajectories === undefined ? undefined : checkDraws("trajectories", o.trajectories);
    if (trajectories === undefined) return { levels: checkLevels(o.levels) };
    if (trajectories < 2) throw new ArgumentError("trajectories", `too few for Morris screening: need at least 2 (10 or more is usual), got ${trajectories}`);
    return { trajectories, levels: checkLevels(o.levels) };
  }
  const others = o.others;
  if (others !== undefined && others !== "medians" && others !== "prior") throw new ArgumentError("others", `must be medians or prior, got "${others}"`);
  return { N: o.samples === undefined ? undefined : checkDraws("samples", o.samples), others };
}

function checkLayout(layout: SensitivityRunOptions["drawLayout"]): SensitivityRunOptions["drawLayout"] {
  if (layout !== undefined && layout !== "independent" && layout !== "shared") throw new ArgumentError("drawLayout", `must be independent or shared, got "${layout}"`);
  return layout;
}

function checkLevels(levels = 4): number {
  const p = checkInteger("levels", levels, 2);
  if (p % 2 !== 0) throw new ArgumentError("levels", `must be even, got ${p}`);
  return p;
}

/** Whether a design of these options will be at the probability level (buildDesign decides; this is its rule, for the size checks). */
function probabilityLevel(model: CompiledModel, o: SensitivityRunOptions): boolean {
  if (o.level !== undefined) return o.level === "probability";
  const k = o.params?.length ?? model.parameters.filter((p) => p.prior).length;
  return model.hazards.length > 0 || k < model.parameters.filter((p) => p.prior).length;
}

/**
 * Refuse a design too large to build: at most MAX_DRAWS rows (an upper
 * bound from its size, before a row is made), and within the memory limit.
 */
function checkDesignSize(model: CompiledModel, o: SensitivityRunOptions, options: SensitivityOptions): void {
  const k = o.params?.length ?? model.parameters.filter((p) => p.prior).length;
  const method = options.method;
  const probability = probabilityLevel(model, o);
  const defaults = probability ? PROBABILITY_DEFAULTS[method] : { size: method === "morris" ? DEFAULT_TRAJECTORIES : DEFAULT_SOBOL_N, inner: 1 };
  const size = (method === "morris" ? options.trajectories : method === "oat" && probability ? (options.inner ?? options.N) : options.N) ?? defaults.size;
  const K = method === "oat" ? 1 : (options.inner ?? defaults.inner);
  const perBase = method === "sobol" ? k + 3 : method === "morris" ? k + 1 : 2 * k + 1;
  const argument = method === "morris" ? "trajectories" : "samples";
  const rows = size * perBase;
  const advice = `give fewer ${argument === "samples" ? "base rows" : argument}`;
  const unit = K > 1 ? `${perBase} rows × ${K} draws` : `${perBase} rows`;
  const per = method === "morris" ? "trajectory" : "base row";
  // a design too large only because of a --inner the user gave (its size fits at the default) names --inner
  if (options.inner !== undefined && K > 1 && size * perBase * defaults.inner <= MAX_DRAWS) {
    checkAtMost("inner", K, Math.floor(MAX_DRAWS / (perBase * size)), `${size} ${method === "morris" ? "trajectories" : "base rows"} of ${perBase} rows × K draws must stay within ${MAX_DRAWS}`);
  }
  checkAtMost(argument, size, Math.floor(MAX_DRAWS / (perBase * K)), `the design's ${unit} per ${per} must stay within ${MAX_DRAWS}`);
  // the design's table holds every output of the model (--outputs chooses what is analysed), the bootstrap only those analysed
  const analysed = o.outputs?.length ?? model.outputs.length;
  const what = `${aDesign(method)} of ${rows} rows`;
  checkMemory(designBytes(rows, k, model.outputs.length, options.resamples ?? 1000, K, analysed), { argument, what, advice: `${advice} or split the design into shards (${inTerms("--shard K/N", "sensitivityShard")})` }, o.maxMemory);
}

/** An analysis's model, design and the options that rebuild the design. */
export interface PreparedSensitivity {
  model: CompiledModel;
  design: ModelDesign;
  options: SensitivityOptions;
}

/**
 * The design of an analysis, built but not run (to write it and run it
 * elsewhere, or to hand to sensitivity and sensitivityShard), with the
 * options that rebuild it.
 *
 * @example
 * const { design } = await sensitivityDesign({ method: "sobol", samples: 64, params: ["gamma", "r_safe"] });
 * design.rows; // 320: 64 × (2 factors + 3) model runs (Saltelli's A, B, the AB_i and the rest's block)
 */
export async function sensitivityDesign(o: SensitivityRunOptions): Promise<PreparedSensitivity> {
  checkOptions("sensitivity", o, false);
  const method = checkMethod(o);
  const { resamples, confLevel } = analysisSettings(o);
  const model = await resolveModel(o.model);
  const options: SensitivityOptions = {
    method,
    params: o.params,
    outputs: o.outputs,
    seed: checkSeed(o.seed ?? DEFAULT_SEED),
    resamples,
    confLevel,
    overrides: resolveSettings(model, o.settings),
    ...methodSettings(method, o),
  };
  checkDesignSize(model, o, options);
  return { model, design: buildDesign(model, options), options };
}

/**
 * Run a sensitivity analysis: build the design, run the model on its rows
 * (on worker threads) and analyse the outputs, with bootstrap intervals.
 *
 * @example
 * const { result } = await sensitivity({ model: "rsi-core", method: "morris", trajectories: 4, outputs: ["loc"], resamples: 100 });
 * result.outputs.loc.morris.indices; // μ*, μ, σ of each factor
 */
export async function sensitivity(o: SensitivityRunOptions, prepared?: PreparedSensitivity): Promise<SensitivityOutcome> {
  // (sensitivityDesign checks the options when it is called here)
  if (prepared) checkOptions("sensitivity", o, false);
  const { model, design, options } = prepared ?? (await sensitivityDesign(o));
  const table = await evaluateDesignParallel(model, design, { overrides: options.overrides, onProgress: o.onProgress, workers: checkWorkers(o.workers) });
  const result = analyzeDesign(design, table, { outputs: options.outputs, resamples: options.resamples, confLevel: options.confLevel });
  return { model, design, result, command: o.command };
}

/**
 * Shard `spec` of an analysis: its block of the design's rows, as a shard file's bytes.
 *
 * @example
 * const shard = await sensitivityShard({ method: "oat", samples: 20, params: ["gamma"], outputs: ["loc"] }, { index: 1, count: 2 });
 * shard.rows; // the design's rows, of which this shard ran shard.range
 */
export async function sensitivityShard(o: SensitivityRunOptions, spec: ShardSpec, prepared?: PreparedSensitivity): Promise<ShardOutcome & { rows: number }> {
  if (prepared) checkOptions("sensitivity", o, false);
  const { model, design, options } = prepared ?? (await sensitivityDesign(o));
  const range = shardRange(spec, design.rows);
  checkSensitivityShard(design, range.count, analysedOutputs(design, options.outputs).length);
  const part = await evaluateDesignParallel(model, design, { overrides: options.overrides, onProgress: o.onProgress, workers: checkWorkers(o.workers), rows: range });
  const { onProgress: _, resamples, confLevel, ...shardOptions } = options;
  // the level and inner draws as the design resolved them, so that merge can check the shard's inner statistics
  const resolved = { ...shardOptions, level: design.level ?? shardOptions.level, inner: design.inner ?? shardOptions.inner };
  const bytes = sensitivityShardFile(
    model,
    resolved,
    { resamples: resamples!, confLevel: confLevel! },
    { sha256: designSha256(design), rows: design.rows },
    part,
    analysedOutputs(design, options.outputs),
    spec,
    range,
    o.command ?? "",
  );
  return { spec, range, bytes, rows: design.rows };
}

/** Refuse a shard whose file would be larger than `rsi-sim merge` reads: found before its rows run. */
function checkSensitivityShard(design: ModelDesign, rows: number, outputs: number): void {
  const K = innerOf(design);
  const bytes = sensitivityShardFileBytes(rows, outputs, K > 1 || design.inner !== undefined ? K : undefined);
  const argument = design.method === "morris" ? "trajectories" : "samples";
  const inner = K > 1 ? ` at ${K} inner draws` : "";
  checkShardFile(bytes, argument, `${rows} rows of ${aDesign(design.method)}${inner} (${outputs} output${outputs === 1 ? "" : "s"})`);
}

/**
 * Analyse a design written earlier (`designFile`, JSON) with the outputs of
 * its runs (`resultsFile`: CSV with a column per output and a row per design
 * row, or JSON).
 *
 * @example
 * // a design written by `rsi-sim sensitivity --method morris --write-design d.json`,
 * // its rows run by another tool into outputs.csv:
 * const { result } = analyzeSaved("d.json", "outputs.csv", { resamples: 200 });
 */
export function analyzeSaved(
  designFile: string,
  resultsFile: string,
  o: AnalysisOptions & { method?: Method; model?: string; command?: string } = {},
): Omit<SensitivityOutcome, "model"> {
  const { resamples, confLevel } = analysisSettings(o);
  const design = readDesign(designFile);
  if (o.method !== undefined && o.method !== design.method) throw new ArgumentError("method", `is ${o.method}, but ${designFile} is ${aDesign(design.method)}`);
  if (o.model !== undefined && o.model !== design.model.name && o.model !== design.model.file) {
    throw new ArgumentError("model", `is ${o.model}, but ${designFile} was made for ${design.model.name}`);
  }
  let text: string;
  try {
    text = readBoundedText(resultsFile);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(resultsFile, `cannot read the results (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const table = parseResults(text, resultsFile);
  if (table.rows !== design.rows) throw new UserError(resultsFile, `has ${table.rows} rows; the design ${designFile} has ${design.rows}`);
  const result = analyzeDesign(design, table, { outputs: o.outputs, resamples, confLevel });
  return { design, result, command: o.command };
}
