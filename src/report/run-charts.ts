/**
 * The charts of a run report (src/report/run.ts): headline probabilities,
 * P(event by year) and milestone curves, histograms and CDFs of continuous
 * outputs from their 101 percentiles, and fan charts of recorded series.
 * Each function returns one ChartSpec; ids come from the report's Ids in
 * the order the report asks for them.
 */
import type { RunResult } from "../analysis/result.js";
import { escapePlotly } from "./escape.js";
import { cdfAt, count, discreteShares, discreteValues, fmt, histogramFromQuantiles, isNum, niceStep, pct, wantsLog, wilsonP } from "./curves.js";
import type { Ids, ChartSpec } from "./page.js";
import { axisTitle, probability, type LooseSummary } from "./common.js";
import { fan, legendTop, PCT_TICKS, probabilityByYear, scale, yearGrid, type Trace } from "./charts.js";

/** Names of events for chart titles, by the prefix of their outputs. */
const EVENT_NAMES: Record<string, string> = { loc: "loss of control", si: "superintelligence", brake: "a brake" };

/** A continuous output with usable percentiles. */
export interface Dist {
  name: string;
  unit: string;
  n: number;
  missing: number;
  q: number[];
}

type Series = RunResult["series"][string];

const asDistribution = (d: Dist) => ({ n: d.n, missing: d.missing, quantiles: d.q });

/** The title of a calendar-time axis. */
function yearTitle(unit: string): string {
  return unit && unit !== "year" && unit !== "years" ? axisTitle("year", unit) : "year";
}

/** [a, b] with 1% more room at the right, for markers at the end. */
function padRange(a: number, b: number): [number, number] {
  return [a, b + 0.012 * (b - a)];
}

/** The headline probabilities as dots with Wilson whiskers. */
export function probabilitiesChart(ids: Ids, probs: { name: string; p: number; ci: [number, number]; of: number }[]): ChartSpec {
  return {
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
      xaxis: { title: { text: "probability" }, tickformat: PCT_TICKS, range: [-0.01, 1.01] },
      yaxis: { autorange: "reversed", type: "category" },
      showlegend: false,
      margin: { l: 120 },
    },
  };
}

/** Where an event's exact X_by_YYYY outputs (and X at the horizon) sit, with their intervals. */
type EventPoint = { year: number; name: string; p: number; ci: [number, number] };

/** The exact outputs of an event as markers with Wilson whiskers. */
function eventPointsTrace(points: EventPoint[]): Trace {
  return {
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
  };
}

/**
 * P(event by year) for the event whose date output is d: the curve from d's
 * percentiles with its Wilson band, and the exact outputs `list` (X_by_YYYY)
 * and X (at the horizon) as points.
 */
export function eventChart(
  ids: Ids,
  prefix: string,
  d: Dist,
  list: { year: number; name: string }[],
  ctx: { outputs: Record<string, LooseSummary>; ok: number; start: number; horizon: number },
): ChartSpec {
  const { outputs, ok, horizon } = ctx;
  const N = d.n + d.missing;
  const share = d.n / N;
  const grid = yearGrid(ctx.start, isNum(horizon) ? horizon : d.q[d.q.length - 1]);
  // a year past the horizon is not known in the draws that reached it without the event (the output is P over the others)
  const points: EventPoint[] = list.filter((x) => !isNum(horizon) || x.year <= horizon).map((x) => ({ ...x, ...probability(outputs[x.name], ok) }));
  if (outputs[prefix]?.kind === "binary" && isNum(horizon)) points.push({ year: horizon, name: prefix, ...probability(outputs[prefix], ok) });
  points.sort((a, b) => a.year - b.year);
  const what = EVENT_NAMES[prefix] ?? prefix;
  return {
    id: ids.make(`p-${prefix}-by-year`),
    title: `P(${what} by year), with 95% interval`,
    wide: true,
    height: 420,
    note:
      `Line: P(${d.name} ≤ year) over all ${count(N)} successful draws = ${pct(share)} (the draws where ${d.name} is defined) × the CDF of ${d.name} among them, ` +
      `interpolated between its 101 percentiles (so it can differ from an exact count by at most ${(share).toFixed(3)} percentage points). ` +
      `Band: Wilson 95% interval for that proportion, year by year (pointwise). Points: the outputs ${points.map((p) => p.name).join(", ")}, counted exactly, with their Wilson intervals.`,
    data: [
      ...probabilityByYear(asDistribution(d), grid, {
        fill: "{c1/0.22}",
        interval: "95% interval",
        group: "band",
        line: {
          name: escapePlotly(`P(${d.name} ≤ year)`),
          color: "{c1}",
          width: 2.5,
          hovertemplate: "%{x:.1f}: %{y:.1%} [%{customdata[0]:.1%}, %{customdata[1]:.1%}]<extra></extra>",
        },
      }),
      eventPointsTrace(points),
    ],
    layout: {
      xaxis: { title: { text: yearTitle(d.unit) }, range: padRange(grid[0], grid[grid.length - 1]) },
      yaxis: { title: { text: escapePlotly(`P(${what} by then)`) }, tickformat: PCT_TICKS, rangemode: "tozero" },
      legend: legendTop,
      hovermode: "closest",
    },
  };
}

