/**
 * The HTML report of a comparison (schema "rsi-sim.compare/1",
 * docs/compare-json.md). Its first chart is the difference: each
 * probability's paired change from the baseline with its 95% interval
 * (and, faint, the interval independent draws would give); then the
 * difference of P(date ≤ year) over time with its pointwise band, the
 * scenarios' values and the table of every comparison.
 */
import type { CompareResult } from "../analysis/compare.js";
import type { BinaryComparison, ContinuousComparison } from "../analysis/compare-stats.js";
import { escapeHtml, escapePlotly } from "./escape.js";
import { count, fmt, pct } from "./curves.js";
import { band, legendTop, SIGNED_PCT_TICKS } from "./charts.js";
import { Ids, pageHtml, type ChartSpec, type Section } from "./page.js";
import { footer, header, modelFact, nonFiniteWarn, scenarioLine, table, type ReportOptions } from "./common.js";
import { compareNonFinite, failureText } from "./compare-table.js";
import { Z95 } from "../analysis/stats.js";

const pp = (x: number | null | undefined) => (typeof x === "number" && Number.isFinite(x) ? `${x > 0 ? "+" : ""}${(100 * x).toFixed(2)} pp` : "—");
const num = (x: number | null | undefined) => (typeof x === "number" && Number.isFinite(x) ? fmt(x) : "—");
const scenarioName = (r: CompareResult, s: number) => r.scenarios[s]?.name ?? `#${s}`;
/** An interval whose upper end may be unbounded (written null in the JSON, Infinity in memory) while its lower end is a number. */
const openInterval = (ci: [number | null, number | null]) => `[${num(ci[0])}, ${typeof ci[0] === "number" && Number.isFinite(ci[0]) && (ci[1] === null || ci[1] === Infinity) ? "∞" : num(ci[1])}]`;

/** The paired differences of every probability, one marker per scenario, with their intervals. */
function differenceChart(r: CompareResult, ids: Ids): ChartSpec | undefined {
  const binary = r.outputs.filter((o) => o.kind === "binary").map((o) => o.name);
  if (binary.length === 0) return undefined;
  const data: Record<string, unknown>[] = [];
  r.comparisons.forEach((c, k) => {
    const ds = binary.map((n) => c.outputs[n] as BinaryComparison);
    const label = escapePlotly(`${scenarioName(r, c.scenario)} − ${scenarioName(r, c.baseline)}`);
    data.push({
      type: "scatter",
      mode: "markers",
      orientation: "h",
      y: binary.map(escapePlotly),
      x: ds.map((d) => d.diff),
      name: `${label}, with independent draws`,
      marker: { color: `{c${k % 8}/0.25}`, size: 1 },
      error_x: { type: "data", symmetric: true, array: ds.map((d) => Z95 * d.se_unpaired), color: `{c${k % 8}/0.3}`, thickness: 8, width: 0 },
      hoverinfo: "skip",
    });
    data.push({
      type: "scatter",
      mode: "markers",
      y: binary.map(escapePlotly),
      x: ds.map((d) => d.diff),
      name: `${label} (paired, same draws)`,
      marker: { color: `{c${k % 8}}`, size: 9 },
      error_x: { type: "data", symmetric: false, array: ds.map((d) => d.ci[1] - d.diff), arrayminus: ds.map((d) => d.diff - d.ci[0]), color: `{c${k % 8}}`, thickness: 2 },
      customdata: ds.map((d) => [d.ci[0], d.ci[1], d.up, d.down]),
      hovertemplate: "%{y}: %{x:+.2%} [%{customdata[0]:+.2%}, %{customdata[1]:+.2%}]<br>flips %{customdata[2]} up, %{customdata[3]} down<extra></extra>",
    });
  });
  return {
    id: ids.make("differences"),
    title: "Paired difference of each probability from the baseline",
    note: "Dots and bars: the difference and its paired 95% interval (Tango's score interval) on the same draws; faint bars: the interval the same difference would have with independent draws.",
    height: 120 + 50 * binary.length,
    wide: true,
    data,
    layout: {
      xaxis: { title: { text: "difference in probability" }, tickformat: SIGNED_PCT_TICKS, zeroline: true },
      yaxis: { automargin: true, autorange: "reversed" },
      legend: legendTop,
      hovermode: "closest",
    },
  };
}

