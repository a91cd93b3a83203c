/**
 * How accurate a date is per draw (not in distribution, which
 * bench/tolerance.mjs checks): runs the same draws at the model's solver
 * setting, at each rtol given, and at rtol 1e-10 (the model's atol and
 * max_step throughout), and prints for each date output (unit year) the
 * draws defined in both, those defined in only one, the share of draws
 * whose date is off by more than 0.05 and 0.1 years, the largest and the
 * mean error (years), and the steps a draw. docs/model-language.md (hazards)
 * quotes its rsi-core figures.
 *
 * @example
 * node bench/date-accuracy.mjs rsi-core 2000 1 1e-5
 */
import { loadModel } from "../dist/model/compile.js";
import { simulate } from "../dist/engine/simulate.js";

const [name = "rsi-core", drawsArg = "2000", seedArg = "1", ...rtolArgs] = process.argv.slice(2);
const N = Number(drawsArg);
const seed = Number(seedArg);
const model = loadModel(name);
const at = (rtol) => simulate({ ...model, solver: { ...model.solver, rtol } }, { samples: N, seed });
const ref = at(1e-10);
const dates = model.outputs.filter((o) => o.unit === "year").map((o) => o.name);
console.log(`${name}: ${N} draws, seed ${seed}; atol ${model.solver.atol}, max_step ${model.solver.maxStep}; reference rtol 1e-10 (${(ref.steps / N).toFixed(1)} steps a draw)`);
for (const rtol of [model.solver.rtol, ...rtolArgs.map(Number)]) {
  const sim = at(rtol);
  console.log(`\nrtol ${rtol}${rtol === model.solver.rtol ? " (the model's)" : ""}: ${(sim.steps / N).toFixed(1)} steps a draw`);
  for (const d of dates) {
    const a = sim.table.columns[d];
    const b = ref.table.columns[d];
    const err = [];
    let one = 0;
    for (let i = 0; i < N; i++) {
      if (Number.isNaN(a[i]) !== Number.isNaN(b[i])) one++;
      else if (!Number.isNaN(a[i])) err.push(a[i] - b[i]);
    }
    const abs = err.map(Math.abs);
    const share = (x) => `${((100 * abs.filter((e) => e > x).length) / Math.max(1, abs.length)).toFixed(1)}%`;
    const max = abs.length > 0 ? Math.max(...abs) : NaN;
    const mean = err.length > 0 ? err.reduce((s, e) => s + e, 0) / err.length : NaN;
    console.log(
      `  ${d.padEnd(10)} ${String(err.length).padStart(6)} defined in both, ${one} in one; off > 0.05 y: ${share(0.05)}, > 0.1 y: ${share(0.1)}; largest ${max.toFixed(4)} y, mean ${mean.toFixed(4)} y`,
    );
  }
}
