/**
 * The HTML report of one run (a result JSON, schema "rsi-sim.result/1"):
 * headline probabilities, P(event) by year with its interval, CDFs and
 * histograms of every continuous output (from its 101 percentiles), fan
 * charts of every recorded series, and the parameters with their sources.
 */
import type { RunResult } from "../analysis/result.js";
import { escapeHtml, escapePlotly } from "./escape.js";
import {
  cdfAt,
  cleanQuantiles,
  count,
  discreteShares,
  discreteValues,
  fmt,
  histogramFromQuantiles,
  isNum,
  niceStep,
  pct,
  wantsLog,
  wilsonP,
  type Maybe,
} from "./curves.js";
import { Ids, pageHtml, type ChartSpec, type Section } from "./page.js";
import {
  axisTitle,
  band,
  countFact,
  dateFact,
  footer,
  header,
  legendTop,
  modelFact,
  probability,
  probBar,
  table,
  type LooseSummary,
  type ReportOptions,
} from "./common.js";

/** Names of events for chart titles, by the prefix of their outputs. */
const EVENT_NAMES: Record<string, string> = { loc: "loss of control", si: "superintelligence", brake: "a brake" };

interface Dist {
  name: string;
  unit: string;
  n: number;
  missing: number;
  q: number[];
}