/** Every milestone date as P(reached by year), with pointwise Wilson bands. */
export function milestonesChart(ids: Ids, dates: Dist[], start: number, horizon: number): ChartSpec {
  // 150 points a curve: each is interpolated between 101 stored percentiles, so a finer grid
  // draws nothing more, and with every milestone's band it was the largest part of a report
  const grid = yearGrid(start, isNum(horizon) ? horizon : Math.max(...dates.map((d) => d.q[d.q.length - 1])), 150);
  const traces = dates.flatMap((d, k) =>
    probabilityByYear(asDistribution(d), grid, {
      fill: `{c${k % 8}/0.15}`,
      line: {
        name: escapePlotly(d.name),
        group: `lg${k}`,
        color: `{c${k % 8}}`,
        width: 2,
        hovertemplate: `${escapePlotly(d.name)} by %{x:.1f}: %{y:.1%} [%{customdata[0]:.1%}, %{customdata[1]:.1%}]<extra></extra>`,
      },
    }),
  );
  return {
    id: ids.make("milestones-cdf"),
    title: "Milestones: P(reached by year)",
    wide: true,
    height: 420,
    note:
      "Each curve is the share of all successful draws in which the date is reached by then (it levels off at the share that reach it before the horizon), " +
      "interpolated between the output's percentiles; shaded: Wilson 95% intervals, pointwise.",
    data: traces,
    layout: {
      xaxis: { title: { text: yearTitle(dates[0]?.unit || "year") }, range: padRange(grid[0], grid[grid.length - 1]) },
      yaxis: { title: { text: "P(reached by then)" }, tickformat: PCT_TICKS, range: [0, 1] },
      legend: legendTop,
      hovermode: "closest",
    },
  };
}

/** The histogram of a discrete output: a bar per value. */
function barsChart(id: string, d: Dist, values: number[], o: { title: string; defined: string; color: string }): ChartSpec {
  const shares = discreteShares(d.q, values);
  return {
    id,
    title: o.title,
    note: `Share of the draws at each value, ${o.defined}; read from percentiles, to about 1%.`,
    height: 300,
    data: [{ type: "bar", x: values, y: shares, marker: { color: o.color }, name: escapePlotly(d.name), hovertemplate: "%{x}: %{y:.1%}<extra></extra>" }],
    layout: {
      xaxis: { title: { text: axisTitle(d.name, d.unit) }, type: "category" },
      yaxis: { title: { text: "share of draws" }, tickformat: PCT_TICKS, rangemode: "tozero" },
      showlegend: false,
      bargap: 0.3,
    },
  };
}

/** A histogram of one output (share of the draws where it is defined, per bin). */
export function histogramChart(ids: Ids, d: Dist, k: number, ok: number, description: string): ChartSpec {
  const N = d.n + d.missing;
  const defined = `defined in ${count(d.n)} of ${count(N || ok)} draws (${pct(N ? d.n / N : NaN)})`;
  const values = discreteValues(d.q);
  const color = `{c${k % 8}}`;
  const title = `${d.name}${d.unit ? ` (${d.unit})` : ""}${description ? ` — ${description}` : ""}`;
  if (values) return barsChart(ids.make(`hist-${d.name}`), d, values, { title, defined, color });
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
      xaxis: { title: { text: axisTitle(d.name, d.unit) }, ...scale(log) },
      yaxis: { title: { text: "share of draws per bin" }, tickformat: PCT_TICKS, rangemode: "tozero" },
      showlegend: false,
      hovermode: "closest",
    },
  };
}

/** CDFs of outputs with one unit, over the draws where each is defined. */
export function cdfChart(ids: Ids, group: Dist[], unit: string, log: boolean, split: boolean): ChartSpec {
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
      xaxis: { title: { text: escapePlotly(unit ? `value (${unit})` : "value") }, ...scale(log), range },
      yaxis: { title: { text: "cumulative share" }, tickformat: PCT_TICKS, range: [0, 1] },
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
function recordingEdges(s: Series): { side: "top" | "bottom"; value: number }[] {
  const all = [s.p5, s.p25, s.p50, s.p75, s.p95].flat().filter(isNum);
  if (all.length === 0) return [];
  const out: { side: "top" | "bottom"; value: number }[] = [];
  const max = Math.max(...all);
  const min = Math.min(...all);
  if (s.p95.filter((x) => x === max).length >= 3) out.push({ side: "top", value: max });
  if (s.p5.filter((x) => x === min).length >= 3 && min !== max) out.push({ side: "bottom", value: min });
  return out;
}

/** Dashed lines with a note at the edges a series was recorded up to (see recordingEdges). */
function edgeMarks(edges: { side: "top" | "bottom"; value: number }[]): { shapes: Trace[]; annotations: Trace[] } {
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
  return { shapes, annotations };
}

/** A fan chart of one series: 5–95% and 25–75% bands, the median, and the runs still going. */
export function fanChart(ids: Ids, name: string, s: Series, k: number, ok: number, timeUnit: string): ChartSpec {
  const c = `{c${k % 8}`;
  const t = s.times ?? [];
  const last = s.running?.[s.running.length - 1];
  const first = s.running?.[0];
  const title = `${name}${s.unit ? ` (${s.unit})` : ""}`;
  const top = Math.max(1, ...s.running.filter(isNum), ok);
  const step = niceStep(top / 4);
  const edges = recordingEdges(s);
  const { shapes, annotations } = edgeMarks(edges);
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
      ...fan(t, s, {
        fills: [`${c}/0.16}`, `${c}/0.32}`],
        groups: ["outer", "inner"],
        median: {
          name: "median",
          color: `${c}}`,
          width: 2.2,
          customdata: t.map((_, i) => [s.p5[i], s.p25[i], s.p75[i], s.p95[i], s.running[i]]),
          hovertemplate:
            "%{x:.1f}: median %{y:.3g}<br>25–75%: %{customdata[1]:.3g} to %{customdata[2]:.3g}<br>5–95%: %{customdata[0]:.3g} to %{customdata[3]:.3g}<br>runs going: %{customdata[4]:,}<extra></extra>",
        },
      }),
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
