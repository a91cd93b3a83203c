/**
 * A worker thread of the pool in parallel.ts: it loads the engine once, then
 * for each message runs one chunk of draws and sends back the columns
 * (transferred, not copied), failures, series counts and step count. A
 * model arrives with the first chunk that needs it (its kernel source and
 * prior texts, see portable.ts) and is kept for the chunks after it.
 */
import { parentPort } from "node:worker_threads";
import { restoreModel } from "./portable.js";
import { simulate } from "../engine/simulate.js";
import type { CompiledModel } from "../model/types.js";
import { deserialiseOverrides } from "./parallel.js";
import type { ChunkResult, WorkerMessage, WorkerTask } from "./pool.js";

const port = parentPort!;
const models = new Map<number, CompiledModel>();
const send = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

port.on("message", (task: WorkerTask) => {
  try {
    if (task.model) {
      models.set(task.modelId, restoreModel(task.model));
      // a pool sees few models; keep the most recent few
      if (models.size > 8) models.delete(models.keys().next().value!);
    }
    const model = models.get(task.modelId);
    if (!model) throw new Error(`model ${task.modelId} was never sent to this worker`);
    let last = 0;
    const sim = simulate(model, {
      samples: task.samples,
      seed: task.seed,
      horizon: task.horizon,
      first: task.first,
      count: task.count,
      overrides: deserialiseOverrides(task.overrides),
      parameterValues: task.parameterValues,
      keepParameters: task.keepParameters,
      onProgress: (done) => {
        if (done - last >= 256 || done === task.count) {
          last = done;
          send({ kind: "progress", done });
        }
      },
    });
    const t = sim.table;
    const result: ChunkResult = {
      columns: t.columns,
      parameterColumns: t.parameterColumns,
      failed: t.failed,
      failures: sim.failures,
      seriesCounts: sim.series.counts,
      steps: sim.steps,
    };
    const buffers = [
      ...Object.values(t.columns).map((c) => c.buffer),
      ...Object.values(t.parameterColumns).map((c) => c.buffer),
      t.failed.buffer,
      ...sim.series.counts.map((c) => c.buffer),
    ] as ArrayBuffer[];
    send({ kind: "done", result }, buffers);
  } catch (err) {
    send({ kind: "error", error: (err as Error).stack ?? String(err) });
  }
});
send({ kind: "ready" });