/** The difference of P(date ≤ year) over time for one date output, a band per scenario. */
function timelineChart(r: CompareResult, ids: Ids, k: number): ChartSpec {
  const curve = r.timeline.curves[k];
  const x = r.timeline.years;
  const data = curve.differences.flatMap((d, j) =>
    band(x, d.lo, d.hi, {
      fill: `{c${j % 8}/0.2}`,
      median: { y: d.diff, name: escapePlotly(`${scenarioName(r, d.scenario)} − ${scenarioName(r, r.baseline)}`), color: `{c${j % 8}}`, hovertemplate: "%{x}: %{y:+.2%}<extra></extra>" },
    }),
  );
  return {
    id: ids.make(`timeline-${curve.name}`),
    title: `Difference of P(${curve.name} ≤ year) from the baseline`,
    note: `${curve.description}. Lines: the paired difference; shaded: its pointwise 95% interval (Tango's score interval at each year).`,
    height: 340,
    data,
    layout: {
      xaxis: { title: { text: escapePlotly(r.timeline.unit) } },
      yaxis: { title: { text: "difference in probability" }, tickformat: SIGNED_PCT_TICKS, zeroline: true },
      legend: legendTop,
      hovermode: "x unified",
    },
  };
}

function valuesTable(r: CompareResult): string {
  const head = ["output", ...r.scenarios.map((s, i) => `${escapeHtml(s.name)}${i === r.baseline ? " (baseline)" : ""}`)];
  const rows = r.outputs.map((o) => [
    `<code>${escapeHtml(o.name)}</code>${o.unit ? ` <span class="muted">(${escapeHtml(o.unit)})</span>` : ""}`,
    ...r.scenarios.map((s) => {
      const v = s.outputs[o.name];
      if (!v) return "—";
      // a 0/1 output undefined on some draws: its share among the draws where it is defined, as a run shows it
      if (o.kind === "binary" && v.p_defined !== undefined) return escapeHtml(`${pct(v.p_defined)} [${pct(v.ci_defined?.[0])}, ${pct(v.ci_defined?.[1])}] of ${count(v.n)} defined`);
      // with failed draws, the draws it is over (the comparisons' P's are over the draws that succeeded under both)
      const over = s.failed > 0 ? ` of ${count(r.samples - s.failed)}` : "";
      return escapeHtml(o.kind === "binary" ? `${pct(v.p)} [${pct(v.ci?.[0])}, ${pct(v.ci?.[1])}]${over}` : `${num(v.quantiles.p50)} [${num(v.quantiles.p5)}, ${num(v.quantiles.p95)}]`);
    }),
  ]);
  return table(head, rows, [false, ...r.scenarios.map(() => true)]);
}

