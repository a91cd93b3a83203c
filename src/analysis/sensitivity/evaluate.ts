/**
 * Running a design: every row through simulate(), with the design's values
 * for the factors and everything else from the row's draw, on this thread
 * (evaluateDesign) or on worker threads (evaluateDesignParallel) with the
 * same numbers, since each row's draw fixes its random numbers. Outputs are
 * gathered per design row (DesignOutputs); the calls are design-chunks.ts.
 * At the probability level a row is run at its K inner draws and gathered
 * as their mean (inner.ts).
 */
import type { CompiledModel } from "../../model/types.js";
import type { ParameterSetting } from "../../sampling/sampler.js";
import { ArgumentError } from "../../core/errors.js";
import { simulate } from "../../engine/simulate.js";
import { MIN_DRAWS_PER_WORKER, chunkSize, runChunks } from "../../parallel/parallel.js";
import { drawValues } from "../../parallel/pool.js";
import { checkRows, designChunks, maxDraw, splitChunks, type DesignChunk, type DesignRows } from "./design-chunks.js";
import { emptyInnerOutputs, expandChunk, gatherInner, innerOf } from "./inner.js";
import type { DesignOutputs, ModelDesign } from "./types.js";

function checkDesignModel(model: CompiledModel, design: ModelDesign): void {
  if (design.model.sha256 !== model.sha256) {
    throw new ArgumentError("design", `was made for ${design.model.name} (sha256 ${design.model.sha256.slice(0, 12)}…), not this model file (${model.sha256.slice(0, 12)}…)`);
  }
}

/** The run's overrides with the design's fixed settings on top. */
function designOverrides(design: ModelDesign, overrides: Record<string, ParameterSetting> = {}): Record<string, ParameterSetting> {
  const o: Record<string, ParameterSetting> = { ...overrides };
  for (const [name, v] of Object.entries(design.settings)) if (typeof v === "number") o[name] = v;
  return o;
}

function emptyOutputs(model: CompiledModel, design: ModelDesign, rows: number): DesignOutputs {
  const K = innerOf(design);
  if (K > 1 || design.inner !== undefined) return emptyInnerOutputs(model.outputs.map((o) => o.name), rows, K);
  return {
    rows,
    outputs: model.outputs.map((o) => o.name),
    columns: Object.fromEntries(model.outputs.map((o) => [o.name, new Float64Array(rows)])),
    failed: new Uint8Array(rows),
    failures: {},
  };
}

/** Put a chunk's outputs in their rows (at the probability level, its rows' means over their inner runs); `base` is the first row of `out`. */
function scatter(out: DesignOutputs, base: number, chunk: DesignChunk, columns: Record<string, Float64Array>, failed: Uint8Array, reasons: Record<string, number>): void {
  if (out.inner) return gatherInner(out, base, chunk, columns, failed, reasons);
  for (const o of out.outputs) {
    const src = columns[o];
    const dst = out.columns[o];
    chunk.rows.forEach((r, c) => (dst[r - base] = src[c]));
  }
  chunk.rows.forEach((r, c) => (out.failed[r - base] = failed[c]));
  for (const [reason, n] of Object.entries(reasons)) out.failures[reason] = (out.failures[reason] ?? 0) + n;
}

/**
 * The simulate() calls of a design's rows `range`, at most `size` design
 * rows each, expanded to their inner runs at the probability level.
 */
function designPieces(design: ModelDesign, range: DesignRows, size: number): DesignChunk[] {
  const K = innerOf(design);
  return splitChunks(designChunks(design, range), Math.max(1, Math.floor(size / K))).map((c) => expandChunk(c, K));
}

/** Draws the run covers: every inner draw of the design's blocks. */
const designSamples = (design: ModelDesign) => (maxDraw(design) + 1) * innerOf(design);

/** Runs per call on one thread (bounds the memory of an expanded chunk). */
const RUNS_PER_CALL = 1 << 16;

