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
 * The helpers below build common traces: shaded interval bands, fan charts
 * of a series' quantiles, and empirical CDFs from quantile curves.
 *
 * @example
 * import { loadPlotly, plot } from "./charts";
 * loadPlotly();
 * plot([{ x: [1, 2, 3], y: [2, 1, 3], type: "scatter" }], { title: { text: "A chart" } });
 */
import * as tslab from "tslab";
import { readFileSync } from "fs";
import { gzipSync } from "zlib";

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
 * A shaded band from lo to hi over x (two traces: the lower edge, then the
 * upper edge filled down to it). Hidden from the legend unless `name` is set.
 */
export function band(x: number[], lo: number[], hi: number[], color: string, opts: { name?: string; opacity?: number; group?: string } = {}): Trace[] {
  const fill = fade(color, opts.opacity ?? 0.2);
  const group = opts.group ?? opts.name ?? color;
  return [
    { x, y: lo, type: "scatter", mode: "lines", line: { width: 0, color: fill }, hoverinfo: "skip", showlegend: false, legendgroup: group },
    {
      x,
      y: hi,
      type: "scatter",
      mode: "lines",
      line: { width: 0, color: fill },
      fill: "tonexty",
      fillcolor: fill,
      hoverinfo: "skip",
      name: opts.name ?? "",
      showlegend: opts.name !== undefined,
      legendgroup: group,
    },
  ];
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

/** Fan chart traces: 5–95% and 25–75% bands and the median line. */
export function fan(s: FanData, color: string, name: string): Trace[] {
  return [
    ...band(s.times, s.p5, s.p95, color, { opacity: 0.15, name: `${name}: 5–95%`, group: name }),
    ...band(s.times, s.p25, s.p75, color, { opacity: 0.3, name: `${name}: 25–75%`, group: name }),
    { x: s.times, y: s.p50, type: "scatter", mode: "lines", line: { color, width: 2 }, name: `${name}: median`, legendgroup: name },
  ];
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
