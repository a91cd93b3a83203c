/**
 * Shards past one machine: `--shard K/N` computes the K-th of N contiguous
 * parts of a run's draws, of a sweep's draws (the same draws at every point)
 * or of a sensitivity design's rows, and writes a shard file; `rsi-sim
 * merge` joins the files into exactly the result of the single command.
 * Draw i's numbers depend only on (seed, i), and a design row's on its draw
 * and its factor values, so the split never changes a number.
 *
 * A shard file (schema "rsi-sim.shard/1") is one line of JSON: a header
 * common to every kind (`kind`, the version, the model's text and hash, the
 * command that reproduces the result, the shard's position and its range of
 * draws or rows), what the kind needs (below), columns as raw float64 (flags
 * as bytes) in base64, and a SHA-256 of everything else, so a truncated or
 * altered file is refused. The fields' JSON Schema is src/app/shard-schema.ts;
 * merge checks each field (src/app/shard-check.ts) before using any.
 *
 * - kind "run" (also a file without `kind`): seed, samples, horizon and
 *   settings; the outcome and parameter columns, failed flags, failures,
 *   series histograms and integration steps.
 * - kind "sweep": the sweep's options (swept parameters and values, outputs,
 *   other settings as text, samples, seed, horizon) and how the values were
 *   given (the table's header); per point, the summarised outputs' columns,
 *   failed flags, failures, settings and horizon.
 * - kind "sensitivity": the options that rebuild the design (buildDesign is
 *   deterministic), the design's SHA-256 (of its JSON, checked on merge), the
 *   bootstrap resamples and confidence level; the analysed outputs' columns,
 *   failed flags and failure reasons of the shard's rows. At the
 *   probability level (options.level, options.inner) the columns are the
 *   rows' means over their inner draws, and `inner` holds per row the
 *   inner runs failed and, per output, the inner runs where it is defined
 *   and its sample variance (float64 columns); with K ≥ 2 draws a row,
 *   `inner.half` holds the same of the row's second half of draws (the
 *   last K − ⌈K/2⌉): inner runs failed and, per output, the runs where it
 *   is defined and its mean, for the split-half Sobol' estimators.
 * - kind "compare": the comparison's options (scenarios with their own
 *   settings as text, the baseline, the shared settings, compared and
 *   timeline outputs, samples, seed, horizon, resamples); per scenario, the
 *   columns of the compared and timeline outputs, failed flags, failures,
 *   every parameter's setting and the horizon.
 */
import { createHash } from "node:crypto";
import type { CompiledModel } from "../model/types.js";
import type { ParameterSetting } from "../sampling/sampler.js";
import type { FailureReport, SimulationResult } from "../engine/simulate.js";
import type { ShardKind, ShardSpec } from "../parallel/shard-spec.js";
import { VERSION } from "../analysis/result.js";
import type { DesignOutputs, SensitivityOptions } from "../analysis/sensitivity.js";

export const SHARD_SCHEMA = "rsi-sim.shard/1";

export interface ShardHeader {
  schema: string;
  /** absent in files written before sweeps and designs could be sharded: a run */
  kind?: ShardKind;
  version: string;
  model: { name: string; file: string; sha256: string; source: string };
  command: string;
  /** position, and the draws (run, sweep) or design rows (sensitivity) covered */
  shard: { index: number; count: number; first: number; rows: number };
}

function header(kind: ShardKind, model: CompiledModel, spec: ShardSpec, range: { first: number; count: number }, command: string): ShardHeader {
  return {
    schema: SHARD_SCHEMA,
    kind,
    version: VERSION,
    model: { name: model.name, file: model.file, sha256: model.sha256, source: model.source },
    command,
    shard: { index: spec.index, count: spec.count, first: range.first, rows: range.count },
  };
}

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A shard file's text: the body and the SHA-256 of its JSON. */
function seal(body: ShardHeader): string {
  return JSON.stringify({ ...body, sha256: sha256(JSON.stringify(body)) }) + "\n";
}

