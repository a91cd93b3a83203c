/**
 * "A date by year c" past the horizon: an output such as rsi-core's
 * loc_by_2050 (`loss_of_control <= 2050`) in a run to 2040 had been 0 in
 * every draw that reached 2040 without the event, and P(lost by 2050)
 * printed as P(lost by 2040). Such a comparison is now undefined (NaN) there;
 * a draw that ended early (a stop) has no event after its end, so it says 0;
 * a year within the run, and every other comparison, are as before.
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
milestones:
  m: "x >= k"
  end: { when: "x >= j", stop: true }
outputs:
  by5: "m <= 5"
  by5_strict: "m < 5"
  by5_mirror: "5 >= m"
  by_param: "m <= j + 4"
  by3: "m <= 3"
  after5: "m > 5"
  t_m: { value: m, unit: years }
`;

describe("a date compared with a year past the horizon", () => {
  it("is undefined where the run reached the horizon without the date, 0 where it stopped early, as before elsewhere", () => {
    const model = compileModel(MODEL, "dates-by.yaml");
    const N = 4000;
    const sim = simulate(model, { samples: N, seed: 3, keepParameters: true });
    const { columns, parameterColumns } = sim.table;
    let censored = 0;
    let stopped = 0;
    for (let i = 0; i < N; i++) {
      const k = parameterColumns.k[i];
      const j = parameterColumns.j[i];
      const tEnd = Math.min(4, j);
      const reached = k <= tEnd;
      expect(Number.isNaN(columns.t_m[i])).toBe(!reached);
      // by 5 (past the horizon 4): known if the date came, or the run stopped before the horizon
      const by5 = reached ? 1 : j < 4 ? 0 : NaN;
      if (Number.isNaN(by5)) censored++;
      if (!reached && j < 4) stopped++;
      for (const name of ["by5", "by5_strict", "by5_mirror"]) expect(columns[name][i], `${name} draw ${i}`).toBe(by5);
      // j + 4 ≥ 4: past the horizon too, a parameter as the year
      expect(columns.by_param[i]).toBe(by5);
      // by 3, within the run: 0 or 1 as before
      expect(columns.by3[i]).toBe(reached && k <= 3 ? 1 : 0);
      // other comparisons keep the language's rule (NaN is false)
      expect(columns.after5[i]).toBe(0);
    }
    expect(censored).toBeGreaterThan(N / 5);
    expect(stopped).toBeGreaterThan(N / 5);
    expect(model.outputs.find((o) => o.name === "by5")!.datesBy).toEqual([{ date: "m", by: 5 }]);
    expect(model.outputs.find((o) => o.name === "by_param")!.datesBy).toEqual([{ date: "m", by: null }]);
    expect(model.outputs.find((o) => o.name === "after5")!.datesBy).toEqual([]);
  });

  it("is counted as undefined, not as a domain error", () => {
    const model = compileModel(MODEL, "dates-by.yaml");
    const sim = simulate(model, { samples: 500, seed: 1 });
    expect(sim.table.columns.by5.some(Number.isNaN)).toBe(true);
    expect(sim.failures.domainErrors?.by5).toBeUndefined();
    expect(sim.failures.domainErrors?.by5_strict).toBeUndefined();
  });

  it("rsi-core: loc_by_2050 in a run to 2040 is P over the draws that lost control by 2040 or ended early, and the table says so", async () => {
    const model = loadModel("rsi-core");
    const outcome = await run({ model, samples: 1000, horizon: 2040, workers: 1, outputs: ["loc", "loc_by_2040", "loc_by_2050"] });
    const s = outcome.result.outputs;
    expect(s.loc_by_2050.n).toBe(Math.round(s.loc.p! * 1000));
    expect(s.loc_by_2050.p_defined).toBe(1);
    expect(s.loc_by_2040.missing).toBe(0);
    const table = formatRunTable(outcome.sim, outcome.result, { width: 100, command: "" });
    expect(table.replace(/\s+/g, " ")).toContain(`loc_by_2050 asks about 2050, past this run's horizon (2040): it is known only in draws where loss_of_control came by the horizon or the run ended early (${s.loc_by_2050.n} draws), and P is over those.`);
    // to the model's own horizon (2100) nothing changes: every draw is known
    const full = await run({ model, samples: 1000, workers: 1, outputs: ["loc_by_2050"] });
    expect(full.result.outputs.loc_by_2050.missing).toBe(0);
    expect(formatRunTable(full.sim, full.result, { width: 100, command: "" })).not.toMatch(/past this run's horizon/);
  });
});
