/**
 * Worker threads on one machine: the draws of a run are split into
 * contiguous parts, one per thread (the calling thread runs the first part),
 * and the parts' outcome tables, failure counts and series histograms are
 * joined in draw order. Draw i's numbers depend only on (seed, i), so the
 * result is byte-identical to a run on one thread.
 */
import { availableParallelism } from "node:os";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { CompiledModel } from "../model/types.js";
import { UserError } from "../model/errors.js";
import { parseDistribution } from "../sampling/distributions.js";
import type { ParameterSetting } from "../sampling/sampler.js";
import { checkRunOptions, simulate, type SimulateOptions, type SimulationResult } from "../engine/simulate.js";
import { mergeHistograms } from "../engine/series.js";
import { portableModel, type PortableModel } from "./portable.js";

/** Below this many draws per thread, starting threads costs more than it saves. */
export const MIN_DRAWS_PER_WORKER = 1000;

/** What a worker needs: everything as plain data (models are recompiled there). */
export interface WorkerTask {
  model: PortableModel;
  samples: number;
  seed: number;
  horizon?: number;
  first: number;
  count: number;
  /** parameter settings: a number or a distribution's text */
  overrides: Record<string, number | string>;
  parameterValues?: Record<string, Float64Array>;
  keepParameters?: boolean;
}

/** "auto" → the number of cores; otherwise a positive integer. */
export function resolveWorkers(spec: string | number | undefined): number {
  if (spec === undefined || spec === "auto") return availableParallelism();
  const n = typeof spec === "number" ? spec : Number(spec);
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw new UserError("--workers", `must be a positive integer or "auto", got "${spec}"`);
  return n;
}

function workerScript(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const js = path.join(here, "worker.js");
  if (existsSync(js)) return js;
  // running from src/ (tests): use the built copy
  return path.resolve(here, "..", "..", "dist", "parallel", "worker.js");
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

/**
 * Run a simulation on `workers` threads (1 = this thread only). Same
 * result, byte for byte, as simulate() with the same options.
 */
export async function simulateParallel(
  model: CompiledModel,
  opts: SimulateOptions & { workers?: number },
): Promise<SimulationResult> {
  checkRunOptions(model, opts);
  const first = opts.first ?? 0;
  const count = opts.count ?? opts.samples - first;
  const threads = Math.max(1, Math.min(opts.workers ?? 1, Math.floor(count / MIN_DRAWS_PER_WORKER)));
  if (threads <= 1) return simulate(model, opts);

  // contiguous parts; part 0 on this thread
  const bounds: number[] = [];
  for (let k = 0; k <= threads; k++) bounds.push(first + Math.round((k * count) / threads));
  const progress = new Array(threads).fill(0);
  const report = () => opts.onProgress?.(progress.reduce((a, b) => a + b, 0), count);
  const slice = (k: number) => {
    if (!opts.parameterValues) return undefined;
    return Object.fromEntries(
      Object.entries(opts.parameterValues).map(([n, col]) => [n, Float64Array.from(col).subarray(bounds[k] - first, bounds[k + 1] - first)]),
    );
  };
  const portable = portableModel(model);
  const remote = [];
  for (let k = 1; k < threads; k++) {
    const task: WorkerTask = {
      model: portable,
      samples: opts.samples,
      seed: opts.seed,
      horizon: opts.horizon,
      first: bounds[k],
      count: bounds[k + 1] - bounds[k],
      overrides: serialiseOverrides(opts.overrides),
      parameterValues: slice(k),
      keepParameters: opts.keepParameters,
    };
    remote.push(
      new Promise<SimulationResult["table"] & { failures: SimulationResult["failures"]; seriesCounts: Float64Array[]; steps: number }>((resolve, reject) => {
        const w = new Worker(workerScript(), { workerData: task });
        w.on("message", (m: { kind: string; done?: number; result?: never; error?: string }) => {
          if (m.kind === "progress") {
            progress[k] = m.done!;
            report();
          } else if (m.kind === "done") {
            resolve(m.result!);
            void w.terminate();
          } else if (m.kind === "error") {
            reject(new Error(m.error));
          }
        });
        w.on("error", reject);
      }),
    );
  }
  const local = simulate(model, {
    ...opts,
    first: bounds[0],
    count: bounds[1] - bounds[0],
    parameterValues: slice(0),
    onProgress: (done) => {
      progress[0] = done;
      report();
    },
  });
  const parts = await Promise.all(remote);

  // join in draw order
  const t = local.table;
  const join = <A extends Float64Array | Uint8Array>(a: A, rest: A[], make: (n: number) => A): A => {
    const out = make(count);
    out.set(a, 0);
    let o = a.length;
    for (const r of rest) {
      out.set(r, o);
      o += r.length;
    }
    return out;
  };
  const f64 = (n: number) => new Float64Array(n);
  const table = {
    first,
    rows: count,
    outputs: t.outputs,
    columns: Object.fromEntries(t.outputs.map((o) => [o, join(t.columns[o], parts.map((p) => p.columns[o]), f64)])),
    parameters: t.parameters,
    parameterColumns: Object.fromEntries(t.parameters.map((n) => [n, join(t.parameterColumns[n], parts.map((p) => p.parameterColumns[n]), f64)])),
    failed: join(t.failed, parts.map((p) => p.failed), (n) => new Uint8Array(n)),
  };
  const failures = { count: local.failures.count, reasons: { ...local.failures.reasons }, examples: [...local.failures.examples] };
  let steps = local.steps;
  for (const p of parts) {
    failures.count += p.failures.count;
    for (const [r, c] of Object.entries(p.failures.reasons)) failures.reasons[r] = (failures.reasons[r] ?? 0) + c;
    for (const e of p.failures.examples) if (failures.examples.length < 5) failures.examples.push(e);
    mergeHistograms(local.series, { ...local.series, counts: p.seriesCounts });
    steps += p.steps;
  }
  return { ...local, table, failures, steps };
}