/** The HTML report of a run result. */
export function runReportHtml(result: RunResult & { command?: string }, opts: ReportOptions = {}): string {
  const generated = opts.generated ?? new Date();
  const info = opts.outputInfo ?? {};
  const ids = new Ids();
  const ok = (result.samples ?? 0) - (result.failed ?? 0);
  const outputs = (result.outputs ?? {}) as Record<string, LooseSummary>;
  const time = result.time ?? { start: 0, unit: "" };
  const horizon = isNum(result.horizon) ? result.horizon : NaN;
  const describe = (name: string) => info[name]?.description ?? "";

  // ---- continuous outputs with usable percentiles
  const dists: Dist[] = [];
  const undefinedEverywhere: string[] = [];
  for (const [name, d] of Object.entries(result.distributions ?? {})) {
    const q = cleanQuantiles(d?.quantiles as Maybe[]);
    if (!q || !(d.n > 0)) {
      undefinedEverywhere.push(name);
      continue;
    }
    dists.push({ name, unit: d.unit ?? "", n: d.n, missing: d.missing ?? 0, q });
  }
  const isDate = (d: Dist) =>
    (d.unit === "year" || (d.unit !== "" && d.unit === time.unit) || /^t(_|\d)/.test(d.name)) &&
    isNum(time.start) &&
    d.q[0] >= time.start - 1e-9 &&
    (!isNum(horizon) || d.q[d.q.length - 1] <= horizon + 1e-9);
  const dates = dists.filter(isDate);
  const others = dists.filter((d) => !isDate(d));
  const timeUnit = dates[0]?.unit || "year";

  const sections: Section[] = [];

  // ---- headline probabilities
  const binaries = Object.entries(outputs).filter(([, s]) => s?.kind === "binary");
  if (binaries.length > 0) {
    const probs = binaries.map(([name, s]) => ({ name, ...probability(s, ok) }));
    const rows = probs.map((r) => [
      `<code>${escapeHtml(r.name)}</code>`,
      escapeHtml(describe(r.name)) + (r.conditional ? ` <span class="muted">(among the ${count(r.of)} draws where it is defined)</span>` : ""),
      escapeHtml(pct(r.p)),
      escapeHtml(`[${pct(r.ci[0])}, ${pct(r.ci[1])}]`),
      probBar(r.p, r.ci),
      escapeHtml(count(r.of)),
    ]);
    const chart: ChartSpec = {
      id: ids.make("probabilities"),
      title: "Probabilities with 95% intervals",
      note: "Dots: the share of draws; whiskers: Wilson 95% intervals.",
      wide: true,
      height: Math.max(200, 70 + 24 * probs.length),
      data: [
        {
          type: "scatter",
          mode: "markers",
          x: probs.map((r) => r.p),
          y: probs.map((r) => escapePlotly(r.name)),
          error_x: {
            type: "data",
            symmetric: false,
            array: probs.map((r) => (isNum(r.ci[1]) ? r.ci[1] - r.p : null)),
            arrayminus: probs.map((r) => (isNum(r.ci[0]) ? r.p - r.ci[0] : null)),
            color: "{c0}",
            thickness: 1.5,
          },
          marker: { color: "{c0}", size: 8 },
          customdata: probs.map((r) => [r.ci[0], r.ci[1], r.of]),
          hovertemplate: "%{y}: %{x:.1%} [%{customdata[0]:.1%}, %{customdata[1]:.1%}] of %{customdata[2]:,}<extra></extra>",
          name: "P",
        },
      ],
      layout: {
        xaxis: { title: { text: "probability" }, tickformat: ".0%", range: [-0.01, 1.01] },
        yaxis: { autorange: "reversed", type: "category" },
        showlegend: false,
        margin: { l: 120 },
      },
    };
    sections.push({
      id: "probabilities",
      title: "Headline probabilities",
      html: table(["output", "meaning", "P", "95% interval", "", "of draws"], rows, [false, false, true, true, false, true]) +
        `<p class="muted small">P is the share of the successful draws; intervals are Wilson 95% score intervals (Monte Carlo error only, not model uncertainty, which the priors already carry).</p>`,
      charts: [chart],
    });
  }

  // ---- P(event) by year, for events with a date output t_X and X_by_YYYY outputs
  const eventCharts: ChartSpec[] = [];
  const prefixes = new Map<string, { year: number; name: string }[]>();
  for (const [name] of binaries) {
    const m = /^(.+)_by_(\d{4})$/.exec(name);
    if (!m) continue;
    const list = prefixes.get(m[1]) ?? [];
    list.push({ year: Number(m[2]), name });
    prefixes.set(m[1], list);
  }
  for (const [prefix, list] of prefixes) {
    const d = dates.find((x) => x.name === `t_${prefix}`);
    if (!d) continue;
    const N = d.n + d.missing;
    const share = d.n / N;
    const grid = yearGrid(time.start, isNum(horizon) ? horizon : d.q[d.q.length - 1]);
    const P = grid.map((y) => share * cdfAt(d.q, y));
    const ci = P.map((p) => wilsonP(p, N));
    const points = list.map((x) => ({ ...x, ...probability(outputs[x.name], ok) }));
    if (outputs[prefix]?.kind === "binary" && isNum(horizon)) points.push({ year: horizon, name: prefix, ...probability(outputs[prefix], ok) });
    points.sort((a, b) => a.year - b.year);
    const what = EVENT_NAMES[prefix] ?? prefix;
    eventCharts.push({
      id: ids.make(`p-${prefix}-by-year`),
      title: `P(${what} by year), with 95% interval`,
      wide: true,
      height: 420,
      note:
        `Line: P(${d.name} ≤ year) over all ${count(N)} successful draws = ${pct(share)} (the draws where ${d.name} is defined) × the CDF of ${d.name} among them, ` +
        `interpolated between its 101 percentiles (so it can differ from an exact count by at most ${(share).toFixed(3)} percentage points). ` +
        `Band: Wilson 95% interval for that proportion, year by year (pointwise). Points: the outputs ${points.map((p) => p.name).join(", ")}, counted exactly, with their Wilson intervals.`,
      data: [
        ...band(grid, ci.map((c) => c[0]), ci.map((c) => c[1]), "{c1/0.22}", "95% interval", "band"),
        {
          type: "scatter",
          mode: "lines",
          x: grid,
          y: P,
          name: escapePlotly(`P(${d.name} ≤ year)`),
          line: { color: "{c1}", width: 2.5 },
          customdata: ci,
          hovertemplate: "%{x:.1f}: %{y:.1%} [%{customdata[0]:.1%}, %{customdata[1]:.1%}]<extra></extra>",
        },
        {
          type: "scatter",
          mode: "markers",
          x: points.map((p) => p.year),
          y: points.map((p) => p.p),
          name: escapePlotly("exact outputs"),
          marker: { color: "{fg}", size: 7, symbol: "diamond" },
          error_y: {
            type: "data",
            symmetric: false,
            array: points.map((p) => p.ci[1] - p.p),
            arrayminus: points.map((p) => p.p - p.ci[0]),
            color: "{fg}",
            thickness: 1.2,
            width: 4,
          },
          text: points.map((p) => escapePlotly(p.name)),
          customdata: points.map((p) => [p.ci[0], p.ci[1]]),
          hovertemplate: "%{text}: %{y:.1%} [%{customdata[0]:.1%}, %{customdata[1]:.1%}]<extra></extra>",
        },
      ],
      layout: {
        xaxis: { title: { text: yearTitle(d.unit) }, range: padRange(grid[0], grid[grid.length - 1]) },
        yaxis: { title: { text: escapePlotly(`P(${what} by then)`) }, tickformat: ".0%", rangemode: "tozero" },
        legend: legendTop,
        hovermode: "closest",
      },
    });
  }
  if (eventCharts.length > 0) {
    sections.push({ id: "by-year", title: eventCharts.length === 1 ? eventCharts[0].title.replace(/, with.*/, "") : "Events by year", charts: eventCharts });
  }

  // ---- milestone dates
  if (dates.length > 0) {
    const grid = yearGrid(time.start, isNum(horizon) ? horizon : Math.max(...dates.map((d) => d.q[d.q.length - 1])));
    const traces: Record<string, unknown>[] = [];
    dates.forEach((d, k) => {
      const N = d.n + d.missing;
      const P = grid.map((y) => (d.n / N) * cdfAt(d.q, y));
      const ci = P.map((p) => wilsonP(p, N));
      const c = `{c${k % 8}`;
      traces.push(...band(grid, ci.map((x) => x[0]), ci.map((x) => x[1]), `${c}/0.15}`, "", `lg${k}`, false));
      traces.push({
        type: "scatter",
        mode: "lines",
        x: grid,
        y: P,
        name: escapePlotly(d.name),
        legendgroup: `lg${k}`,
        line: { color: `${c}}`, width: 2 },
        customdata: ci,
        hovertemplate: `${escapePlotly(d.name)} by %{x:.1f}: %{y:.1%} [%{customdata[0]:.1%}, %{customdata[1]:.1%}]<extra></extra>`,
      });
    });
    const charts: ChartSpec[] = [
      {
        id: ids.make("milestones-cdf"),
        title: "Milestones: P(reached by year)",
        wide: true,
        height: 420,
        note:
          "Each curve is the share of all successful draws in which the date is reached by then (it levels off at the share that reach it before the horizon), " +
          "interpolated between the output's percentiles; shaded: Wilson 95% intervals, pointwise.",
        data: traces,
        layout: {
          xaxis: { title: { text: yearTitle(timeUnit) }, range: padRange(grid[0], grid[grid.length - 1]) },
          yaxis: { title: { text: "P(reached by then)" }, tickformat: ".0%", range: [0, 1] },
          legend: legendTop,
          hovermode: "closest",
        },
      },
      ...dates.map((d, k) => histogramChart(ids, d, k, ok, describe(d.name))),
    ];
    sections.push({ id: "milestones", title: "Milestone dates", charts });
  }

  // ---- other continuous outputs, grouped by unit
  const byUnit = new Map<string, Dist[]>();
  for (const d of others) byUnit.set(d.unit, [...(byUnit.get(d.unit) ?? []), d]);
  for (const [unit, group] of byUnit) {
    const charts: ChartSpec[] = [];
    // CDF overlays: positive outputs (maybe on a log axis) apart from the rest
    const positive = group.filter((d) => d.q[0] > 0 && !discreteValues(d.q));
    const rest = group.filter((d) => !positive.includes(d));
    for (const sub of [positive, rest]) {
      if (sub.length === 0) continue;
      const lows = sub.map((d) => d.q[1]);
      const highs = sub.map((d) => d.q[99]);
      const log = sub === positive && (sub.some((d) => wantsLog(d.q)) || Math.max(...highs) / Math.min(...lows) > 100);
      charts.push(cdfChart(ids, sub, unit, log, group.length > sub.length));
    }
    charts.push(...group.map((d, k) => histogramChart(ids, d, k, ok, describe(d.name))));
    const title = unit ? `Distributions in ${unit}` : "Dimensionless outputs";
    sections.push({ id: ids.make(`unit-${unit || "none"}`).replace(/^chart-/, "sec-"), title, charts });
  }

  // ---- quantile table
  if (dists.length > 0 || undefinedEverywhere.length > 0) {
    const rows = [...dists.map((d) => d.name), ...undefinedEverywhere].map((name) => {
      const s = outputs[name] ?? {};
      const q = s.quantiles ?? {};
      const unit = result.distributions?.[name]?.unit ?? "";
      const N = (s.n ?? 0) + (s.missing ?? 0);
      return [
        `<code>${escapeHtml(name)}</code>`,
        escapeHtml(unit),
        escapeHtml(describe(name)),
        ...[q.p5, q.p25, q.p50, q.p75, q.p95].map((x) => escapeHtml(fmt(x))),
        escapeHtml(isNum(s.mean) ? `${fmt(s.mean)} ± ${fmt(isNum(s.se) ? 1.96 * s.se : NaN)}` : "—"),
        escapeHtml(N > 0 ? `${count(s.n)} (${pct((s.n ?? 0) / N, 0)})` : "—"),
      ];
    });
    sections.push({
      id: "quantiles",
      title: "Quantiles",
      html:
        table(["output", "unit", "meaning", "p5", "p25", "p50", "p75", "p95", "mean ± 95%", "defined in"], rows, [false, false, false, true, true, true, true, true, true, true]) +
        `<p class="muted small">Quantiles over the draws where the output is defined (a milestone not reached leaves it undefined); mean ± 1.96 Monte Carlo standard errors.</p>`,
    });
  }

  // ---- series
  const series = Object.entries(result.series ?? {});
  if (series.length > 0) {
    const charts = series.map(([name, s], k) => fanChart(ids, name, s, k, ok, time.unit));
    sections.push({ id: "trajectories", title: "Trajectories over time", charts });
  }

  // ---- parameters
  const pinfo = result.parameterInfo ?? {};
  const pnames = [...new Set([...Object.keys(result.parameters ?? {}), ...Object.keys(pinfo)])];
  if (pnames.length > 0) {
    const rows = pnames.map((name) => {
      const v = result.parameters?.[name];
      const i = pinfo[name] ?? { unit: "", description: "", source: "" };
      const setting = typeof v === "number" ? `<span class="num">${escapeHtml(fmtExact(v))}</span>` : v === undefined ? "—" : `${escapeHtml(v)}`;
      return [`<code>${escapeHtml(name)}</code>`, setting, escapeHtml(i.unit), escapeHtml(i.description), escapeHtml(i.source)];
    });
    sections.push({
      id: "parameters",
      title: "Parameters",
      html:
        `<p class="muted small">A number is a fixed value; a distribution is the prior each draw samples from.</p>` +
        table(["parameter", "setting or prior", "unit", "meaning", "source"], rows, [], ["name", undefined, undefined, undefined, "src"]),
    });
  }

  // ---- header
  const failures = Object.entries(result.failures ?? {});
  const facts: [string, string][] = [
    ["model", modelFact(result.model)],
    ["draws", `${countFact(result.samples)}${result.failed ? ` <span class="muted">(${countFact(result.failed)} failed numerically, left out)</span>` : ""}`],
    ["seed", escapeHtml(String(result.seed))],
    ["time", escapeHtml(`${fmtExact(time.start)} to ${fmtExact(horizon)} (${time.unit || "model time"})`)],
    ["rsi-sim", escapeHtml(result.version ?? "?")],
    ["report made", dateFact(generated)],
  ];
  let head = header(`Run report: ${result.model?.name ?? "model"}`, `${count(result.samples)} Monte Carlo draws · seed ${result.seed}`, facts, result.command);
  if (result.failed > 0) {
    head += `<div class="warn">${escapeHtml(`${count(result.failed)} of ${count(result.samples)} draws failed numerically and are left out of every summary`)}${
      failures.length ? escapeHtml(`: ${failures.map(([k, v]) => `${k} (${v})`).join("; ")}`) : ""
    }.</div>`;
  }
  if (undefinedEverywhere.length > 0) {
    head += `<div class="warn">${escapeHtml(`Never defined in any draw, so not charted: ${undefinedEverywhere.join(", ")}.`)}</div>`;
  }
  head +=
    `<p class="muted small">These numbers are what the priors imply, not a forecast. Curves and histograms of continuous outputs are drawn from their 101 stored percentiles ` +
    `(0%, 1%, …, 100%), so features narrower than 1% of the draws are smoothed.</p>`;

  return pageHtml({
    title: `rsi-sim run report: ${result.model?.name ?? ""} (seed ${result.seed}, ${result.samples} draws)`,
    header: head,
    sections,
    footer: footer("Report", result.version, generated),
  });
}

