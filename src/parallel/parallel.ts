/**
 * Worker threads on one machine: the draws of a run are cut into contiguous
 * chunks that the calling thread and a pool of worker threads take from a
 * queue as they become free (so a thread that starts late or runs slow
 * draws does not hold the others up), and the chunks' outcome tables,
 * failure counts and series histograms are joined in draw order. Draw i's
 * numbers depend only on (seed, i), so the result is byte-identical to a run
 * on one thread, whatever the number of threads or the order chunks finish.
 *
 * The pool is kept between runs (a sweep's points, a notebook's cells) and
 * can be started early (`prewarmWorkers`) so that the workers load their
 * modules while the calling thread compiles the model; idle workers do not
 * keep the process alive.
 */
import { availableParallelism } from "node:os";
import type { CompiledModel } from "../model/types.js";
import { ArgumentError, UserError } from "../core/errors.js";
import { parseDistribution } from "../model/distributions.js";
import type { ParameterSetting } from "../sampling/sampler.js";
import { checkRunOptions, simulate, type SimulateOptions, type SimulationResult } from "../engine/simulate.js";
import { portableModel } from "../model/portable.js";
import { ChunkJoiner, joinInOrder } from "./join.js";
import { SortedRunBuilder, setSortedRuns, sortedOutputs } from "./sorted-runs.js";
import { ColumnFold } from "./column-fold.js";

import { MIN_DRAWS_PER_WORKER, addSeriesCounts, drawValues, maxWorkers, sharedPool, type ChunkResult, type DrawChunk, type ThreadTotals, type WorkerPool } from "./pool.js";

export { MIN_DRAWS_PER_WORKER, WorkerPool, closeWorkers, prewarmWorkers, sharedPool, type ChunkResult, type DrawChunk, type ThreadTotals, type WorkerJob, type WorkerMessage } from "./pool.js";

const modelIds = new WeakMap<CompiledModel, number>();
let nextModelId = 1;
/** A number for each compiled model object, so a pool's worker rebuilds it once. */
function modelId(m: CompiledModel): number {
  let id = modelIds.get(m);
  if (id === undefined) modelIds.set(m, (id = nextModelId++));
  return id;
}

/** "auto" → the number of cores; otherwise a positive integer. */
export function resolveWorkers(spec: string | number | undefined): number {
  if (spec === undefined || spec === "auto") return availableParallelism();
  const n = typeof spec === "number" ? spec : Number(spec);
  if (!Number.isInteger(n) || n < 1) throw new ArgumentError("workers", `must be a positive integer or "auto", got "${spec}"`);
  const max = maxWorkers();
  if (n > max) throw new ArgumentError("workers", `must be at most ${max} (4 threads per core on this machine's ${availableParallelism()}; more than the cores never speed a job up), got ${n}`);
  return n;
}

/** Settings as plain data for a worker (distributions travel as their text, which parses back to the same prior). */
export function serialiseOverrides(overrides: Record<string, ParameterSetting> = {}): Record<string, number | string> {
  return Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k, typeof v === "number" ? v : v.text]));
}

export function deserialiseOverrides(o: Record<string, number | string>): Record<string, ParameterSetting> {
  return Object.fromEntries(
    Object.entries(o).map(([k, v]) => {
      if (typeof v === "number") return [k, v];
      const r = parseDistribution(v);
      if (!r.ok) throw new Error(`worker: cannot parse "${v}": ${r.error}`);
      return [k, r.dist];
    }),
  );
}

/** Draws per chunk: about 16 chunks per thread, at least 125 draws each. */
export function chunkSize(count: number, threads: number): number {
  return Math.max(125, Math.ceil(count / (threads * 16)));
}

/** What every chunk of a job shares. */
export interface ChunkRunSettings {
  samples: number;
  seed: number;
  horizon?: number;
  overrides?: Record<string, ParameterSetting>;
  keepParameters?: boolean;
  keepSeries?: boolean;
  /** each thread keeps its outputs' finite values as sorted runs, handed over through `on.last` (sorted-runs.ts) */
  sortedRuns?: boolean;
}

/** What the calling thread spent of a parallel run on work only it does (for bench/serial.mjs). */
export interface MainThreadTimes {
  /** ms taking in the threads' chunks, sorted runs and series counts while draws ran */
  receive: number;
  /** ms joining the chunks' small parts and recording the runs once every thread was done */
  join: number;
  /** the clock (ms) the times are read from: performance.now (wall time) unless given, e.g. the thread's CPU time */
  clock?: () => number;
}

