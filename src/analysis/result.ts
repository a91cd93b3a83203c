/**
 * The run result: the JSON contract other tools read (schema
 * "rsi-sim.result/1", see docs/result-json.md). Fields may be added, never
 * renamed without bumping the schema.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SimulationResult } from "../engine/simulate.js";
import { summarize, type OutputSummary } from "./summary.js";
import { sortedDefined } from "./stats.js";
import { orderedDefined, quantileOf, type Ordered } from "./order-statistics.js";
import { histogramQuantile, runningAt } from "../engine/series.js";

export const RESULT_SCHEMA = "rsi-sim.result/1";

const here = path.dirname(fileURLToPath(import.meta.url));
/** The package version, from package.json. */
export const VERSION: string = JSON.parse(readFileSync(path.join(here, "..", "..", "package.json"), "utf8")).version;

/** A run's summary: the result JSON contract (docs/result.schema.json), schema rsi-sim.result/1. */
export interface RunResult {
  schema: string;
  version: string;
  model: { name: string; file: string; sha256: string };
  seed: number;
  samples: number;
  failed: number;
  failures: Record<string, number>;
  horizon: number;
  parameters: Record<string, number | string>;
  /** the model's chance variables (drawn per world, not uncertain parameters) and their distributions; absent if it has none */
  chance?: Record<string, string>;
  outputs: Record<string, OutputSummary>;
  /** for charts: each continuous output's quantiles at 0, 1, …, 100% over the draws where it is defined */
  distributions: Record<string, { unit: string; n: number; missing: number; quantiles: number[] }>;
  /** for fan charts: each series' quantiles over the runs still going at each record time */
  series: Record<string, { unit: string; range: [number, number]; times: number[]; running: number[]; p5: number[]; p25: number[]; p50: number[]; p75: number[]; p95: number[] }>;
  /** the model's time axis */
  time: { start: number; unit: string };
  /** outputs with their kind, unit and meaning, for reports */
  outputInfo: Record<string, { kind: string; unit: string; description: string }>;
  /** parameters with their units, priors and sources, for reports */
  parameterInfo: Record<string, { unit: string; description: string; source: string }>;
  /** chance variables with their units and meaning, for reports; absent if the model has none */
  chanceInfo?: Record<string, { unit: string; description: string; source: string }>;
}

/** The model's outputs that the outcome table keeps (all, unless a run kept only some), in the table's order. */
function keptOutputs(sim: SimulationResult) {
  return sim.table.outputs.map((n) => sim.model.outputs.find((o) => o.name === n)!);
}

/** Summaries of a simulation in the result contract's shape (of the outputs its table keeps). */
export function summarizeRun(sim: SimulationResult): RunResult {
  const outputs = keptOutputs(sim);
  const kinds = Object.fromEntries(outputs.map((o) => [o.name, o.kind]));
  // each column in order once, for the summaries and the distributions: the sorted runs of the
  // threads of a parallel run (order-statistics.ts), else the column sorted here (~60 ms of a 40,000-draw run)
  const sorted: Record<string, Ordered> = {};
  for (const o of outputs) sorted[o.name] = orderedDefined(sim.table.columns[o.name], sortedDefined);
  return {
    schema: RESULT_SCHEMA,
    version: VERSION,
    model: { name: sim.model.name, file: sim.model.file, sha256: sim.model.sha256 },
    seed: sim.seed,
    samples: sim.samples,
    failed: sim.failures.count,
    failures: sim.failures.reasons,
    horizon: sim.horizon,
    parameters: sim.plan.settings,
    ...(sim.model.chance.length > 0 && { chance: Object.fromEntries(sim.model.chance.map((c) => [c.name, c.dist.text])) }),
    outputs: summarize(sim.table, kinds, sorted, sim.failures.domainErrors),
    distributions: distributionsOf(sim, sorted),
    series: seriesOf(sim),
    time: { start: sim.model.time.start, unit: sim.model.time.unit },
    outputInfo: Object.fromEntries(outputs.map((o) => [o.name, { kind: o.kind, unit: o.unit, description: o.description }])),
    parameterInfo: Object.fromEntries(
      sim.model.parameters.map((p) => [p.name, { unit: p.unit, description: p.description, source: p.source.trim() }]),
    ),
    ...(sim.model.chance.length > 0 && {
      chanceInfo: Object.fromEntries(sim.model.chance.map((c) => [c.name, { unit: c.unit, description: c.description, source: c.source.trim() }])),
    }),
  };
}

/** Significant digits of the numbers in every JSON result rsi-sim writes (resultJSON). */
export const JSON_DIGITS = 12;

/**
 * A number as a JSON result holds it: integers up to 2^53 (counts) as they are, other finite
 * numbers rounded to JSON_DIGITS significant digits (so 0.5089000000000017
 * is written 0.5089), NaN and infinities null. Deterministic: toPrecision
 * and the parse back are exactly specified by ECMAScript.
 */
export function jsonNumber(x: number): number | null {
  if (!Number.isFinite(x)) return null;
  return Number.isSafeInteger(x) ? x : Number(x.toPrecision(JSON_DIGITS));
}

/**
 * JSON text of a result (run, sweep, compare, sensitivity): numbers through
 * jsonNumber (12 significant digits; NaN and infinities null). Applied only
 * here, at the end, so a merge of shards writes the single run's bytes.
 */
export function resultJSON(result: object): string {
  return JSON.stringify(result, (_k, v) => (typeof v === "number" ? jsonNumber(v) : v), 2) + "\n";
}

function distributionsOf(sim: SimulationResult, sortedColumns: Record<string, Ordered>): RunResult["distributions"] {
  const ok = sim.table.rows - sim.failures.count;
  const out: RunResult["distributions"] = {};
  for (const o of keptOutputs(sim)) {
    if (o.kind !== "continuous") continue;
    const sorted = sortedColumns[o.name];
    out[o.name] = {
      unit: o.unit,
      n: sorted.length,
      missing: ok - sorted.length,
      quantiles: Array.from({ length: 101 }, (_, i) => quantileOf(sorted, i / 100)),
    };
  }
  return out;
}

function seriesOf(sim: SimulationResult): RunResult["series"] {
  const h = sim.series;
  const out: RunResult["series"] = {};
  h.series.forEach((spec, s) => {
    const q = (p: number) => h.times.map((_, k) => histogramQuantile(h, s, k, p));
    out[spec.name] = {
      unit: sim.model.series[s].unit,
      range: spec.range,
      times: h.times,
      running: h.times.map((_, k) => runningAt(h, s, k)),
      p5: q(0.05),
      p25: q(0.25),
      p50: q(0.5),
      p75: q(0.75),
      p95: q(0.95),
    };
  });
  return out;
}
