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
 * The user-level criterion (what a user can see): every headline number —
 * each binary output's probability, and the 5th, 50th and 95th percentiles
 * of each date output (unit year: the milestone times) and of each
 * continuous output the model file marks `headline` — within 0.1 of its
 * Monte Carlo standard error at 10,000 draws of the converged value:
 * |setting − converged| ≤ 0.1·SE. The SE of a probability is
 * √(p(1 − p)/10,000), at least 1e-4 (p(1 − p) floored at 1/10,000, so that a
 * probability of 0 is not held to an SE of 0); of a percentile q of an output defined on a share s of
 * the draws, the half-width of its order-statistic 95% interval at
 * n = 10,000·s defined draws, read from the reference's sorted values at
 * q ± 1.96·√(q(1 − q)/n), over 1.96. Per
 * setting the worst |difference|/SE is printed with the number it comes
 * from, and the margin (0.1 − worst; negative: not met). Every other
 * continuous output's percentiles are checked the same way and printed,
 * not counted in the criterion.
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
  const crit = userCriterion(r, ok);
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
  const show = (x) => `${x.ratio.toFixed(3)} SE (${x.what}: ${fmt(x.value)} against ${fmt(x.ref)}, SE ${fmt(x.se)})`;
  console.log(
    `  criterion (headline numbers within 0.1 SE at 10,000 draws): worst ${show(crit.headline)}; ` +
      `margin ${(0.1 - crit.headline.ratio).toFixed(3)} SE: ${crit.headline.ratio <= 0.1 ? "MET" : "NOT MET"}`,
  );
  console.log(`  every other output's p5/p50/p95 (not in the criterion): worst ${show(crit.rest)}`);
}

function fmt(x) {
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5 ? x.toPrecision(6) : x.toExponential(3);
}

/**
 * The user-level criterion of one setting's run r against the reference, over
 * the draws ok(i) that failed in neither: worst |difference|/SE at 10,000 draws
 * over the headline numbers, and over every other continuous output's percentiles.
 */
function userCriterion(r, ok) {
  const SE_DRAWS = 10000;
  const headlineCont = new Set(model.outputs.filter((o) => o.kind === "continuous" && (o.headline || o.unit === "year")).map((o) => o.name));
  const headline = { ratio: 0, what: "none", value: NaN, ref: NaN, se: NaN };
  const rest = { ...headline };
  const note = (acc, ratio, what, value, refValue, se) => {
    if (ratio > acc.ratio || acc.what === "none") Object.assign(acc, { ratio, what, value, ref: refValue, se });
  };
  for (const o of binary) {
    let a = 0;
    let b = 0;
    let m = 0;
    for (let i = 0; i < N; i++) {
      if (!ok(i)) continue;
      m++;
      if (r.table.columns[o][i] === 1) a++;
      if (ref.table.columns[o][i] === 1) b++;
    }
    const pa = a / m;
    const pb = b / m;
    const se = Math.sqrt(Math.max(pb * (1 - pb), 1 / SE_DRAWS) / SE_DRAWS);
    note(headline, Math.abs(pa - pb) / se, `P(${o})`, pa, pb, se);
  }
  for (const o of model.outputs.filter((x) => x.kind === "continuous").map((x) => x.name)) {
    const sorted = (col) => {
      const v = [];
      for (let i = 0; i < N; i++) if (ok(i) && !Number.isNaN(col[i])) v.push(col[i]);
      return v.sort((x, y) => x - y);
    };
    const A = sorted(r.table.columns[o]);
    const B = sorted(ref.table.columns[o]);
    if (B.length < 100 || A.length < 100) continue;
    let m = 0;
    for (let i = 0; i < N; i++) if (ok(i)) m++;
    const n10 = (SE_DRAWS * B.length) / m;
    const at = (v, q) => v[Math.min(v.length - 1, Math.max(0, Math.round(q * (v.length - 1))))];
    for (const q of [0.05, 0.5, 0.95]) {
      const d = 1.96 * Math.sqrt((q * (1 - q)) / n10);
      const se = (at(B, q + d) - at(B, q - d)) / 2 / 1.96;
      const diff = Math.abs(at(A, q) - at(B, q));
      const ratio = diff === 0 ? 0 : se > 0 ? diff / se : Infinity;
      note(headlineCont.has(o) ? headline : rest, ratio, `${o} p${Math.round(100 * q)}`, at(A, q), at(B, q), se);
    }
  }
  return { headline, rest };
}
