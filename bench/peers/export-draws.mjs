/**
 * Export rsi-core draws for the numpy peer (bench/peers/rsi_core_numpy.py).
 *
 *   node bench/peers/export-draws.mjs --samples 4000 --seed 1 --out /tmp/rsi-peers/draws
 *
 * Writes <out>.json (header) and <out>.bin (little-endian Float64, one
 * column of `samples` values after another, in the header's column order):
 *
 * - par:<name>: each draw's parameter values (simulate's table.parameterColumns);
 * - thr:loss_of_control, thr:detected_warning:1..3: each draw's hazard
 *   thresholds, recomputed from its uniforms exactly as the engine does:
 *   fillUniforms(seed, i, 1, uniformsPerDraw, u); the hazard uniforms follow
 *   the parameters' uniforms, in the order of model.hazards, `trigger` each;
 *   threshold k = −Σ_{m≤k} ln u_m (an Exp(1), then Gamma(k, 1) draws);
 * - <variant>:<output>: rsi-sim's outputs for the same draws, solved at each
 *   tolerance of the ladder below; variant "ref" (rtol 1e-10, atol 1e-12) is
 *   the converged reference; the header's `shipped` names the variant that is
 *   the model as shipped (its rtol; the ladder runs at the model's own atol
 *   and max_step).
 *
 * For each variant it also times simulate() on one thread (best of --repeats
 * after one warm-up, each variant in this one process, sampling included)
 * and records the steps per draw. The variants are copies of
 * models/rsi-core.yaml with only the `solver:` line changed, compiled with
 * compileModel.
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import os from "node:os";
import { compileModel, loadModel, resolveModelPath } from "../../dist/model/compile.js";
import { simulate } from "../../dist/engine/simulate.js";
import { fillUniforms } from "../../dist/sampling/stream.js";

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const SAMPLES = Number(arg("samples", 4000));
const SEED = Number(arg("seed", 1));
const OUT = arg("out", "/tmp/rsi-peers/draws");
const REPEATS = Number(arg("repeats", 3));
const shipped = loadModel("rsi-core");
// [name, rtol, atol], all at the model's max_step; the ladder at the model's own atol
const A = shipped.solver.atol;
const VARIANTS = [
  ["ref", 1e-10, 1e-12],
  ["rtol1e-3", 1e-3, A],
  ["rtol3e-4", 3e-4, A],
  ["rtol1e-4", 1e-4, A],
  ["rtol1e-5", 1e-5, A],
];
const timeVariants = (arg("time", "rtol1e-3,rtol3e-4,rtol1e-4,rtol1e-5")).split(",");

const text = readFileSync(resolveModelPath("rsi-core"), "utf8");
const solverLine = /^solver: .*$/m;
if (!solverLine.test(text)) throw new Error("models/rsi-core.yaml has no one-line `solver:` setting to replace");
const shippedVariant = VARIANTS.find(([name, rtol]) => name !== "ref" && rtol === shipped.solver.rtol)?.[0];
if (!shippedVariant) throw new Error(`rsi-core ships rtol ${shipped.solver.rtol}; add it to VARIANTS`);
const maxStep = shipped.solver.maxStep;
const variantModel = (rtol, atol) =>
  compileModel(text.replace(solverLine, `solver: { rtol: ${rtol}, atol: ${atol}, max_step: ${maxStep} }`), "models/rsi-core.yaml");

const columns = [];
const data = [];
const add = (name, col) => {
  if (col.length !== SAMPLES) throw new Error(`${name}: ${col.length} values`);
  columns.push(name);
  data.push(Float64Array.from(col));
};

// ---- the draws: parameters and thresholds ----
const base = simulate(shipped, { samples: SAMPLES, seed: SEED });
for (const name of base.table.parameters) add(`par:${name}`, base.table.parameterColumns[name]);
const K = shipped.layout.uniformsPerDraw;
// the hazards' uniforms follow the parameters' and the chance variables'
const nPar = shipped.parameters.length + shipped.chance.length;
const u = new Float64Array(K);
const thr = shipped.hazards.map((h) => Array.from({ length: h.trigger }, () => new Float64Array(SAMPLES)));
for (let i = 0; i < SAMPLES; i++) {
  fillUniforms(SEED, i, 1, K, u);
  let m = nPar;
  shipped.hazards.forEach((h, j) => {
    let s = 0;
    for (let k = 0; k < h.trigger; k++) {
      s -= Math.log(u[m++]);
      thr[j][k][i] = s;
    }
  });
}
shipped.hazards.forEach((h, j) => {
  for (let k = 0; k < h.trigger; k++) add(h.trigger === 1 ? `thr:${h.name}` : `thr:${h.name}:${k + 1}`, thr[j][k]);
});

// ---- outputs and single-thread times per tolerance ----
const variants = {};
for (const [name, rtol, atol] of VARIANTS) {
  const model = variantModel(rtol, atol);
  const run = () => simulate(model, { samples: SAMPLES, seed: SEED });
  let res = run();
  const times = [];
  const cpu = [];
  if (timeVariants.includes(name)) {
    for (let r = 0; r < REPEATS; r++) {
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      res = run();
      times.push(Number(process.hrtime.bigint() - t0) / 1e9);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1e6);
    }
  }
  // the draws must be the same ones whatever the tolerance
  for (const p of base.table.parameters) {
    const a = base.table.parameterColumns[p];
    const b = res.table.parameterColumns[p];
    for (let i = 0; i < SAMPLES; i++) if (a[i] !== b[i]) throw new Error(`${name}: parameter ${p} differs at draw ${i}`);
  }
  for (const o of res.table.outputs) add(`${name}:${o}`, res.table.columns[o]);
  variants[name] = {
    rtol,
    atol,
    maxStep,
    stepsPerDraw: res.steps / SAMPLES,
    failures: res.failures.count,
    times,
    best: times.length ? Math.min(...times) : null,
    cpu,
  };
  process.stderr.write(`export: ${name} ${(res.steps / SAMPLES).toFixed(1)} steps/draw${times.length ? `, best ${Math.min(...times).toFixed(3)} s` : ""}\n`);
}

mkdirSync(path.dirname(OUT), { recursive: true });
const bin = Buffer.alloc(columns.length * SAMPLES * 8);
data.forEach((col, c) => {
  for (let i = 0; i < SAMPLES; i++) bin.writeDoubleLE(col[i], (c * SAMPLES + i) * 8);
});
writeFileSync(`${OUT}.bin`, bin);
writeFileSync(
  `${OUT}.json`,
  JSON.stringify(
    {
      model: "rsi-core",
      samples: SAMPLES,
      seed: SEED,
      start: shipped.time.start,
      horizon: shipped.time.horizon,
      parameters: base.table.parameters,
      hazards: shipped.hazards.map((h) => ({ name: h.name, trigger: h.trigger, terminal: h.terminal })),
      outputs: base.table.outputs,
      variants,
      shipped: shippedVariant,
      columns,
      node: process.version,
      load: os.loadavg(),
      cpu: os.cpus()[0]?.model,
    },
    null,
    1,
  ),
);
