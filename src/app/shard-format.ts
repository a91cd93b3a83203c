/**
 * Shards past one machine: `--shard K/N` computes the K-th of N contiguous
 * parts of a run's draws, of a sweep's draws (the same draws at every point)
 * or of a sensitivity design's rows, and writes a shard file; `rsi-sim
 * merge` joins the files into exactly the result of the single command.
 * Draw i's numbers depend only on (seed, i), and a design row's on its draw
 * and its factor values, so the split never changes a number.
 *
 * A shard file is binary (src/app/shard-binary.ts: the magic "RSISHARD", a
 * format version, a JSON header, then the columns as little-endian float64
 * or uint8 blocks, and a SHA-256 of everything, so a truncated or altered
 * file is refused). Its header (schema "rsi-sim.shard/2") holds what is
 * common to every kind (`kind`, the version, the key of the build that wrote
 * it (src/app/shard-build.ts), the model's text and hash, the
 * command that reproduces the result, the shard's position and its range of
 * draws or rows), what the kind needs (below), the directory of blocks, and
 * in place of each column the index of its block in the directory. The
 * header's JSON Schema is src/app/shard-schema.ts; merge checks each field
 * (src/app/shard-check.ts) before using any.
 *
 * - kind "run": seed, samples, horizon and settings; the outcome columns,
 *   failed flags, failures, series histograms and integration steps; the
 *   parameter columns only when sampling them again from the seed and
 *   settings would not give the same values (src/app/shard-parameters.ts),
 *   and their SHA-256 always.
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
import type { CompiledModel } from "../model/types.js";
import type { ParameterSetting } from "../sampling/sampler.js";
import type { FailureReport, SimulationResult } from "../engine/simulate.js";
import type { ShardKind, ShardSpec } from "../parallel/shard-spec.js";
import { VERSION } from "../analysis/result.js";
import type { DesignOutputs, SensitivityOptions } from "../analysis/sensitivity.js";
import { encodeShardFile, type BlockEntry, type Column } from "./shard-binary.js";
import { columnsSha256, planFromSettings, samplesBack } from "./shard-parameters.js";
import { buildKey } from "./shard-build.js";

export const SHARD_SCHEMA = "rsi-sim.shard/2";

/** A column in the header: the index of its block in the directory. */
export type BlockRef = number;

export interface ShardHeader {
  schema: string;
  kind: ShardKind;
  version: string;
  /** the key of the build that wrote it (src/app/shard-build.ts): SHA-256 of the modules that make the numbers */
  build: string;
  model: { name: string; file: string; sha256: string; source: string };
  command: string;
  /** position, and the draws (run, sweep) or design rows (sensitivity) covered */
  shard: { index: number; count: number; first: number; rows: number };
  /** the directory of the blocks (src/app/shard-binary.ts) */
  blocks: BlockEntry[];
}

type Head = Omit<ShardHeader, "blocks">;

function header(kind: ShardKind, model: CompiledModel, spec: ShardSpec, range: { first: number; count: number }, command: string): Head {
  return {
    schema: SHARD_SCHEMA,
    kind,
    version: VERSION,
    build: buildKey(),
    model: { name: model.name, file: model.file, sha256: model.sha256, source: model.source },
    command,
    shard: { index: spec.index, count: spec.count, first: range.first, rows: range.count },
  };
}

/** The columns of a shard being written: each added column is a block, which the header names by its index. */
class Blocks {
  readonly list: Column[] = [];
  add(a: Column): BlockRef {
    this.list.push(a);
    return this.list.length - 1;
  }
  /** The columns `names` of `columns`, as block indices. */
  named(names: string[], columns: Record<string, Column>): Record<string, BlockRef> {
    return Object.fromEntries(names.map((n) => [n, this.add(columns[n])]));
  }
}

/** A shard file's bytes: the header (the blocks' directory added) and the blocks. */
const seal = (body: Head, blocks: Blocks): Uint8Array => encodeShardFile(body as unknown as Record<string, unknown>, blocks.list);

/** Settings as text (a distribution as its canonical text, which parses back to the same prior). */
function settingsText(s: Record<string, ParameterSetting>): Record<string, number | string> {
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, typeof v === "number" ? v : v.text]));
}

export interface RunShardBody extends ShardHeader {
  kind: "run";
  seed: number;
  samples: number;
  horizon: number;
  settings: Record<string, number | string>;
  columns: Record<string, BlockRef>;
  /** the parameter and chance columns, or null when the merge samples them again from seed and settings */
  parameterColumns: Record<string, BlockRef> | null;
  /** SHA-256 of the parameter and chance columns (float64 little-endian, in the model's order, one after another) */
  parameterSha256: string;
  failed: BlockRef;
  failures: FailureReport;
  series: { times: number[]; counts: BlockRef[] };
  steps: number;
}

/** Whether the merge, sampling from the settings as the shard keeps them (text), gets the very columns `kept`. */
function samplesBackFrom(sim: SimulationResult, kept: Float64Array[]): boolean {
  let plan;
  try {
    plan = planFromSettings(sim.model.name, sim.model, sim.plan.settings);
  } catch {
    return false; // a setting whose text is not a distribution: the columns are stored
  }
  return plan.names.join() === sim.table.parameters.join() && samplesBack(sim.model, plan, sim.seed, sim.table.first, kept);
}

