/**
 * The results panel: headline probabilities with 95% intervals, P(event by
 * year) with its band, milestone dates and takeoff-speed distributions,
 * and, with a pinned baseline, the paired differences on the same draws
 * (the statistics of `rsi-sim compare`).
 */
import type { CompiledModel, OutputInfo } from "../../src/model/types.js";
import type { SimulationResult } from "../../src/engine/simulate.js";
import type { RunResult } from "../../src/analysis/result.js";
import type { OutputSummary } from "../../src/analysis/summary.js";
import type { BinaryComparison, Comparison, ContinuousComparison } from "../../src/analysis/compare-stats.js";
import type { CompareResult } from "../../src/analysis/compare.js";
import { timelineOutputs, timelineYears } from "../../src/analysis/compare.js";
import { wilson } from "../../src/analysis/stats.js";
import { NON_FINITE_HEADING, nonFiniteItems } from "../../src/report/nonfinite.js";
import { categoricalOutputs } from "../../src/report/run-table.js";
import { probability } from "../../src/report/curves.js";
import { curveChart, rangeChart, type Curve, type RangeRow } from "./charts.js";
import { h } from "./controls.js";

const pct = (p: number | undefined) => (p === undefined || !Number.isFinite(p) ? "—" : `${(100 * p).toFixed(1)}%`);
const signedPct = (p: number) => (Number.isFinite(p) ? `${p >= 0 ? "+" : "−"}${Math.abs(100 * p).toFixed(1)} pp` : "—");
export const num = (x: number | undefined) => {
  if (x === undefined || !Number.isFinite(x)) return "—";
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return x.toExponential(2);
  return a >= 1000 ? x.toFixed(0) : String(Number(x.toPrecision(3)));
};

export interface Shown {
  model: CompiledModel;
  current: { sim: SimulationResult; result: RunResult };
  baseline: { sim: SimulationResult; result: RunResult } | null;
  /** the full comparison (rsi-sim compare's result), when finished */
  compare: CompareResult | null;
  /** paired differences by output, current − baseline: the 0/1 outputs' at once, the others with the full comparison */
  diffs: Record<string, Comparison> | null;
}

/** P(date ≤ year) over the successful draws, with Wilson 95% intervals (as the compare timeline counts). */
function byYear(sim: SimulationResult, name: string, years: number[]) {
  const col = sim.table.columns[name];
  const failed = sim.table.failed;
  let ok = 0;
  for (let i = 0; i < col.length; i++) if (!failed[i]) ok++;
  const p: number[] = [], lo: number[] = [], hi: number[] = [];
  for (const y of years) {
    let k = 0;
    for (let i = 0; i < col.length; i++) if (!failed[i] && col[i] <= y) k++;
    const [a, b] = ok > 0 ? wilson(k, ok) : [NaN, NaN];
    p.push(ok > 0 ? k / ok : NaN);
    lo.push(a);
    hi.push(b);
  }
  return { p, lo, hi };
}

const binaryOutputs = (m: CompiledModel) => m.outputs.filter((o) => o.kind === "binary");

/** A 0/1 output's P as the run table shows it (probability: among the draws where it is defined when it is not always), over the draws that did not fail. */
const shownP = (r: OutputSummary) => probability(r, r.n + r.missing);

const ofDraws = (x: { of: number; conditional: boolean }) => `of ${x.of.toLocaleString("en-US")}${x.conditional ? " where defined" : ""}`;

function headlineSection(s: Shown): HTMLElement {
  const out = h("section", { class: "card", "aria-labelledby": "hl-h" }, h("h2", { id: "hl-h" }, "Probabilities"));
  const cmp = s.diffs;
  const binary = binaryOutputs(s.model);
  const headline = binary.filter((o) => o.headline);
  const tiles = h("div", { class: "tiles" });
  for (const o of headline.length > 0 ? headline : binary.slice(0, 3)) {
    const r = shownP(s.current.result.outputs[o.name]);
    const tile = h("div", { class: "tile", "data-output": o.name, "data-p": String(r.p) }, h("div", { class: "big" }, pct(r.p)), h("div", { class: "ci" }, `95% CI ${pct(r.ci[0])} – ${pct(r.ci[1])}, ${ofDraws(r)}`), h("div", { class: "what" }, o.description || o.name));
    if (cmp?.[o.name] && !r.conditional) {
      const d = cmp[o.name] as BinaryComparison;
      tile.append(h("div", { class: "diff" }, `vs baseline ${pct(d.p_baseline)}: ${signedPct(d.diff)} [${signedPct(d.ci[0])}, ${signedPct(d.ci[1])}]`));
    }
    tiles.append(tile);
  }
  out.append(tiles);
  const table = h("table", { class: "probs" });
  const head = ["output", "P", "95% CI", "draws"];
  if (cmp) head.push("baseline", "paired difference", "95% CI", "flips ↑/↓");
  table.append(h("thead", {}, h("tr", {}, ...head.map((x) => h("th", { scope: "col" }, x)))));
  const body = h("tbody");
  for (const o of binary) {
    const r = shownP(s.current.result.outputs[o.name]);
    const cells = [`${pct(r.p)}${r.conditional ? "*" : ""}`, `${pct(r.ci[0])} – ${pct(r.ci[1])}`, ofDraws(r)];
    if (cmp?.[o.name] && !r.conditional) {
      const d = cmp[o.name] as BinaryComparison;
      cells.push(pct(d.p_baseline), signedPct(d.diff), `${signedPct(d.ci[0])}, ${signedPct(d.ci[1])}`, `${d.up} / ${d.down}`);
    } else if (cmp) cells.push("", "", "", "");
    body.append(h("tr", { "data-output": o.name }, h("th", { scope: "row", title: o.name }, o.description || o.name), ...cells.map((c) => h("td", {}, c))));
  }
  table.append(body);
  const note = binary.some((o) => shownP(s.current.result.outputs[o.name]).conditional)
    ? [h("p", { class: "source" }, "* the share among the draws where the output is defined (it is undefined in the others, e.g. a warning before a loss of control in draws without one); no paired difference is shown for it, as the draws where it is defined differ between the runs.")]
    : [];
  out.append(h("details", {}, h("summary", {}, `All ${binary.length} probabilities`), h("div", { class: "scroll" }, table), ...note));
  return out;
}

