/**
 * How rsi-sim's time grows with draws and with worker threads (rsi-core).
 *
 *   node bench/peers/scaling.mjs [--draws 1000,4000,16000,64000] [--workers-draws 16000]
 *                                [--workers 1,2] [--cli] [--json out.json]
 *
 * 1. Draws: simulate(loadModel("rsi-core"), { samples: N, seed: 1 }) on this
 *    thread, after one warm-up run of 1,000 draws; the time per draw should
 *    be flat if the cost is linear. N ≤ 4,000: best of 3; 16,000: best of 2;
 *    larger: one run. Wall and CPU time (CPU time is less sensitive to other
 *    processes on a shared machine).
 * 2. Workers: simulateParallel(model, { samples, seed: 1, workers: W }), the
 *    whole call (starting the threads and compiling the model in each one
 *    included), best of 2 after a warm-up of the calling thread.
 * 3. With --cli: the command line end to end, `node bin/rsi-sim.js --samples N
 *    --workers W --format json --out /dev/null` (process start, model
 *    compile, summaries and the JSON result included), one run each.
 */
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadModel } from "../../dist/model/compile.js";
import { simulate } from "../../dist/engine/simulate.js";
import { simulateParallel } from "../../dist/parallel/parallel.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const DRAWS = arg("draws", "1000,4000,16000,64000").split(",").map(Number);
const WDRAWS = Number(arg("workers-draws", 16000));
const WORKERS = arg("workers", "1,2").split(",").map(Number);
const CLI = process.argv.includes("--cli");
const json = arg("json", null);
const SEED = 1;

const sec = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;
const model = loadModel("rsi-core");
const load0 = os.loadavg()[0];
simulate(model, { samples: 1000, seed: SEED });

const draws = [];
for (const n of DRAWS) {
  const reps = n <= 4000 ? 3 : n <= 16000 ? 2 : 1;
  const times = [];
  const cpu = [];
  let steps = 0;
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const res = simulate(model, { samples: n, seed: SEED });
    times.push(sec(t0));
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
    steps = res.steps;
  }
  const best = Math.min(...times);
  const bestCpu = Math.min(...cpu);
  draws.push({ draws: n, best, times, cpu, bestCpu, usPerDraw: (best / n) * 1e6, cpuUsPerDraw: (bestCpu / n) * 1e6, stepsPerDraw: steps / n });
  console.log(`draws ${String(n).padStart(6)}: ${best.toFixed(3)} s  ${((best / n) * 1e6).toFixed(0)} µs/draw (cpu ${((bestCpu / n) * 1e6).toFixed(0)})  [${times.map((t) => t.toFixed(3)).join(" ")}]  load ${os.loadavg()[0].toFixed(2)}`);
}

const workers = [];
for (const w of WORKERS) {
  const times = [];
  const cpu = [];
  for (let r = 0; r < 2; r++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await simulateParallel(model, { samples: WDRAWS, seed: SEED, workers: w });
    times.push(sec(t0));
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
  }
  const best = Math.min(...times);
  workers.push({ workers: w, draws: WDRAWS, best, times, cpu });
  console.log(`workers ${w}, ${WDRAWS} draws: ${best.toFixed(3)} s  [${times.map((t) => t.toFixed(3)).join(" ")}]  cpu (all threads) [${cpu.map((t) => t.toFixed(3)).join(" ")}]  load ${os.loadavg()[0].toFixed(2)}`);
}

const cli = [];
if (CLI) {
  const bin = path.join(here, "..", "..", "bin", "rsi-sim.js");
  for (const w of WORKERS) {
    const t0 = process.hrtime.bigint();
    execFileSync(process.execPath, [bin, "--samples", String(WDRAWS), "--workers", String(w), "--format", "json", "--out", "/dev/null", "--no-progress"], { stdio: ["ignore", "ignore", "inherit"] });
    const s = sec(t0);
    cli.push({ workers: w, draws: WDRAWS, s });
    console.log(`CLI --workers ${w}, ${WDRAWS} draws: ${s.toFixed(3)} s  load ${os.loadavg()[0].toFixed(2)}`);
  }
}
const result = { draws, workers, cli, load: [load0, os.loadavg()[0]], cores: os.availableParallelism() };
if (json) writeFileSync(json, JSON.stringify(result, null, 1));
