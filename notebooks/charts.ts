/**
 * Offline Plotly charts for the rsi-sim notebooks (tslab kernel).
 *
 * `loadPlotly()` puts plotly.js (from the plotly.js-dist package) into the
 * notebook once, gzipped and base64-encoded (~2.5 MB instead of 10 MB), so
 * the charts render without a network connection: in Jupyter, JupyterLab,
 * VS Code and in HTML exported with `jupyter nbconvert --to html`. The
 * browser unpacks it with DecompressionStream (every current browser).
 * `plot()` then shows one interactive chart; its script waits for Plotly.
 *
 * The helpers below build common traces: shaded interval bands (with their
 * median or P line), fan charts of a series' quantiles, P(event by year) with
 * its interval, and empirical CDFs from quantile curves. Bands, fans and
 * P(event by year) come from the library's src/report/charts.ts, which the
 * HTML reports use too; these wrappers take a hex colour and fade it.
 *
 * @example
 * import { loadPlotly, plot } from "./charts";
 * loadPlotly();
 * plot([{ x: [1, 2, 3], y: [2, 1, 3], type: "scatter" }], { title: { text: "A chart" } });
 */
import * as tslab from "tslab";
import { readFileSync } from "fs";
import { gzipSync } from "zlib";
// the traces the HTML reports draw too (src/report/charts.ts, built into dist/)
import * as shared from "../dist/report/charts.js";

/** A Plotly trace or layout: plain JSON-able objects (see https://plotly.com/javascript/reference/). */
export type Trace = Record<string, unknown>;
export type Layout = Record<string, unknown>;

/** Colours used across the notebooks (Plotly's defaults, in order). */
export const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

let counter = 0;

/** The version of plotly.js that loadPlotly() inlines. */
export function plotlyVersion(): string {
  const pkg = require.resolve("plotly.js-dist/package.json");
  return JSON.parse(readFileSync(pkg, "utf8")).version;
}

/**
 * Show plotly.js in the notebook's output, inlined (no CDN). Run it once per
 * notebook, before the first chart; running it again is harmless.
 */
export function loadPlotly(): void {
  const file = require.resolve("plotly.js-dist");
  const b64 = gzipSync(readFileSync(file), { level: 9 }).toString("base64");
  const version = plotlyVersion();
  tslab.display.html(`<div id="rsi-plotly-status" style="font:12px sans-serif;color:#666">plotly.js ${version}, inlined for offline charts: loading…</div>
<script>
(function () {
  var status = document.getElementById("rsi-plotly-status");
  function done(msg) { if (status) status.textContent = msg; }
  if (window.Plotly) { done("plotly.js " + window.Plotly.version + " ready (inlined, offline)"); return; }
  if (typeof DecompressionStream === "undefined") { done("This browser cannot unpack the inlined plotly.js (no DecompressionStream); charts will not render."); return; }
  var b64 = "${b64}";
  var bin = atob(b64);
  var bytes = new Uint8Array(bin.length);
  for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  new Response(stream).text().then(function (code) {
    var s = document.createElement("script");
    s.textContent = code;
    document.head.appendChild(s);
    done(window.Plotly ? "plotly.js " + window.Plotly.version + " ready (inlined, offline)" : "plotly.js failed to start");
  }, function (e) { done("plotly.js failed to unpack: " + e); });
})();
</script>`);
}

/** JSON for inside a <script> element (no "</script>" can end it early). */
function scriptJSON(x: unknown): string {
  return JSON.stringify(x, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v))
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * Show one interactive chart. Non-finite numbers become gaps (null). Needs
 * loadPlotly() earlier in the notebook.
 */
export function plot(data: Trace[], layout: Layout = {}, opts: { height?: number } = {}): void {
  const id = `rsi-chart-${Date.now().toString(36)}-${counter++}`;
  const height = opts.height ?? 420;
  const fullLayout: Layout = {
    height,
    margin: { l: 70, r: 30, t: 50, b: 60 },
    hovermode: "x unified",
    legend: { orientation: "h", y: -0.2 },
    ...layout,
  };
  const spec = scriptJSON({ data, layout: fullLayout, config: { responsive: true, displaylogo: false } });
  tslab.display.html(`<div id="${id}" class="rsi-chart" style="width:100%;height:${height}px"></div>
<script>
(function () {
  var spec = ${spec};
  var tries = 0;
  function draw() {
    var el = document.getElementById("${id}");
    if (window.Plotly && el) { window.Plotly.newPlot(el, spec.data, spec.layout, spec.config); return; }
    if (++tries < 600) { setTimeout(draw, 50); return; }
    if (el) el.textContent = "plotly.js is not loaded: run the loadPlotly() cell near the top of the notebook.";
  }
  draw();
})();
</script>`);
}

