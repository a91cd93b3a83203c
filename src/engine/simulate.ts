/**
 * Monte Carlo over draws: uniforms → parameters → one trajectory per draw →
 * one row of the outcome table. Draw i's numbers depend only on (seed, i),
 * so any range of draws (a batch, a worker's share, a shard) gives the same
 * rows as the single run.
 *
 * @example
 * const model = loadModel("forethought-sie");
 * const sim = simulate(model, { samples: 1000, seed: 1 });
 * sim.table.columns.sie_12m_3x; // Float64Array of 0/1
 */
import type { CompiledModel } from "../model/types.js";
import { ArgumentError, UserError } from "../core/errors.js";
import { fillUniforms, isValidSeed } from "../sampling/stream.js";
import { planParameters, sampleParameters, type ParameterPlan, type ParameterSetting } from "../sampling/sampler.js";
import { Engine } from "./engine.js";
import { firstNonFinite, nonFiniteText } from "./faults.js";
import { addValue, emptyHistograms, type SeriesHistograms, type SeriesSpec } from "./series.js";

export interface SimulateOptions {
  /** number of draws in the whole run */
  samples: number;
  seed: number;
  /** parameter settings that replace the model's (fixed values or priors) */
  overrides?: Record<string, ParameterSetting>;
  /** model time at which runs end (default: the model's horizon) */
  horizon?: number;
  /** run only draws [first, first + count) of the run (default: all) */
  first?: number;
  count?: number;
  /** called now and then with the draws done so far */
  onProgress?: (done: number, total: number) => void;
  /**
   * Per-draw parameter values (a design: sweeps, Sobol, Morris): column
   * name → values for draws first … first + count − 1 (indexed from 0).
   * They replace the sampled values; every other parameter and every hazard
   * threshold still comes from the draw's own stream.
   */
  parameterValues?: Record<string, Float64Array | number[]>;
  /** keep each draw's parameter values in the table (default true; a summary alone does not need them) */
  keepParameters?: boolean;
  /**
   * record the model's series (default true): the fan charts of the result
   * JSON and the HTML report need them; the terminal summary, CSV, sweeps and
   * sensitivity designs do not, and a run without them is ~10% faster for
   * rsi-core. Without them, `series` has every count 0.
   */
  keepSeries?: boolean;
}

/** One row per draw: outputs, then the draw's parameter values. */
export interface OutcomeTable {
  /** index of the first draw in the table */
  first: number;
  rows: number;
  outputs: string[];
  columns: Record<string, Float64Array>;
  /** the kept columns of inputs: the parameters, then the chance variables (empty when not kept) */
  parameters: string[];
  parameterColumns: Record<string, Float64Array>;
  /** 1 where the draw failed numerically (its outputs are NaN) */
  failed: Uint8Array;
}

export interface FailureReport {
  count: number;
  /** reason (without the time) → count */
  reasons: Record<string, number>;
  /** first few failing draws with their full message */
  examples: { draw: number; message: string }[];
  /**
   * successful draws whose output is NaN from a domain error of its
   * expression (ln of a negative number, 0/0), not undefined (a milestone not
   * reached): output → count, outputs with none left out. Absent in reports
   * made before it was added.
   */
  domainErrors?: Record<string, number>;
}

/** A simulation: the model, its settings, the outcome table (one row per draw), failures and series histograms. */
export interface SimulationResult {
  model: CompiledModel;
  seed: number;
  samples: number;
  horizon: number;
  plan: ParameterPlan;
  table: OutcomeTable;
  failures: FailureReport;
  series: SeriesHistograms;
  /** integration steps over all draws (for benchmarks) */
  steps: number;
}

const CHUNK = 256;

/**
 * One engine per model and horizon on this thread, kept between calls. A
 * run on worker threads calls simulate() once per chunk of draws; a new
 * Engine each time gave V8 fresh objects whose arrays had not yet taken
 * their final shapes, and it threw away the optimised engine (~0.2 s of
 * compilation a time, 3–4 times per thread in the default run). The engine
 * holds no state between draws (each run() starts afresh; even a simulate()
 * called from a progress callback, between draws, is safe), so reuse changes
 * no number (test/parallel.test.ts compares chunked runs with one-call runs).
 */
const engines = new WeakMap<CompiledModel, Engine>();
function engineFor(model: CompiledModel, horizon: number | undefined): Engine {
  const kept = engines.get(model);
  if (kept && kept.horizon === (horizon ?? model.time.horizon)) return kept;
  const engine = new Engine(model, { horizon });
  engines.set(model, engine);
  return engine;
}

/** Check the run options; throws an ArgumentError naming the bad one (`samples must be …`). */
export function checkRunOptions(model: CompiledModel, opts: SimulateOptions): void {
  if (!Number.isInteger(opts.samples) || opts.samples < 1) throw new ArgumentError("samples", `must be a positive integer, got ${opts.samples}`);
  if (!isValidSeed(opts.seed)) throw new ArgumentError("seed", `must be an integer from 0 to 4294967295, got ${opts.seed}`);
  if (opts.horizon !== undefined && !(opts.horizon > model.time.start)) {
    throw new ArgumentError("horizon", `must be after the model's start (${model.time.start}), got ${opts.horizon}`);
  }
}

function countDomainError(failures: FailureReport, output: string, count = 1): void {
  const d = (failures.domainErrors ??= {});
  d[output] = (d[output] ?? 0) + count;
}