function timelineSection(s: Shown, chosen: { name: string | null }, redraw: () => void): HTMLElement | null {
  const dated = timelineOutputs(s.model);
  if (dated.length === 0) return null;
  const hazards = new Set(s.model.hazards.map((x) => x.name));
  const name = chosen.name && dated.includes(chosen.name) ? chosen.name : (dated.find((n) => hazards.has(s.model.outputs.find((o) => o.name === n)!.text.trim())) ?? dated[0]);
  const info = s.model.outputs.find((o) => o.name === name)!;
  const years = timelineYears(s.model.time.start, s.current.sim.horizon);
  const cur = byYear(s.current.sim, name, years);
  const curves: Curve[] = [];
  if (s.baseline) {
    const b = byYear(s.baseline.sim, name, years);
    curves.push({ label: "baseline", ys: b.p, lo: b.lo, hi: b.hi, kind: "baseline" });
  }
  curves.push({ label: "current", ys: cur.p, lo: cur.lo, hi: cur.hi, kind: "current" });
  const select = h("select", { id: "timeline-output" }, ...dated.map((n) => {
    const o = s.model.outputs.find((x) => x.name === n)!;
    const opt = h("option", { value: n }, o.description || n);
    if (n === name) opt.setAttribute("selected", "");
    return opt;
  }));
  select.addEventListener("change", () => {
    chosen.name = select.value;
    redraw();
  });
  const title = `P(${info.description || name}) by ${s.model.time.unit}`;
  return h(
    "section",
    { class: "card", "aria-labelledby": "tl-h" },
    h("h2", { id: "tl-h" }, "By year"),
    h("label", { for: "timeline-output" }, "Event ", select),
    curveChart(years, curves, { title, xLabel: s.model.time.unit, yLabel: `P(by ${s.model.time.unit})` }),
    h("p", { class: "hint" }, `Share of the draws in which it had happened by then, with its 95% band (Wilson).${s.baseline ? " Dashed: the pinned baseline." : ""}`),
  );
}

function rows(s: Shown, outs: OutputInfo[]): RangeRow[] {
  const r: RangeRow[] = [];
  for (const o of outs) {
    if (s.baseline) r.push({ label: `${o.name} (base)`, q: s.baseline.result.outputs[o.name].quantiles, kind: "baseline" });
    r.push({ label: o.name, q: s.current.result.outputs[o.name].quantiles, kind: "current" });
  }
  return r;
}

/**
 * An output's paired comparison with the baseline: a compared output's
 * (the headline ones, as rsi-sim compare's default), or a date's from the
 * comparison's timeline; undefined for the others, and until the
 * comparison (bootstrap) is done.
 */
function shiftOf(s: Shown, name: string): ContinuousComparison | undefined {
  const d = s.diffs?.[name];
  if (d && d.kind === "continuous") return d as ContinuousComparison;
  const curve = s.compare?.timeline.curves.find((c) => c.name === name);
  return curve?.shifts[0]?.shift as ContinuousComparison | undefined;
}

/** A mean with its standard error, both to the se's second digit ("2028.320 ± 0.052", not "2028 ± 0.0519"), or both in exponents past 1e5. */
export function meanSe(m: number, se: number): string {
  if (!Number.isFinite(m)) return "— ± —";
  if (!(se > 0) || !Number.isFinite(se)) return `${num(m)} ± ${num(se)}`;
  if (Math.max(Math.abs(m), se) >= 1e5) return `${m.toExponential(2)} ± ${se.toExponential(1)}`;
  const decimals = Math.min(6, Math.max(0, 1 - Math.floor(Math.log10(se))));
  return `${m.toFixed(decimals)} ± ${se.toFixed(decimals)}`;
}

