/**
 * The sweep's HTML report and CSV say what the sweep table says:
 * - a 0/1 output undefined in some draws is shown as the share among the
 *   draws where it is defined, with its n; "—" and no chart point where no
 *   draw defines it (not 0% with a band), with the past-horizon note;
 * - the paired-change chart leaves such outputs out, as the table's Δ
 *   columns do, and says so;
 * - the CSV writes p_defined at every point of such an output (p where
 *   every draw is defined; empty, interval included, where none is) and
 *   the non-finite counts by kind, as the JSON's `nonfinite`;
 * - charts run in increasing order of the swept values, each paired change
 *   between its two values, from the smaller to the larger;
 * - swept values print with the digits that tell them apart (values.ts).
 * The pages are checked through their embedded chart JSON and table text.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { compileModel, loadModel } from "../src/model/compile.js";
import type { CompiledModel } from "../src/model/types.js";
import { resultJSON } from "../src/analysis/result.js";
import { sweep, type SweepResult } from "../src/analysis/sweep.js";
import { sweepReportHtml } from "../src/report/sweep.js";
import { sweepCSV } from "../src/report/sweep-csv.js";
import { pastHorizonNotes } from "../src/report/run-table.js";
import { escapeHtml } from "../src/report/escape.js";
import { valueDigits, valueLabels, valueText } from "../src/report/values.js";

/** As read back from a file: NaN → null. */
const roundTrip = <T>(x: unknown): T => JSON.parse(resultJSON(x as object)) as T;

interface Spec {
  id: string;
  note?: string;
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}
/** The chart specs embedded in a report. */
function specsOf(html: string): Spec[] {
  const m = /<script type="application\/json" id="rsi-charts">([\s\S]*?)<\/script>/.exec(html);
  expect(m).not.toBeNull();
  return JSON.parse(m![1]) as Spec[];
}
/** The text of the rows of the "values at each point" table: one array of cells per row. */
function valueRows(html: string): string[][] {
  const section = /<section[^>]*id="values"[\s\S]*?<\/section>/.exec(html)![0];
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(section)![1];
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]));
}
/** The text of the figure captions (chart notes) of a page. */
const captions = (html: string) => [...html.matchAll(/<figcaption>([\s\S]*?)<\/figcaption>/g)].map((m) => m[1]);
/** The rows of a CSV below its comment lines, as objects by column name. */
function csvRows(csv: string): Record<string, string>[] {
  const [head, ...rows] = csv.split("\n").filter((l) => l && !l.startsWith("#"));
  const names = head.split(",");
  return rows.map((r) => Object.fromEntries(r.split(",").map((v, i) => [names[i], v])));
}

/** Closed forms: flip (P 1/2), fired (1 − e^(−10 s)), cond (u < 1/2 among the draws where ev fired, undefined elsewhere: in every draw at s = 0), inv (+Infinity at s = 0.5), lg (NaN where k < s). */
const WRAP = `
name: wrap
title: closed forms
time: { start: 0, horizon: 10, unit: years }
solver: { max_step: 1 }
parameters:
  s: { value: 0.2, min: 0, max: 1, description: swept shift }
  k: { prior: "uniform(0, 1)", min: 0, max: 1, description: a prior parameter }
chance:
  u: { distribution: "uniform(0, 1)", description: world coin }
state:
  x: { initial: 0, rate: "1", unit: years }
hazards:
  ev: { rate: "s", terminal: true }
outputs:
  flip: { value: "(u + s) mod 1 < 0.5", headline: true, description: P = 0.5 for all s }
  fired: { value: "reached(ev)", headline: true, description: 1 - exp(-10 s) }
  t_ev: { value: ev, unit: years, description: time of ev }
  inv: { value: "1 / (s - 0.5)", description: infinite at s = 0.5 }
  lg: { value: "ln(k - s)", description: NaN where k < s }
  cond: { value: "reached(ev) ? (u < 0.5) : NaN", type: binary, description: u < 0.5 among fired }
`;