/** Numbers as written (no rounding beyond 12 significant digits). */
function fmtExact(x: unknown): string {
  return typeof x === "number" && Number.isFinite(x) ? String(Number(x.toPrecision(12))) : String(x ?? "—");
}

/** The title of a calendar-time axis. */
function yearTitle(unit: string): string {
  return unit && unit !== "year" && unit !== "years" ? axisTitle("year", unit) : "year";
}

/** [a, b] with 1% more room at the right, for markers at the end. */
function padRange(a: number, b: number): [number, number] {
  return [a, b + 0.012 * (b - a)];
}

/** About 300 evenly spaced times from a to b. */
function yearGrid(a: number, b: number): number[] {
  if (!(b > a)) return [a];
  const n = 300;
  return Array.from({ length: n + 1 }, (_, k) => a + ((b - a) * k) / n);
}

/** A histogram of one output (share of the draws where it is defined, per bin). */
function histogramChart(ids: Ids, d: Dist, k: number, ok: number, description: string): ChartSpec {
  const N = d.n + d.missing;
  const defined = `defined in ${count(d.n)} of ${count(N || ok)} draws (${pct(N ? d.n / N : NaN)})`;
  const values = discreteValues(d.q);
  const color = `{c${k % 8}}`;
  const title = `${d.name}${d.unit ? ` (${d.unit})` : ""}${description ? ` — ${description}` : ""}`;
  if (values) {
    const shares = discreteShares(d.q, values);
    return {
      id: ids.make(`hist-${d.name}`),
      title,
      note: `Share of the draws at each value, ${defined}; read from percentiles, to about 1%.`,
      height: 300,
      data: [{ type: "bar", x: values, y: shares, marker: { color }, name: escapePlotly(d.name), hovertemplate: "%{x}: %{y:.1%}<extra></extra>" }],
      layout: {
        xaxis: { title: { text: axisTitle(d.name, d.unit) }, type: "category" },
        yaxis: { title: { text: "share of draws" }, tickformat: ".0%", rangemode: "tozero" },
        showlegend: false,
        bargap: 0.3,
      },
    };
  }
  const log = wantsLog(d.q);
  const bins = Math.max(8, Math.min(40, Math.round(Math.sqrt(d.n))));
  const h = histogramFromQuantiles(d.q, bins, log);
  // a step outline with fill draws a histogram that works on log axes too
  const xs: number[] = [];
  const ys: number[] = [];
  h.shares.forEach((s, i) => {
    xs.push(h.edges[i], h.edges[i + 1]);
    ys.push(s, s);
  });
  const mids = h.shares.map((_, i) => (log ? Math.sqrt(h.edges[i] * h.edges[i + 1]) : (h.edges[i] + h.edges[i + 1]) / 2));
  return {
    id: ids.make(`hist-${d.name}`),
    title,
    note:
      `Share of the draws per bin${log ? " (bins equal on the log scale)" : ""}, ${defined}; the central 98% is shown ` +
      `(${pct(h.outside, 0)} lies outside). Median ${fmt(d.q[50])}, 90% of draws between ${fmt(d.q[5])} and ${fmt(d.q[95])}.`,
    height: 300,
    data: [
      {
        type: "scatter",
        mode: "lines",
        x: [xs[0], ...xs, xs[xs.length - 1]],
        y: [0, ...ys, 0],
        line: { color, width: 1.5, shape: "linear" },
        fill: "tozeroy",
        fillcolor: `{c${k % 8}/0.35}`,
        hoverinfo: "skip",
        name: escapePlotly(d.name),
      },
      {
        type: "scatter",
        mode: "markers",
        x: mids,
        y: h.shares,
        marker: { color, size: 4, opacity: 0 },
        customdata: h.shares.map((_, i) => [h.edges[i], h.edges[i + 1]]),
        hovertemplate: "%{customdata[0]:.4g} – %{customdata[1]:.4g}: %{y:.1%}<extra></extra>",
        name: "bins",
      },
    ],
    layout: {
      xaxis: { title: { text: axisTitle(d.name, d.unit) }, type: log ? "log" : "linear" },
      yaxis: { title: { text: "share of draws per bin" }, tickformat: ".0%", rangemode: "tozero" },
      showlegend: false,
      hovermode: "closest",
    },
  };
}

