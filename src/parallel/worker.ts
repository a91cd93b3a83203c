/**
 * A worker thread's side of simulateParallel: compile the model from its
 * text, run the assigned draws, send back the columns (transferred, not
 * copied), failures, series counts and step count.
 */
import { parentPort, workerData } from "node:worker_threads";
import { restoreModel } from "./portable.js";
import { simulate } from "../engine/simulate.js";
import { deserialiseOverrides, type WorkerTask } from "./parallel.js";

const task = workerData as WorkerTask;
try {
  const model = restoreModel(task.model);
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
      if (done - last >= 1024 || done === task.count) {
        last = done;
        parentPort!.postMessage({ kind: "progress", done });
      }
    },
  });
  const t = sim.table;
  const buffers = [
    ...Object.values(t.columns).map((c) => c.buffer),
    ...Object.values(t.parameterColumns).map((c) => c.buffer),
    t.failed.buffer,
    ...sim.series.counts.map((c) => c.buffer),
  ] as ArrayBuffer[];
  parentPort!.postMessage(
    {
      kind: "done",
      result: {
        columns: t.columns,
        parameterColumns: t.parameterColumns,
        failed: t.failed,
        failures: sim.failures,
        seriesCounts: sim.series.counts,
        steps: sim.steps,
      },
    },
    buffers,
  );
} catch (err) {
  parentPort!.postMessage({ kind: "error", error: (err as Error).stack ?? String(err) });
}
