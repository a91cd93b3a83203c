/**
 * The model-level types of a sensitivity analysis and the names of its
 * file formats: a design over a model's parameters (ModelDesign, schema
 * "rsi-sim.design/1"), the options that build it (SensitivityOptions), the
 * outputs of its rows (DesignOutputs) and the analysis of them
 * (SensitivityResult, schema "rsi-sim.sensitivity/1"). No functions here: the
 * steps are design.ts, evaluate.ts and analyze.ts.
 */
import { withArticle } from "../../core/printable.js";
import type { OutputKind } from "../../model/types.js";
import type { ParameterSetting } from "../../sampling/sampler.js";
import type { SobolAnalysis, SobolIndex } from "./sobol-analyze.js";
import type { MorrisAnalysis, MorrisIndex } from "./morris-analyze.js";
import type { OatAnalysis } from "./oat-analyze.js";

export const DESIGN_SCHEMA = "rsi-sim.design/1";
export const SENSITIVITY_SCHEMA = "rsi-sim.sensitivity/1";
/** Name of the pseudo-factor grouping every random input that is not a factor. */
export const REST = "(rest)";

/** A sensitivity method: Sobol' indices, Morris elementary effects, or one at a time (tornado). */
export type Method = "sobol" | "morris" | "oat";
export const METHODS: Method[] = ["sobol", "morris", "oat"];
/** "a sobol design", "a morris design", "an oat design" */
export const aDesign = (method: string): string => withArticle(`${method} design`);

/**
 * What a design point's value is. "outcome": one draw's outcome (a 0/1
 * output moves only when that draw's outcome flips; the chance inputs are
 * one more factor, "(rest)"). "probability": the mean over K chance draws
 * (the inner draws), the same K at every point of a base row or trajectory
 * (common random numbers): P(output | factors) for a 0/1 output,
 * E[output | factors] for a continuous one.
 */
export type Level = "outcome" | "probability";
export const LEVELS: Level[] = ["outcome", "probability"];

export interface DesignOutput {
  name: string;
  kind: OutputKind;
  description: string;
  headline: boolean;
}

/** A design over a model's parameters, ready to run or to save (writeDesign). */
export interface ModelDesign {
  schema: typeof DESIGN_SCHEMA;
  version: string;
  method: Method;
  model: { name: string; file: string; sha256: string };
  seed: number;
  /** Sobol': base rows; Morris: trajectories; OAT: draws per point */
  N: number;
  /** the design's columns */
  factors: { name: string; prior: string }[];
  /** the random inputs that are not factors (hazards, other uncertain parameters), drawn from each draw's stream */
  /** the random inputs that are not factors: hazard thresholds, chance variables (when the model has any), parameters not analysed */
  rest: { hazards: string[]; chance?: string[]; parameters: string[] };
  /** parameter settings for the run: fixed values and replaced priors (as text) */
  settings: Record<string, number | string>;
  correlations: { between: [string, string]; rank: number }[];
  outputs: DesignOutput[];
  rows: number;
  /** the draw (stream index) of each row: its hazard thresholds and non-factor parameters */
  draws: Int32Array;
  /** rows × factors, row-major; NaN = from the draw's stream */
  values: Float64Array;
  /**
   * Present at the probability level (absent: outcome level). Sobol' and
   * Morris: every row is run at K inner draws, block·K … block·K + K − 1
   * with block = draws[r], and its value is their mean. OAT: the draws per
   * point are N = K (the uncertain parameters that are not factors are at
   * their medians with `others: "medians"`, drawn with "prior", as at the
   * outcome level).
   */
  level?: "probability";
  /** Sobol' and Morris at the probability level: inner draws K per row */
  inner?: number;
  sobol?: { k: number; includesRest: boolean; scramble: boolean; skip: number; drawLayout: "independent" | "shared" };
  morris?: { levels: number; delta: number; order: Int32Array; sign: Int8Array };
  oat?: { others: "medians" | "prior"; low: number; high: number; points: { factor: number; level: "base" | "low" | "high" }[]; lowValues: number[]; highValues: number[]; medians: number[] };
}