/**
 * Run chunks of draws on this thread and `threads − 1` workers of a pool:
 * every thread claims the next chunk from a shared counter (Atomics), so a
 * thread that starts late or runs slower draws takes fewer chunks and none
 * waits for another. `onChunk` gets each chunk's result as it finishes (in
 * any order); `onProgress` the draws done so far in a chunk. Returns the
 * first simulation run on this thread (for the run's metadata), or null.
 * `on.last` gets each thread's totals once it has no more chunks to claim:
 * its series counts summed (with `keepSeries`; a chunk's result then has
 * none) and with `settings.sortedRuns` its sorted runs.
 * Throws the first error of any thread, after every thread has stopped.
 */
export async function runChunks(
  model: CompiledModel,
  settings: ChunkRunSettings,
  chunks: DrawChunk[],
  threads: number,
  on: { chunk(c: number, result: ChunkResult): void; progress?(c: number, done: number): void; last?(totals: ThreadTotals): void },
  pool: WorkerPool = sharedPool(),
): Promise<SimulationResult | null> {
  const nChunks = chunks.length;
  const next = new SharedArrayBuffer(4);
  const claim = new Int32Array(next);
  let local: SimulationResult | null = null;
  let failure: Error | null = null;
  const stop = (err: Error) => {
    failure ??= err;
    Atomics.store(claim, 0, nChunks); // nobody claims another chunk
  };
  const remote = threads > 1 ? pool.hold(threads - 1) : [];
  const job = {
    modelId: modelId(model),
    samples: settings.samples,
    seed: settings.seed,
    horizon: settings.horizon,
    chunks,
    next,
    overrides: serialiseOverrides(settings.overrides),
    keepParameters: settings.keepParameters,
    keepSeries: settings.keepSeries,
    sortedRuns: settings.sortedRuns,
  };
  const handlers = { chunk: on.chunk, progress: on.progress ?? (() => {}), last: on.last ?? (() => {}) };
  const sorted = settings.sortedRuns ? new SortedRunBuilder(sortedOutputs(model)) : null;
  let series: Float64Array[] | undefined;
  try {
    // posted at once: a worker still loading takes the job when it is ready (waiting for a
    // message from it here would wait for this thread's first chunk, which holds the event loop)
    const lanes = remote.map(async (pw) => {
      try {
        await pool.runJob(pw, () => portableModel(model), job, handlers);
      } catch (err) {
        stop(err as Error);
      }
    });
    // this thread claims chunks too, letting the workers' messages in between
    for (let c = Atomics.add(claim, 0, 1); c < nChunks; c = Atomics.add(claim, 0, 1)) {
      try {
        const ch = chunks[c];
        const sim = simulate(model, {
          ...settings,
          first: ch.first,
          count: ch.count,
          parameterValues: drawValues(ch),
          onProgress: (done) => handlers.progress(c, done),
        });
        local ??= sim;
        sorted?.add(sim.table.columns);
        if (settings.keepSeries !== false) series = addSeriesCounts(series, sim.series.counts);
        on.chunk(c, {
          columns: sim.table.columns,
          parameterColumns: sim.table.parameterColumns,
          failed: sim.table.failed,
          failures: sim.failures,
          seriesCounts: [],
          steps: sim.steps,
        });
      } catch (err) {
        stop(err as Error);
      }
      if (remote.length > 0) await new Promise<void>((r) => setImmediate(r));
    }
    if (failure === null) handlers.last({ runs: sorted?.finish().runs, seriesCounts: series });
    await Promise.all(lanes);
  } finally {
    pool.release(remote);
  }
  if (failure !== null) throw failure;
  return local;
}

/** The chunks of draws [first, first + count) for `threads` threads, each with its slice of any design values. */
function planChunks(opts: SimulateOptions, first: number, count: number, threads: number): DrawChunk[] {
  let values: Record<string, Float64Array> | undefined;
  if (opts.parameterValues) {
    values = {};
    for (const [name, col] of Object.entries(opts.parameterValues)) {
      if (col.length < count) throw new UserError("parameterValues", `"${name}" has ${col.length} values for ${count} draws`);
      values[name] = Float64Array.from({ length: count }, (_, i) => col[i]);
    }
  }
  const size = chunkSize(count, threads);
  const chunks: DrawChunk[] = [];
  for (let s = first; s < first + count; s += size) {
    const n = Math.min(size, first + count - s);
    const v = values && Object.fromEntries(Object.entries(values).map(([k, col]) => [k, col.subarray(s - first, s - first + n)]));
    chunks.push({ first: s, count: n, parameterValues: v });
  }
  return chunks;
}

