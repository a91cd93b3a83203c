/**
 * HTML reports (src/report, `rsi-sim report`): one self-contained file with
 * plotly.js inlined exactly once and nothing fetched from the network,
 * every chart present with data, text from model files and result JSON
 * escaped, honest P(event by year) curves, and one-line UserErrors for bad
 * input. The browser side is in report-browser.test.ts.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadModel } from "../src/model/compile.js";
import { UserError } from "../src/core/errors.js";
import { simulate } from "../src/engine/simulate.js";
import { resultJSON, summarizeRun, type RunResult } from "../src/analysis/result.js";
import { sweep, type SweepResult } from "../src/analysis/sweep.js";
import { runSensitivity, type SensitivityResult } from "../src/analysis/sensitivity.js";
import { parseResultText, runReportHtml, sensitivityReportHtml, sweepReportHtml } from "../src/report/html.js";
import { escapeHtml, escapePlotly, jsonForScript } from "../src/report/escape.js";
import { cdfAt, discreteValues, fmt, histogramFromQuantiles, logSpaced, wantsLog } from "../src/report/curves.js";
import { plotlySource } from "../src/report/plotly-source.js";
import { reportCommand } from "../src/cli/report.js";
import { renderRunHtml } from "../src/report/render.js";

const tmp = mkdtempSync(path.join(tmpdir(), "rsi-sim-report-"));
/** As read back from a file: NaN → null. */
const roundTrip = <T>(x: unknown): T => JSON.parse(resultJSON(x as object)) as T;
const io = () => {
  const out = { stdout: "", stderr: "" };
  return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s), isTTY: false } };
};

interface Spec {
  id: string;
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}
/** The chart specs embedded in a report. */
function specsOf(html: string): Spec[] {
  const m = /<script type="application\/json" id="rsi-charts">([\s\S]*?)<\/script>/.exec(html);
  expect(m).not.toBeNull();
  return JSON.parse(m![1]) as Spec[];
}
/** Does a trace carry at least one finite number in x, y or z? */
function hasData(t: Record<string, unknown>): boolean {
  const flat = (v: unknown): unknown[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);
  return ["x", "y", "z"].some((k) => flat(t[k]).some((v) => typeof v === "number" && Number.isFinite(v)));
}
/** The HTML outside the inlined plotly bundle. */
const withoutPlotly = (html: string) => html.replace(plotlySource().source, "");