let core: CompiledModel;
let wrap: CompiledModel;
/** rsi-core to 2040: loc_by_2050 is undefined in every draw, warned_before_loc in the draws without loss of control */
let past: SweepResult;
/** the closed-form model over s = 0 … 1 */
let w: SweepResult;

beforeAll(() => {
  core = loadModel("rsi-core");
  wrap = compileModel(WRAP, "wrap.yaml");
  past = roundTrip(sweep(core, { param: "ratio", values: [20, 200, 2000], samples: 300, seed: 1, horizon: 2040, outputs: ["loc", "warned_before_loc", "loc_by_2050"] }));
  w = roundTrip(sweep(wrap, { param: "s", values: [0, 0.25, 0.5, 0.75, 1], samples: 400, seed: 1, outputs: ["flip", "fired", "t_ev", "inv", "lg", "cond"] }));
});

describe("sweep report: 0/1 outputs undefined in some draws", () => {
  it("shows no value where no draw defines the output (loc_by_2050 past a 2040 horizon had been 0.0% [0.0%, 0.4%] with a band), and says why", () => {
    for (const p of past.points) expect(p.outputs.loc_by_2050.n).toBe(0);
    const html = sweepReportHtml(past, { model: core });
    const col = 1 + past.outputs.findIndex((o) => o.name === "loc_by_2050");
    for (const row of valueRows(html)) expect(row[col]).toBe("— (n = 0)");
    expect(html).not.toMatch(/0\.0% \[0\.0%, 0\.4%\]/);
    // no chart point and no band: an output defined nowhere has no chart at all
    const specs = specsOf(html);
    expect(specs.map((s) => s.id)).not.toContain("chart-sweep-loc-by-2050");
    expect(html).toContain("No chart of loc_by_2050: defined in no draw at any point (see the values below).");
    // the reason, from the table's own function
    const notes = pastHorizonNotes(core.outputs.filter((o) => o.name === "loc_by_2050"), past.horizon);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain("past this run's horizon (2040)");
    expect(html).toContain(escapeHtml(notes[0]));
    expect(html).toContain("loc_by_2050 is defined in no draw at any of the 3 points.");
  });

  it("without the model there is no reason to give, but still no value", () => {
    const html = sweepReportHtml(past);
    expect(html).not.toContain("past this run's horizon");
    const col = 1 + past.outputs.findIndex((o) => o.name === "loc_by_2050");
    for (const row of valueRows(html)) expect(row[col]).toBe("— (n = 0)");
  });

  it("shows the share among the draws where it is defined, with its n and labelled so (warned_before_loc)", () => {
    const html = sweepReportHtml(past, { model: core });
    const spec = specsOf(html).find((s) => s.id === "chart-sweep-warned-before-loc")!;
    const lineTrace = spec.data[2];
    const y = lineTrace.y as number[];
    const cd = lineTrace.customdata as [number, number, number, string][];
    past.points.forEach((p, i) => {
      const s = p.outputs.warned_before_loc;
      expect(s.missing).toBeGreaterThan(0);
      expect(y[i]).toBeCloseTo(s.p_defined!, 5);
      expect(cd[i][0]).toBeCloseTo(s.ci_defined![0], 5);
      expect(cd[i][1]).toBeCloseTo(s.ci_defined![1], 5);
      expect(cd[i][2]).toBe(s.n);
    });
    expect(lineTrace.hovertemplate).toContain("where defined");
    expect(JSON.stringify(spec.layout.yaxis)).toContain("where defined");
    const col = 1 + past.outputs.findIndex((o) => o.name === "warned_before_loc");
    const s0 = past.points[0].outputs.warned_before_loc;
    expect(valueRows(html)[0][col]).toBe(`${(100 * s0.p_defined!).toFixed(1)}% [${(100 * s0.ci_defined![0]).toFixed(1)}%, ${(100 * s0.ci_defined![1]).toFixed(1)}%] of ${s0.n}`);
    expect(html).toMatch(/<code>warned_before_loc<\/code> P\* \[95%\] of n defined/);
    const ns = past.points.map((p) => p.outputs.warned_before_loc.n);
    expect(html).toContain(`warned_before_loc is defined in ${Math.min(...ns)} to ${Math.max(...ns)} of the 300 draws at a point.`);
  });

  it("draws a gap, not 0, at the point where no draw defines it (cond at s = 0), the share elsewhere", () => {
    const html = sweepReportHtml(w);
    const spec = specsOf(html).find((s) => s.id === "chart-sweep-cond")!;
    const [hi, lo, p] = spec.data.map((t) => t.y as (number | null)[]);
    expect(w.points[0].outputs.cond.n).toBe(0);
    expect([hi[0], lo[0], p[0]]).toEqual([null, null, null]);
    for (let i = 1; i < w.points.length; i++) {
      const s = w.points[i].outputs.cond;
      expect(p[i]).toBeCloseTo(s.mean, 5);
      // u < 1/2 among the draws where ev fired: 1/2 within the sampling error of n draws
      expect(Math.abs(p[i]! - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / s.n));
    }
    const col = 1 + w.outputs.findIndex((o) => o.name === "cond");
    expect(valueRows(html)[0][col]).toBe("— (n = 0)");
    expect(html).toMatch(/cond is defined in 0 to [0-9,]+ of the 400 draws at a point, in none at 1 of 5 points\./);
  });

  it("leaves such outputs out of the paired-change chart, as the table's Δ columns, and says so (warned_before_loc had been plotted as +2.8 points over the draws defined at both)", () => {
    const html = sweepReportHtml(past, { model: core });
    const diff = specsOf(html).find((s) => s.id === "chart-paired-differences")!;
    expect(diff.data.map((t) => t.name)).toEqual(["loc"]);
    const note = captions(html).find((c) => c.startsWith("Each point is P(next value)"))!;
    expect(note).toContain("Not shown: warned_before_loc, loc_by_2050, undefined in some draws (or all).");
    expect(note).toContain("the terminal table leaves them out too");
  });

  it("says so in a note when every 0/1 output is left out", () => {
    const only = roundTrip<SweepResult>(sweep(core, { param: "ratio", values: [20, 2000], samples: 100, seed: 1, outputs: ["warned_before_loc"] }));
    const html = sweepReportHtml(only);
    expect(specsOf(html).map((s) => s.id)).not.toContain("chart-paired-differences");
    expect(html).toContain("Not shown: warned_before_loc, undefined in some draws (or all).");
  });

  it("a grid: the heat map has no value where no draw defines the output, rows and columns in increasing order", () => {
    const g = roundTrip<SweepResult>(sweep(wrap, { param: "s", values: [0.5, 0], param2: "k", values2: [0.6, 0.4], samples: 100, seed: 1, outputs: ["cond", "fired"] }));
    const html = sweepReportHtml(g);
    const heat = specsOf(html).find((s) => s.id === "chart-heat-cond")!.data[0];
    expect(heat.y).toEqual(["0", "0.5"]);
    expect(heat.x).toEqual(["0.4", "0.6"]);
    const z = heat.z as (number | null)[][];
    // s = 0 (the second value given): defined in no draw
    expect(z[0]).toEqual([null, null]);
    expect((heat.text as string[][])[0]).toEqual(["—", "—"]);
    // s = 0.5, k = 0.4: point 0 · 2 + 1
    expect(g.points[1].values).toEqual({ s: 0.5, k: 0.4 });
    expect(z[1][0]).toBeCloseTo(g.points[1].outputs.cond.mean, 5);
    const lines = specsOf(html).find((s) => s.id === "chart-lines-cond")!;
    expect(lines.data[2].x).toEqual([0, 0.5]);
    expect((lines.data[2].y as (number | null)[])[0]).toBeNull();
    expect(lines.data[2].name).toBe("k = 0.4");
  });
});

