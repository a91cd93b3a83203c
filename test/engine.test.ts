/**
 * The engine against closed forms, the hazards against the Poisson process,
 * and the Monte Carlo against itself (determinism, common random numbers).
 * Statistical tolerances are stated where they are used.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ArgumentError } from "../src/core/errors.js";
import { compileModel, loadModel } from "../src/model/compile.js";
import { parseDistribution } from "../src/model/distributions.js";
import { simulate } from "../src/engine/simulate.js";
import { acceptFactor, FAC_MAX, FIRST_FAC_MAX, rejectFactor } from "../src/engine/controller.js";

const LN10 = Math.LN10;

describe("closed forms", () => {
  it("Jones semi-endogenous growth: 10^(βa) = 1 + β·g·ln10·t, milestone times to 1e-6", () => {
    const model = loadModel("models/test/jones.yaml");
    const sim = simulate(model, { samples: 200, seed: 7 });
    expect(sim.failures.count).toBe(0);
    const beta = sim.table.parameterColumns.beta;
    let checked = 0;
    for (let i = 0; i < sim.table.rows; i++) {
      for (const a of [1, 2, 3]) {
        const t = sim.table.columns[`t_a${a}`][i];
        const exact = (10 ** (beta[i] * a) - 1) / (beta[i] * 0.5 * LN10);
        if (exact > 20) {
          expect(Number.isNaN(t)).toBe(true); // not reached by the horizon
        } else {
          expect(Math.abs(t / exact - 1)).toBeLessThan(1e-6);
          checked++;
        }
      }
      const aEnd = Math.log10(1 + beta[i] * 0.5 * LN10 * 20) / beta[i];
      expect(Math.abs(sim.table.columns.a_end[i] / aEnd - 1)).toBeLessThan(1e-6);
    }
    expect(checked).toBeGreaterThan(200);
  });

  it("finite-time blow-up da/dt = G·10^(ka): crossings follow 10^(−ka) = 1 − G·k·ln10·t, and the cap holds", () => {
    const model = compileModel(`
name: blowup
time: { start: 0, horizon: 5 }
solver: { rtol: 1.0e-10, atol: 1.0e-12 }
parameters:
  G: "uniform(0.1, 0.3)"
  k: "uniform(0.5, 1)"
state:
  a: { initial: 0, rate: "G * 10^(k * a)", max: 8 }
milestones:
  a1: "a >= 1"
  a2: "a >= 2"
  a4: "a >= 4"
  capped: "a >= 8"
outputs:
  t1: a1
  t2: a2
  t4: a4
  t_cap: capped
  a_end: "final(a)"
`);
    const sim = simulate(model, { samples: 100, seed: 3 });
    expect(sim.failures.count).toBe(0);
    const { G, k } = sim.table.parameterColumns;
    for (let i = 0; i < sim.table.rows; i++) {
      const tStar = 1 / (G[i] * k[i] * LN10);
      const cross = (a: number) => (1 - 10 ** (-k[i] * a)) / (G[i] * k[i] * LN10);
      for (const [name, a] of [["t1", 1], ["t2", 2], ["t4", 4], ["t_cap", 8]] as const) {
        const t = sim.table.columns[name][i];
        if (cross(a) < 5) expect(Math.abs(t / cross(a) - 1)).toBeLessThan(1e-6);
      }
      // the blow-up time t* is before the horizon in many draws: the cap stops it
      if (tStar < 5) expect(sim.table.columns.a_end[i]).toBe(8);
    }
  });

  it("a regime switch with a duration: growth halves for 2 years once a ≥ 1", () => {
    const model = compileModel(`
name: brake
time: { start: 0, horizon: 10 }
solver: { rtol: 1.0e-10, atol: 1.0e-12 }
parameters: { g: 0.5 }
regimes: { B: 1 }
state:
  a: { initial: 0, rate: "g * B" }
milestones:
  one: "a >= 1"
events:
  brake: { on: "a >= 1", set: { B: 0.5 }, for: 2 }
outputs:
  t_one: one
  t_brake: brake
  a_4: "at(one, a)"
  a_end: "final(a)"
`);
    const sim = simulate(model, { samples: 3, seed: 1 });
    expect(sim.table.columns.t_one[0]).toBeCloseTo(2, 9);
    expect(sim.table.columns.t_brake[0]).toBeCloseTo(2, 9);
    expect(sim.table.columns.a_4[0]).toBeCloseTo(1, 9);
    // a(4) = 1 + 0.25·2 = 1.5; a(10) = 1.5 + 0.5·6 = 4.5
    expect(sim.table.columns.a_end[0]).toBeCloseTo(4.5, 8);
  });

  it("window_gain, peak and integral of a Gaussian bump match their closed forms", () => {
    const model = compileModel(`
name: bump
time: { start: 0, horizon: 10 }
solver: { rtol: 1.0e-10, atol: 1.0e-12 }
parameters: { W: "uniform(0.2, 3)" }
derived:
  rate: "exp(-(t - 5)^2)"
state:
  q: { initial: 0, rate: rate }
outputs:
  gain: "window_gain(q, W)"
  top: "peak(rate)"
  area: "integral(rate)"
`);
    const sim = simulate(model, { samples: 20, seed: 2 });
    const erf = (x: number) => {
      // Abramowitz–Stegun 7.1.26 is too coarse; integrate exp(−s²) by Simpson instead
      const n = 2000;
      const h = x / n;
      let s = 1 + Math.exp(-x * x);
      for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * Math.exp(-((i * h) ** 2));
      return ((s * h) / 3) * (2 / Math.sqrt(Math.PI));
    };
    for (let i = 0; i < sim.table.rows; i++) {
      const W = sim.table.parameterColumns.W[i];
      const exact = Math.sqrt(Math.PI) * erf(W / 2);
      expect(Math.abs(sim.table.columns.gain[i] - exact)).toBeLessThan(1e-7);
      expect(Math.abs(sim.table.columns.top[i] - 1)).toBeLessThan(1e-6);
      expect(Math.abs(sim.table.columns.area[i] - Math.sqrt(Math.PI) * erf(5))).toBeLessThan(1e-8);
    }
  });

  it("runs far from t = 0: the first step is one that moves t (a start of 1e10 failed every draw as step size collapsed)", () => {
    for (const [start, span] of [[1e10, 110], [-1e10, 11], [1e15, 1e8], [0, 1.1e-12]]) {
      const model = compileModel(`
name: far
time: { start: ${start}, horizon: ${start + span} }
parameters: { a: "uniform(1, 2)" }
state:
  c: { initial: 0, rate: "a" }
  x: { initial: 1, rate: "x / ${span}" }
outputs:
  o: "final(c)"
  g: "final(x)"
`);
      const sim = simulate(model, { samples: 4, seed: 1, keepParameters: true });
      expect(sim.failures.count).toBe(0);
      const realSpan = model.time.horizon - model.time.start;
      for (let i = 0; i < 4; i++) {
        expect(sim.table.columns.o[i] / (sim.table.parameterColumns.a[i] * realSpan)).toBeCloseTo(1, 6);
        expect(sim.table.columns.g[i]).toBeCloseTo(Math.exp(realSpan / span), 5);
      }
    }
  });

  it("a cap or an event's duration of NaN fails the draw with the reason (the cap had been dropped, the change made for good)", () => {
    const cases: [string, RegExp][] = [
      [`state:
  c: { initial: 0, rate: "b", max: "z / z + a" }
  d: { initial: 0, rate: "b" }`, /non-finite cap of c \(NaN\)/],
      [`state:
  c: { initial: 0, rate: "b" }
events:
  ev: { on: "t >= 0.5", set: { b: 5 }, for: "z / z + a" }`, /non-finite duration of event ev \(NaN\)/],
    ];
    for (const [part, reason] of cases) {
      const model = compileModel(`
name: nan-constants
time: { start: 0, horizon: 2 }
parameters: { a: "uniform(0, 1)", z: 0 }
regimes: { b: 1 }
${part}
outputs:
  o: "final(c)"
`);
      // z = 0: the cap or the duration is 0/0 in every draw; z = 1: a number, and no draw fails
      const sim = simulate(model, { samples: 4, seed: 1 });
      expect(sim.failures.count).toBe(4);
      expect(Object.keys(sim.failures.reasons).join(" ")).toMatch(reason);
      expect(simulate(model, { samples: 4, seed: 1, overrides: { z: 1 } }).failures.count).toBe(0);
    }
  });

  it("window_gain over a window longer than the run, Infinity included, is the gain over the whole run (W = Infinity had hung the run)", () => {
    const model = compileModel(`
name: long-window
time: { start: 0, horizon: 10 }
parameters: { a: "uniform(0, 1)" }
derived:
  rate: "exp(-(t - 5)^2)"
  forever: "1 / (a - a)"
state:
  q: { initial: 0, rate: rate }
outputs:
  whole: "window_gain(q, 10)"
  longer: "window_gain(q, 25)"
  huge: "window_gain(q, 1e308)"
  infinite: "window_gain(q, forever)"
  nan: "window_gain(q, 0 / (a - a))"
`);
    const sim = simulate(model, { samples: 3, seed: 1 });
    const c = sim.table.columns;
    for (let i = 0; i < sim.table.rows; i++) {
      expect(c.whole[i]).toBeCloseTo(Math.sqrt(Math.PI) * 0.9999999999984626, 5); // q(10) − q(0) = √π·erf(5)
      for (const name of ["longer", "huge", "infinite"]) expect(c[name][i]).toBe(c.whole[i]);
      expect(c.nan[i]).toBeNaN();
    }
  });
});

describe("window_gain of a quantity that rises and falls", () => {
  it("matches the closed form of sin: max over t of sin(t) − sin(t − W) is 2·sin(W/2)", () => {
    // q = sin(t) is not monotone, so no interval may be skipped by the rising-quantity bound
    const model = compileModel(`
name: wave
time: { start: 0, horizon: 20 }
solver: { rtol: 1.0e-10, atol: 1.0e-12 }
parameters: { W: "uniform(0.3, 3)" }
state:
  q: { initial: 0, rate: "cos(t)" }
outputs:
  gain: "window_gain(q, W)"
`);
    const sim = simulate(model, { samples: 20, seed: 3 });
    for (let i = 0; i < sim.table.rows; i++) {
      const W = sim.table.parameterColumns.W[i];
      expect(Math.abs(sim.table.columns.gain[i] - 2 * Math.sin(W / 2))).toBeLessThan(1e-7);
    }
  });
});

describe("window_gain on coarse steps", () => {
  it("finds the largest gain even when it lies inside an interval away from the best step boundary", () => {
    // Same draws at a loose and a very tight tolerance: the loose run takes few,
    // long steps, so the maximum is often inside an interval between candidate
    // times; the two must agree to the integration accuracy (an earlier
    // algorithm that refined only next to the best candidate missed by 0.08).
    const src = readFileSync("models/forethought-sie.yaml", "utf8");
    const at = (rtol: string) => compileModel(src.replace(/rtol: [0-9.e-]+/, `rtol: ${rtol}`), "sie");
    const loose = simulate(at("1.0e-5"), { samples: 3000, seed: 1 });
    const tight = simulate(at("1.0e-10"), { samples: 3000, seed: 1 });
    let worst = 0;
    for (let i = 0; i < 3000; i++) {
      worst = Math.max(worst, Math.abs(loose.table.columns.max_progress_12m[i] - tight.table.columns.max_progress_12m[i]));
    }
    expect(worst).toBeLessThan(5e-3);
  });
});

describe("hazards", () => {
  const N = 20_000;
  /** |p̂ − p| must be under 4 binomial standard errors: a false alarm once in ~16,000 runs. */
  const within = (phat: number, p: number, n: number) => {
    const se = Math.sqrt((p * (1 - p)) / n);
    expect(Math.abs(phat - p)).toBeLessThan(4 * se);
  };
  const hazardModel = (rate: string, trigger = 1, rtol = "1.0e-8") =>
    compileModel(`
name: hazard
time: { start: 0, horizon: 2 }
solver: { rtol: ${rtol} }
parameters: { h: 0.3, a: 0.4 }
state:
  x: { initial: 0, rate: 1 }
hazards:
  boom: { rate: "${rate}", terminal: true, trigger: ${trigger} }
outputs:
  fired: "reached(boom)"
  t_boom: boom
  first_event: "first(boom)"
  n_events: "count(boom)"
  expected_events: "expected(boom)"
`);

  it("a constant hazard h gives P(event by T) = 1 − e^(−hT)", () => {
    const sim = simulate(hazardModel("h"), { samples: N, seed: 11 });
    const p = sim.table.columns.fired.reduce((s, x) => s + x, 0) / N;
    within(p, 1 - Math.exp(-0.6), N);
    // the run ends at the event: the expected count is h·t_end
    const tb = sim.table.columns.t_boom;
    const ex = sim.table.columns.expected_events;
    for (let i = 0; i < 100; i++) {
      const tEnd = Number.isNaN(tb[i]) ? 2 : tb[i];
      expect(ex[i]).toBeCloseTo(0.3 * tEnd, 8);
    }
  });

  it("a time-varying hazard a·t gives 1 − exp(−aT²/2)", () => {
    const sim = simulate(hazardModel("a * t"), { samples: N, seed: 12 });
    const p = sim.table.columns.fired.reduce((s, x) => s + x, 0) / N;
    within(p, 1 - Math.exp(-0.4 * 2), N);
  });

  it("the n-th event trigger follows the Erlang distribution", () => {
    const sim = simulate(hazardModel("h * 3", 3), { samples: N, seed: 13 });
    const mu = 0.9 * 2;
    const pAtLeast3 = 1 - Math.exp(-mu) * (1 + mu + (mu * mu) / 2);
    const p = sim.table.columns.fired.reduce((s, x) => s + x, 0) / N;
    within(p, pAtLeast3, N);
    // the first event comes first, and the count stops at the trigger
    for (let i = 0; i < 1000; i++) {
      const first = sim.table.columns.first_event[i];
      const fired = sim.table.columns.t_boom[i];
      if (!Number.isNaN(fired)) {
        expect(first).toBeLessThanOrEqual(fired);
        expect(sim.table.columns.n_events[i]).toBe(3);
      }
    }
  });

  it("event times do not depend on the step size", () => {
    const loose = simulate(hazardModel("h * (1 + t)", 2, "1.0e-4"), { samples: 500, seed: 5 });
    const tight = simulate(hazardModel("h * (1 + t)", 2, "1.0e-11"), { samples: 500, seed: 5 });
    for (let i = 0; i < 500; i++) {
      const a = loose.table.columns.t_boom[i];
      const b = tight.table.columns.t_boom[i];
      expect(Number.isNaN(a)).toBe(Number.isNaN(b));
      if (!Number.isNaN(a)) expect(Math.abs(a - b)).toBeLessThan(1e-6);
    }
  });
});

