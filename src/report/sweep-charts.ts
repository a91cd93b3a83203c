/**
 * The charts of a sweep's HTML report (sweep.ts): each output against the
 * swept parameter, in increasing order of its values whatever the order
 * they were given in; a heat map per output of a grid; and the paired
 * changes between adjacent values.
 *
 * A 0/1 output that is undefined in some draws at some point (rsi-core's
 * warned_before_loc; a date by a year past the horizon) is shown, as the
 * terminal table shows it, as the share among the draws where it is
 * defined, with its n; where no draw defines it there is no value (no
 * point, no band), never a 0.
 */
import type { SweepResult } from "../analysis/sweep.js";
import { escapePlotly } from "./escape.js";
import { count, fmt, isNum, pct, type Maybe } from "./curves.js";
import { band, fan, legendTop, line, PCT_TICKS, scale, SIGNED_PCT_TICKS } from "./charts.js";
import type { ChartSpec, Ids } from "./page.js";
import { axisTitle, probability, type LooseSummary } from "./common.js";

export type Axis = SweepResult["swept"][number];
export type OutInfo = SweepResult["outputs"][number];

/** What the section and chart builders of a sweep report read. */
export interface SweepContext {
  result: SweepResult;
  ids: Ids;
  axes: Axis[];
  outputs: OutInfo[];
  points: SweepResult["points"];
  /** successful draws at point i */
  okAt: (i: number) => number;
  /** an output's summary at point i */
  summaryAt: (i: number, name: string) => LooseSummary | undefined;
  /** the 0/1 outputs undefined in some draws at some point: shown as the share among the draws where they are defined */
  conditional: Set<string>;
  /** a value of axis k as text, with the digits that tell the axis's values apart (values.ts) */
  label: (k: number, v: number) => string;
  /** why an output is undefined in some or all draws (run-table.ts pastHorizonNotes), when the model is known */
  reasons: Record<string, string[]>;
}

/** A 0/1 output at point i as the report shows it: P over the successful draws, or the share among the draws where it is defined (NaN when none is). */
export function shareAt(ctx: SweepContext, i: number, o: OutInfo): { p: number; ci: [number, number]; of: number } {
  // an output conditional at some point is the share where defined at each point: where every draw defines it, the same as P
  return probability(ctx.summaryAt(i, o.name), ctx.okAt(i));
}

