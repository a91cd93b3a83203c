/**
 * What a Dormand–Prince step of a model costs, and how much of it is the
 * model's exp and log: `node bench/step-floor.mjs [MODEL] [STEPS] [ROUNDS]`
 * (after `npm run build`; default forethought-sie, 2,000,000 steps, 3 rounds).
 *
 * Takes the engine's own step (dist/engine/dopri.js) with the model's
 * compiled right-hand side, from the initial states of 64 draws of its
 * priors, and times it (CPU, interleaved rounds) twice: with the kernel as
 * compiled, and with the same kernel source where every Math.exp and
 * Math.log is a multiply-add (the same number of calls and operations
 * otherwise). The difference is the price of the model's transcendental
 * functions per step: a floor that no change to the engine's bookkeeping
 * can lower, only fewer right-hand-side calls (fewer steps) or fewer exp and
 * log in the equations. Steps are of a fixed size, 1/1000 of the horizon,
 * restarted every 16 steps on the next draw; the states stay near their
 * initial values, which is where a step's cost does not depend on them.
 *
 * @example
 * node bench/step-floor.mjs forethought-sie
 * node bench/step-floor.mjs rsi-core 1000000
 */
import { loadModel } from "../dist/model/compile.js";
import { simulate } from "../dist/engine/simulate.js";
import { dopriStep } from "../dist/engine/dopri.js";

const [modelName = "forethought-sie", stepsArg = "2000000", roundsArg = "3"] = process.argv.slice(2);
const STEPS = Number(stepsArg);
const ROUNDS = Number(roundsArg);
const DRAWS = 64;

const model = loadModel(modelName);
const n = model.layout.ySize;
const sim = simulate(model, { samples: DRAWS, seed: 1, keepParameters: true });
const names = model.parameters.map((q) => q.name);

/** The kernel's closures, from its source with `edit` applied. */
const kernelOf = (edit) => new Function(edit(model.kernel.source))();
const real = kernelOf((s) => s);
const cheap = kernelOf((s) => s.replace(/Math\.(exp|log)\(/g, "$cheapMath(").replace('"use strict";', '"use strict";\nconst $cheapMath = (x) => 1 + 1e-9 * x;'));
if (cheap.rhs.toString().includes("Math.exp") || cheap.rhs.toString().includes("Math.log")) throw new Error("the cheap kernel still calls Math.exp or Math.log");

/** Per draw: its p (parameters, then the kernel's per-draw constants), initial y and r. */
function starts(kernel) {
  const out = [];
  for (let d = 0; d < DRAWS; d++) {
    const p = new Float64Array(Math.max(1, model.layout.pSize));
    names.forEach((name, j) => {
      const col = sim.table.parameterColumns[name];
      if (col) p[j] = col[d];
    });
    kernel.staticDerived(p);
    const y = new Float64Array(n);
    const r = new Float64Array(Math.max(1, model.layout.rSize));
    kernel.initial(p, y, r);
    out.push({ p, y, r });
  }
  return out;
}

function work(kernel) {
  const f = () => new Float64Array(n);
  return {
    n,
    rhs: kernel.rhs,
    rhsObserve: kernel.rhsObserve,
    obs7: new Float64Array(16),
    rtol: model.solver.rtol,
    atol: model.solver.atol,
    y: f(), y1: f(), yt: f(), k1: f(), k2: f(), k3: f(), k4: f(), k5: f(), k6: f(), k7: f(),
    rc: new Float64Array(5 * n),
  };
}

/** CPU nanoseconds a step, over STEPS steps; also a checksum so that nothing is optimised away. */
function time(kernel, draws) {
  const w = work(kernel);
  const h = (model.time.horizon - model.time.start) / 1000;
  let sum = 0;
  let t = model.time.start;
  let d = 0;
  let s = draws[0];
  const c0 = process.cpuUsage();
  for (let i = 0; i < STEPS; i++) {
    if ((i & 15) === 0) {
      s = draws[d++ % DRAWS];
      w.y.set(s.y);
      t = model.time.start;
      kernel.rhs(t, w.y, s.p, s.r, w.k1);
    }
    sum += dopriStep(w, t, h, s.p, s.r);
    let finite = true;
    for (let k = 0; k < n; k++) if (!Number.isFinite(w.y1[k])) finite = false;
    if (finite) {
      w.y.set(w.y1);
      w.k1.set(w.k7);
      t += h;
    }
  }
  const c = process.cpuUsage(c0);
  return { ns: ((c.user + c.system) * 1000) / STEPS, sum };
}

const realDraws = starts(real);
const cheapDraws = starts(real); // the same p: the per-draw constants as the real kernel computes them
const results = { real: [], cheap: [] };
for (let round = 0; round < ROUNDS; round++) {
  results.real.push(time(real, realDraws).ns);
  results.cheap.push(time(cheap, cheapDraws).ns);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const r = median(results.real);
const c = median(results.cheap);
console.log(`${modelName}: ${n} states, ${STEPS} steps a round, ${ROUNDS} rounds interleaved (CPU time, median)`);
console.log(`  step as compiled:                  ${r.toFixed(0)} ns  (rounds ${results.real.map((x) => x.toFixed(0)).join(", ")})`);
console.log(`  exp and log made a multiply-add:   ${c.toFixed(0)} ns  (rounds ${results.cheap.map((x) => x.toFixed(0)).join(", ")})`);
console.log(`  the model's exp and log:           ${(r - c).toFixed(0)} ns a step, ${((100 * (r - c)) / r).toFixed(0)}% of it`);
