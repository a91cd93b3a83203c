/**
 * How much a model's solver settings cost in accuracy: runs the same draws
 * at the model's own rtol/atol/max_step, at candidate settings, and at a
 * converged reference (rtol 1e-10, atol 1e-12, the model's max_step), and
 * prints for each setting the
 * integration steps per draw, the draws whose binary outputs differ from the
 * reference ("flips"; NaN against a value counts too) and the largest error
 * of the 5th, 50th and 95th percentiles of the time outputs, in years. Draws
 * that fail in either run are left out (the reference fails on a few stiff
 * software explosions: "step size collapsed").
 *
 * Usage (after `npm run build`):
 *   node bench/tolerance.mjs [model] [draws] [seed] [rtol/atol[/max_step] …]
 *
 * @example
 * node bench/tolerance.mjs rsi-core 10000 11 1e-6/1e-8/2 1e-5/1e-8/2 1e-5/1e-8/4
 */
import { loadModel, simulate } from "../dist/index.js";

const [name = "rsi-core", drawsArg = "10000", seedArg = "11", ...settingArgs] = process.argv.slice(2);
const N = Number(drawsArg);
const seed = Number(seedArg);
const model = loadModel(name);
const settings = (settingArgs.length > 0 ? settingArgs.map((s) => s.split("/").map(Number)) : [[model.solver.rtol, model.solver.atol]]).map(
  ([rtol, atol, maxStep]) => [rtol, atol, maxStep ?? model.solver.maxStep],
);
const at = (rtol, atol, maxStep = model.solver.maxStep) => simulate({ ...model, solver: { ...model.solver, rtol, atol, maxStep } }, { samples: N, seed });

const ref = at(1e-10, 1e-12);
const binary = model.outputs.filter((o) => o.kind === "binary").map((o) => o.name);
const times = model.outputs.filter((o) => o.unit === "year" || o.unit === "years").map((o) => o.name);
const refFailed = ref.table.failed.reduce((a, b) => a + b, 0);
console.log(
  `${name}: ${N} draws, seed ${seed}; model's setting rtol ${model.solver.rtol}, atol ${model.solver.atol}, max_step ${model.solver.maxStep}; ` +
    `reference rtol 1e-10 atol 1e-12 (${refFailed} draws failed there, left out)`,
);
console.log(`binary outputs compared: ${binary.join(" ")}`);
for (const [rtol, atol, maxStep] of settings) {
  const r = at(rtol, atol, maxStep);
  const ok = (i) => !ref.table.failed[i] && !r.table.failed[i];
  let flips = 0;
  for (let i = 0; i < N; i++) {
    if (!ok(i)) continue;
    let differs = false;
    for (const o of binary) {
      const a = r.table.columns[o][i];
      const b = ref.table.columns[o][i];
      if (Number.isNaN(a) !== Number.isNaN(b) || (!Number.isNaN(a) && a !== b)) differs = true;
    }
    if (differs) flips++;
  }
  const errs = [];
  for (const o of times) {
    const q = (col) => {
      const v = [];
      for (let i = 0; i < N; i++) if (ok(i) && !Number.isNaN(col[i])) v.push(col[i]);
      v.sort((x, y) => x - y);
      return [0.05, 0.5, 0.95].map((p) => v[Math.floor(p * (v.length - 1))]);
    };
    const A = q(r.table.columns[o]);
    const B = q(ref.table.columns[o]);
    const e = Math.max(...A.map((x, i) => Math.abs(x - B[i])));
    if (Number.isFinite(e)) errs.push([o, e]);
  }
  const worst = errs.reduce((w, x) => (x[1] > w[1] ? x : w), ["", 0]);
  const failed = r.table.failed.reduce((a, b) => a + b, 0);
  console.log(
    `rtol ${rtol} atol ${atol} max_step ${maxStep}: ${(r.steps / N).toFixed(1)} steps/draw, ${flips} draws with a flipped binary output, ${failed} failed, ` +
      `largest quantile error ${worst[1].toExponential(1)} y (${worst[0]})`,
  );
}