function quantileTable(s: Shown, outs: OutputInfo[], id: string): HTMLElement {
  const cmp = s.diffs;
  const head = ["output", "unit", "p5", "median", "p95", "mean ± se", "defined"];
  if (cmp) head.push("median shift [95% CI]");
  const body = h("tbody");
  for (const o of outs) {
    const r = s.current.result.outputs[o.name];
    const ok = r.n + r.missing;
    const cells = [o.unit, num(r.quantiles.p5), num(r.quantiles.p50), num(r.quantiles.p95), meanSe(r.mean, r.se), `${pct(ok > 0 ? r.n / ok : NaN)}`];
    const d = shiftOf(s, o.name);
    if (d) {
      const q = d.quantiles.p50;
      cells.push(`${num(q.diff)} [${num(q.ci[0])}, ${num(q.ci[1])}]`);
    } else if (cmp) cells.push(s.compare ? "not compared" : "");
    body.append(h("tr", { "data-output": o.name }, h("th", { scope: "row", title: o.description }, o.name), ...cells.map((c) => h("td", {}, c))));
  }
  const note = cmp && s.compare && outs.some((o) => !shiftOf(s, o.name))
    ? [h("p", { class: "hint" }, "Median shifts are of the headline outputs and the dates, as rsi-sim compare gives them by default; rsi-sim compare --outputs NAME compares any other.")]
    : [];
  return h("div", { class: "scroll" }, h("table", { id }, h("thead", {}, h("tr", {}, ...head.map((x) => h("th", { scope: "col" }, x)))), body), ...note);
}

function datesSection(s: Shown): HTMLElement | null {
  const dated = timelineOutputs(s.model).map((n) => s.model.outputs.find((o) => o.name === n)!);
  if (dated.length === 0) return null;
  return h(
    "section",
    { class: "card", "aria-labelledby": "dates-h" },
    h("h2", { id: "dates-h" }, "Milestone dates"),
    rangeChart(rows(s, dated), { title: "Milestone dates: p5–p95, p25–p75 and median", unit: s.model.time.unit, log: false }),
    h("p", { class: "hint" }, "Whiskers p5–p95, box p25–p75, tick the median, over the draws where the milestone was reached; 'defined' is the share of draws that reached it by the horizon."),
    quantileTable(s, dated, "dates-table"),
  );
}

function speedsSection(s: Shown): HTMLElement | null {
  const dated = new Set(timelineOutputs(s.model));
  // an output of a few whole values (a phase) is a category, shown by its shares as the run table does
  const cats = categoricalOutputs(s.current.sim);
  const cont = s.model.outputs.filter((o) => o.kind === "continuous" && !dated.has(o.name) && !cats.has(o.name));
  const categories = [...cats].filter(([name]) => !dated.has(name)).map(([name, c]) => {
    const n = c.counts.reduce((a, b) => a + b, 0);
    return h("li", { "data-output": name }, `${name}: ${c.values.map((v, i) => `${v}: ${pct(c.counts[i] / n)}`).join(", ")} (of ${n.toLocaleString("en-US")} draws where it is defined)`);
  });
  const catList = categories.length > 0 ? [h("h3", {}, "Categories"), h("ul", { id: "categories" }, ...categories)] : [];
  if (cont.length === 0) return catList.length > 0 ? h("section", { class: "card", "aria-labelledby": "sp-h" }, h("h2", { id: "sp-h" }, "Takeoff speed and other measures"), ...catList) : null;
  const shown = cont.filter((o) => o.headline);
  const charts = (shown.length > 0 ? shown : cont.slice(0, 2)).map((o) => {
    const q = s.current.result.outputs[o.name].quantiles;
    const log = q.p5 > 0 && q.p95 / q.p5 > 30;
    return h("figure", {}, h("figcaption", {}, `${o.name}: ${o.description}`), rangeChart(rows(s, [o]), { title: `${o.description}: quantiles`, unit: o.unit, log }));
  });
  return h("section", { class: "card", "aria-labelledby": "sp-h" }, h("h2", { id: "sp-h" }, "Takeoff speed and other measures"), ...charts, quantileTable(s, cont, "speeds-table"), ...catList);
}

/** Draw the results into `root`. */
export function renderResults(root: HTMLElement, s: Shown, chosen: { name: string | null }): void {
  const redraw = () => renderResults(root, s, chosen);
  const parts = [headlineSection(s), timelineSection(s, chosen, redraw), datesSection(s), speedsSection(s)].filter((x): x is HTMLElement => x !== null);
  const failed = s.current.result.failed;
  // outputs that were not finite in some draws, with why (as the run table and reports say it)
  const nonfinite = nonFiniteItems([{ label: "", outputs: s.current.result.outputs }], s.model.outputs.map((o) => o.name));
  if (nonfinite.length > 0) parts.unshift(h("div", { class: "warn" }, NON_FINITE_HEADING, h("ul", {}, ...nonfinite.map((x) => h("li", {}, x)))));
  if (failed > 0) parts.unshift(h("p", { class: "warn", role: "status" }, `${failed} draws failed numerically and are left out: ${Object.entries(s.current.result.failures).map(([k, v]) => `${k} (${v})`).join("; ")}`));
  root.replaceChildren(...parts);
}