/** A column as base64 of its raw bytes (float64 in the platform's order, little-endian everywhere rsi-sim runs). */
export const encodeColumn = (a: Float64Array | Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");

/** Settings as text (a distribution as its canonical text, which parses back to the same prior). */
function settingsText(s: Record<string, ParameterSetting>): Record<string, number | string> {
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, typeof v === "number" ? v : v.text]));
}

export interface RunShardBody extends ShardHeader {
  seed: number;
  samples: number;
  horizon: number;
  settings: Record<string, number | string>;
  columns: Record<string, string>;
  parameterColumns: Record<string, string>;
  failed: string;
  failures: FailureReport;
  series: { times: number[]; counts: string[] };
  steps: number;
}

/** The text of a shard file for a simulation of one shard's draws. */
export function shardFileText(sim: SimulationResult, spec: ShardSpec, command: string): string {
  const t = sim.table;
  const body: RunShardBody = {
    ...header("run", sim.model, spec, { first: t.first, count: t.rows }, command),
    seed: sim.seed,
    samples: sim.samples,
    horizon: sim.horizon,
    settings: sim.plan.settings,
    columns: Object.fromEntries(t.outputs.map((o) => [o, encodeColumn(t.columns[o])])),
    parameterColumns: Object.fromEntries(t.parameters.map((p) => [p, encodeColumn(t.parameterColumns[p])])),
    failed: encodeColumn(t.failed),
    failures: sim.failures,
    series: { times: sim.series.times, counts: sim.series.counts.map(encodeColumn) },
    steps: sim.steps,
  };
  return seal(body);
}

/** A sweep's options as a shard file keeps them. */
export interface SweepShardOptions {
  param: string;
  values: number[];
  param2?: string;
  values2?: number[];
  /** the summarised outputs (resolved) */
  outputs: string[];
  overrides: Record<string, ParameterSetting>;
  samples: number;
  seed: number;
  horizon?: number;
  /** per axis, how its values were given (the table's header) */
  how: string[];
}

/** One point of a sweep shard: what the sweep's plan reads of the point's simulation. */
export interface SweepShardPoint {
  settings: Record<string, number | string>;
  horizon: number;
  failures: FailureReport;
  failed: string;
  columns: Record<string, string>;
}

export interface SweepShardBody extends ShardHeader {
  kind: "sweep";
  sweep: {
    param: string;
    values: number[];
    param2: string | null;
    values2: number[] | null;
    outputs: string[];
    overrides: Record<string, number | string>;
    samples: number;
    seed: number;
    horizon: number | null;
    how: string[];
  };
  points: SweepShardPoint[];
}

/** A point's simulation of the shard's draws, reduced to the summarised outputs. */
export function sweepShardPoint(sim: SimulationResult, outputs: string[]): SweepShardPoint {
  return {
    settings: sim.plan.settings,
    horizon: sim.horizon,
    failures: sim.failures,
    failed: encodeColumn(sim.table.failed),
    columns: Object.fromEntries(outputs.map((o) => [o, encodeColumn(sim.table.columns[o])])),
  };
}

/** The text of a sweep's shard file: the draws `range` at every point. */
export function sweepShardText(
  model: CompiledModel,
  opts: SweepShardOptions,
  points: SweepShardPoint[],
  spec: ShardSpec,
  range: { first: number; count: number },
  command: string,
): string {
  const body: SweepShardBody = {
    ...header("sweep", model, spec, range, command),
    kind: "sweep",
    sweep: {
      param: opts.param,
      values: opts.values,
      param2: opts.param2 ?? null,
      values2: opts.values2 ?? null,
      outputs: opts.outputs,
      overrides: settingsText(opts.overrides),
      samples: opts.samples,
      seed: opts.seed,
      horizon: opts.horizon ?? null,
      how: opts.how,
    },
    points,
  };
  return seal(body);
}

/** The options of buildDesign a sensitivity shard keeps (without progress). */
export type SensitivityShardOptions = Omit<SensitivityOptions, "onProgress" | "resamples" | "confLevel">;