describe("reproducibility", () => {
  const model = loadModel("models/test/jones.yaml");
  const sie = loadModel("forethought-sie");

  it("the same seed gives identical tables whatever the batch split", () => {
    const whole = simulate(sie, { samples: 700, seed: 42 });
    const parts = [
      [0, 1],
      [1, 63],
      [64, 200],
      [264, 436],
    ].map(([first, count]) => simulate(sie, { samples: 700, seed: 42, first, count }));
    for (const name of whole.table.outputs) {
      const joined = parts.flatMap((p) => Array.from(p.table.columns[name]));
      expect(joined).toEqual(Array.from(whole.table.columns[name]));
    }
    // draws run in reverse order give the same rows
    const reversed = Array.from({ length: 10 }, (_, j) => simulate(sie, { samples: 700, seed: 42, first: 699 - j, count: 1 }));
    reversed.forEach((r, j) => expect(r.table.columns.max_progress_12m[0]).toBe(whole.table.columns.max_progress_12m[699 - j]));
  });

  it("different seeds give different draws", () => {
    const a = simulate(model, { samples: 50, seed: 1 });
    const b = simulate(model, { samples: 50, seed: 2 });
    expect(Array.from(a.table.parameterColumns.beta)).not.toEqual(Array.from(b.table.parameterColumns.beta));
  });

  it("fixing or re-specifying one parameter leaves the others' draws unchanged (common random numbers)", () => {
    const base = simulate(sie, { samples: 300, seed: 9 });
    const fixed = simulate(sie, { samples: 300, seed: 9, overrides: { r0: 1.5 } });
    const prior = parseDistribution("1 to 2");
    if (!prior.ok) throw new Error(prior.error);
    const respec = simulate(sie, { samples: 300, seed: 9, overrides: { lambda: prior.dist } });
    for (const name of ["f", "L", "lambda"]) {
      expect(Array.from(fixed.table.parameterColumns[name])).toEqual(Array.from(base.table.parameterColumns[name]));
    }
    for (const name of ["f", "L", "r0"]) {
      expect(Array.from(respec.table.parameterColumns[name])).toEqual(Array.from(base.table.parameterColumns[name]));
    }
    expect(fixed.table.parameterColumns.r0.every((x) => x === 1.5)).toBe(true);
  });
});