/** The bytes of a shard file for a simulation of one shard's draws. */
export function runShardFile(sim: SimulationResult, spec: ShardSpec, command: string): Uint8Array {
  const t = sim.table;
  const blocks = new Blocks();
  const kept = t.parameters.map((p) => t.parameterColumns[p]);
  // sampled again as the merge will: stored only where that does not give the same bytes
  const regenerates = samplesBackFrom(sim, kept);
  const body: Omit<RunShardBody, "blocks"> = {
    ...header("run", sim.model, spec, { first: t.first, count: t.rows }, command),
    kind: "run",
    seed: sim.seed,
    samples: sim.samples,
    horizon: sim.horizon,
    settings: sim.plan.settings,
    columns: blocks.named(t.outputs, t.columns),
    parameterColumns: regenerates ? null : blocks.named(t.parameters, t.parameterColumns),
    parameterSha256: columnsSha256(kept),
    failed: blocks.add(t.failed),
    failures: sim.failures,
    series: { times: sim.series.times, counts: sim.series.counts.map((c) => blocks.add(c)) },
    steps: sim.steps,
  };
  return seal(body, blocks);
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

/** One point of a sweep shard (or scenario of a comparison shard) in the header. */
export interface SweepShardPoint {
  settings: Record<string, number | string>;
  horizon: number;
  failures: FailureReport;
  failed: BlockRef;
  columns: Record<string, BlockRef>;
}

/** What a shard keeps of a point's (or scenario's) simulation, before it is written. */
export interface PointColumns {
  settings: Record<string, number | string>;
  horizon: number;
  failures: FailureReport;
  failed: Uint8Array;
  columns: Record<string, Float64Array>;
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

/** A point's simulation of the shard's draws, reduced to the columns `outputs` (copies, unless `copy` is false, so the rest of the simulation can go). */
export function sweepShardPoint(sim: SimulationResult, outputs: string[], copy = true): PointColumns {
  const kept = <T extends Column>(a: T): T => (copy ? (a.slice() as T) : a);
  return {
    settings: sim.plan.settings,
    horizon: sim.horizon,
    failures: sim.failures,
    failed: kept(sim.table.failed),
    columns: Object.fromEntries(outputs.map((o) => [o, kept(sim.table.columns[o])])),
  };
}

function pointBlocks(blocks: Blocks, p: PointColumns): SweepShardPoint {
  return { settings: p.settings, horizon: p.horizon, failures: p.failures, failed: blocks.add(p.failed), columns: blocks.named(Object.keys(p.columns), p.columns) };
}

/** The bytes of a sweep's shard file: the draws `range` at every point. */
export function sweepShardFile(
  model: CompiledModel,
  opts: SweepShardOptions,
  points: PointColumns[],
  spec: ShardSpec,
  range: { first: number; count: number },
  command: string,
): Uint8Array {
  const blocks = new Blocks();
  const body: Omit<SweepShardBody, "blocks"> = {
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
    points: points.map((p) => pointBlocks(blocks, p)),
  };
  return seal(body, blocks);
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
  columns: Record<string, BlockRef>;
  failed: BlockRef;
  /** failure reason → count, over the shard's rows */
  failures: Record<string, number>;
  /** probability level (Sobol', Morris): the rows' inner statistics (InnerStats), as float64 columns */
  inner?: { failedRuns: BlockRef; defined: Record<string, BlockRef>; variance: Record<string, BlockRef>; half?: { failedRuns: BlockRef; defined: Record<string, BlockRef>; mean: Record<string, BlockRef> } };
}

/** The bytes of a sensitivity design's shard file: the outputs of the design rows `range`. */
export function sensitivityShardFile(
  model: CompiledModel,
  opts: SensitivityShardOptions,
  analysis: { resamples: number; confLevel: number },
  design: { sha256: string; rows: number },
  table: DesignOutputs,
  outputs: string[],
  spec: ShardSpec,
  range: { first: number; count: number },
  command: string,
): Uint8Array {
  const blocks = new Blocks();
  const body: Omit<SensitivityShardBody, "blocks"> = {
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
    columns: blocks.named(outputs, table.columns),
    failed: blocks.add(table.failed),
    failures: table.failures,
  };
  const inner = table.inner;
  if (inner) {
    const cols = (c: Record<string, Float64Array>) => blocks.named(outputs, c);
    body.inner = { failedRuns: blocks.add(inner.failedRuns), defined: cols(inner.defined), variance: cols(inner.variance) };
    if (inner.half) body.inner.half = { failedRuns: blocks.add(inner.half.failedRuns), defined: cols(inner.half.defined), mean: cols(inner.half.mean) };
  }
  return seal(body, blocks);
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
  /** per scenario, in order: the shard's draws (as a sweep shard's points) */
  scenarios: SweepShardPoint[];
}

/** The bytes of a comparison's shard file: the draws `range` under every scenario. */
export function compareShardFile(
  model: CompiledModel,
  opts: Omit<CompareShardOptions, "scenarios" | "settings"> & { scenarios: { name: string; settings: Record<string, ParameterSetting> }[]; settings: Record<string, ParameterSetting> },
  sims: SimulationResult[],
  columns: string[],
  spec: ShardSpec,
  range: { first: number; count: number },
  command: string,
): Uint8Array {
  const blocks = new Blocks();
  const body: Omit<CompareShardBody, "blocks"> = {
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
    scenarios: sims.map((sim) => pointBlocks(blocks, sweepShardPoint(sim, columns, false))),
  };
  return seal(body, blocks);
}
