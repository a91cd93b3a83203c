/**
 * peak() and trough() against closed-form extrema, on curves whose extremum
 * falls anywhere in a solver step, near its edges included.
 *
 * The states are polynomials of degree ≤ 4 in t, which Dormand–Prince and
 * its dense output reproduce to rounding: steps grow to max_step, and any
 * error left in the extremum is the refinement's, not the solver's. With
 * random parameters per draw the extremum lands at every position inside a
 * step; a refinement that only trusts the parabola through a step's start,
 * midpoint and end misses the ones close to an edge (t²(5 − t) on [0, 5]:
 * 57 draws of 2,000 off, by up to 1e-4 relative).
 */
import { describe, expect, it } from "vitest";
import { compileModel } from "../src/model/compile.js";
import { simulate } from "../src/engine/simulate.js";

const DRAWS = 2000;

/** Draws whose output differs from the closed form by more than tol (relative), and the largest error. */
function misses(text: string, output: string, exact: (P: (name: string) => number) => number, tol = 1e-9) {
  const sim = simulate(compileModel(text), { samples: DRAWS, seed: 5, keepSeries: false });
  expect(sim.failures.count).toBe(0);
  const t = sim.table;
  let count = 0;
  let worst = 0;
  for (let i = 0; i < t.rows; i++) {
    const want = exact((n) => t.parameterColumns[n][i]);
    const err = Math.abs(t.columns[output][i] - want) / Math.abs(want);
    if (!(err <= tol)) count++;
    if (!(err <= worst)) worst = err;
  }
  return { count, worst };
}

describe("peak() and trough() find extrema near a step's edges", () => {
  it("a·u²(5 − u), u = k·t, on [0, 5]: peak a·500/27 at u = 10/3; trough of its negative", () => {
    // the time scale k moves the maximum (t = 10/(3k)) against the steps, which do not depend on a
    const text = `
name: cubic
time: { start: 0, horizon: 5 }
parameters: { a: "log-uniform(0.1, 10)", k: "uniform(0.7, 1.4)" }
state:
  y: { initial: 0, rate: "a * k * (10 * (k * t) - 3 * (k * t)^2)" }
outputs:
  top: "peak(y)"
  bottom: "trough(-y)"
`;
    const r = misses(text, "top", (P) => (P("a") * 500) / 27);
    expect(r.count, `worst ${r.worst}`).toBe(0);
    expect(misses(text, "bottom", (P) => (-P("a") * 500) / 27).count).toBe(0);
  });

  it("a maximum just before the horizon, inside the last step: the same cubic with u = k·t, k near 2/3", () => {
    const text = `
name: late
time: { start: 0, horizon: 5 }
parameters: { a: "log-uniform(0.1, 10)", k: "uniform(0.667, 0.7)" }
state:
  y: { initial: 0, rate: "a * k * (10 * (k * t) - 3 * (k * t)^2)" }
outputs:
  top: "peak(y)"
`;
    const r = misses(text, "top", (P) => (P("a") * 500) / 27);
    expect(r.count, `worst ${r.worst}`).toBe(0);
  });

  it("a quartic with its maximum at a random time m: peak a·m⁴ + b·m²", () => {
    const text = `
name: quartic
time: { start: 0, horizon: 6 }
solver: { max_step: 1.5 }
parameters:
  a: "log-uniform(0.01, 1)"
  b: "log-uniform(0.01, 1)"
  m: "uniform(0.3, 5.7)"
state:
  y: { initial: 0, rate: "-4 * a * (t - m)^3 - 2 * b * (t - m)" }
outputs:
  top: "peak(y)"
`;
    const r = misses(text, "top", (P) => P("a") * P("m") ** 4 + P("b") * P("m") ** 2);
    expect(r.count, `worst ${r.worst}`).toBe(0);
  });

  it("a derived quantity of a state: peak of sin(y) with y = w·t, 1 once w·t passes π/2", () => {
    const text = `
name: sine
time: { start: 0, horizon: 10 }
solver: { max_step: 1 }
parameters: { w: "uniform(0.16, 1.2)" }
derived:
  wave: "sin(y) + 2"
state:
  y: { initial: 0, rate: w }
outputs:
  top: "peak(wave)"
  bottom: "trough(-wave)"
`;
    expect(misses(text, "top", () => 3).count).toBe(0);
    expect(misses(text, "bottom", () => -3).count).toBe(0);
  });

  it("a maximum inside the first step, with the curve falling from mid-step on: peak of y·(c − y)", () => {
    const text = `
name: early
time: { start: 0, horizon: 4 }
parameters: { c: "uniform(0.05, 3)" }
derived:
  hump: "y * (c - y) + 1"
state:
  y: { initial: 0, rate: 1 }
outputs:
  top: "peak(hump)"
`;
    expect(misses(text, "top", (P) => (P("c") * P("c")) / 4 + 1).count).toBe(0);
  });
});

