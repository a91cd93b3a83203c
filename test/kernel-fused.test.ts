/**
 * The kernel's rhsObserve (the right-hand side with the peaks' and troughs'
 * quantities at the same point, which the engine calls for a step's last
 * stage) must give bit for bit what rhs and observeOne give: the engine
 * reads a peak's value at the end of each accepted step from it.
 */
import { describe, expect, it } from "vitest";
import { compileModel, loadModel } from "../src/model/compile.js";
import { simulate } from "../src/engine/simulate.js";

/** rhsObserve against rhs and observeOne at points along the draws' runs (states scaled around where runs go). */
function checkFused(name: string, model = loadModel(name)): number {
  const K = model.kernel;
  const L = model.layout;
  const sim = simulate(model, { samples: 50, seed: 3 });
  const p = new Float64Array(Math.max(1, L.pSize));
  const y = new Float64Array(L.ySize);
  const r = new Float64Array(Math.max(1, L.rSize));
  const dyA = new Float64Array(L.ySize);
  const dyB = new Float64Array(L.ySize);
  const obs = new Float64Array(Math.max(1, K.rhsObserveSlots.length));
  let checked = 0;
  for (let i = 0; i < sim.table.rows; i++) {
    sim.table.parameters.forEach((q, j) => (p[j] = sim.table.parameterColumns[q][i]));
    K.staticDerived(p);
    K.initial(p, y, r);
    for (let k = 0; k < 20; k++) {
      const t = model.time.start + ((model.time.horizon - model.time.start) * k) / 20;
      for (let c = 0; c < L.ySize; c++) y[c] += 0.37 * (k + 1) * (c + 1) * 0.05;
      K.rhs(t, y, p, r, dyA);
      K.rhsObserve(t, y, p, r, dyB, obs);
      for (let c = 0; c < L.ySize; c++) expect(Object.is(dyA[c], dyB[c])).toBe(true);
      K.rhsObserveSlots.forEach((slot, m) => {
        expect(Object.is(obs[m], K.observeOne[slot](t, y, p, r))).toBe(true);
        checked++;
      });
    }
  }
  return checked;
}

describe("the kernel's fused right-hand side", () => {
  it("rsi-core: rhs and peak(capability_rate) bit for bit", () => {
    expect(loadModel("rsi-core").kernel.rhsObserveSlots).toHaveLength(1);
    expect(checkFused("rsi-core")).toBe(50 * 20);
  });

  it("a model with a peak and a trough of different quantities, one of them also a series", () => {
    const model = compileModel(
      `name: fused
parameters:
  g: { prior: "uniform(0.1, 0.5)" }
derived:
  total: "a + b"
  wave: "sin(3 * t) * total"
state:
  a: { initial: 1, rate: "g * a" }
  b: { initial: 1, rate: "g * cos(t)" }
outputs:
  top: "peak(wave)"
  low: "trough(total * g - t)"
  end: "final(a)"
series:
  wave: { value: "wave", range: [-10, 10] }
time: { start: 0, horizon: 5 }
`,
      "fused",
    );
    expect(model.kernel.rhsObserveSlots).toHaveLength(2);
    expect(checkFused("fused", model)).toBe(2 * 50 * 20);
  });

  it("forethought-sie has no peak or trough: rhsObserve writes the rates alone", () => {
    const model = loadModel("forethought-sie");
    expect(model.kernel.rhsObserveSlots).toEqual([]);
    expect(checkFused("forethought-sie", model)).toBe(0);
  });
});

describe("logistic(x) and logistic(−x) share one exponential", () => {
  const model = compileModel(
    `name: pair
parameters:
  m: { prior: "uniform(-1, 1)" }
  w: { prior: "uniform(0.001, 2)" }
  l: { prior: "uniform(0, 3)" }
derived:
  up: "logistic((c - m) / w)"
  down: "logistic((m - c) / w)"
  up2: "logistic((c - l - m) / w)"
  down2: "logistic((m + l - c) / w)"
  lone: "logistic(c / w)"
state:
  c: { initial: 0, rate: "1" }
  a1: { initial: 0, rate: "up" }
  a2: { initial: 0, rate: "down" }
  a3: { initial: 0, rate: "up2" }
  a4: { initial: 0, rate: "down2" }
  a5: { initial: 0, rate: "lone" }
outputs:
  end: "final(a1 + a2 + a3 + a4 + a5)"
time: { start: 0, horizon: 1 }
`,
    "pair",
  );
  const src = model.kernel.source;
  const rhs = src.slice(src.indexOf("const rhs ="), src.indexOf("const rhsObserve ="));

  it("pairs the two written as opposite sums (also in another order), not a logistic without a partner", () => {
    expect(rhs.match(/Math\.exp/g)).toHaveLength(3);
    expect(rhs.match(/1 \/ \(1 \+ 1 \/ e_/g)).toHaveLength(2);
  });

  it("gives each share within 5e-16 of logistic's own formula (relative), out to where the exponential overflows or underflows", () => {
    const logistic = (x: number) => 1 / (1 + Math.exp(-x));
    const p = new Float64Array(Math.max(1, model.layout.pSize));
    const y = new Float64Array(model.layout.ySize);
    const r = new Float64Array(Math.max(1, model.layout.rSize));
    const dy = new Float64Array(model.layout.ySize);
    let worst = 0;
    for (const [m, w, l] of [[0.3, 0.5, 1.2], [-0.9, 0.001, 2.5], [0, 1.7, 0]]) {
      p[0] = m;
      p[1] = w;
      p[2] = l;
      model.kernel.staticDerived(p);
      for (const c of [-2, -0.5, 0, 1e-9, 0.3, 0.31, 1, 2.9, 5]) {
        y[0] = c;
        model.kernel.rhs(0, y, p, r, dy);
        const want = [logistic((c - m) / w), logistic((m - c) / w), logistic((c - l - m) / w), logistic((m + l - c) / w), logistic(c / w)];
        want.forEach((v, k) => {
          expect(Number.isFinite(dy[k + 1]), `share ${k}: m ${m} w ${w} l ${l} c ${c}`).toBe(true);
          worst = Math.max(worst, v === 0 ? Math.abs(dy[k + 1]) : Math.abs(dy[k + 1] - v) / v);
        });
      }
    }
    expect(worst).toBeLessThan(5e-16);
  });
});
