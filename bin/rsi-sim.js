#!/usr/bin/env node
// rsi-sim command-line entry point: runs the CLI as bundled by `npm run build`
// (dist/cli-bundle/cli.js, one script with a V8 code cache: cli-script.js and
// scripts/bundle-cli.mjs; dist/cli/main.js unbundled).
// The worker threads a run will use start first, so that they load the engine
// while this thread loads the CLI and compiles the model (pool.js loads
// nothing but node's own modules).
// (When the threads fill the cores, pool.js also sets the V8 flags that make
// their compiles cheaper, before any engine code is compiled.)
import { availableParallelism } from "node:os";
import * as pool from "../dist/parallel/pool.js";
import { compileCli, runCli } from "./cli-script.js";

const { MIN_DRAWS_PER_WORKER, closeWorkers, maxWorkers, prewarmWorkers } = pool;

/**
 * Start the workers a run, sweep or sensitivity analysis with these
 * arguments will use. Reads only --workers (default auto: one thread per
 * core) and, for a run, --samples (a run below 2 × MIN_DRAWS_PER_WORKER
 * draws stays on one thread); anything unusual (help, a design written or
 * analysed, a bad value, a size over a million, --max-memory) starts nothing
 * and leaves the real parsing and the checks of limits to the command.
 */
function prewarm(argv) {
  const first = argv.length > 0 && !argv[0].startsWith("-") ? argv[0] : "run";
  if (!["run", "sweep", "sensitivity"].includes(first)) return;
  if (argv.some((a) => a === "--help" || a === "-h" || a === "--version" || a.startsWith("--write-design") || a.startsWith("--analyze"))) return;
  const value = (flag) => {
    let v;
    for (let i = 0; i < argv.length; i++) {
      if (argv[i] === flag) v = argv[i + 1];
      else if (argv[i].startsWith(`${flag}=`)) v = argv[i].slice(flag.length + 1);
    }
    return v;
  };
  // a job that may be refused for its size (its memory is checked once the model is
  // loaded) starts no thread before that check
  if (value("--max-memory") !== undefined) return;
  for (const flag of ["--samples", "--trajectories", "--points", "--points2"]) {
    const v = value(flag);
    if (v !== undefined && !(Number(v) <= 1e6)) return;
  }
  const w = value("--workers") ?? "auto";
  const threads = w === "auto" ? availableParallelism() : /^\d+$/.test(w) ? Number(w) : 1;
  if (first === "run") {
    const samples = value("--samples");
    if (samples !== undefined && !(Number(samples) >= 2 * MIN_DRAWS_PER_WORKER)) return;
  }
  if (threads > 1 && threads <= maxWorkers()) prewarmWorkers(threads);
}

const argv = process.argv.slice(2);
// compiled before the workers start: starting them may set V8 flags, and V8 takes a
// code cache only under the flags it was made with
const cli = compileCli();
prewarm(argv);
const { main } = runCli(cli, pool);
main(argv).then(async (code) => {
  process.exitCode = code;
  // threads started early for a job that was refused: stop them now
  if (code !== 0) await closeWorkers();
});