describe("numerical faults", () => {
  it("a draw that blows up is counted as failed, with NaN outputs, and the others are kept", () => {
    const model = compileModel(`
name: faulty
time: { start: 0, horizon: 3 }
parameters: { G: "uniform(0, 2)" }
state:
  a: { initial: 1, rate: "G * a^2" }
outputs:
  a_end: "final(a)"
`);
    // a(t) = 1/(1 − G t): blows up before t = 3 when G > 1/3
    const sim = simulate(model, { samples: 400, seed: 4 });
    const G = sim.table.parameterColumns.G;
    let blown = 0;
    for (let i = 0; i < 400; i++) {
      if (G[i] > 1 / 3 + 1e-3) {
        expect(sim.table.failed[i]).toBe(1);
        expect(Number.isNaN(sim.table.columns.a_end[i])).toBe(true);
        blown++;
      } else if (G[i] < 1 / 3 - 1e-3) {
        expect(sim.table.failed[i]).toBe(0);
        expect(Math.abs(sim.table.columns.a_end[i] * (1 - 3 * G[i]) - 1)).toBeLessThan(1e-4);
      }
    }
    expect(sim.failures.count).toBeGreaterThanOrEqual(blown);
    expect(Object.keys(sim.failures.reasons).length).toBeGreaterThan(0);
  });
});

