/**
 * Why two worker threads give less than 2x on this machine: `node bench/threads.mjs`
 * (after `npm run build`). Prints, for 10,000 draws of rsi-core (ratio 200, seed 1):
 *
 * 1. cold: one run on two threads (this thread and one worker of a pool started
 *    at the beginning, as the CLI does);
 * 2. warm (after two warm-up runs on each side): this thread alone, the worker
 *    alone, and both at once on their own copies of the same draws.
 *
 * BENCHMARKS.md quotes its output. For comparison, one thread in a fresh
 * process, and two separate processes side by side (each warm):
 *   node bench/threads.mjs --cold-one
 *   node bench/threads.mjs --process & node bench/threads.mjs --process; wait
 */
import { prewarmWorkers, WorkerPool } from "../dist/parallel/pool.js";

const N = 10_000;
const SIZE = 313; // the chunk size simulateParallel uses for 10,000 draws on 2 threads
const settings = { samples: N, seed: 1, overrides: { ratio: 200 }, keepParameters: false };
const chunks = [];
for (let s = 0; s < N; s += SIZE) chunks.push({ first: s, count: Math.min(SIZE, N - s) });

if (process.argv.includes("--cold-one")) {
  const { loadModel } = await import("../dist/model/compile.js");
const { simulate } = await import("../dist/engine/simulate.js");
  const m = loadModel("rsi-core");
  const t0 = performance.now();
  simulate(m, settings);
  console.log(`cold, one thread: ${(performance.now() - t0).toFixed(0)} ms for ${N} draws`);
  process.exit(0);
}

if (process.argv.includes("--process")) {
  const { loadModel } = await import("../dist/model/compile.js");
const { simulate } = await import("../dist/engine/simulate.js");
  const m = loadModel("rsi-core");
  simulate(m, { ...settings, samples: 3000 });
  const t0 = performance.now();
  simulate(m, settings);
  console.log(`one process, warm: ${(performance.now() - t0).toFixed(0)} ms for ${N} draws`);
  process.exit(0);
}

prewarmWorkers(2);
const { loadModel } = await import("../dist/model/compile.js");
const { simulate } = await import("../dist/engine/simulate.js");
const { runChunks } = await import("../dist/parallel/parallel.js");
const { portableModel } = await import("../dist/model/portable.js");
const model = loadModel("rsi-core");

// 1. cold, two threads (the worker started before the model was compiled)
{
  const t0 = performance.now();
  await runChunks(model, settings, chunks, 2, { chunk() {} });
  console.log(`cold, two threads: ${(performance.now() - t0).toFixed(0)} ms for ${N} draws`);
}

// 2. warm: alone and together
const pool = new WorkerPool();
const [pw] = pool.hold(1);
const job = () => ({ modelId: 1, samples: N, seed: 1, chunks, next: new SharedArrayBuffer(4), overrides: { ratio: 200 }, keepParameters: false });
const onWorker = () => pool.runJob(pw, () => portableModel(model), job(), { progress() {}, chunk() {} });
for (let i = 0; i < 2; i++) {
  await onWorker();
  simulate(model, settings);
}
let t0 = performance.now();
simulate(model, settings);
const hereAlone = performance.now() - t0;
t0 = performance.now();
await onWorker();
const workerAlone = performance.now() - t0;
t0 = performance.now();
const both = onWorker().then(() => performance.now() - t0);
await new Promise((r) => setTimeout(r, 20));
const t1 = performance.now();
simulate(model, settings);
const hereTogether = performance.now() - t1;
const workerTogether = await both;
const us = (ms) => `${((ms / N) * 1000).toFixed(0)} µs/draw`;
console.log(`warm, ${N} draws each: this thread alone ${hereAlone.toFixed(0)} ms (${us(hereAlone)}), worker alone ${workerAlone.toFixed(0)} ms (${us(workerAlone)})`);
console.log(`warm, both at once: this thread ${hereTogether.toFixed(0)} ms (${us(hereTogether)}), worker ${workerTogether.toFixed(0)} ms (${us(workerTogether)})`);
pool.release([pw]);
await pool.close();
