/**
 * A worker thread of the pool in pool.ts: it loads the engine once; for
 * each job it claims chunks of draws from the job's shared counter until
 * none is left, and sends back each chunk's columns (transferred, not
 * copied), failures and step count; its chunks' series counts summed, and
 * when the job asks, each output's finite values as a sorted run
 * (sorted-runs.ts), go with its last message. A model arrives with
 * the first job that needs it (its kernel source and prior texts, see
 * portable.ts) and is kept for later jobs.
 */
import { parentPort } from "node:worker_threads";
import { restoreModel } from "../model/portable.js";
import { simulate } from "../engine/simulate.js";
import type { CompiledModel } from "../model/types.js";
import { deserialiseOverrides } from "./parallel.js";
import { SortedRunBuilder, sortedOutputs } from "./sorted-runs.js";
import { addSeriesCounts, drawValues, type ChunkResult, type WorkerJob, type WorkerMessage } from "./pool.js";

const port = parentPort!;
const models = new Map<number, CompiledModel>();
const send = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

port.on("message", (job: WorkerJob) => {
  try {
    if (job.model) {
      models.set(job.modelId, restoreModel(job.model));
      // a pool sees few models; keep the most recent few
      if (models.size > 8) models.delete(models.keys().next().value!);
    }
    const model = models.get(job.modelId);
    if (!model) throw new Error(`model ${job.modelId} was never sent to this worker`);
    const overrides = deserialiseOverrides(job.overrides);
    const next = new Int32Array(job.next);
    const n = job.chunks.length;
    const sorted = job.sortedRuns ? new SortedRunBuilder(sortedOutputs(model)) : null;
    const keepSeries = job.keepSeries !== false;
    let series: Float64Array[] | undefined;
    for (let c = Atomics.add(next, 0, 1); c < n; c = Atomics.add(next, 0, 1)) {
      const { first, count } = job.chunks[c];
      const parameterValues = drawValues(job.chunks[c]);
      let last = 0;
      const sim = simulate(model, {
        samples: job.samples,
        seed: job.seed,
        horizon: job.horizon,
        first,
        count,
        overrides,
        parameterValues,
        keepParameters: job.keepParameters,
        keepSeries: job.keepSeries,
        onProgress: (done) => {
          if (done - last >= 256 && done < count) {
            last = done;
            send({ kind: "progress", chunk: c, done });
          }
        },
      });
      const t = sim.table;
      sorted?.add(t.columns);
      // the series counts are summed here and sent once, at the end
      if (keepSeries) series = addSeriesCounts(series, sim.series.counts);
      const result: ChunkResult = {
        columns: t.columns,
        parameterColumns: t.parameterColumns,
        failed: t.failed,
        failures: sim.failures,
        seriesCounts: [],
        steps: sim.steps,
      };
      const buffers = [
        ...Object.values(t.columns).map((col) => col.buffer),
        ...Object.values(t.parameterColumns).map((col) => col.buffer),
        t.failed.buffer,
      ] as ArrayBuffer[];
      send({ kind: "chunk", chunk: c, result }, buffers);
    }
    const runs = sorted?.finish();
    const seriesBuffers = (series ?? []).map((c) => c.buffer as ArrayBuffer);
    send({ kind: "idle", runs: runs?.runs, seriesCounts: series }, [...(runs?.buffers ?? []), ...seriesBuffers]);
  } catch (err) {
    send({ kind: "error", error: (err as Error).stack ?? String(err) });
  }
});