/** Progress over all chunks: `update(c, done)` records chunk c's draws done and reports the total when it grows. */
function progressOver(chunks: number, count: number, onProgress?: (done: number, total: number) => void) {
  const progress = new Float64Array(chunks);
  let reported = 0;
  return (c: number, done: number) => {
    progress[c] = done;
    if (!onProgress) return;
    let total = 0;
    for (let i = 0; i < chunks; i++) total += progress[i];
    if (total > reported) onProgress((reported = total), count);
  };
}

/**
 * Run a simulation on `workers` threads (1 = this thread only). Same
 * result, byte for byte, as simulate() with the same options.
 * With `sortedRuns` and `summaryOnly` (a caller that keeps only the run's
 * summary), a run on several threads folds its outputs in draw order and
 * drops their columns (column-fold.ts): the table's output columns are then
 * empty stand-ins that only the summaries (analysis/summary.ts) read. A
 * column a fold cannot summarise exactly (a |value| above 1e150, or a
 * binary output with other values) has the draws run again keeping the table.
 */
export async function simulateParallel(
  model: CompiledModel,
  opts: SimulateOptions & { workers?: number; pool?: WorkerPool; sortedRuns?: boolean; summaryOnly?: boolean; mainThreadTimes?: MainThreadTimes },
): Promise<SimulationResult> {
  checkRunOptions(model, opts);
  const first = opts.first ?? 0;
  const count = opts.count ?? opts.samples - first;
  const threads = Math.max(1, Math.min(opts.workers ?? 1, Math.floor(count / MIN_DRAWS_PER_WORKER)));
  if (threads <= 1) return simulate(model, opts);
  const chunks = planChunks(opts, first, count, threads);
  const update = progressOver(chunks.length, count, opts.onProgress);
  const folds = opts.sortedRuns && opts.summaryOnly ? Object.fromEntries(model.outputs.map((o) => [o.name, new ColumnFold()])) : undefined;
  const joiner = new ChunkJoiner(chunks, first, count, opts.keepSeries !== false, folds);
  const runs: Record<string, Float64Array>[] = [];
  const { samples, seed, horizon, overrides, keepParameters, keepSeries, sortedRuns } = opts;
  const times = opts.mainThreadTimes;
  const now = times?.clock ?? (() => performance.now());
  const timed = <A extends unknown[]>(f: (...a: A) => void) =>
    times
      ? (...a: A) => {
          const t0 = now();
          f(...a);
          times.receive += now() - t0;
        }
      : f;
  const local = await runChunks(
    model,
    { samples, seed, horizon, overrides, keepParameters, keepSeries, sortedRuns },
    chunks,
    threads,
    {
      chunk: timed((c: number, r: ChunkResult) => {
        joiner.add(c, r);
        update(c, chunks[c].count);
      }),
      progress: update,
      last: timed((t: ThreadTotals) => {
        if (t.runs) runs.push(t.runs);
        if (t.seriesCounts) joiner.addSeries(t.seriesCounts);
      }),
    },
    opts.pool,
  );
  const t0 = now();
  // when every chunk ran on a worker, the run's metadata comes from an empty local run
  const base = local ?? simulate(model, { ...opts, first, count: 0, parameterValues: undefined });
  const sim = joiner.result(base);
  // the threads' runs, in a fixed order (the order of the union does not change an order statistic)
  if (sortedRuns) for (const o of sortedOutputs(model)) setSortedRuns(sim.table.columns[o], runs.map((r) => r[o] ?? new Float64Array(0)));
  if (times) times.join += now() - t0;
  if (folds) {
    const runsKept = new Set(sortedOutputs(model));
    const inexact = Object.entries(folds).some(([name, f]) => !f.exact || (!runsKept.has(name) && f.others > 0));
    if (inexact) return simulateParallel(model, { ...opts, summaryOnly: false });
  }
  return sim;
}

/**
 * Simulations of consecutive ranges of draws (in draw order, same seed and
 * settings) joined into one of `samples` draws: the same result, byte for
 * byte, as one run of all their draws. `--precision` adds draws in blocks.
 */
export function joinSimulations(parts: SimulationResult[], samples: number): SimulationResult {
  return { ...joinInOrder(parts, true), samples };
}