/** Point indices of an axis's values in increasing order of the values (ties in the order given). */
export function increasing(values: readonly number[]): number[] {
  return values.map((_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
}

const num = (x: Maybe) => (isNum(x) ? x : null);

/** The note on an output defined in only some draws: what the line shows, and why it is undefined. */
function conditionalNote(ctx: SweepContext, o: OutInfo): string {
  return (
    "Line: the share among the draws where it is defined (not P over all draws), over the n draws that define it at each point; band: its Wilson 95% interval. " +
    (ctx.points.some((_, i) => !((ctx.summaryAt(i, o.name)?.n ?? 0) > 0)) ? "A value where no draw defines it has no point on the line." : "") +
    (ctx.reasons[o.name] ?? []).map((r) => ` ${r}`).join("")
  );
}

function yAxis(ctx: SweepContext, o: OutInfo): Record<string, unknown> {
  if (o.kind !== "binary") return { title: { text: axisTitle(o.name, o.unit) } };
  const title = ctx.conditional.has(o.name) ? `P(${o.name}) where defined` : `P(${o.name})`;
  return { title: { text: escapePlotly(title) }, tickformat: PCT_TICKS, rangemode: "tozero" };
}

/**
 * Traces of one output at the points `pts` (their x values in increasing
 * order, their labels): binary, P (or the share where defined) with its
 * Wilson band; continuous, the median with 25–75% and 5–95% bands and the
 * mean ± 95%. `compact` (several lines in one chart): no bands for
 * continuous outputs (they would hide each other; hover gives the
 * quartiles), lighter and unlabelled bands for binary ones.
 */
function seriesTraces(ctx: SweepContext, o: OutInfo, pts: number[], x: number[], labels: string[], k: number, name: string, compact: boolean): Record<string, unknown>[] {
  const c = `{c${k % 8}`;
  const look = { mode: "lines+markers", group: `g${k}`, color: `${c}}`, width: 2, marker: { color: `${c}}`, size: 6 } };
  const ss = pts.map((i) => ctx.summaryAt(i, o.name));
  if (o.kind === "binary") {
    const r = pts.map((i) => shareAt(ctx, i, o));
    const where = ctx.conditional.has(o.name) ? " where defined" : "";
    return band(x, r.map((v) => num(v.ci[0])), r.map((v) => num(v.ci[1])), {
      fill: `${c}/${compact ? 0.12 : 0.2}}`,
      name: compact ? "" : "95% interval",
      median: {
        ...look,
        y: r.map((v) => num(v.p)),
        name: escapePlotly(name),
        customdata: r.map((v, j) => [num(v.ci[0]), num(v.ci[1]), v.of, labels[j]]),
        hovertemplate: `${escapePlotly(name)}<br>%{customdata[3]}: %{y:.1%} [%{customdata[0]:.1%}, %{customdata[1]:.1%}] of %{customdata[2]:,}${where}<extra></extra>`,
      },
    });
  }
  const q = (key: "p5" | "p25" | "p50" | "p75" | "p95") => ss.map((s) => num(s?.quantiles?.[key]));
  const median = {
    ...look,
    name: escapePlotly(compact ? name : "median"),
    customdata: ss.map((s, j) => [num(s?.quantiles?.p25), num(s?.quantiles?.p75), s?.n ?? 0, (s?.n ?? 0) + (s?.missing ?? 0), labels[j]]),
    hovertemplate: `${escapePlotly(name)}<br>%{customdata[4]}: median %{y:.4g} (25–75%: %{customdata[0]:.4g} to %{customdata[1]:.4g}; defined in %{customdata[2]:,} of %{customdata[3]:,})<extra></extra>`,
  };
  if (compact) return [line(x, q("p50"), median)];
  const quantiles = { p5: q("p5"), p25: q("p25"), p50: q("p50"), p75: q("p75"), p95: q("p95") };
  return [
    ...fan(x, quantiles, { fills: [`${c}/0.12}`, `${c}/0.26}`], names: ["5–95% of draws", "25–75% of draws"], groups: [`g${k}o`, `g${k}`], median }),
    {
      type: "scatter",
      mode: "markers",
      x,
      y: ss.map((s) => num(s?.mean)),
      name: "mean ± 95%",
      marker: { color: "{fg}", size: 5, symbol: "diamond-open" },
      error_y: { type: "data", array: ss.map((s) => (isNum(s?.se) ? 1.96 * s!.se! : null)), color: "{fg}", thickness: 1, width: 3 },
      customdata: labels.map((l) => [l]),
      hovertemplate: "%{customdata[0]}: mean %{y:.4g}<extra></extra>",
    },
  ];
}

/** Does any trace have a y value to draw? (An output defined in no draw at any point has none.) */
const drawn = (traces: Record<string, unknown>[]) => traces.some((t) => Array.isArray(t.y) && (t.y as Maybe[]).some(isNum));

/** One output against the (only) swept parameter, its values in increasing order; null when it has no value at any point. */
export function lineChart(ctx: SweepContext, o: OutInfo, a: Axis, log: boolean, k: number): ChartSpec | null {
  const pts = increasing(a.values);
  const x = pts.map((i) => a.values[i]);
  const data = seriesTraces(ctx, o, pts, x, x.map((v) => ctx.label(0, v)), k, o.name, false);
  if (!drawn(data)) return null;
  const ss = pts.map((i) => ctx.summaryAt(i, o.name));
  const undef = ss.reduce((m, s) => Math.max(m, s && (s.n ?? 0) + (s.missing ?? 0) > 0 ? (s.missing ?? 0) / ((s.n ?? 0) + (s.missing ?? 0)) : 0), 0);
  const what =
    o.kind === "binary"
      ? ctx.conditional.has(o.name)
        ? conditionalNote(ctx, o)
        : "Line: P at each point; band: Wilson 95% interval."
      : "Line: median over the draws where defined; bands: 25–75% and 5–95% of those draws (spread, not uncertainty); diamonds: mean ± 1.96 Monte Carlo standard errors." +
        (undef > 0 ? ` Undefined in up to ${pct(undef, 0)} of the draws at a point.` : "");
  return {
    id: ctx.ids.make(`sweep-${o.name}`),
    title: `${o.name}${o.unit ? ` (${o.unit})` : ""}${o.description ? ` — ${o.description}` : ""}`,
    note: what + (log ? " Log axis (log-spaced values)." : ""),
    height: 360,
    data,
    layout: {
      xaxis: { title: { text: axisTitle(a.name, a.unit) }, ...scale(log) },
      yaxis: yAxis(ctx, o),
      legend: legendTop,
      hovermode: "closest",
    },
  };
}

/** One output of a grid against the first parameter, a line per value of the second, both in increasing order; null when it has no value anywhere. */
export function gridLinesChart(ctx: SweepContext, o: OutInfo, a1: Axis, a2: Axis, log1: boolean): ChartSpec | null {
  const rows = increasing(a1.values);
  const x = rows.map((i) => a1.values[i]);
  const labels = x.map((v) => ctx.label(0, v));
  const traces = increasing(a2.values).flatMap((j, line) => {
    const pts = rows.map((i) => i * a2.values.length + j);
    return seriesTraces(ctx, o, pts, x, labels, line, `${a2.name} = ${ctx.label(1, a2.values[j])}`, true);
  });
  if (!drawn(traces)) return null;
  const conditional = ctx.conditional.has(o.name);
  return {
    id: ctx.ids.make(`lines-${o.name}`),
    title: `${o.name}${o.unit ? ` (${o.unit})` : ""} against ${a1.name}, one line per ${a2.name}`,
    note: o.kind !== "binary" ? "Lines: median over the draws where defined; hover for the quartiles." : conditional ? conditionalNote(ctx, o) : "Lines: P; shaded: Wilson 95% intervals.",
    height: 380,
    data: traces,
    layout: {
      xaxis: { title: { text: axisTitle(a1.name, a1.unit) }, ...scale(log1) },
      yaxis: yAxis(ctx, o),
      legend: legendTop,
      hovermode: "closest",
    },
  };
}

/** A heat map of one output over a grid, rows and columns in increasing order of the values; null when it has no value in any cell. */
export function heatmap(ctx: SweepContext, o: OutInfo, a1: Axis, a2: Axis): ChartSpec | null {
  const binary = o.kind === "binary";
  const conditional = ctx.conditional.has(o.name);
  const rows = increasing(a1.values);
  const cols = increasing(a2.values);
  const z: (number | null)[][] = [];
  const text: string[][] = [];
  const hover: string[][] = [];
  for (const i of rows) {
    const cells = cols.map((j) => {
      const at = i * a2.values.length + j;
      if (binary) {
        const r = shareAt(ctx, at, o);
        const h = isNum(r.p) ? `${pct(r.p)} [${pct(r.ci[0])}, ${pct(r.ci[1])}] of ${count(r.of)}${conditional ? " where defined" : ""}` : "defined in no draw";
        return { z: num(r.p), text: pct(r.p, 0), hover: h };
      }
      const sum = ctx.summaryAt(at, o.name);
      const q = sum?.quantiles ?? {};
      return { z: num(q.p50), text: fmt(q.p50), hover: `median ${fmt(q.p50)}, 5–95%: ${fmt(q.p5)} to ${fmt(q.p95)}; defined in ${count(sum?.n)} of ${count((sum?.n ?? 0) + (sum?.missing ?? 0))}` };
    });
    z.push(cells.map((c) => c.z));
    text.push(cells.map((c) => c.text));
    hover.push(cells.map((c) => c.hover));
  }
  if (!z.some((r) => r.some(isNum))) return null;
  const h = Math.max(300, Math.min(640, 110 + 44 * a1.values.length));
  const what = binary ? (conditional ? " — share where defined" : " — P") : " — median";
  return {
    id: ctx.ids.make(`heat-${o.name}`),
    title: `${o.name}${o.unit ? ` (${o.unit})` : ""}${what}${o.description ? `: ${o.description}` : ""}`,
    note: binary
      ? conditional
        ? `Colour and text: the share among the draws where it is defined; hover for its Wilson 95% interval and n; "—" where no draw defines it.${(ctx.reasons[o.name] ?? []).map((r) => ` ${r}`).join("")}`
        : "Colour and text: P; hover for the Wilson 95% interval."
      : "Colour and text: the median over the draws where defined; hover for the 5–95% range.",
    height: h,
    data: [
      {
        type: "heatmap",
        x: cols.map((j) => escapePlotly(ctx.label(1, a2.values[j]))),
        y: rows.map((i) => escapePlotly(ctx.label(0, a1.values[i]))),
        z,
        text,
        texttemplate: "%{text}",
        customdata: hover,
        hovertemplate: `${escapePlotly(a1.name)} = %{y}, ${escapePlotly(a2.name)} = %{x}<br>%{customdata}<extra></extra>`,
        colorscale: "Viridis",
        reversescale: false,
        zmin: binary ? 0 : undefined,
        zmax: binary ? 1 : undefined,
        colorbar: { title: { text: binary ? "P" : escapePlotly(o.unit || o.name), side: "right" }, tickformat: binary ? PCT_TICKS : "", outlinewidth: 0 },
        xgap: 1,
        ygap: 1,
      },
    ],
    layout: {
      xaxis: { title: { text: axisTitle(a2.name, a2.unit) }, type: "category", showgrid: false },
      yaxis: { title: { text: axisTitle(a1.name, a1.unit) }, type: "category", showgrid: false },
    },
  };
}

/**
 * The paired changes of the 0/1 outputs between adjacent values along the
 * first axis (for a grid: at the second's first value), each from the
 * smaller value to the larger, placed between them; and a note on the
 * outputs left out: those defined in only some draws, whose paired change
 * (over the draws defined at both points) is neither P(next) − P(this) nor
 * the change of the share the charts show, as the terminal table leaves
 * them out. `chart` is null when no output is left to show.
 */
export function differencesChart(ctx: SweepContext, a1: Axis, log: boolean): { chart: ChartSpec | null; leftOut: string } {
  const { result } = ctx;
  const a2 = ctx.axes[1];
  const diffs = (result.differences ?? []).filter((d) => d.along === a1.name && (!a2 || result.points[d.from]?.values?.[a2.name] === a2.values[0]));
  const binaries = ctx.outputs.filter((o) => o.kind === "binary" && !ctx.conditional.has(o.name));
  const skipped = ctx.outputs.filter((o) => o.kind === "binary" && ctx.conditional.has(o.name)).map((o) => o.name);
  const one = skipped.length === 1;
  const leftOut =
    skipped.length === 0 || diffs.length === 0
      ? ""
      : `Not shown: ${skipped.join(", ")}, undefined in some draws (or all). ${one ? "Its" : "Each one's"} paired change in the sweep JSON is over the draws where it is defined at both points, ` +
        `which is neither P(next) − P(this) nor the change in the share where defined that the charts above show; the terminal table leaves ${one ? "it" : "them"} out too.`;
  if (diffs.length === 0 || binaries.length === 0) return { chart: null, leftOut };
  const v = (i: number) => result.points[i]?.values?.[a1.name] ?? NaN;
  // each change from the smaller value to the larger, so that it reads along the axis
  const pairs = diffs
    .map((d) => {
      const up = v(d.from) <= v(d.to);
      const lo = up ? v(d.from) : v(d.to);
      const hi = up ? v(d.to) : v(d.from);
      return { d, up, lo, hi, mid: log ? Math.sqrt(lo * hi) : (lo + hi) / 2 };
    })
    .sort((p, q) => p.mid - q.mid || p.lo - q.lo);
  const mids = pairs.map((p) => p.mid);
  // outputs side by side around each midpoint so their whiskers do not hide each other
  const spread = (k: number) => (k - (binaries.length - 1) / 2) * 0.012;
  const shift = (x: number, k: number) => {
    if (log) return x * 10 ** (spread(k) * Math.log10(Math.max(...mids) / Math.min(...mids) || 10));
    const span = Math.max(...mids) - Math.min(...mids) || 1;
    return x + spread(k) * span;
  };
  const traces = binaries.map((o, k) => {
    const ds = pairs.map(({ d, up }) => {
      const x = d.outputs?.[o.name];
      if (!x) return undefined;
      const ci: [Maybe, Maybe] = up ? [x.ci?.[0], x.ci?.[1]] : [neg(x.ci?.[1]), neg(x.ci?.[0])];
      return { diff: up ? num(x.diff) : neg(x.diff), ci, up: up ? x.up : x.down, down: up ? x.down : x.up };
    });
    return {
      type: "scatter",
      mode: "lines+markers",
      x: mids.map((m) => shift(m, k)),
      y: ds.map((d) => num(d?.diff)),
      name: escapePlotly(o.name),
      line: { color: `{c${k % 8}}`, width: 1.5 },
      marker: { color: `{c${k % 8}}`, size: 6 },
      error_y: {
        type: "data",
        symmetric: false,
        array: ds.map((d) => (d && isNum(d.diff) && isNum(d.ci[1]) ? d.ci[1] - d.diff : null)),
        arrayminus: ds.map((d) => (d && isNum(d.diff) && isNum(d.ci[0]) ? d.diff - d.ci[0] : null)),
        color: `{c${k % 8}}`,
        thickness: 1.2,
        width: 3,
      },
      customdata: pairs.map((p, i) => [ctx.label(0, p.lo), ctx.label(0, p.hi), num(ds[i]?.ci[0]), num(ds[i]?.ci[1]), ds[i]?.up ?? 0, ds[i]?.down ?? 0]),
      hovertemplate: `${escapePlotly(o.name)}: %{customdata[0]} → %{customdata[1]}: %{y:+.1%} [%{customdata[2]:+.1%}, %{customdata[3]:+.1%}] (%{customdata[4]:,} up, %{customdata[5]:,} down)<extra></extra>`,
    };
  });
  const unordered = pairs.some((p) => !p.up);
  const chart: ChartSpec = {
    id: ctx.ids.make("paired-differences"),
    title: `Change in P between adjacent values of ${a1.name} (paired)`,
    wide: true,
    height: 400,
    note:
      `Each point is P(next value) − P(this value), placed between the two values, with a 95% interval for the difference of matched proportions ` +
      `(Tango's score interval, 1998): the draws are the same at both points, so where the outputs at the two points move together it is tighter than the two separate intervals suggest.` +
      (unordered ? ` The values were not given in increasing order: each change is from the smaller of its two values to the larger, P(larger) − P(smaller).` : "") +
      (a2 ? ` Shown at ${a2.name} = ${ctx.label(1, a2.values[0])}.` : "") +
      (leftOut ? ` ${leftOut}` : ""),
    data: traces,
    layout: {
      xaxis: { title: { text: axisTitle(a1.name, a1.unit) }, ...scale(log) },
      yaxis: { title: { text: "change in P" }, tickformat: SIGNED_PCT_TICKS, zeroline: true },
      legend: legendTop,
      hovermode: "closest",
    },
  };
  return { chart, leftOut };
}

/** −x, or null when x is not a number. */
const neg = (x: Maybe) => (isNum(x) ? (x === 0 ? 0 : -x) : null);
