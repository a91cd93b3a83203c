/**
 * "A date by year c" past the horizon: an output such as rsi-core's
 * loc_by_2050 (`loss_of_control <= 2050`) in a run to 2040 had been 0 in
 * every draw that reached 2040 without the event, so P(lost by 2050)
 * printed as P(lost by 2040). No draw of such a run can answer it (taking
 * only the draws that can, those where the event came or the run ended
 * early, selects on the outcome: 100%), so the output is undefined in every
 * draw, wherever the question stands in its expression; a year within the
 * run, and every other comparison, are as before.
 */
import { describe, expect, it } from "vitest";
import { compileModel, loadModel } from "../src/model/compile.js";
import { simulate } from "../src/engine/simulate.js";
import { run } from "../src/app/run.js";
import { formatRunTable } from "../src/report/run-table.js";

const MODEL = `
name: dates-by
time: { start: 0, horizon: 4 }
parameters:
  k: { prior: "uniform(0, 10)" }
  j: { prior: "uniform(0, 10)" }
state:
  x: { initial: 0, rate: 1 }
hazards:
  hz: { rate: "0.2" }
milestones:
  m: "x >= k"
  end: { when: "x >= j", stop: true }
outputs:
  by5: "m <= 5"
  by5_strict: "m < 5"
  by5_mirror: "5 >= m"
  by5_and: "(m <= 5) and (k > 0)"
  by5_not: "not (m <= 5)"
  by5_cond: "(m <= 5) ? 1 : 0"
  by4: "m <= 4"
  by3: "m <= 3"
  by_param: "m <= j + 4"
  after5: "m > 5"
  t_m: { value: m, unit: years }
  alias_by5: "t_m <= 5"
  first_by5: "first(hz) <= 5"
`;

