/**
 * The serial part of a parallel run: splits the wall time of a run (as
 * `rsi-sim --format json` does it: simulate on N threads, summarise, write
 * the JSON text) into the parallel work (the draws, on every thread) and
 * the calling thread's work that no other thread can do (taking in the
 * workers' chunks and sorted runs, joining, the summaries, the JSON text).
 * The serial fraction s is the serial work over the single-thread time
 * (the draws' CPU time summed over threads, plus the serial work); Amdahl's
 * law then bounds the speed-up on P cores at 1 / (s + (1 − s) / P).
 *
 * CPU times are used, not wall times, because the host is shared: the
 * calling thread's work while draws run is timed by its own CPU clock
 * (/proc/self/task/PID/schedstat, Linux); the simulation's CPU time is that
 * of the whole process during the parallel phase (all threads,
 * process.cpuUsage), less that work; the serial phases after it run with
 * every worker idle, so the process's CPU time then is the calling thread's.
 *
 * @example
 * node bench/serial.mjs --draws 1000000 --workers 16
 * node bench/serial.mjs --draws 200000 --workers 2 --dist /path/to/other/dist   # another build, for comparison
 */
import { parseArgs } from "node:util";
import path from "node:path";
import { readFileSync, writeFileSync, rmSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { tmpdir } from "node:os";

const { values } = parseArgs({
  options: {
    draws: { type: "string", default: "1000000" },
    workers: { type: "string", default: "16" },
    model: { type: "string", default: "rsi-core" },
    dist: { type: "string", default: path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "dist") },
  },
});
const draws = Number(values.draws);
const workers = Number(values.workers);
const dist = path.resolve(values.dist);
const load = (m) => import(pathToFileURL(path.join(dist, m)).href);
const { resolveModel } = await load("app/model.js");
const { simulateParallel, closeWorkers } = await load("parallel/parallel.js");
const { summarizeRun, resultJSON } = await load("analysis/result.js");

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
// the calling thread's own CPU time (Linux: the main thread's task has the process's id), in ms
const threadCpu = () => Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
const model = await resolveModel(values.model);
const mainThreadTimes = { receive: 0, join: 0, clock: threadCpu };
const c0 = cpu();
const w0 = performance.now();
const sim = await simulateParallel(model, { samples: draws, seed: 1, workers, keepParameters: false, keepSeries: true, sortedRuns: true, mainThreadTimes });
const c1 = cpu();
const w1 = performance.now();
const result = summarizeRun(sim);
const c2 = cpu();
const text = resultJSON(result);
const file = path.join(tmpdir(), `rsi-sim-serial-${process.pid}.json`);
writeFileSync(file, text);
rmSync(file);
const c3 = cpu();
const w3 = performance.now();
await closeWorkers();

// before this change simulateParallel had no mainThreadTimes: receive and join then stay 0 (join is in the parallel phase)
const receive = mainThreadTimes.receive;
const join = mainThreadTimes.join;
const summaries = c2 - c1;
const json = c3 - c2;
const serial = receive + join + summaries + json;
const simulation = c1 - c0 - receive - join;
const s = serial / (simulation + serial);
const amdahl = (p) => 1 / (s + (1 - s) / p);
const ms = (x) => `${x.toFixed(0)} ms`;
console.log(`${values.model}, ${draws} draws, ${workers} threads (${dist})`);
console.log(`wall: parallel phase ${((w1 - w0) / 1000).toFixed(1)} s, after it ${((w3 - w1) / 1000).toFixed(2)} s`);
console.log(`simulation CPU (all threads): ${(simulation / 1000).toFixed(1)} s (${((simulation * 1000) / draws).toFixed(1)} µs/draw)`);
console.log(`serial, calling thread: ${ms(serial)} = receiving chunks and runs ${ms(receive)} + join ${ms(join)} + summaries ${ms(summaries)} + JSON text and file ${ms(json)}`);
console.log(`serial fraction ${(100 * s).toFixed(2)}% of the single-thread time; Amdahl: ${amdahl(16).toFixed(1)}x on 16 cores, ${amdahl(64).toFixed(1)}x on 64`);
