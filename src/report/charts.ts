/**
 * Plotly traces that the HTML reports and the notebooks (notebooks/charts.ts)
 * share: a line, an interval band (optionally with its median or P line), a
 * percentile fan of a series, and P(event by year) with its Wilson band.
 * Pure functions returning plain JSON-able objects: no DOM, no I/O. Colours
 * are passed through as given (CSS colours, or the report page's theme
 * tokens such as "{c0}" and "{c0/0.25}"); text is used as given (a report
 * escapes it with escapePlotly first). Keys that are not set are left out.
 */
import { cdfAt, wilsonP, type Maybe } from "./curves.js";

/** A Plotly trace or layout fragment (see https://plotly.com/javascript/reference/). */
export type Trace = Record<string, unknown>;

/** The percentiles of a quantity along x, as in a run result's `series` entry or a sweep's output summaries. */
export interface Percentiles {
  p5: Maybe[];
  p25: Maybe[];
  p50: Maybe[];
  p75: Maybe[];
  p95: Maybe[];
}

/** What a line trace shows; unset keys are left out of the trace. */
export interface LineOptions {
  /** legend name */
  name: string;
  color: string;
  width?: number;
  dash?: string;
  /** "lines" (default) or "lines+markers" */
  mode?: string;
  /** legend group */
  group?: string;
  marker?: Trace;
  customdata?: unknown[];
  hovertemplate?: string;
}

/** A line and its interval band. */
export interface BandOptions {
  /** fill colour of the band (its edges are invisible) */
  fill: string;
  /** legend name of the band (default "": shown in the legend only when named) */
  name?: string;
  /** legend group of the band (default: the median line's group) */
  group?: string;
  /** show the band in the legend (default: when it has a name) */
  showlegend?: boolean;
  /** the line drawn over the band (a median or a probability); none when left out */
  median?: LineOptions & { y: Maybe[] };
}

/** The percentile fan of a quantity. */
export interface FanOptions {
  /** fill colours of the 5–95% and the 25–75% band */
  fills: [string, string];
  /** legend names of the two bands (default "5–95%", "25–75%") */
  names?: [string, string];
  /** legend groups of the two bands (default: the median's group) */
  groups?: [string, string];
  /** the median line */
  median: LineOptions;
}

/** P(event by year) from a date output's percentiles. */
export interface ByYearOptions {
  /** fill colour of the interval band */
  fill: string;
  /** legend name of the band (default "", not in the legend) */
  interval?: string;
  /** legend group of the band (default: the line's group) */
  group?: string;
  /** the P line; customdata defaults to the interval at each year */
  line: LineOptions;
}

/** A date output as a result keeps it: its percentiles over the n draws where it is defined. */
export interface DateDistribution {
  n: number;
  missing: number;
  /** percentiles at 0, 1, …, 100% */
  quantiles: number[];
}

/** The object without its undefined entries, in the same key order. */
function defined(o: Trace): Trace {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** A scatter line (or line with markers) through (x, y). */
export function line(x: Maybe[], y: Maybe[], o: LineOptions): Trace {
  return defined({
    type: "scatter",
    mode: o.mode ?? "lines",
    x,
    y,
    name: o.name,
    legendgroup: o.group,
    line: defined({ color: o.color, width: o.width, dash: o.dash }),
    marker: o.marker,
    customdata: o.customdata,
    hovertemplate: o.hovertemplate,
  });
}

/**
 * A shaded band from lo to hi over x, and the median (or P) line over it
 * when `median` is given: the upper edge, the lower edge filled up to it,
 * then the line. Gaps (null) in lo or hi stay gaps.
 */
export function band(x: Maybe[], lo: Maybe[], hi: Maybe[], o: BandOptions): Trace[] {
  const name = o.name ?? "";
  const group = o.group ?? o.median?.group;
  const showlegend = o.showlegend ?? name !== "";
  const edge = { width: 0, color: o.fill };
  const traces: Trace[] = [
    defined({ x, y: hi, type: "scatter", mode: "lines", line: edge, hoverinfo: "skip", showlegend: false, legendgroup: group, connectgaps: false }),
    defined({ x, y: lo, type: "scatter", mode: "lines", line: edge, fill: "tonexty", fillcolor: o.fill, name, hoverinfo: "skip", showlegend, legendgroup: group, connectgaps: false }),
  ];
  if (o.median) {
    const { y, ...rest } = o.median;
    traces.push(line(x, y, rest));
  }
  return traces;
}

/** A fan chart's traces: the 5–95% and 25–75% bands and the median line over x. */
export function fan(x: Maybe[], q: Percentiles, o: FanOptions): Trace[] {
  const [outer, inner] = o.names ?? ["5–95%", "25–75%"];
  const [gOuter, gInner] = o.groups ?? [o.median.group, o.median.group];
  return [
    ...band(x, q.p5, q.p95, { fill: o.fills[0], name: outer, group: gOuter }),
    ...band(x, q.p25, q.p75, { fill: o.fills[1], name: inner, group: gInner }),
    line(x, q.p50, o.median),
  ];
}

/** About n + 1 evenly spaced times from a to b (just [a] when b ≤ a). */
export function yearGrid(a: number, b: number, n = 300): number[] {
  if (!(b > a)) return [a];
  return Array.from({ length: n + 1 }, (_, k) => a + ((b - a) * k) / n);
}

/**
 * P(date ≤ year) over all draws, at each year: the share of draws where the
 * date is defined times its CDF among them (interpolated between the
 * percentiles), with the pointwise Wilson 95% interval over all n + missing
 * draws.
 */
export function probabilityByYearValues(d: DateDistribution, years: number[]): { p: number[]; ci: [number, number][] } {
  const N = d.n + d.missing;
  const share = d.n / N;
  const p = years.map((y) => share * cdfAt(d.quantiles, y));
  return { p, ci: p.map((v) => wilsonP(v, N)) };
}

/** P(event by year) with its 95% band: the band's two traces, then the P line (see probabilityByYearValues). */
export function probabilityByYear(d: DateDistribution, years: number[], o: ByYearOptions): Trace[] {
  const { p, ci } = probabilityByYearValues(d, years);
  return band(
    years,
    ci.map((c) => c[0]),
    ci.map((c) => c[1]),
    { fill: o.fill, name: o.interval, group: o.group ?? o.line.group, median: { ...o.line, y: p, customdata: o.line.customdata ?? ci } },
  );
}

/** A horizontal legend above the plot area. */
export const legendTop = { orientation: "h", x: 0, xanchor: "left", y: 1.02, yanchor: "bottom" };

/**
 * Tick labels of a percentage axis: as many decimals as the ticks need and no
 * more ("2%", "2.5%", "3%"), so no two ticks read the same whatever step plotly
 * picks; "+~%" for signed changes.
 */
export const PCT_TICKS = "~%";
export const SIGNED_PCT_TICKS = "+~%";

/**
 * An axis's scale: on a log axis every tick is labelled with its whole value
 * (20, 200, 2000), not plotly's bare leading digit ("2") between powers of ten.
 */
export function scale(log: boolean): Trace {
  return log ? { type: "log", tickformat: "~g" } : { type: "linear" };
}