describe("peak() and trough() at a jump of a regime", () => {
  // A quantity that jumps up when an event changes the regime and falls from there peaks
  // at the value just after the jump, the start of the next step; before, that value was
  // never counted, and the peak was the end of that step: at the model's default settings
  // the step after a jump is long, so the error was large (rsi-core's peak_growth: up to
  // 35% in a draw, and its median 0.17-0.19 SE off at every rtol, a bias that did not
  // converge).

  it("an event that raises a factor at t1: peak of factor·e^(−t) is e^(−t1), trough of its negative −e^(−t1)", () => {
    const text = `
name: jump
time: { start: 0, horizon: 4 }
parameters: { t1: "uniform(0.5, 2)" }
regimes:
  factor: { initial: 0.05 }
milestones:
  switch: "t >= t1"
events:
  up: { on: switch, set: { factor: 1 } }
derived:
  q: "factor * exp(-t)"
state:
  y: { initial: 0, rate: q }
outputs:
  top: "peak(q)"
  bottom: "trough(-q)"
`;
    const r = misses(text, "top", (P) => Math.exp(-P("t1")), 1e-9);
    expect(r.count, `worst ${r.worst}`).toBe(0);
    expect(misses(text, "bottom", (P) => -Math.exp(-P("t1")), 1e-9).count).toBe(0);
  });

  it("a brake's end (an event's duration running out) raises the quantity: peak of factor·t·e^(−t) is T·e^(−T), T = t1 + d", () => {
    // before the brake q ≤ 0.15·e^(−0.15) ≈ 0.13; at its end T ∈ (1.55, 2.65), past q's hump
    // at t = 1, so q falls from T on and T·e^(−T) ≥ 0.18 is the peak
    const text = `
name: brake_end
time: { start: 0, horizon: 4 }
parameters: { t1: "uniform(0.05, 0.15)", d: "uniform(1.5, 2.5)" }
regimes:
  factor: { initial: 1 }
milestones:
  switch: "t >= t1"
events:
  brake: { on: switch, set: { factor: 0.01 }, for: d }
derived:
  q: "factor * t * exp(-t)"
state:
  y: { initial: 0, rate: q }
outputs:
  top: "peak(q)"
`;
    const T = (P: (n: string) => number) => P("t1") + P("d");
    const r = misses(text, "top", (P) => T(P) * Math.exp(-T(P)), 1e-9);
    expect(r.count, `worst ${r.worst}`).toBe(0);
  });

  it("a maximum inside the part of a step that a crossing cut: peak of y·(c − y) + 1 with an event at y = c/2 + d", () => {
    // the event's crossing ends the step just past the hump; the part run is searched like
    // an accepted step (before, only its end was seen: the peak came out c²/4 − d² + 1)
    const text = `
name: cut
time: { start: 0, horizon: 4 }
parameters: { c: "uniform(0.5, 3)", d: "uniform(0.001, 0.3)" }
regimes:
  unused: { initial: 0 }
milestones:
  past: "y >= c / 2 + d"
events:
  mark: { on: past, set: { unused: 1 } }
derived:
  hump: "y * (c - y) + 1"
state:
  y: { initial: 0, rate: 1 }
outputs:
  top: "peak(hump)"
  bottom: "trough(-hump)"
`;
    const r = misses(text, "top", (P) => (P("c") * P("c")) / 4 + 1);
    expect(r.count, `worst ${r.worst}`).toBe(0);
    expect(misses(text, "bottom", (P) => -((P("c") * P("c")) / 4 + 1)).count).toBe(0);
  });
});