/** CDFs of outputs with one unit, over the draws where each is defined. */
function cdfChart(ids: Ids, group: Dist[], unit: string, log: boolean, split: boolean): ChartSpec {
  const traces: Record<string, unknown>[] = [];
  group.forEach((d, k) => {
    const c = `{c${k % 8}`;
    const values = discreteValues(d.q);
    const levels = d.q.map((_, i) => i / (d.q.length - 1));
    let x: number[] = d.q;
    let y: number[] = levels;
    if (values) {
      x = values;
      y = values.map((v) => cdfAt(d.q, v));
    }
    const ci = y.map((p) => wilsonP(p, d.n));
    const shape = values ? "hv" : "linear";
    traces.push(
      { x, y: ci.map((c2) => c2[1]), type: "scatter", mode: "lines", line: { width: 0, shape }, hoverinfo: "skip", showlegend: false, legendgroup: `lg${k}` },
      { x, y: ci.map((c2) => c2[0]), type: "scatter", mode: "lines", line: { width: 0, shape }, fill: "tonexty", fillcolor: `${c}/0.15}`, hoverinfo: "skip", showlegend: false, legendgroup: `lg${k}` },
      {
        x,
        y,
        type: "scatter",
        mode: values ? "lines+markers" : "lines",
        line: { color: `${c}}`, width: 2, shape },
        name: escapePlotly(`${d.name} (${pct(d.n / (d.n + d.missing), 0)} defined)`),
        legendgroup: `lg${k}`,
        hovertemplate: `${escapePlotly(d.name)} ≤ %{x:.4g}: %{y:.0%}<extra></extra>`,
      },
    );
  });
  const names = group.map((d) => d.name).join(", ");
  // the central 98% of every output in the group
  const lo = Math.min(...group.map((d) => d.q[1]));
  const hi = Math.max(...group.map((d) => d.q[99]));
  let range: [number, number] | undefined;
  if (hi > lo) {
    const pad = 0.03 * (log ? Math.log10(hi / lo) : hi - lo);
    range = log ? [Math.log10(lo) - pad, Math.log10(hi) + pad] : [lo - pad, hi + pad];
  }
  return {
    id: ids.make(`cdf-${group[0].name}`),
    title: `CDF: ${names}${unit ? ` (${unit})` : ""}`,
    wide: group.length > 1,
    height: group.length > 1 ? 400 : 300,
    note:
      `Cumulative share of the draws where each output is defined (the legend gives that share), from its percentiles; shaded: Wilson 95% intervals, pointwise. ` +
      `The axis covers the central 98% of the draws.` +
      (log ? " Log axis." : "") +
      (split ? " Outputs of this unit that are not all positive are shown in a separate chart." : ""),
    data: traces,
    layout: {
      xaxis: { title: { text: escapePlotly(unit ? `value (${unit})` : "value") }, type: log ? "log" : "linear", range },
      yaxis: { title: { text: "cumulative share" }, tickformat: ".0%", range: [0, 1] },
      legend: legendTop,
      hovermode: "closest",
    },
  };
}