/** Hex colour to rgba() with opacity a. */
export function fade(color: string, a: number): string {
  const n = parseInt(color.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
}

/**
 * A shaded band from lo to hi over x (two traces: the upper edge, then the
 * lower edge filled up to it), in `color` at `opacity` (default 0.2). Hidden
 * from the legend unless `name` is set. With `line`, the line over the band
 * (a median or a probability) in full colour follows as a third trace, in the
 * same legend group (default: its name).
 *
 * @example
 * band(x, lo, hi, COLORS[3], { line: { y: p, name: "P(loss of control)", mode: "lines+markers" } })
 */
export function band(
  x: number[],
  lo: (number | null)[],
  hi: (number | null)[],
  color: string,
  opts: { name?: string; opacity?: number; group?: string; line?: { y: (number | null)[]; name: string; dash?: string; mode?: string; hovertemplate?: string } } = {},
): Trace[] {
  const group = opts.group ?? opts.line?.name ?? opts.name ?? color;
  const median = opts.line && { ...opts.line, color, group };
  return shared.band(x, lo, hi, { fill: fade(color, opts.opacity ?? 0.2), name: opts.name ?? "", group, showlegend: opts.name !== undefined, median });
}

/** Quantiles of a series over time, as in a run result's `series` entry. */
export interface FanData {
  times: number[];
  p5: number[];
  p25: number[];
  p50: number[];
  p75: number[];
  p95: number[];
}

/** Fan chart traces: 5–95% and 25–75% bands and the median line, all in one legend group. */
export function fan(s: FanData, color: string, name: string): Trace[] {
  return shared.fan(s.times, s, {
    fills: [fade(color, 0.15), fade(color, 0.3)],
    names: [`${name}: 5–95%`, `${name}: 25–75%`],
    median: { name: `${name}: median`, color, width: 2, group: name },
  });
}

/**
 * P(event by year) with its pointwise Wilson 95% band, from a date output's
 * `distributions` entry (quantiles over the n draws where it is defined):
 * P(date ≤ year) over all draws, so the curve levels off at the share of
 * draws that reach the event. `years` defaults to 300 steps across the
 * output's range.
 *
 * @example
 * plot(probabilityByYear(result.distributions.t_loc, COLORS[3], "loss of control"), { yaxis: { tickformat: ".0%" } });
 */
export function probabilityByYear(
  d: { n: number; missing: number; quantiles: number[] },
  color: string,
  name: string,
  opts: { years?: number[]; opacity?: number } = {},
): Trace[] {
  const years = opts.years ?? shared.yearGrid(d.quantiles[0], d.quantiles[d.quantiles.length - 1]);
  return shared.probabilityByYear(d, years, {
    fill: fade(color, opts.opacity ?? 0.2),
    line: { name, color, width: 2, group: name, hovertemplate: "%{y:.1%} by %{x:.1f} [%{customdata[0]:.1%}, %{customdata[1]:.1%}]" },
  });
}

/**
 * An empirical CDF from a quantile curve (quantiles at 0, 1, …, 100% over
 * the n draws where the output is defined, as in a run result's
 * `distributions` entry), scaled to all draws: P(output ≤ x), where draws
 * with the output undefined (a milestone never reached) never count. The
 * curve then tops out at n / (n + missing).
 */
export function cdfTrace(d: { n: number; missing: number; quantiles: number[] }, color: string, name: string): Trace {
  const share = d.n / (d.n + d.missing);
  return {
    x: d.quantiles,
    y: d.quantiles.map((_, i) => (i / (d.quantiles.length - 1)) * share),
    type: "scatter",
    mode: "lines",
    line: { color, width: 2, shape: "linear" },
    name,
  };
}
