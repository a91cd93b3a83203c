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
