/**
 * How much a model's solver settings cost in accuracy: runs the same draws
 * at the model's own rtol/atol/max_step, at candidate settings, and at a
 * converged reference (rtol 1e-10, atol 1e-12, the model's max_step), and
 * prints for each setting the
 * integration steps per draw, the draws whose binary outputs differ from the
 * reference ("flips"; NaN against a value counts too) and the largest error
 * of the 5th, 50th and 95th percentiles of the time outputs, in years; and
 * for the other continuous outputs the largest relative error of the 5th,
 * 25th, 50th, 75th and 95th percentiles, beside that percentile's 95% Monte
 * Carlo half-width at this many draws (from the reference's order
 * statistics, ranks N·q ± 1.96·√(N·q·(1 − q)), relative to the value). Draws
 * that fail in either run are left out (the reference fails on a few stiff
 * software explosions: "step size collapsed").
 *
 * Usage (after `npm run build`):
 *   node bench/tolerance.mjs [model] [draws] [seed] [rtol/atol[/max_step] …]
 *
 * @example
 * node bench/tolerance.mjs rsi-core 10000 11 1e-6/1e-8/2 1e-5/1e-8/2 1e-5/1e-8/4
 */
import { loadModel } from "../dist/model/compile.js";
import { simulate } from "../dist/engine/simulate.js";

const [name = "rsi-core", drawsArg = "10000", seedArg = "11", ...settingArgs] = process.argv.slice(2);
const N = Number(drawsArg);
const seed = Number(seedArg);
const model = loadModel(name);
const settings = (settingArgs.length > 0 ? settingArgs.map((s) => s.split("/").map(Number)) : [[model.solver.rtol, model.solver.atol]]).map(
  ([rtol, atol, maxStep]) => [rtol, atol, maxStep ?? model.solver.maxStep],
);
const at = (rtol, atol, maxStep) => simulate({ ...model, solver: { ...model.solver, rtol, atol, maxStep } }, { samples: N, seed });

const ref = at(1e-10, 1e-12, model.solver.maxStep);
const binary = model.outputs.filter((o) => o.kind === "binary").map((o) => o.name);
const times = model.outputs.filter((o) => o.unit === "year" || o.unit === "years").map((o) => o.name);
const others = model.outputs.filter((o) => o.kind === "continuous" && !times.includes(o.name)).map((o) => o.name);
const refFailed = ref.table.failed.reduce((a, b) => a + b, 0);
console.log(
  `${name}: ${N} draws, seed ${seed}; model's setting rtol ${model.solver.rtol}, atol ${model.solver.atol}, max_step ${model.solver.maxStep}; ` +
    `reference rtol 1e-10 atol 1e-12 (${refFailed} draws failed there, left out)`,
);
console.log(`binary outputs compared: ${binary.join(" ")}`);
for (const [rtol, atol, maxStep] of settings) {
  const r = at(rtol, atol, maxStep);
  const ok = (i) => !ref.table.failed[i] && !r.table.failed[i];
  const flipped = [];
  for (let i = 0; i < N; i++) {
    if (!ok(i)) continue;
    const differs = binary.filter((o) => {
      const a = r.table.columns[o][i];
      const b = ref.table.columns[o][i];
      return Number.isNaN(a) !== Number.isNaN(b) || (!Number.isNaN(a) && a !== b);
    });
    if (differs.length > 0) flipped.push(`draw ${i} (${differs.join(", ")})`);
  }
  const flips = flipped.length;
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
  // other continuous outputs: relative error of five percentiles, against their Monte Carlo half-width
  let rel = { err: 0, name: "", q: 0, half: 0 };
  for (const o of others) {
    const sortedOk = (col) => {
      const v = [];
      for (let i = 0; i < N; i++) if (ok(i) && !Number.isNaN(col[i])) v.push(col[i]);
      return v.sort((x, y) => x - y);
    };
    const A = sortedOk(r.table.columns[o]);
    const B = sortedOk(ref.table.columns[o]);
    const n = B.length;
    for (const q of [0.05, 0.25, 0.5, 0.75, 0.95]) {
      const k = Math.floor(q * (n - 1));
      const e = Math.abs(A[k] - B[k]) / Math.abs(B[k]);
      const d = 1.96 * Math.sqrt(n * q * (1 - q));
      const half = (B[Math.min(n - 1, Math.ceil(k + d))] - B[Math.max(0, Math.floor(k - d))]) / 2 / Math.abs(B[k]);
      if (Number.isFinite(e) && e > rel.err) rel = { err: e, name: o, q, half };
    }
  }
  const failed = r.table.failed.reduce((a, b) => a + b, 0);
  console.log(
    `rtol ${rtol} atol ${atol} max_step ${maxStep}: ${(r.steps / N).toFixed(1)} steps/draw, ${flips} draws with a flipped binary output, ${failed} failed, ` +
      `largest quantile error ${worst[1].toExponential(1)} y (${worst[0]})`,
  );
  if (flips > 0) console.log(`  flipped: ${flipped.slice(0, 5).join("; ")}${flips > 5 ? "; …" : ""}`);
  if (rel.name) {
    console.log(
      `  other outputs: largest relative percentile error ${(100 * rel.err).toFixed(2)}% (${rel.name} p${Math.round(100 * rel.q)}), ` +
        `whose 95% Monte Carlo half-width at ${N} draws is ${(100 * rel.half).toFixed(1)}%`,
    );
  }
}
