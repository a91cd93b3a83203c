/**
 * ±Infinity and NaN are accounted for: a draw whose state or rate goes
 * non-finite fails with the reason that names what happened (not "step size
 * collapsed"); a non-finite parameter fails its draw, or is refused when the
 * prior itself can produce it; a non-finite output counts as undefined for
 * that output, with its reason, and never reaches a mean or a quantile.
 */
import { describe, expect, it } from "vitest";
import { compileModel } from "../src/model/compile.js";
import { simulate } from "../src/engine/simulate.js";

/** A one-state model with the given parameters, state and outputs sections (YAML flow text). */
function model(state: string, outputs = "x_end: final(x)", parameters = 'g: "uniform(0.5, 1)"', extra = ""): string {
  return `name: nf
time: { start: 0, horizon: 10 }
parameters:
  ${parameters}
state:
  ${state}
outputs:
  ${outputs}
${extra}`;
}

/** The failure reasons of a small run. */
function reasons(text: string, samples = 20): Record<string, number> {
  return simulate(compileModel(text, "nf.yaml"), { samples, seed: 1 }).failures.reasons;
}

describe("engine failure reasons", () => {
  it("a NaN initial value (0/0) is a non-finite state, not a collapsed step", () => {
    expect(reasons(model('x: { initial: "0/0", rate: "g" }'))).toEqual({ "non-finite state x (NaN)": 20 });
  });

  it("a rate dividing by 0 is a non-finite rate", () => {
    expect(reasons(model('x: { initial: 0, rate: "g / 0" }'))).toEqual({ "non-finite rate of x (+Infinity)": 20 });
  });

  it("exp(1000) in a rate overflows: a non-finite rate", () => {
    expect(reasons(model('x: { initial: 0, rate: "g * exp(1000)" }'))).toEqual({ "non-finite rate of x (+Infinity)": 20 });
  });

  it("ln of a negative number in a rate is a domain error", () => {
    expect(reasons(model('x: { initial: 0, rate: "ln(x - 1)" }'))).toEqual({ "domain error in the rate of x (NaN)": 20 });
  });

  it("a state that runs into a domain boundary (sqrt of a state falling to 0 and below) reports the domain error", () => {
    // dx/dt = −sqrt(x) from x = g: x(t) = (√g − t/2)², 0 at t = 2√g < 2; a step past it takes sqrt of a negative
    const r = reasons(model('x: { initial: "g", rate: "-sqrt(x) - 1" }'));
    expect(Object.keys(r)).toEqual(["domain error in the rate of x (NaN)"]);
  });

  it("a finite-time singularity with finite trial states still reads as a collapsed step", () => {
    // dx/dt = g·x² + 1 blows up at a finite time before the horizon; the trial states stay finite as the step shrinks
    expect(reasons(model('x: { initial: 0, rate: "x^2 * g + 1" }'))).toEqual({ "step size collapsed": 20 });
  });

  it("an event that sets a regime to a non-finite value: the rate it drives is non-finite", () => {
    const text = model('x: { initial: 0, rate: "g * k" }', "x_end: final(x)", 'g: "uniform(0.5, 1)"', "regimes: { k: 1 }\nmilestones: { half: \"x >= 1\" }\nevents: { boom: { on: half, set: { k: \"1/(k - 1)\" } } }\n");
    expect(reasons(text)).toEqual({ "non-finite rate of x (+Infinity)": 20 });
  });
});

describe("non-finite parameters", () => {
  it("a non-finite value given for a draw fails that draw with its own reason", () => {
    const m = compileModel(model('x: { initial: 0, rate: "g" }'), "nf.yaml");
    const g = [0.5, Infinity, 0.7, NaN, -Infinity, 0.9];
    const sim = simulate(m, { samples: 6, seed: 1, parameterValues: { g } });
    expect(Array.from(sim.table.failed)).toEqual([0, 1, 0, 1, 1, 0]);
    expect(sim.failures.reasons).toEqual({
      "non-finite parameter g (+Infinity)": 1,
      "non-finite parameter g (NaN)": 1,
      "non-finite parameter g (-Infinity)": 1,
    });
    expect(sim.table.columns.x_end[1]).toBeNaN();
    expect(sim.table.columns.x_end[2]).toBeCloseTo(7, 9);
  });

  it("a prior that can give ±Infinity never reaches a run: it is refused when the model is compiled", () => {
    expect(() => compileModel(model('x: { initial: 0, rate: "g" }', "x_end: final(x)", 'g: "uniform(-1e308, 1e308)"'), "nf.yaml")).toThrow(
      /nf\.yaml: parameters\.g\.prior: uniform\(-1e308, 1e308\): gives \+Infinity/,
    );
  });
});