/**
 * Where a series' quantiles sit at the edge of the range it was recorded
 * over: the top (or bottom) value, reached by a quantile at 3 or more record
 * times exactly. The result JSON does not carry the range, so this is a guess
 * from the numbers.
 */
function recordingEdges(s: RunResult["series"][string]): { side: "top" | "bottom"; value: number }[] {
  const all = [s.p5, s.p25, s.p50, s.p75, s.p95].flat().filter(isNum);
  if (all.length === 0) return [];
  const out: { side: "top" | "bottom"; value: number }[] = [];
  const max = Math.max(...all);
  const min = Math.min(...all);
  if (s.p95.filter((x) => x === max).length >= 3) out.push({ side: "top", value: max });
  if (s.p5.filter((x) => x === min).length >= 3 && min !== max) out.push({ side: "bottom", value: min });
  return out;
}

/** A fan chart of one series: 5–95% and 25–75% bands, the median, and the runs still going. */
function fanChart(ids: Ids, name: string, s: RunResult["series"][string], k: number, ok: number, timeUnit: string): ChartSpec {
  const c = `{c${k % 8}`;
  const t = s.times ?? [];
  const last = s.running?.[s.running.length - 1];
  const first = s.running?.[0];
  const title = `${name}${s.unit ? ` (${s.unit})` : ""}`;
  const top = Math.max(1, ...s.running.filter(isNum), ok);
  const step = niceStep(top / 4);
  const edges = recordingEdges(s);
  const shapes = edges.map((e) => ({ type: "line", xref: "paper", x0: 0, x1: 1, yref: "y", y0: e.value, y1: e.value, line: { color: "{muted}", width: 1, dash: "dash" } }));
  const annotations = edges.map((e) => ({
    xref: "paper",
    x: 0.35,
    xanchor: "left",
    yref: "y",
    y: e.value,
    yanchor: e.side === "top" ? "top" : "bottom",
    text: escapePlotly(e.side === "top" ? `recorded up to ${fmt(e.value)}: higher values show as ${fmt(e.value)}` : `recorded down to ${fmt(e.value)}: lower values show as ${fmt(e.value)}`),
    showarrow: false,
    font: { size: 10, color: "{muted}" },
  }));
  return {
    id: ids.make(`fan-${name}`),
    title,
    wide: false,
    height: 380,
    note:
      `Bands: 5–95% and 25–75% of the runs still going at each time; line: median. Dotted, right axis: runs still going ` +
      `(${count(first)} at the start, ${count(last)} at the end, of ${count(ok)}); runs end early at a terminal event of the model (such as loss of control), ` +
      `so late quantiles describe the survivors only.` +
      (edges.length > 0 ? ` Dashed: the edge of the range the series is recorded over; quantiles pinned there mean "at least" (or "at most") that value.` : ""),
    data: [
      ...band(t, s.p5, s.p95, `${c}/0.16}`, "5–95%", "outer"),
      ...band(t, s.p25, s.p75, `${c}/0.32}`, "25–75%", "inner"),
      {
        type: "scatter",
        mode: "lines",
        x: t,
        y: s.p50,
        name: "median",
        line: { color: `${c}}`, width: 2.2 },
        customdata: t.map((_, i) => [s.p5[i], s.p25[i], s.p75[i], s.p95[i], s.running[i]]),
        hovertemplate:
          "%{x:.1f}: median %{y:.3g}<br>25–75%: %{customdata[1]:.3g} to %{customdata[2]:.3g}<br>5–95%: %{customdata[0]:.3g} to %{customdata[3]:.3g}<br>runs going: %{customdata[4]:,}<extra></extra>",
      },
      {
        type: "scatter",
        mode: "lines",
        x: t,
        y: s.running,
        yaxis: "y2",
        name: "runs still going",
        line: { color: "{muted}", width: 1.3, dash: "dot" },
        hoverinfo: "skip",
      },
    ],
    layout: {
      xaxis: { title: { text: axisTitle("time", timeUnit) } },
      yaxis: { title: { text: axisTitle(name, s.unit) } },
      yaxis2: {
        title: { text: "runs still going" },
        overlaying: "y",
        side: "right",
        range: [0, top * 1.04],
        tickmode: "array",
        tickvals: Array.from({ length: Math.floor(top / step) }, (_, i) => (i + 1) * step),
        tickformat: ",d",
        showgrid: false,
        zeroline: false,
      },
      legend: legendTop,
      hovermode: "closest",
      margin: { r: 60 },
      shapes,
      annotations,
    },
  };
}