export interface SensitivityShardBody extends ShardHeader {
  kind: "sensitivity";
  /** buildDesign's options, settings as text */
  options: Omit<SensitivityShardOptions, "overrides"> & { overrides: Record<string, number | string> };
  analysis: { resamples: number; confLevel: number };
  /** the SHA-256 of the design's JSON (designJSON) and its rows */
  design: { sha256: string; rows: number };
  columns: Record<string, string>;
  failed: string;
  /** failure reason → count, over the shard's rows */
  failures: Record<string, number>;
  /** probability level (Sobol', Morris): the rows' inner statistics (InnerStats), as float64 columns */
  inner?: { failedRuns: string; defined: Record<string, string>; variance: Record<string, string>; half?: { failedRuns: string; defined: Record<string, string>; mean: Record<string, string> } };
}

/** The text of a sensitivity design's shard file: the outputs of the design rows `range`. */
export function sensitivityShardText(
  model: CompiledModel,
  opts: SensitivityShardOptions,
  analysis: { resamples: number; confLevel: number },
  design: { sha256: string; rows: number },
  table: DesignOutputs,
  outputs: string[],
  spec: ShardSpec,
  range: { first: number; count: number },
  command: string,
): string {
  const body: SensitivityShardBody = {
    ...header("sensitivity", model, spec, range, command),
    kind: "sensitivity",
    options: {
      method: opts.method,
      params: opts.params,
      outputs: opts.outputs,
      N: opts.N,
      trajectories: opts.trajectories,
      levels: opts.levels,
      seed: opts.seed,
      others: opts.others,
      drawLayout: opts.drawLayout,
      scramble: opts.scramble,
      skip: opts.skip,
      overrides: settingsText(opts.overrides ?? {}),
      level: opts.level,
      inner: opts.inner,
    },
    analysis,
    design,
    columns: Object.fromEntries(outputs.map((o) => [o, encodeColumn(table.columns[o])])),
    failed: encodeColumn(table.failed),
    failures: table.failures,
  };
  const inner = table.inner;
  if (inner) {
    const cols = (c: Record<string, Float64Array>) => Object.fromEntries(outputs.map((o) => [o, encodeColumn(c[o])]));
    body.inner = { failedRuns: encodeColumn(inner.failedRuns), defined: cols(inner.defined), variance: cols(inner.variance) };
    if (inner.half) body.inner.half = { failedRuns: encodeColumn(inner.half.failedRuns), defined: cols(inner.half.defined), mean: cols(inner.half.mean) };
  }
  return seal(body);
}

/** A comparison's options as a shard file keeps them (settings as text). */
export interface CompareShardOptions {
  scenarios: { name: string; settings: Record<string, number | string> }[];
  baseline: number;
  /** the settings every scenario shares */
  settings: Record<string, number | string>;
  /** compared outputs and timeline outputs (resolved) */
  outputs: string[];
  timeline: string[];
  samples: number;
  seed: number;
  horizon: number | null;
  resamples: number | null;
}

export interface CompareShardBody extends ShardHeader {
  kind: "compare";
  compare: CompareShardOptions;
  /** per scenario, in order: the shard's draws (the same as `sweepShardPoint`'s) */
  scenarios: SweepShardPoint[];
}

/** The text of a comparison's shard file: the draws `range` under every scenario. */
export function compareShardText(
  model: CompiledModel,
  opts: Omit<CompareShardOptions, "scenarios" | "settings"> & { scenarios: { name: string; settings: Record<string, ParameterSetting> }[]; settings: Record<string, ParameterSetting> },
  sims: SimulationResult[],
  columns: string[],
  spec: ShardSpec,
  range: { first: number; count: number },
  command: string,
): string {
  const body: CompareShardBody = {
    ...header("compare", model, spec, range, command),
    kind: "compare",
    compare: {
      scenarios: opts.scenarios.map((s) => ({ name: s.name, settings: settingsText(s.settings) })),
      baseline: opts.baseline,
      settings: settingsText(opts.settings),
      outputs: opts.outputs,
      timeline: opts.timeline,
      samples: opts.samples,
      seed: opts.seed,
      horizon: opts.horizon,
      resamples: opts.resamples,
    },
    scenarios: sims.map((sim) => sweepShardPoint(sim, columns)),
  };
  return seal(body);
}