function comparisonTable(r: CompareResult): string {
  const head = ["scenario − baseline", "output", "draws compared", "P baseline → scenario", "difference [95%]", "flips up / down", "relative risk [95%]", "draws per flip", "median shift [95%]"];
  const rows: string[][] = [];
  for (const c of r.comparisons) {
    for (const o of r.outputs) {
      const d = c.outputs[o.name];
      const who = escapeHtml(`${scenarioName(r, c.scenario)} − ${scenarioName(r, c.baseline)}`);
      if (d.kind === "binary") {
        const compared = `${count(d.n)}${d.undefined ? ` (${count(d.undefined)} undefined under either)` : ""}`;
        rows.push([who, `<code>${escapeHtml(o.name)}</code>`, escapeHtml(compared), escapeHtml(`${pct(d.p_baseline)} → ${pct(d.p_scenario)}`), escapeHtml(`${pp(d.diff)} [${pp(d.ci[0])}, ${pp(d.ci[1])}]`), escapeHtml(`${count(d.up)} / ${count(d.down)}`), escapeHtml(`${num(d.rr)} ${openInterval(d.rr_ci)}`), escapeHtml(num(d.nnt)), ""]);
      } else {
        const m = (d as ContinuousComparison).quantiles.p50;
        rows.push([who, `<code>${escapeHtml(o.name)}</code>`, escapeHtml(count(d.n)), "", escapeHtml(`mean ${num(d.mean_diff)} [${num(d.ci[0])}, ${num(d.ci[1])}]`), escapeHtml(`${count(d.higher)} / ${count(d.lower)}`), "", "", escapeHtml(`${num(m.diff)} [${num(m.ci[0])}, ${num(m.ci[1])}]`)]);
      }
    }
  }
  return table(head, rows);
}

/** The HTML report of a comparison result. */
export function compareReportHtml(result: CompareResult, opts: ReportOptions = {}): string {
  const generated = opts.generated ?? new Date();
  const ids = new Ids();
  const diff = differenceChart(result, ids);
  const sections: Section[] = [
    {
      id: "differences",
      title: "What changes, paired draw by draw",
      html: `<p class="muted small">${escapeHtml(
        `Every scenario runs the same ${count(result.samples)} draws (common random numbers): draw i has the same values of every parameter a scenario does not set and the same random thresholds, so differences are measured on pairs.`,
      )}</p>`,
      charts: diff ? [diff] : [],
    },
  ];
  if (result.timeline.curves.length > 0) sections.push({ id: "timeline", title: "Over time", charts: result.timeline.curves.map((_, k) => timelineChart(result, ids, k)) });
  sections.push({ id: "values", title: "Each scenario: P [95%] or median [5–95%]", html: valuesTable(result) });
  const method =
    "P's, differences, flips and relative risks are over the draws compared: those that succeeded, with the output defined, under both scenarios, so each difference is P(scenario) − P(baseline) as shown. " +
    "95% intervals: Tango's score interval (1998) for a difference of probabilities, Tang's score interval (2003) for a relative risk, normal for a mean difference, a bootstrap over draws for a median shift; " +
    "they are the Monte Carlo error of these draws only, not model uncertainty, which is in the priors.";
  sections.push({ id: "comparisons", title: "Every comparison", html: `<p class="muted small">${escapeHtml(method)}</p>` + comparisonTable(result) });
  const title = `Comparison: ${result.model?.name ?? "model"}, ${result.scenarios.map((s) => s.name).join(" vs ")}`;
  const facts: [string, string][] = [
    ["model", modelFact(result.model)],
    ...result.scenarios.map((s, i): [string, string] => [i === result.baseline ? `${s.name} (baseline)` : s.name, escapeHtml(Object.entries(s.settings).map(([k, v]) => `${k} = ${v}`).join(", ") || "the model's settings")]),
    ["failed draws", escapeHtml(`${count(result.failed)}${result.failed > 0 ? ` (${failureText(result)})` : ""}`)],
  ];
  // the scenarios as settings ("20:1: ratio 20"), under the title and under every PNG's title
  const settings = result.scenarios.map((s) => `${s.name}: ${Object.entries(s.settings).map(([k, v]) => `${k} ${v}`).join(", ") || "the model's settings"}`);
  const scenario = scenarioLine({ model: result.model?.name, settings, draws: `${count(result.samples)} draws each`, seed: result.seed });
  return pageHtml({
    title: `rsi-sim ${title}`,
    header: header(title, scenario, facts, result.command) + nonFiniteWarn(compareNonFinite(result)),
    scenario,
    sections,
    footer: footer("Report", result.version, generated),
  });
}