export interface SensitivityOptions {
  method: Method;
  /** factors (default: every uncertain parameter) */
  params?: string[];
  /** outputs to analyse (default: the model's headline outputs, or all when none is marked) */
  outputs?: string[];
  /** Sobol': base rows N (default 1024); OAT: draws per point (default 200, or 1 for a model with no other random input) */
  N?: number;
  /** Morris: trajectories (default 50) */
  trajectories?: number;
  /** Morris: levels (default 4) */
  levels?: number;
  seed?: number;
  resamples?: number;
  confLevel?: number;
  /** parameter settings applied first (a number fixes, a Distribution replaces the prior) */
  overrides?: Record<string, ParameterSetting>;
  /** OAT: the other factors at their medians (default) or sampled from their priors */
  others?: "medians" | "prior";
  /** Sobol': scramble the sequence (default true) and points skipped (default 0 scrambled, 1 not) */
  scramble?: boolean;
  skip?: number;
  /**
   * Sobol': draws of the B rows. "independent" (default): B_j uses draw N + j,
   * so S1 is the standard first-order index and "(rest)" is estimated;
   * "shared": B_j uses draw j like A_j (then S1_i also counts x_i's
   * interactions with the non-factor inputs, and "(rest)" is not estimated).
   */
  drawLayout?: "independent" | "shared";
  /**
   * "probability" (default when the model has chance inputs: hazards, or
   * uncertain parameters that are not factors): a point's value is the mean
   * over `inner` chance draws; "outcome": one draw's outcome.
   */
  level?: Level;
  /** probability level: chance draws per design point (default: DEFAULT_INNER of the method) */
  inner?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Outputs per design row, as evaluateDesign gives them or a results file holds them. */
export interface DesignOutputs {
  rows: number;
  outputs: string[];
  columns: Record<string, Float64Array>;
  /** 1 where the run failed numerically (its outputs are NaN) */
  failed: Uint8Array;
  /** failure reason → count */
  failures: Record<string, number>;
  /**
   * Probability level (Sobol', Morris): per row, the statistics of its K
   * inner runs. `columns` then hold each row's mean over the inner runs
   * where the output is defined (NaN if none).
   */
  inner?: InnerStats;
}

/** Per design row, over its K inner runs: counts and the variance of each output. */
export interface InnerStats {
  K: number;
  /** inner runs that failed numerically */
  failedRuns: Float64Array;
  /** output → inner runs where it is defined (not failed, not NaN) */
  defined: Record<string, Float64Array>;
  /** output → sample variance (n − 1) of its defined values; NaN with fewer than 2 */
  variance: Record<string, Float64Array>;
  /**
   * K ≥ 2: the same statistics of the row's second half of draws, the last
   * K − ⌈K/2⌉ (the first half's follow from them and the row's): inner runs
   * failed, per output the runs where it is defined and their mean (NaN if
   * none). The halves' inner errors are independent given the factors, which
   * the split-half Sobol' estimator uses (sobol-analyze.ts).
   */
  half?: InnerHalf;
}

/** The second half's inner statistics of each row (InnerStats.half). */
export interface InnerHalf {
  failedRuns: Float64Array;
  defined: Record<string, Float64Array>;
  mean: Record<string, Float64Array>;
}

export interface OutputSensitivity {
  kind: OutputKind;
  description: string;
  /** runs of the design */
  runs: number;
  /** runs that failed numerically */
  failed: number;
  /** successful runs where the output is NaN (e.g. a milestone not reached) */
  undefined: number;
  sobol?: Omit<SobolAnalysis, "warnings" | "indices"> & { indices: SobolIndex[] };
  morris?: Omit<MorrisAnalysis, "warnings" | "indices"> & { indices: MorrisIndex[] };
  oat?: Omit<OatAnalysis, "warnings">;
  /**
   * Probability level (Sobol', Morris): the inner Monte Carlo noise, the mean
   * variance of a row's mean over its K draws, and its share of the variance
   * of the row values across the design.
   */
  innerNoise?: { K: number; variance: number; share: number };
  warnings: string[];
}

/** A sensitivity analysis's result (schema rsi-sim.sensitivity/1): per output, each factor's indices with intervals, warnings and notes. */
export interface SensitivityResult {
  schema: typeof SENSITIVITY_SCHEMA;
  version: string;
  method: Method;
  model: { name: string; file: string; sha256: string };
  seed: number;
  N: number;
  /** present at the probability level: values are means over `inner` chance draws per point */
  level?: "probability";
  inner?: number;
  runs: number;
  failed: number;
  failures: Record<string, number>;
  resamples: number;
  confLevel: number;
  factors: { name: string; prior: string }[];
  rest: ModelDesign["rest"] & { analysed: boolean };
  settings: Record<string, number | string>;
  design: Record<string, unknown>;
  notes: string[];
  /** analysed outputs, in order; an output with undefined runs is followed by "defined(name)" */
  outputs: Record<string, OutputSensitivity>;
}