describe("sweep CSV", () => {
  it("writes p_defined at every point of an output undefined in some draws: p where all are defined, empty (interval too) where none is", () => {
    for (const layout of ["wide", "long"] as const) {
      const csv = sweepCSV(w, layout);
      const get = (i: number, stat: string): string => {
        if (layout === "wide") return csvRows(csv)[i][`cond_${stat}`];
        const row = csvRows(csv).find((r) => r.point === String(i) && r.output === "cond" && r.statistic === stat);
        return row!.value;
      };
      // s = 0: no draw defined
      expect([get(0, "p_defined"), get(0, "ci_defined_lo"), get(0, "ci_defined_hi")]).toEqual(["", "", ""]);
      // s = 0.25: some draws undefined: the summary's p_defined
      expect(Number(get(1, "p_defined"))).toBeCloseTo(w.points[1].outputs.cond.p_defined!, 10);
      // s = 1: every draw fired, so defined: p_defined = p
      const s4 = w.points[4].outputs.cond;
      expect(s4.missing).toBe(0);
      expect(get(4, "p_defined")).toBe(get(4, "p"));
      expect(get(4, "ci_defined_lo")).toBe(get(4, "ci_lo"));
      expect(get(4, "ci_defined_hi")).toBe(get(4, "ci_hi"));
      expect(get(4, "p_defined")).not.toBe("");
    }
  });

  it("counts the values that were not finite, by kind, as the JSON's nonfinite (they had shown only as NAME_n = 0)", () => {
    const wide = sweepCSV(w, "wide");
    const rows = csvRows(wide);
    expect(w.points[2].outputs.inv.nonfinite).toEqual({ "+Infinity": 400 });
    expect(rows.map((r) => r.inv_n_posinf)).toEqual(["0", "0", "400", "0", "0"]);
    expect(rows.map((r) => r.lg_n_nan)).toEqual(w.points.map((p) => String(p.outputs.lg.nonfinite?.NaN ?? 0)));
    // only the kinds that occur
    expect(Object.keys(rows[0])).not.toContain("inv_n_nan");
    expect(Object.keys(rows[0])).not.toContain("flip_n_posinf");
    expect(Object.keys(rows[0])).not.toContain("t_ev_n_nan"); // never reached is not a domain error
    expect(wide).toMatch(/^# column inv_n_posinf \[\]: infinite at s = 0\.5: draws \(of the undefined ones\) whose value was \+Infinity/m);
    const long = csvRows(sweepCSV(w, "long"));
    const at = (i: number, out: string, stat: string) => long.find((r) => r.point === String(i) && r.output === out && r.statistic === stat)?.value;
    expect(at(2, "inv", "n_posinf")).toBe("400");
    expect(at(0, "inv", "n_posinf")).toBe("0");
    expect(at(0, "flip", "n_posinf")).toBeUndefined();
    expect(sweepCSV(w, "long")).toMatch(/^# column statistic \[\]:.*n_posinf \(draws \(of the undefined ones\) whose value was \+Infinity/m);
  });
});

describe("sweep report: the order of the swept values", () => {
  it("draws the lines in increasing x and each paired change between its two values, from the smaller to the larger (--values 2000,20,200 had zigzagged)", () => {
    const u = roundTrip<SweepResult>(sweep(core, { param: "ratio", values: [2000, 20, 200], samples: 200, seed: 1, outputs: ["loc", "brake"] }));
    const html = sweepReportHtml(u);
    const specs = specsOf(html);
    const loc = specs.find((s) => s.id === "chart-sweep-loc")!;
    for (const t of loc.data) expect(t.x).toEqual([20, 200, 2000]);
    const byValue = (v: number) => u.points.find((p) => p.values.ratio === v)!.outputs.loc;
    expect((loc.data[2].y as number[]).map((y) => Number(y.toFixed(6)))).toEqual([20, 200, 2000].map((v) => Number(byValue(v).p!.toFixed(6))));
    // the table keeps the order given
    expect(valueRows(html).map((r) => r[0])).toEqual(["2000", "20", "200"]);
    const diff = specs.find((s) => s.id === "chart-paired-differences")!;
    const t = diff.data[0];
    const x = t.x as number[];
    const cd = t.customdata as [string, string, number, number, number, number][];
    expect(x[1]).toBeGreaterThan(x[0]);
    for (let i = 0; i < x.length; i++) {
      const [lo, hi] = [Number(cd[i][0]), Number(cd[i][1])];
      expect(lo).toBeLessThan(hi);
      expect(x[i]).toBeGreaterThan(lo);
      expect(x[i]).toBeLessThan(hi);
      // P(hi) − P(lo) on the same draws: the JSON's difference, turned round where the list went down
      const d = u.differences.find((e) => [u.points[e.from].values.ratio, u.points[e.to].values.ratio].sort((a, b) => a - b).join() === [lo, hi].join())!;
      const sign = u.points[d.from].values.ratio === lo ? 1 : -1;
      expect((t.y as number[])[i]).toBeCloseTo(sign * d.outputs.loc.diff, 5);
      expect(cd[i][2]).toBeCloseTo(sign > 0 ? d.outputs.loc.ci[0] : -d.outputs.loc.ci[1], 5);
      expect(cd[i][3]).toBeCloseTo(sign > 0 ? d.outputs.loc.ci[1] : -d.outputs.loc.ci[0], 5);
      expect(byValue(hi).p! - byValue(lo).p!).toBeCloseTo((t.y as number[])[i], 10);
    }
    expect(captions(html).some((c) => c.includes("each change is from the smaller of its two values to the larger"))).toBe(true);
  });
});

describe("swept values as text", () => {
  it("uses the fewest digits (4 to 12 significant) that tell the values apart", () => {
    expect(valueLabels([200, 200.01, 200.02])).toEqual(["200", "200.01", "200.02"]);
    expect(valueLabels([123456, 123457])).toEqual(["123456", "123457"]);
    expect(valueLabels([20, 200, 2000])).toEqual(["20", "200", "2000"]);
    expect(valueLabels([0, 0.25, 0.5])).toEqual(["0", "0.25", "0.5"]);
    expect(valueLabels([1, Math.sqrt(10), 10])).toEqual(["1", "3.162", "10"]);
    expect(valueLabels([0.1, 0.1 + 1e-9])).toEqual(["0.1", "0.100000001"]);
    expect(valueLabels([1.5e6, 1.5000001e6])).toEqual(["1.5e6", "1.5000001e6"]);
    expect(valueLabels([2.5e-4, 2.50001e-4])).toEqual(["2.5e-4", "2.50001e-4"]);
    expect(valueText(31622.776, 4)).toBe("31623");
    expect(valueDigits([200, 200.01])).toBe(5);
    // past 12 digits they stay at 12
    expect(valueDigits([1, 1 + 1e-14])).toBe(12);
  });

  it("the page prints them so (200, 200.01, 200.02 had read '200 to 200.0' and '200, 200.0, 200.0')", () => {
    const v = roundTrip<SweepResult>(sweep(wrap, { param: "s", values: [0.2, 0.20001, 0.20002], samples: 20, seed: 1, outputs: ["flip"] }));
    const html = sweepReportHtml(v);
    expect(html).toContain("s swept 0.2 to 0.20002 (3 values)");
    expect(html).toContain("0.2, 0.20001, 0.20002");
    expect(valueRows(html).map((r) => r[0])).toEqual(["0.2", "0.20001", "0.20002"]);
    const flip = specsOf(html).find((s) => s.id === "chart-sweep-flip")!;
    expect((flip.data[2].customdata as unknown[][]).map((c) => c[3])).toEqual(["0.2", "0.20001", "0.20002"]);
    expect(flip.data[2].hovertemplate).not.toContain("%{x:.4g}");
  });
});
