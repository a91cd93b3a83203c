// The CSV of a large run, streamed to disk: time and peak RSS.
//
//   node bench/csv-stream.mjs [--draws N] [--model FILE | --generated COLS] [--joined] [--cli] [--out FILE] [--keep]
//
// Default: 10^6 draws of models/test/two-state.yaml (run in this process,
// --workers auto), then their CSV written as the CLI writes it
// (outcomeCSVChunks → writeAllAtomic: ~1 MB chunks into a temporary file,
// then a rename). Prints the run's time and peak RSS, then the write's time,
// its throughput and the peak RSS after it: the growth is the memory the
// CSV's text took.
//   --generated COLS  no model: an outcome table of N draws with COLS columns
//                     of full-precision numbers (e.g. --draws 10000000
//                     --generated 8 for a CSV of ~1.6 GB, past V8's string limit)
//   --joined          write the whole text as one string instead (the writer
//                     before streaming: outcomeCSV): for comparison
//   --cli             the whole CLI in this process instead (rsi-sim --model
//                     FILE --samples N --format csv --out FILE): total time
//                     and peak RSS
// Needs `npm run build` first. The CSV goes to --out (default a temporary
// directory) and is removed unless --keep.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

const args = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? dflt : args[i + 1];
};
const draws = Number(flag("draws", "1000000"));
const model = flag("model", "models/test/two-state.yaml");
const generated = flag("generated", undefined);
const dir = mkdtempSync(path.join(tmpdir(), "rsi-sim-csv-bench-"));
const out = flag("out", path.join(dir, "draws.csv"));
const MB = (bytes) => (bytes / 1e6).toFixed(0);
const peakMB = () => (process.resourceUsage().maxRSS / 1024).toFixed(0); // maxRSS is in KB
const seconds = (t0) => ((performance.now() - t0) / 1000).toFixed(2);

/** An outcome table of `rows` draws and `cols` columns of full-precision numbers (a few NaN). */
function generatedTable(rows, cols) {
  const names = Array.from({ length: cols }, (_, j) => `x${j}`);
  const columns = {};
  let s = 1;
  for (const name of names) {
    const c = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      c[i] = i % 97 === 0 ? NaN : 2025 + s / 4294967296 * 30;
    }
    columns[name] = c;
  }
  const half = Math.ceil(cols / 2);
  const parameterColumns = Object.fromEntries(names.slice(half).map((n) => [n, columns[n]]));
  return { first: 0, rows, outputs: names.slice(0, half), columns, parameters: names.slice(half), parameterColumns, failed: new Uint8Array(rows) };
}

async function cli() {
  // the CLI's script as bin/rsi-sim.js runs it
  const { compileCli, runCli } = await import("../bin/cli-script.js");
  const { main } = runCli(compileCli(), await import("../dist/parallel/pool.js"));
  const t0 = performance.now();
  const io = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), isTTY: false };
  const code = await main(["--model", model, "--samples", String(draws), "--format", "csv", "--out", out, "--no-progress"], io);
  console.log(`CLI, ${draws} draws of ${model}: exit ${code}, ${seconds(t0)} s, peak RSS ${peakMB()} MB, ${MB(statSync(out).size)} MB of CSV`);
}

async function library() {
  const { writeAllAtomic } = await import("../dist/core/atomic.js");
  const { outcomeCSV, outcomeCSVChunks } = await import("../dist/report/csv.js");
  let t0 = performance.now();
  let sim;
  if (generated !== undefined) {
    sim = { table: generatedTable(draws, Number(generated)) };
    console.log(`table: ${draws} generated draws × ${generated} columns in ${seconds(t0)} s; peak RSS ${peakMB()} MB`);
  } else {
    const { run } = await import("../dist/app/run.js");
    ({ sim } = await run({ model, samples: draws, keepParameters: true, workers: "auto" }));
    console.log(`run: ${draws} draws of ${model} in ${seconds(t0)} s; peak RSS ${peakMB()} MB`);
  }
  const before = process.resourceUsage().maxRSS;
  t0 = performance.now();
  const joined = args.includes("--joined");
  try {
    await writeAllAtomic([{ file: out, content: joined ? outcomeCSV(sim) : outcomeCSVChunks(sim) }]);
  } catch (err) {
    console.log(`write (${joined ? "one string" : "streamed"}) failed after ${seconds(t0)} s: ${err}; peak RSS ${peakMB()} MB`);
    process.exitCode = 1;
    return;
  }
  const time = (performance.now() - t0) / 1000;
  const size = statSync(out).size;
  console.log(
    `write (${joined ? "one string" : "streamed"}): ${MB(size)} MB in ${time.toFixed(2)} s (${(size / 1e6 / time).toFixed(0)} MB/s); ` +
      `peak RSS ${peakMB()} MB, +${((process.resourceUsage().maxRSS - before) / 1024).toFixed(0)} MB over the run's`,
  );
}

try {
  await (args.includes("--cli") ? cli() : library());
} finally {
  if (!args.includes("--keep")) rmSync(out, { force: true });
  rmSync(dir, { recursive: true, force: true });
}