/** Add the output domain errors of one part of a run (a worker's, a shard's) to the whole run's. */
export function addDomainErrors(into: FailureReport, part: FailureReport): void {
  for (const [output, count] of Object.entries(part.domainErrors ?? {})) countDomainError(into, output, count);
}

/** Mark row idx of the table failed (outputs NaN) and count its reason (the message without its time). */
function recordFailure(table: OutcomeTable, failures: FailureReport, idx: number, message: string): void {
  table.failed[idx] = 1;
  failures.count++;
  const reason = message.replace(/ at t = .*$/, "");
  failures.reasons[reason] = (failures.reasons[reason] ?? 0) + 1;
  if (failures.examples.length < 5) failures.examples.push({ draw: table.first + idx, message });
  for (const name of table.outputs) table.columns[name][idx] = NaN;
}

/**
 * Run draws of a model. A draw fails (its outputs NaN, its reason counted)
 * when a parameter value is not finite (an override or design value; a
 * prior that can give one is refused when the model is compiled) or the
 * engine reports a fault.
 */
export function simulate(model: CompiledModel, opts: SimulateOptions): SimulationResult {
  checkRunOptions(model, opts);
  const plan = planParameters(model, opts.overrides);
  const engine = engineFor(model, opts.horizon);
  const first = opts.first ?? 0;
  const count = opts.count ?? opts.samples - first;
  const nOut = model.outputs.length;
  const nPar = model.parameters.length;
  const nDrawn = nPar + model.chance.length;
  const K = model.layout.uniformsPerDraw;
  const keep = opts.keepParameters !== false;
  const table: OutcomeTable = {
    first,
    rows: count,
    outputs: model.outputs.map((o) => o.name),
    columns: Object.fromEntries(model.outputs.map((o) => [o.name, new Float64Array(count)])),
    parameters: keep ? plan.names : [],
    parameterColumns: keep ? Object.fromEntries(plan.names.map((name) => [name, new Float64Array(count)])) : {},
    failed: new Uint8Array(count),
  };
  // arrays the draw loop reads are built by push, not Array.prototype.map: V8's optimised map
  // makes arrays of another shape than the built-in's, and the optimised loop, fed the other
  // shape on the next chunk of draws, was thrown away (3–4 times per thread in the default run)
  const cols: Float64Array[] = [];
  for (const o of model.outputs) cols.push(table.columns[o.name]);
  const pcols: Float64Array[] = [];
  for (const name of table.parameters) pcols.push(table.parameterColumns[name]);
  const nKeep = pcols.length;
  const specs: SeriesSpec[] = [];
  for (const s of model.series) specs.push({ name: s.name, range: s.range, bins: s.bins });
  const series = emptyHistograms(engine.recordTimes, specs);
  const nSeries = opts.keepSeries === false ? 0 : model.series.length;
  const nRec = engine.recordTimes.length;
  const seriesBuf = new Float64Array(Math.max(1, nSeries * nRec));
  const failures: FailureReport = { count: 0, reasons: {}, examples: [] };
  const domainError = engine.domainError;
  const u = new Float64Array(CHUNK * K);
  const p = new Float64Array(Math.max(1, model.layout.pSize));
  const z = new Float64Array(Math.max(1, nPar));
  const row = new Float64Array(Math.max(1, nOut));
  const designCols: [number, ArrayLike<number>][] = [];
  for (const [name, col] of Object.entries(opts.parameterValues ?? {})) {
    const j = model.parameters.findIndex((q) => q.name === name);
    if (j < 0) throw new UserError("parameterValues", `unknown parameter "${name}" in ${model.name}`);
    if (col.length < count) throw new UserError("parameterValues", `"${name}" has ${col.length} values for ${count} draws`);
    designCols.push([j, col]);
  }
  let steps = 0;
  for (let c0 = 0; c0 < count; c0 += CHUNK) {
    const m = Math.min(CHUNK, count - c0);
    fillUniforms(opts.seed, first + c0, m, K, u);
    for (let d = 0; d < m; d++) {
      const idx = c0 + d;
      sampleParameters(plan, u, d * K, p, z);
      for (const [j, col] of designCols) p[j] = col[idx];
      for (let j = 0; j < nKeep; j++) pcols[j][idx] = p[j];
      const bad = firstNonFinite(p, nDrawn);
      const failure = bad >= 0 ? `non-finite parameter ${plan.names[bad]} (${nonFiniteText(p[bad])})` : engine.run(p, u, d * K + nDrawn, row, nSeries > 0 ? seriesBuf : undefined);
      if (bad < 0) steps += engine.lastSteps;
      if (failure !== null) {
        recordFailure(table, failures, idx, failure);
        continue;
      }
      for (let o = 0; o < nOut; o++) {
        cols[o][idx] = row[o];
        if (domainError[o] === 1) countDomainError(failures, table.outputs[o]);
      }
      for (let s = 0; s < nSeries; s++) for (let k = 0; k < nRec; k++) addValue(series, s, k, seriesBuf[s * nRec + k]);
    }
    opts.onProgress?.(c0 + m, count);
  }
  return {
    model,
    seed: opts.seed,
    samples: opts.samples,
    horizon: engine.horizon,
    plan,
    table,
    failures,
    series,
    steps,
  };
}