/** Checks every report must pass. */
function checkSelfContained(html: string): Spec[] {
  const { source, version } = plotlySource();
  // plotly inlined exactly once
  expect(html.split(source).length - 1).toBe(1);
  expect(html.split(`plotly.js v${version}`).length - 1).toBe(1);
  const rest = withoutPlotly(html);
  // no external script, stylesheet, image, frame or import
  expect(rest).not.toMatch(/<script[^>]*\bsrc\s*=/i);
  expect(rest).not.toMatch(/<link\b/i);
  expect(rest).not.toMatch(/<(img|iframe|embed|object|source|audio|video)\b/i);
  expect(rest).not.toMatch(/(src|href|action)\s*=\s*["']?\s*(https?:)?\/\//i);
  expect(rest).not.toMatch(/@import|url\(\s*["']?(https?:)?\/\//i);
  expect(rest).not.toMatch(/https?:\/\//i);
  expect(rest).toContain(`http-equiv="Content-Security-Policy" content="default-src 'none';`);
  // four script elements: chart data, themes, plotly, the drawing script
  expect(html.match(/<script\b/g)).toHaveLength(4);
  const specs = specsOf(html);
  expect(specs.length).toBeGreaterThan(0);
  const ids = new Set<string>();
  for (const s of specs) {
    expect(ids.has(s.id), `duplicate id ${s.id}`).toBe(false);
    ids.add(s.id);
    expect(s.id).toMatch(/^[a-z0-9-]+$/);
    expect(rest).toContain(`<div class="plot" id="${s.id}" data-traces="${s.data.length}"`);
    expect(s.data.length, s.id).toBeGreaterThan(0);
    expect(s.data.some(hasData), `${s.id} has no data`).toBe(true);
  }
  return specs;
}

// ---------------------------------------------------------------------------
// fixtures

let run: RunResult & { command?: string };
let sweep1: SweepResult;
let grid: SweepResult;
let sobol: SensitivityResult;
let morris: SensitivityResult;
let oat: SensitivityResult;

beforeAll(() => {
  const model = loadModel("rsi-core");
  run = roundTrip({ ...summarizeRun(simulate(model, { samples: 400, seed: 3 })), command: "rsi-sim --samples 400 --seed 3" });
  sweep1 = roundTrip(sweep(model, { param: "ratio", values: [1, 10, 100, 1000], samples: 60, seed: 1, outputs: ["loc", "loc_by_2050", "t100"] }));
  grid = roundTrip(sweep(model, { param: "ratio", values: [10, 1000], param2: "p_comply", values2: [0, 0.5, 1], samples: 40, seed: 1, outputs: ["loc", "takeoff_years"] }));
  sobol = roundTrip(runSensitivity(loadModel("models/test/ishigami.yaml"), { method: "sobol", N: 128, seed: 1, resamples: 50 }));
  morris = roundTrip(runSensitivity(model, { method: "morris", trajectories: 4, seed: 1, resamples: 30, outputs: ["loc_by_2050", "t100"] }));
  oat = roundTrip(runSensitivity(model, { method: "oat", N: 8, seed: 1, outputs: ["loc_by_2050"] }));
});

// ---------------------------------------------------------------------------

describe("run report", () => {
  it("is one self-contained file with every chart and its data", () => {
    const html = runReportHtml(run);
    const specs = checkSelfContained(html);
    const ids = specs.map((s) => s.id);
    expect(ids).toContain("chart-probabilities");
    expect(ids).toContain("chart-p-loc-by-year");
    expect(ids).toContain("chart-milestones-cdf");
    for (const [name, d] of Object.entries(run.distributions)) {
      if (d.n > 0) expect(ids, name).toContain(`chart-hist-${name.replace(/_/g, "-")}`);
    }
    for (const name of Object.keys(run.series)) expect(ids).toContain(`chart-fan-${name}`);
    // fan charts: two bands (two traces each), the median, the runs still going
    const fan = specs.find((s) => s.id === "chart-fan-capability")!;
    expect(fan.data).toHaveLength(6);
    expect(fan.data[5].y).toEqual(run.series.capability.running); // counts are integers: not rounded
    // the header: model, seed, samples, version, the command
    expect(html).toContain("rsi-core");
    expect(html).toContain(`<pre id="command">rsi-sim --samples 400 --seed 3</pre>`);
    expect(html).toContain(`<dt>seed</dt><dd>3</dd>`);
    expect(html).toContain(`<dt>draws</dt><dd>400`);
    expect(html).toContain(`<dt>rsi-sim</dt><dd>${run.version}</dd>`);
    // parameters with units and sources
    const p = run.parameterInfo.g_price;
    expect(html).toContain(escapeHtml(p.source));
    expect(html).toContain(escapeHtml(String(run.parameters.g_price)));
  });

  it("labels axes with units", () => {
    const specs = specsOf(runReportHtml(run));
    const titles = (s: Spec) => JSON.stringify([s.layout.xaxis, s.layout.yaxis]);
    expect(titles(specs.find((s) => s.id === "chart-hist-automation-years")!)).toContain("automation_years (years)");
    expect(titles(specs.find((s) => s.id === "chart-fan-margin")!)).toContain(`margin (${run.series.margin.unit})`);
    expect(titles(specs.find((s) => s.id === "chart-p-loc-by-year")!)).toMatch(/year/);
  });

  it("draws P(loss of control by year) from t_loc's percentiles, matching the exact loc_by_YYYY counts", () => {
    const d = run.distributions.t_loc;
    const N = d.n + d.missing;
    const q = d.quantiles as number[];
    for (const year of [2030, 2035, 2040, 2050]) {
      const exact = run.outputs[`loc_by_${year}`].p!;
      const curve = (d.n / N) * cdfAt(q, year);
      // percentiles pin the curve to within 1% of the draws where control is lost, plus one draw
      expect(Math.abs(curve - exact), String(year)).toBeLessThanOrEqual((0.01 * d.n + 1) / N);
    }
    // at the horizon the curve reaches P(loc)
    expect((d.n / N) * cdfAt(q, run.horizon)).toBeCloseTo(run.outputs.loc.p!, 10);
    const spec = specsOf(runReportHtml(run)).find((s) => s.id === "chart-p-loc-by-year")!;
    // the band encloses the line
    const [upper, lower, line] = spec.data;
    const ys = line.y as number[];
    ys.forEach((y, i) => {
      expect((lower.y as number[])[i]).toBeLessThanOrEqual(y + 1e-6);
      expect((upper.y as number[])[i]).toBeGreaterThanOrEqual(y - 1e-6);
    });
  });

  it("shows a conditional probability over the draws where it is defined, as the terminal table does", () => {
    const html = runReportHtml(run);
    const s = run.outputs.warned_before_loc;
    expect(s.missing).toBeGreaterThan(0);
    expect(html).toContain(`(among the ${s.n.toLocaleString("en-US")} draws where it is defined)`);
    expect(html).toContain(`${(100 * s.mean).toFixed(1)}%`);
  });

  it("escapes text from the model file and the JSON: no HTML or plotly markup gets through", () => {
    const evil = `<script>alert("x")</script><img src=x onerror=alert(1)> <b>bold</b> & %{x}`;
    const bad: RunResult & { command?: string } = JSON.parse(JSON.stringify(run));
    bad.model.name = evil;
    bad.model.file = evil;
    bad.command = `rsi-sim --set "ratio=${evil}"`;
    bad.parameterInfo.ratio = { unit: evil, description: evil, source: evil };
    bad.parameters.g_price = evil;
    bad.distributions[evil] = { ...bad.distributions.t100, unit: evil };
    bad.outputs[evil] = { ...bad.outputs.t100 };
    bad.series[evil] = { ...bad.series.capability, unit: evil };
    bad.outputs[`${evil}_by_2030`] = { ...bad.outputs.loc_by_2030 };
    const html = runReportHtml(bad, { outputInfo: { loc: { description: evil } } });
    const rest = withoutPlotly(html);
    expect(rest).not.toContain("<script>alert");
    expect(rest).not.toContain("<img");
    expect(rest).not.toContain("<b>bold");
    expect(rest).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(rest.match(/<script\b/g)).toHaveLength(4);
    // in chart text, plotly's tags are escaped too
    const specs = specsOf(html);
    const text = JSON.stringify(specs);
    expect(text).not.toContain("<b>bold");
    expect(text).not.toContain("<script");
    expect(text).toContain("&lt;b&gt;bold&lt;/b&gt;");
    expect(text).not.toContain("&amp; %{x}");
    expect(text).toContain("&amp; %\u200b{x}");
    checkSelfContained(html);
  });

  it("survives undefined outputs, failed draws and missing parts", () => {
    const r: RunResult = JSON.parse(JSON.stringify(run));
    r.failed = 7;
    r.failures = { "step size underflow": 7 };
    r.distributions.t_brake = { unit: "year", n: 0, missing: 393, quantiles: new Array(101).fill(null) };
    r.outputs.t_brake = { ...r.outputs.t_brake, n: 0, mean: null as unknown as number, quantiles: { p5: null, p25: null, p50: null, p75: null, p95: null } as never };
    const html = runReportHtml(r);
    expect(html).toContain("7 of 400 draws failed numerically");
    expect(html).toContain("step size underflow (7)");
    expect(html).toContain("Never defined in any draw, so not charted: t_brake");
    checkSelfContained(html);
    const bare = { ...r, series: undefined, distributions: undefined, parameterInfo: undefined } as unknown as RunResult;
    expect(() => runReportHtml(bare)).not.toThrow();
  });

  it("works for another model (forethought-sie)", () => {
    const m = loadModel("forethought-sie");
    const r = roundTrip<RunResult>(summarizeRun(simulate(m, { samples: 100, seed: 1 })));
    const specs = checkSelfContained(runReportHtml(r));
    expect(specs.map((s) => s.id)).toContain("chart-fan-progress");
  });
});

describe("sweep report", () => {
  it("charts each output against the swept parameter on a log axis when log-spaced, with interval bands", () => {
    const html = sweepReportHtml(sweep1);
    const specs = checkSelfContained(html);
    const loc = specs.find((s) => s.id === "chart-sweep-loc")!;
    expect((loc.layout.xaxis as { type: string }).type).toBe("log");
    expect(loc.data).toHaveLength(3); // band (2 traces) and the line
    (loc.data[2].y as number[]).forEach((y, i) => expect(y).toBeCloseTo(sweep1.points[i].outputs.loc.p!, 5));
    const t100 = specs.find((s) => s.id === "chart-sweep-t100")!;
    expect(t100.data.length).toBe(6); // two bands, the median, the mean ± 95%
    expect(specs.map((s) => s.id)).toContain("chart-paired-differences");
    expect(html).toContain("(log-spaced)");
  });

  it("draws a heat map per output for a two-parameter grid", () => {
    const specs = checkSelfContained(sweepReportHtml(grid));
    const heat = specs.filter((s) => s.id.startsWith("chart-heat-"));
    expect(heat.map((s) => s.id)).toEqual(["chart-heat-loc", "chart-heat-takeoff-years"]);
    const z = heat[0].data[0].z as number[][];
    expect(z).toHaveLength(2); // ratio values (rows)
    expect(z[0]).toHaveLength(3); // p_comply values (columns)
    expect(z[1][2]).toBeCloseTo(grid.points[1 * 3 + 2].outputs.loc.p!, 5);
  });

  it("uses a linear axis for linearly spaced values", () => {
    expect(logSpaced([0, 0.25, 0.5, 0.75, 1])).toBe(false);
    expect(logSpaced([1, 10, 100, 1000])).toBe(true);
    expect(logSpaced([1, 2, 3, 4, 5])).toBe(false);
    expect(logSpaced([1, 1000])).toBe(true);
  });
});

describe("sensitivity report", () => {
  it("Sobol': S1 and ST bars with interval whiskers, and convergence", () => {
    const specs = checkSelfContained(sensitivityReportHtml(sobol));
    const bars = specs.find((s) => s.id === "chart-sobol-y")!;
    expect(bars.data.map((t) => t.name)).toEqual(["S1 (first order)", "ST (total)"]);
    expect((bars.data[1].error_x as { array: number[] }).array.every((x) => x >= 0)).toBe(true);
    // sorted by ST: x1 first for Ishigami
    expect(bars.data[1].y).toEqual(["x1", "x2", "x3"]);
    expect(specs.map((s) => s.id)).toContain("chart-sobol-conv-y");
  });

  it("Morris: the μ*–σ plane", () => {
    const specs = checkSelfContained(sensitivityReportHtml(morris));
    const m = specs.find((s) => s.id === "chart-morris-loc-by-2050")!;
    const pts = m.data.find((t) => t.name === "factors")!;
    expect((pts.x as number[]).length).toBe(morris.outputs.loc_by_2050.morris!.indices.length);
  });

  it("OAT: the tornado", () => {
    const specs = checkSelfContained(sensitivityReportHtml(oat));
    const t = specs.find((s) => s.id === "chart-tornado-loc-by-2050")!;
    expect(t.data).toHaveLength(2);
    expect(t.data[0].base as number).toBeCloseTo(oat.outputs.loc_by_2050.oat!.base, 5);
  });
});

describe("reading result files", () => {
  it("detects the kind from the schema", () => {
    expect(parseResultText(resultJSON(run), "run.json").kind).toBe("run");
    expect(parseResultText(resultJSON(sweep1), "s.json").kind).toBe("sweep");
    expect(parseResultText(resultJSON(sobol), "x.json").kind).toBe("sensitivity");
  });

  const message = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      return (e as Error).message;
    }
    throw new Error("no error");
  };

  it("gives one-line UserErrors for bad, truncated or unknown files", () => {
    const text = resultJSON(run);
    const cases: [string, RegExp][] = [
      [text.slice(0, 1000), /^run\.json: the JSON ends early \(a truncated file\?\)/],
      [text.slice(0, 3000), /^run\.json: the JSON ends early \(a truncated file\?\)/],
      [text.slice(0, text.indexOf('"outputs"') + 5), /^run\.json: the JSON ends early/],
      ["{ not json", /^run\.json: not valid JSON/],
      ["[1, 2]", /^run\.json: not an rsi-sim result: expected a JSON object/],
      [`{"schema": "rsi-sim.result/9"}`, /unknown schema "rsi-sim.result\/9"; this version reads "rsi-sim.result\/1"/],
      [`{"a": 1}`, /has no "schema" field/],
      [`{"schema": "rsi-sim.result/1", "model": {}, "samples": 1}`, /not a complete rsi-sim.result\/1 file: "outputs" is missing/],
      [`{"schema": "rsi-sim.sweep/1", "swept": [{"name": "a", "values": [1, 2]}], "outputs": [], "points": [{}], "samples": 1}`, /^run\.json: not a complete rsi-sim\.sweep\/1 file: "version" is missing/],
      [`{"schema": "rsi-sim.design/1"}`, /is a sensitivity design, not results/],
    ];
    for (const [t, re] of cases) {
      const m = message(() => parseResultText(t, "run.json"));
      expect(m).toMatch(re);
      expect(m).not.toContain("\n");
    }
  });

  it("refuses a probability that is not one, naming the field (a file edited by hand had been drawn as 150% in [-300%, 700%])", () => {
    const name = Object.keys(run.outputs).find((k) => run.outputs[k].kind === "binary")!;
    const edited = (change: (o: Record<string, unknown>) => void) => {
      const o = JSON.parse(resultJSON(run));
      change(o.outputs[name]);
      return JSON.stringify(o);
    };
    const cases: [string, RegExp][] = [
      [edited((o) => (o.p = 1.5)), new RegExp(`^run\\.json: outputs\\.${name}\\.p must be ≤ 1, got 1\\.5$`)],
      [edited((o) => (o.p = "abc")), /outputs\.\w+\.p must be a number or null, got "abc"/],
      [edited((o) => (o.ci = [-3, 7])), /outputs\.\w+\.ci\[0\] must be ≥ 0, got -3/],
      [edited((o) => (o.ci = [0.6, 0.4])), /outputs\.\w+\.ci must be an interval \[low, high\] with low ≤ high, got \[0\.6, 0\.4\]/],
    ];
    for (const [t, re] of cases) expect(message(() => parseResultText(t, "run.json"))).toMatch(re);
    // nulls (an output never defined) and the result as written pass
    expect(() => parseResultText(edited((o) => ((o.p = null), (o.ci = [null, null]))), "run.json")).not.toThrow();
    expect(() => parseResultText(resultJSON(run), "run.json")).not.toThrow();
    // a parameter or an output named p is a name, not a probability (models/test/known-probability.yaml has a parameter p)
    const named = JSON.parse(resultJSON(run));
    named.parameters = { ...named.parameters, p: "uniform(0, 1) in [0, 1]", p_baseline: 7 };
    named.outputs.p = { ...named.outputs.automation_years };
    expect(() => parseResultText(JSON.stringify(named), "run.json")).not.toThrow();
    // a JSON file that is not a result says so, whatever its fields
    expect(message(() => parseResultText(`{"p": 5}`, "x.json"))).toMatch(/has no "schema" field/);
  });
});

describe("rsi-sim report", () => {
  it("writes the HTML report of a result file", async () => {
    const file = path.join(tmp, "run.json");
    writeFileSync(file, resultJSON(run));
    const out = path.join(tmp, "run.html");
    const { out: o, io: streams } = io();
    expect(await reportCommand([file, "--html", out], streams)).toBe(0);
    expect(o.stderr).toBe(`rsi-sim: wrote ${out} (run report)\n`);
    checkSelfContained(readFileSync(out, "utf8"));
  });

  it("writes sweep and sensitivity reports", async () => {
    for (const [name, r] of [["sweep", sweep1], ["sens", sobol]] as const) {
      const file = path.join(tmp, `${name}.json`);
      writeFileSync(file, resultJSON(r));
      const out = path.join(tmp, `${name}.html`);
      expect(await reportCommand([`--html=${out}`, file], io().io)).toBe(0);
      checkSelfContained(readFileSync(out, "utf8"));
    }
  });

  it("renderRunHtml renders a run's report (for rsi-sim run --html)", () => {
    checkSelfContained(renderRunHtml(run));
  });

  it("prints help", async () => {
    const { out, io: streams } = io();
    expect(await reportCommand(["--help"], streams)).toBe(0);
    expect(out.stdout).toContain("rsi-sim report RESULT.json");
  });

  it("rejects bad arguments and files with one line each, writing nothing", async () => {
    const good = path.join(tmp, "good.json");
    writeFileSync(good, resultJSON(run));
    const cut = path.join(tmp, "cut.json");
    writeFileSync(cut, resultJSON(run).slice(0, 5000));
    const out = path.join(tmp, "never.html");
    const cases: [string[], RegExp][] = [
      [[], /give a result file/],
      [[good], /say what to write: --html FILE and\/or --png DIR/],
      [[good, good, "--html", out], /give one result file, got 2/],
      [[good, "--htm", out], /unknown flag --htm \(did you mean --html\?\)/],
      [[good, "--html"], /--html: needs a value/],
      [[good, "--png", tmp, "--width", "abc"], /--width: must be a whole number/],
      [[path.join(tmp, "missing.json"), "--html", out], /missing\.json: no such file/],
      [[tmp, "--html", out], /is a directory/],
      [[cut, "--html", out], /cut\.json: the JSON ends early/],
    ];
    for (const [args, re] of cases) {
      let err: unknown;
      try {
        await reportCommand(args, io().io);
      } catch (e) {
        err = e;
      }
      expect(err, args.join(" ")).toBeInstanceOf(UserError);
      expect((err as Error).message).toMatch(re);
      expect((err as Error).message).not.toContain("\n");
    }
    expect(existsSync(out)).toBe(false);
  });

  it("names the fix when Chromium is missing, and writes nothing", async () => {
    const file = path.join(tmp, "png.json");
    writeFileSync(file, resultJSON(run));
    const saved = process.env.RSI_SIM_CHROMIUM;
    process.env.RSI_SIM_CHROMIUM = path.join(tmp, "no-such-chromium");
    try {
      await expect(reportCommand([file, "--html", path.join(tmp, "png.html"), "--png", path.join(tmp, "png")], io().io)).rejects.toThrow(
        /--png: Chromium not found at .*no-such-chromium; install it \(Debian\/Ubuntu: apt-get install chromium\) or set RSI_SIM_CHROMIUM/,
      );
      // no partial output: neither the HTML nor the PNG directory
      expect(existsSync(path.join(tmp, "png.html"))).toBe(false);
      expect(existsSync(path.join(tmp, "png"))).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.RSI_SIM_CHROMIUM;
      else process.env.RSI_SIM_CHROMIUM = saved;
    }
  });
});

describe("report helpers", () => {
  it("escapes for HTML, plotly text and embedded JSON", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    expect(escapePlotly("<br>a & b %{y}")).toBe("&lt;br&gt;a &amp; b %\u200b{y}");
    const j = jsonForScript({ s: "</script><!-- \u2028", n: NaN });
    expect(j).not.toMatch(/<|>|\u2028/);
    expect(JSON.parse(j)).toEqual({ s: "</script><!-- \u2028", n: null });
  });

  it("inverts the percentile curve", () => {
    const q = Array.from({ length: 101 }, (_, i) => 10 + i * 0.5); // uniform on [10, 60]
    expect(cdfAt(q, 9)).toBe(0);
    expect(cdfAt(q, 60)).toBe(1);
    expect(cdfAt(q, 35)).toBeCloseTo(0.5, 12);
    expect(cdfAt(q, 10.25)).toBeCloseTo(0.005, 12);
    // ties: the highest level at or below x
    const t = [0, 0, 0, ...Array.from({ length: 98 }, (_, i) => i + 1)];
    expect(cdfAt(t, 0)).toBeCloseTo(0.02, 12);
    const h = histogramFromQuantiles(q, 10, false);
    expect(h.edges).toHaveLength(11);
    expect(h.shares.reduce((a, b) => a + b, 0) + h.outside).toBeCloseTo(1, 12);
    expect(h.shares.every((s) => Math.abs(s - 0.098) < 1e-9)).toBe(true);
  });

  it("chooses log axes and spots discrete outputs", () => {
    const lognormal = Array.from({ length: 101 }, (_, i) => Math.exp(-3 + (6 * i) / 100));
    expect(wantsLog(lognormal)).toBe(true);
    expect(wantsLog(Array.from({ length: 101 }, (_, i) => 1 + i / 100))).toBe(false);
    expect(wantsLog(Array.from({ length: 101 }, (_, i) => i - 50))).toBe(false);
    const phase = [...new Array(40).fill(1), 1.5, ...new Array(30).fill(2), ...new Array(30).fill(3)];
    expect(discreteValues(phase)).toEqual([1, 2, 3]);
    expect(discreteValues(lognormal)).toBeNull();
    expect(fmt(2030)).toBe("2030");
    expect(fmt(0.5)).toBe("0.5");
    expect(fmt(-1.234)).toBe("−1.23");
    expect(fmt(null)).toBe("—");
  });
});

describe("report size", () => {
  it("a run report of rsi-core stays under 5 MB: plotly.js minified at build time, charts at the resolution their data has", () => {
    const model = loadModel("rsi-core");
    const result = summarizeRun(simulate(model, { samples: 2000, seed: 1 }));
    const html = runReportHtml(result, { outputInfo: result.outputInfo });
    expect(html).toContain("minified for rsi-sim's reports");
    expect(Buffer.byteLength(html, "utf8")).toBeLessThan(5_000_000);
  });
});
