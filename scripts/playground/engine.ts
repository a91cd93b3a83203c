/**
 * The playground's engine: the compiled model rebuilt from the data that
 * `rsi-sim playground` embedded in the page (its kernel as code, not as
 * text for `new Function`, which the page's Content-Security-Policy
 * forbids), and the draws of a run as the CLI's worker threads run them:
 * simulate() over a range of draws, then joinSimulations() in draw order.
 * Draw i depends only on (seed, i), so the joined result is the CLI's.
 */
import type { CompiledModel, ModelKernel } from "../../src/model/types.js";
import type { PortableModel } from "../../src/model/portable.js";
import { parseDistribution, type Distribution } from "../../src/model/distributions.js";
import { simulate, type SimulationResult } from "../../src/engine/simulate.js";
import { deserialiseOverrides, joinSimulations } from "../../src/parallel/parallel.js";
import { finishCompare, type CompareResult } from "../../src/analysis/compare.js";

/** What the page embeds (src/report/playground.ts writes it). */
export interface PlaygroundData {
  model: Omit<PortableModel, "kernelSource">;
  kernel: () => Omit<ModelKernel, "source">;
  /** how the CLI names the model (--model) */
  modelArg: string;
  /** each uncertain parameter's 1% and 99% prior quantiles, and whether its slider is logarithmic */
  ranges: Record<string, { lo: number; hi: number; log: boolean; values?: number[] }>;
  initial: { samples: number; seed: number };
}

export function playgroundData(): PlaygroundData {
  const d = (globalThis as unknown as { RSI_PLAYGROUND?: PlaygroundData }).RSI_PLAYGROUND;
  if (!d) throw new Error("the playground's model data is missing from the page");
  return d;
}

function rebuild(name: string, canonical: string): Distribution {
  const r = parseDistribution(canonical);
  if (!r.ok) throw new Error(`cannot rebuild the distribution of ${name} from "${canonical}": ${r.error}`);
  return r.dist;
}

/** The compiled model (portable.ts's restoreModel, with the kernel's closures from embedded code). */
export function restoreEmbedded(d: PlaygroundData): CompiledModel {
  const { parameters, chance, ...rest } = d.model;
  return {
    ...rest,
    kernel: { ...d.kernel(), source: "(embedded in the page)" },
    parameters: parameters.map(({ priorCanonical, ...p }) => (priorCanonical === undefined ? p : { ...p, prior: rebuild(p.name, priorCanonical) })),
    chance: chance.map(({ distCanonical, ...c }) => ({ ...c, dist: rebuild(c.name, distCanonical) })),
  } as CompiledModel;
}

/** A chunk of draws to run in a worker. */
export interface ChunkJob {
  type: "run";
  gen: number;
  scenario: number;
  first: number;
  count: number;
  samples: number;
  seed: number;
  overrides: Record<string, number | string>;
}

/** A chunk's outcome, as a worker posts it back (typed arrays transferred). */
export interface ChunkReply {
  type: "chunk";
  gen: number;
  scenario: number;
  first: number;
  count: number;
  columns: Record<string, Float64Array>;
  failed: Uint8Array;
  failures: SimulationResult["failures"];
  seriesCounts: Float64Array[];
  steps: number;
}

/** Run one chunk (in a worker). */
export function runChunk(model: CompiledModel, job: ChunkJob): ChunkReply {
  const sim = simulate(model, {
    samples: job.samples,
    seed: job.seed,
    first: job.first,
    count: job.count,
    overrides: deserialiseOverrides(job.overrides),
    keepParameters: false,
    keepSeries: true,
  });
  return {
    type: "chunk",
    gen: job.gen,
    scenario: job.scenario,
    first: job.first,
    count: job.count,
    columns: sim.table.columns,
    failed: sim.table.failed,
    failures: sim.failures,
    seriesCounts: sim.series.counts,
    steps: sim.steps,
  };
}

/** The buffers of a reply, to transfer rather than copy. */
export function transferables(r: ChunkReply): ArrayBuffer[] {
  return [...Object.values(r.columns).map((c) => c.buffer as ArrayBuffer), r.failed.buffer as ArrayBuffer, ...r.seriesCounts.map((c) => c.buffer as ArrayBuffer)];
}

/**
 * The simulation of draws [0, n) from chunks covering them in order: each
 * chunk made a SimulationResult on the run's metadata (`base`, an empty run
 * on this thread, as simulateParallel does when every chunk ran elsewhere),
 * then joined by the CLI's joinSimulations.
 */
export function joinChunks(base: SimulationResult, chunks: ChunkReply[], n: number): SimulationResult {
  const parts: SimulationResult[] = chunks.map((c) => ({
    ...base,
    table: { ...base.table, first: c.first, rows: c.count, columns: c.columns, parameterColumns: {}, failed: c.failed },
    failures: c.failures,
    series: { ...base.series, counts: c.seriesCounts },
    steps: c.steps,
  }));
  return joinSimulations(parts, n);
}

/** The run's metadata: an empty run with the same settings (no draws). */
export function baseRun(model: CompiledModel, samples: number, seed: number, overrides: ReturnType<typeof deserialiseOverrides>): SimulationResult {
  return simulate(model, { samples, seed, first: 0, count: 0, overrides, keepParameters: false, keepSeries: true });
}

/** A comparison to finish in a worker: the two scenarios' chunks of draws [0, n). */
export interface CompareJob {
  type: "compare";
  gen: number;
  n: number;
  seed: number;
  settings: [Record<string, number | string>, Record<string, number | string>];
  chunks: [ChunkReply[], ChunkReply[]];
}

/**
 * `rsi-sim compare --scenario baseline … --scenario current …` on draws
 * [0, n): the scenarios' simulations joined as the CLI joins them, then the
 * CLI's finishCompare (paired differences, quantile shifts with their
 * bootstrap, the timeline).
 */
export function runCompare(model: CompiledModel, job: CompareJob): { type: "compare"; gen: number; n: number; result: CompareResult } {
  const names = ["baseline", "current"];
  const settings = job.settings.map((s) => deserialiseOverrides(s));
  const sims = settings.map((o, k) => joinChunks(baseRun(model, job.n, job.seed, o), job.chunks[k], job.n));
  const result = finishCompare(model, { scenarios: names.map((name, k) => ({ name, settings: settings[k] })), seed: job.seed, samples: job.n }, sims);
  return { type: "compare", gen: job.gen, n: job.n, result };
}
