/**
 * What the guard of a power costs in rsi-core's right-hand side. The
 * compiled kernel writes x^y of a simple base as
 * `x > 0 && x < Infinity ? exp(y·ln x …) : (exact fallback)`; rsi-core's
 * bases are always positive and finite, so the kernel without the guard
 * computes the same numbers (checked here: identical outputs and steps).
 * Times `simulate()` of rsi-core (10,000 draws, seed 1, after a 3,000-draw
 * warm-up) with and without the guard, each in a fresh process, alternating,
 * and prints the minimum and all runs of each.
 *
 * @example
 * npm run build && node bench/power-guard.mjs [--repeats 6]
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createHash } from "node:crypto";

const here = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);

if (args[0] === "--child") {
  const { loadModel, simulate } = await import("../dist/index.js");
  const m = loadModel("rsi-core");
  if (args[1] === "unguarded") {
    const src = m.kernel.source.replace(/\((d_\d+) > 0 && \1 < Infinity \?/g, "(true ?");
    if (src === m.kernel.source) throw new Error("rsi-core's kernel has no guarded power any more: update bench/power-guard.mjs");
    m.kernel = { ...m.kernel, rhs: new Function(src)().rhs };
  }
  simulate(m, { samples: 3000, seed: 5 });
  const t0 = performance.now();
  const s = simulate(m, { samples: 10000, seed: 1 });
  const ms = performance.now() - t0;
  const h = createHash("sha256");
  for (const name of s.table.outputs) h.update(new Uint8Array(s.table.columns[name].buffer));
  console.log(JSON.stringify({ ms, steps: s.steps, sha: h.digest("hex") }));
} else {
  const i = args.indexOf("--repeats");
  const repeats = i >= 0 ? Number(args[i + 1]) : 6;
  const runs = { guarded: [], unguarded: [] };
  const seen = {};
  for (let r = 0; r < repeats; r++) {
    for (const v of ["guarded", "unguarded"]) {
      const out = JSON.parse(execFileSync(process.execPath, [here, "--child", v], { encoding: "utf8" }));
      runs[v].push(out.ms);
      seen[v] = `${out.steps} ${out.sha}`;
    }
  }
  const same = seen.guarded === seen.unguarded;
  for (const [v, ts] of Object.entries(runs)) {
    console.log(`${v.padEnd(9)} min ${Math.min(...ts).toFixed(0)} ms; runs ${ts.map((t) => t.toFixed(0)).join(" ")}`);
  }
  console.log(`outputs and steps ${same ? "identical" : "DIFFER"}; unguarded / guarded (minima) ${(Math.min(...runs.unguarded) / Math.min(...runs.guarded)).toFixed(3)}`);
  if (!same) process.exitCode = 1;
}