describe("a date compared with a year past the horizon", () => {
  it("is undefined in every draw, also under and, not and ?:; a year within the run and other comparisons as before", () => {
    const model = compileModel(MODEL, "dates-by.yaml");
    const N = 2000;
    const sim = simulate(model, { samples: N, seed: 3, keepParameters: true });
    const { columns, parameterColumns } = sim.table;
    for (let i = 0; i < N; i++) {
      const k = parameterColumns.k[i];
      const j = parameterColumns.j[i];
      const reached = k <= Math.min(4, j);
      expect(Number.isNaN(columns.t_m[i])).toBe(!reached);
      for (const name of ["by5", "by5_strict", "by5_mirror", "by5_and", "by5_not", "by5_cond", "alias_by5", "first_by5"]) expect(columns[name][i], `${name} draw ${i}`).toBeNaN();
      // the horizon itself and a year within the run: 0 or 1 as before
      expect(columns.by4[i]).toBe(reached ? 1 : 0);
      expect(columns.by3[i]).toBe(reached && k <= 3 ? 1 : 0);
      // a year that is an expression of parameters: undefined in the draws whose year is past the horizon (by
      // the parameters alone, whatever the outcome), answered in the others
      if (j + 4 > 4) expect(columns.by_param[i], `by_param draw ${i}`).toBeNaN();
      else expect(columns.by_param[i]).toBe(reached ? 1 : 0);
      // other comparisons keep the language's rule (NaN is false)
      expect(columns.after5[i]).toBe(0);
    }
    // counted as undefined, not as a domain error
    expect(sim.failures.domainErrors ?? {}).toEqual({});
    expect(model.outputs.find((o) => o.name === "by5")!.datesBy).toEqual([{ date: "m", by: 5 }]);
    expect(model.outputs.find((o) => o.name === "by5_not")!.datesBy).toEqual([{ date: "m", by: 5 }]);
    expect(model.outputs.find((o) => o.name === "by_param")!.datesBy).toEqual([{ date: "m", by: null, slot: expect.any(Number) }]);
    expect(model.outputs.find((o) => o.name === "after5")!.datesBy).toEqual([]);
    expect(model.outputs.find((o) => o.name === "alias_by5")!.datesBy).toEqual([{ date: "t_m", by: 5 }]);
    expect(model.outputs.find((o) => o.name === "first_by5")!.datesBy).toEqual([{ date: "first(hz)", by: 5 }]);
    // with a horizon past 5, the same outputs answer in every draw
    const longer = simulate(model, { samples: 200, seed: 3, horizon: 6 });
    expect(longer.table.columns.by5.some(Number.isNaN)).toBe(false);
  });

  it("rsi-core: loc_by_2050 in a run to 2040 is undefined, and the table says why", async () => {
    const model = loadModel("rsi-core");
    const outcome = await run({ model, samples: 400, horizon: 2040, workers: 1, outputs: ["loc", "loc_by_2040", "loc_by_2050"] });
    const s = outcome.result.outputs;
    expect(s.loc_by_2050.n).toBe(0);
    expect(s.loc_by_2040.missing).toBe(0);
    expect(s.loc_by_2040.p).toBe(s.loc.p);
    const table = formatRunTable(outcome.sim, outcome.result, { width: 100, command: "" });
    expect(table.replace(/\s+/g, " ")).toContain("loc_by_2050 asks whether loss_of_control comes by 2050, past this run's horizon (2040): no draw can say, so it is undefined in every draw; give --horizon 2050 or later to answer it.");
    // to the model's own horizon (2100) nothing changes: every draw is known
    const full = await run({ model, samples: 400, workers: 1, outputs: ["loc_by_2050"] });
    expect(full.result.outputs.loc_by_2050.missing).toBe(0);
    expect(formatRunTable(full.sim, full.result, { width: 100, command: "" })).not.toMatch(/past this run's horizon/);
  });
});

describe("a date compared with a year given by the draw's parameters", () => {
  const PARAM_YEAR = `
name: dates-by-param
time: { start: 0, horizon: 10 }
parameters:
  k: { prior: "uniform(0, 10)" }
  j: { prior: "uniform(0, 10)" }
state:
  x: { initial: 0, rate: 1 }
milestones:
  m: "x >= k"
outputs:
  by_j: "m <= j + 4"
  by_j_or_2: "(m <= j + 4) or (m <= 2)"
  by_j_mirror: "j + 4 >= m"
`;
  it("is undefined exactly in the draws whose year is past the horizon, whatever their outcome, and answered in the others", async () => {
    const model = compileModel(PARAM_YEAR, "dates-by-param.yaml");
    const N = 3000;
    const sim = simulate(model, { samples: N, seed: 5, keepParameters: true });
    const { columns, parameterColumns } = sim.table;
    let past = 0;
    let yes = 0;
    for (let i = 0; i < N; i++) {
      const k = parameterColumns.k[i];
      const j = parameterColumns.j[i];
      expect(columns.by_j_or_2[i], `draw ${i}`).toBe(columns.by_j[i] === columns.by_j[i] ? columns.by_j[i] : NaN);
      expect(columns.by_j_mirror[i], `draw ${i}`).toBe(columns.by_j[i] === columns.by_j[i] ? columns.by_j[i] : NaN);
      if (j + 4 > 10) {
        // undefined whether or not m came by the horizon (k ≤ 10 always: it did), so no selection on the outcome
        expect(columns.by_j[i], `draw ${i}`).toBeNaN();
        past++;
      } else {
        expect(columns.by_j[i], `draw ${i}`).toBe(k <= j + 4 ? 1 : 0);
        yes += k <= j + 4 ? 1 : 0;
      }
    }
    // P(j > 6) = 0.4: the undefined share is the parameters' (4 SE band), and no domain error is counted
    expect(Math.abs(past / N - 0.4)).toBeLessThan(4 * Math.sqrt(0.24 / N));
    expect(sim.failures.domainErrors ?? {}).toEqual({});
    // among j ≤ 6, P(k ≤ j + 4) = E[(j + 4)/10] = 0.7
    expect(Math.abs(yes / (N - past) - 0.7)).toBeLessThan(4 * Math.sqrt(0.21 / (N - past)));
    // the table counts them as undefined and says why; with a horizon of 14 every draw answers
    const outcome = await run({ model, samples: 500, seed: 5, workers: 1 });
    expect(outcome.result.outputs.by_j.missing).toBeGreaterThan(0);
    const table = formatRunTable(outcome.sim, outcome.result, { width: 100, command: "" }).replace(/\s+/g, " ");
    expect(table).toContain("by_j asks whether m comes by a year set by each draw's parameters: a draw whose year is past this run's horizon (10) cannot say, so it is undefined in that draw.");
    const longer = simulate(model, { samples: 500, seed: 5, horizon: 14 });
    expect(longer.table.columns.by_j.some(Number.isNaN)).toBe(false);
  });
});

describe("a sweep's table", () => {
  it("says why an output asking about a year past the horizon is undefined", async () => {
    const { sweep } = await import("../src/app/sweep.js");
    const { renderSweep } = await import("../src/report/render.js");
    const s = await sweep({ param: "ratio", values: [20, 2000], samples: 100, horizon: 2040, outputs: ["loc", "loc_by_2050"], workers: 1 });
    expect(s.result.points.every((p) => p.outputs.loc_by_2050.n === 0)).toBe(true);
    const text = renderSweep(s, "table", { width: 100 }).replace(/\s+/g, " ");
    expect(text).toContain("loc_by_2050 asks whether loss_of_control comes by 2050, past this run's horizon (2040): no draw can say");
    // without the model (a merged sweep's outcome) the table is drawn without the note
    expect(renderSweep({ result: s.result }, "table", { width: 100 })).not.toContain("past this run's horizon");
  });
});

describe("a comparison's table", () => {
  it("says why an output asking about a year past the horizon is undefined", async () => {
    const { compare } = await import("../src/app/compare.js");
    const { renderCompare } = await import("../src/report/render.js");
    const c = await compare({ scenarios: [{ name: "a" }, { name: "b", settings: { ratio: 20 } }], samples: 100, horizon: 2040, outputs: ["loc", "loc_by_2050"], workers: 1 });
    const text = renderCompare(c, "table").replace(/\s+/g, " ");
    expect(text).toContain("loc_by_2050 asks whether loss_of_control comes by 2050, past this run's horizon (2040): no draw can say");
    expect(renderCompare({ result: c.result }, "table")).not.toContain("past this run's horizon");
  });
});

describe("a run's HTML report", () => {
  it("shows a probability defined in no draw as —, not the 0% of its share over all draws", async () => {
    const { renderRunHtml } = await import("../src/report/render.js");
    const model = loadModel("rsi-core");
    const outcome = await run({ model, samples: 200, horizon: 2040, workers: 1, outputs: ["loc", "loc_by_2050"] });
    const text = renderRunHtml(outcome.result).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(text).toMatch(/loc_by_2050 control lost by 2050 \(defined in no draw\) — \[—, —\]/);
    expect(text).not.toMatch(/loc_by_2050 control lost by 2050 0\.0%/);
  });
});

describe("an output that uses another output asking about a year past the horizon", () => {
  it("is undefined where that one is: `not by12` had read its undefined as false, 100% where no draw can say", () => {
    const model = compileModel(
      `
name: dates-by-ref
time: { start: 0, horizon: 10 }
parameters:
  k: { prior: "uniform(0, 20)" }
  j: { prior: "uniform(0, 10)" }
state:
  x: { initial: 0, rate: 1 }
milestones:
  m: "x >= k"
outputs:
  by12: "m <= 12"
  not_by12: "not by12"
  by_j: "m <= j + 4"
  not_by_j: "not by_j"
  ref: "by_j > 0.5"
  by5: "m <= 5"
  not_by5: "not by5"
`,
      "dates-by-ref.yaml",
    );
    const N = 2000;
    const sim = simulate(model, { samples: N, seed: 9, keepParameters: true });
    const { columns, parameterColumns } = sim.table;
    for (let i = 0; i < N; i++) {
      const k = parameterColumns.k[i];
      const j = parameterColumns.j[i];
      expect(columns.not_by12[i], `draw ${i}`).toBeNaN();
      if (j + 4 > 10) {
        expect(columns.not_by_j[i], `draw ${i}`).toBeNaN();
        expect(columns.ref[i], `draw ${i}`).toBeNaN();
      } else {
        expect(columns.not_by_j[i]).toBe(k <= j + 4 ? 0 : 1);
        expect(columns.ref[i]).toBe(k <= j + 4 ? 1 : 0);
      }
      // a year within the run: answered as before
      expect(columns.not_by5[i]).toBe(k <= 5 ? 0 : 1);
    }
    expect(sim.failures.domainErrors ?? {}).toEqual({});
    expect(model.outputs.find((o) => o.name === "not_by12")!.datesBy).toEqual([{ date: "m", by: 12 }]);
  });
});

describe("shares printed from counts", () => {
  it("the run table prints a probability defined in no draw as — with no interval (wilson(0, 0) had printed [0.0%, 100.0%])", async () => {
    const model = loadModel("rsi-core");
    const outcome = await run({ model, samples: 100, horizon: 2040, workers: 1, outputs: ["loc", "loc_by_2050"] });
    const table = formatRunTable(outcome.sim, outcome.result, { width: 100, command: "" });
    const row = table.split("\n").find((l) => l.startsWith("  loc_by_2050 "))!;
    expect(row).toMatch(/^ {2}loc_by_2050 +control lost by 2050 +— +0$/);
  });

  it("a share among the draws where an output is defined is k / n, not the running mean a digit lower (64.2 for 257/400)", async () => {
    const { probability } = await import("../src/report/common.js");
    const mean = [...Array(400)].reduce((a: number, _, i) => a + ((i < 257 ? 1 : 0) - a) / (i + 1), 0);
    expect(mean).not.toBe(0.6425);
    expect(probability({ n: 400, missing: 10, mean, p_defined: 257 / 400 }, 410).p).toBe(0.6425);
    expect(probability({ n: 400, missing: 10, mean }, 410).p).toBe(0.6425);
  });
});

describe("a sweep's page", () => {
  it("says what pairing buys as the table does, not always 'more precise'", async () => {
    const { sweep } = await import("../src/app/sweep.js");
    const { renderSweepHtml, renderSweep } = await import("../src/report/render.js");
    const { pairingGain } = await import("../src/report/sweep-table.js");
    const s = await sweep({ param: "ratio", values: [20, 200], samples: 300, outputs: ["loc", "brake"], workers: 1 });
    const gain = pairingGain(["loc", "brake"], s.result.differences);
    const page = renderSweepHtml(s.result, { model: s.model });
    expect(page).toContain(gain.replace(/'/g, "&#39;"));
    expect(page).not.toContain("more precise than the separate intervals suggest");
    expect(renderSweep(s, "table", { width: 400 }).replace(/\s+/g, " ")).toContain(gain);
  });
});
