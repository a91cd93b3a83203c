/**
 * What the guard of a power costs in rsi-core's right-hand side. The
 * compiler writes x^y of a simple base as
 * `x > 0 && x < Infinity ? exp(y·ln x …) : (exact fallback)`; rsi-core writes
 * its two powers, (R/R0)^λ and (Rs/Rs0)^λs, as exp(λ·log(R/R0)) because the
 * bases are positive by construction, which needs no guard. This times
 * `simulate()` of rsi-core (10,000 draws, seed 1, after a 3,000-draw warm-up)
 * as shipped ("exp-log") and with those two powers written `^` ("guarded"),
 * each in a fresh process, alternating, checks that both give the same
 * outputs and steps, and prints the minimum and all runs of each.
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
  const { compileModel, resolveModelPath } = await import("../dist/model/compile.js");
const { simulate } = await import("../dist/engine/simulate.js");
  const { readFileSync } = await import("node:fs");
  let text = readFileSync(resolveModelPath("rsi-core"), "utf8");
  if (args[1] === "guarded") {
    const powers = text.replace("exp(lambda * log(research))", "research^lambda").replace("exp(lambda_s * log(safety_research))", "safety_research^lambda_s");
    if (powers.split("^lambda").length !== 3) throw new Error("rsi-core no longer writes its powers as exp(λ·log(R)): update bench/power-guard.mjs");
    text = powers;
  }
  const m = compileModel(text, "rsi-core");
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
  const runs = { guarded: [], "exp-log": [] };
  const seen = {};
  for (let r = 0; r < repeats; r++) {
    for (const v of ["guarded", "exp-log"]) {
      const out = JSON.parse(execFileSync(process.execPath, [here, "--child", v], { encoding: "utf8" }));
      runs[v].push(out.ms);
      seen[v] = `${out.steps} ${out.sha}`;
    }
  }
  const same = seen.guarded === seen["exp-log"];
  for (const [v, ts] of Object.entries(runs)) {
    console.log(`${v.padEnd(9)} min ${Math.min(...ts).toFixed(0)} ms; runs ${ts.map((t) => t.toFixed(0)).join(" ")}`);
  }
  console.log(`outputs and steps ${same ? "identical" : "DIFFER"}; exp-log / guarded (minima) ${(Math.min(...runs["exp-log"]) / Math.min(...runs.guarded)).toFixed(3)}`);
  if (!same) process.exitCode = 1;
}