describe("run options", () => {
  it("a bad option is an ArgumentError naming the argument, not a CLI flag", () => {
    const model = loadModel("models/test/jones.yaml");
    const cases: [object, string, RegExp][] = [
      [{ samples: 0, seed: 1 }, "samples", /^samples must be a positive integer, got 0$/],
      [{ samples: 1.5, seed: 1 }, "samples", /^samples must be a positive integer, got 1.5$/],
      [{ samples: 10, seed: -1 }, "seed", /^seed must be an integer from 0 to 4294967295, got -1$/],
      [{ samples: 10, seed: 1, horizon: -5 }, "horizon", /^horizon must be after the model's start \(0\), got -5$/],
    ];
    for (const [opts, argument, message] of cases) {
      let caught: unknown;
      try {
        simulate(model, opts as Parameters<typeof simulate>[1]);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ArgumentError);
      expect((caught as ArgumentError).argument).toBe(argument);
      expect((caught as ArgumentError).message).toMatch(message);
    }
  });
});

describe("observations read only the states they need", () => {
  it("each observation lists the states it reads, through derived quantities, and no others", () => {
    const model = compileModel(`
name: reads
time: { start: 0, horizon: 2 }
parameters: { g: 1 }
derived:
  total: { value: "a + b" }
  scaled: { value: "2 * total" }
state:
  a: { initial: 1, rate: "g * a" }
  b: { initial: 1, rate: "g" }
  c: { initial: 0, rate: "a" }
milestones:
  one: "t >= 1"
outputs:
  top: "peak(scaled)"
  c_end: "final(c)"
  b_at: "at(one, b * g)"
`);
    const reads = model.kernel.observeReads!;
    expect(reads).toHaveLength(model.kernel.observeOne.length);
    const readsOf = (kind: string) => reads[model.accumulators.find((a) => a.kind === kind)!.slot];
    expect(readsOf("peak")).toEqual([0, 1]); // scaled = 2·total = 2·(a + b)
    expect(readsOf("final")).toEqual([2]);
    expect(readsOf("at")).toEqual([1]);
  });

  it("rsi-core's observations: capability reads compute, hardware, software; margin also the frontier", () => {
    const model = loadModel("rsi-core");
    const reads = model.kernel.observeReads!;
    expect(reads).toHaveLength(model.kernel.observeOne.length);
    const capability = model.series.findIndex((x) => x.name === "capability");
    const margin = model.series.findIndex((x) => x.name === "margin");
    expect(reads[model.layout.seriesStart + capability]).toEqual([0, 1, 2]);
    expect(reads[model.layout.seriesStart + margin]).toEqual([0, 1, 2, 3]);
  });

  for (const name of ["rsi-core", "forethought-sie"]) {
    it(`${name}: the same outputs, series and steps as when every state is evaluated`, () => {
      const model = loadModel(name);
      const opts = { samples: 1500, seed: 9 };
      const lean = simulate(model, opts);
      const full = simulate({ ...model, kernel: { ...model.kernel, observeReads: undefined } }, opts);
      for (const o of lean.table.outputs) expect(Array.from(lean.table.columns[o])).toEqual(Array.from(full.table.columns[o]));
      expect(lean.series.counts.map((c) => Array.from(c))).toEqual(full.series.counts.map((c) => Array.from(c)));
      expect(lean.steps).toBe(full.steps);
    });
  }
});

describe("step-size control", () => {
  const power = (err: number) => 0.9 * Math.pow(err, -0.2);
  it("grows an accepted step by 0.9·err^(−1/5), at least 0.2 and at most facMax (10; 100 after the first step of a draw; 1 after a rejection)", () => {
    for (const err of [1, 0.5, 0.1, 1e-3, 1e-5]) expect(acceptFactor(err, FAC_MAX)).toBeCloseTo(Math.min(FAC_MAX, power(err)), 12);
    expect(acceptFactor(1e-12, FAC_MAX)).toBe(FAC_MAX);
    // the first step's cap is not the saturated shortcut's 10: an error of 1e-6 asks for 14.2
    expect(acceptFactor(1e-6, FIRST_FAC_MAX)).toBeCloseTo(power(1e-6), 12);
    expect(acceptFactor(1e-6, FIRST_FAC_MAX)).toBeGreaterThan(FAC_MAX);
    expect(acceptFactor(1e-14, FIRST_FAC_MAX)).toBe(FIRST_FAC_MAX);
    expect(acceptFactor(1e-3, 1)).toBe(1);
  });
  it("shrinks a rejected step by 0.9·err^(−1/5), at least to 0.2 of it, and to 0.1 on a non-finite trial", () => {
    expect(rejectFactor(2)).toBeCloseTo(power(2), 12);
    expect(rejectFactor(1e6)).toBe(0.2);
    expect(rejectFactor(NaN)).toBe(0.1);
  });
});