/**
 * Failure counts with their reasons in a fixed (sorted) order, so the result
 * does not depend on the order in which chunks, threads or shards finish.
 */
export function sortedFailures(failures: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys(failures).sort().map((k) => [k, failures[k]]));
}

/**
 * Run every row of a design through simulate() on this thread: row r takes
 * the design's values for the factors and everything else from draw
 * draws[r]. With `rows`, only those rows are run (a shard of the design);
 * the outputs then hold row first + i at index i, with the same numbers as
 * in a run of the whole design.
 */
export function evaluateDesign(
  model: CompiledModel,
  design: ModelDesign,
  opts: { overrides?: Record<string, ParameterSetting>; onProgress?: (done: number, total: number) => void; rows?: DesignRows } = {},
): DesignOutputs {
  checkDesignModel(model, design);
  const range = checkRows(design, opts.rows);
  const overrides = designOverrides(design, opts.overrides);
  const out = emptyOutputs(model, design, range.count);
  const samples = designSamples(design);
  const K = innerOf(design);
  let done = 0;
  for (const chunk of designPieces(design, range, RUNS_PER_CALL)) {
    const before = done;
    const sim = simulate(model, {
      samples,
      seed: design.seed,
      overrides,
      first: chunk.first,
      count: chunk.count,
      parameterValues: drawValues(chunk),
      keepParameters: false,
      keepSeries: false,
      onProgress: opts.onProgress ? (d) => opts.onProgress!(before + d, range.count * K) : undefined,
    });
    scatter(out, range.first, chunk, sim.table.columns, sim.table.failed, sim.failures.reasons);
    done += chunk.count;
  }
  out.failures = sortedFailures(out.failures);
  return out;
}

/**
 * evaluateDesign on up to `workers` threads: the design's chunks are cut
 * into pieces that this thread and the workers of the shared pool
 * (src/parallel/pool.ts) claim as they become free. The numbers are the same
 * as on one thread, since each row's draw fixes its random numbers. Threads
 * are used when there are at least `minRowsPerThread` rows (default 1,000)
 * for each.
 */
export async function evaluateDesignParallel(
  model: CompiledModel,
  design: ModelDesign,
  opts: {
    overrides?: Record<string, ParameterSetting>;
    onProgress?: (done: number, total: number) => void;
    workers?: number;
    minRowsPerThread?: number;
    rows?: DesignRows;
  } = {},
): Promise<DesignOutputs> {
  const range = checkRows(design, opts.rows);
  const K = innerOf(design);
  const runs = range.count * K;
  const threads = Math.max(1, Math.min(opts.workers ?? 1, Math.floor(runs / (opts.minRowsPerThread ?? MIN_DRAWS_PER_WORKER))));
  if (threads <= 1) return evaluateDesign(model, design, opts);
  checkDesignModel(model, design);
  const out = emptyOutputs(model, design, range.count);
  const pieces = designPieces(design, range, Math.min(RUNS_PER_CALL, chunkSize(runs, threads)));
  const progress = new Float64Array(pieces.length);
  let reported = 0;
  const report = () => {
    if (!opts.onProgress) return;
    let done = 0;
    for (let i = 0; i < pieces.length; i++) done += progress[i];
    if (done > reported) opts.onProgress((reported = done), runs);
  };
  await runChunks(
    model,
    { samples: designSamples(design), seed: design.seed, overrides: designOverrides(design, opts.overrides), keepParameters: false, keepSeries: false },
    pieces.map(({ first, count, parameterValues, repeat }) => ({ first, count, parameterValues, repeat })),
    threads,
    {
      chunk: (i, r) => {
        scatter(out, range.first, pieces[i], r.columns, r.failed, r.failures.reasons);
        progress[i] = pieces[i].count;
        report();
      },
      progress: (i, done) => {
        progress[i] = done;
        report();
      },
    },
  );
  out.failures = sortedFailures(out.failures);
  return out;
}
