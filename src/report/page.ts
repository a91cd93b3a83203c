/**
 * The page every report shares: one self-contained HTML file with CSS for
 * light and dark themes (prefers-color-scheme, or a toggle), plotly.js
 * inlined once, the charts' data as JSON, and a small script that draws
 * the charts with a plotly template matching the theme and redraws them
 * when the theme changes. Nothing is fetched from the network.
 */
import { escapeHtml, escapePlotly, jsonForScript, slug } from "./escape.js";
import { roundDeep } from "./curves.js";
import { plotlySource } from "./plotly-source.js";

/**
 * A chart: plotly traces and layout. Text in them must already be escaped
 * with escapePlotly. Colours may be tokens the page resolves per theme:
 * "{c0}" … "{c7}" (the palette), "{c0/0.25}" (with alpha), "{fg}", "{muted}",
 * "{grid}", "{bg}".
 */
export interface ChartSpec {
  id: string;
  /** plain text, shown above the chart (and as the title of its PNG) */
  title: string;
  /** plain text, shown below the chart */
  note?: string;
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
  /** height in px (default 360) */
  height?: number;
  /** take a whole row of the grid */
  wide?: boolean;
}

export interface Section {
  id: string;
  /** plain text */
  title: string;
  /** HTML (escaped by the caller) before the charts */
  html?: string;
  charts?: ChartSpec[];
  /** HTML (escaped by the caller) after the charts */
  after?: string;
}

export interface PageOptions {
  /** plain text */
  title: string;
  /** HTML (escaped by the caller) */
  header: string;
  sections: Section[];
  /** HTML (escaped by the caller) */
  footer: string;
  /** plain text: the scenario (model, settings, draws, seed), under the title of every PNG */
  scenario?: string;
}

/** Unique element ids from names. */
export class Ids {
  private used = new Set<string>();
  make(name: string): string {
    const base = `chart-${slug(name)}`;
    let id = base;
    for (let k = 2; this.used.has(id); k++) id = `${base}-${k}`;
    this.used.add(id);
    return id;
  }
}

const PALETTE = {
  light: ["#0b6bcb", "#d55e00", "#008a5e", "#b8488f", "#6d5bd0", "#a07000", "#3f9bd6", "#5f6b76"],
  dark: ["#62a8f0", "#ff8f4f", "#3dd39a", "#ef8cc8", "#b3a6ff", "#e8b84a", "#9cd0f7", "#aab4be"],
};
const COLORS = {
  light: { bg: "#ffffff", fg: "#1f2328", muted: "#59636e", grid: "#e1e5ea", line: "#8c959f" },
  dark: { bg: "#161b22", fg: "#e6edf3", muted: "#9198a1", grid: "#2d333b", line: "#6e7681" },
};

function template(theme: "light" | "dark") {
  const c = COLORS[theme];
  const axis = { gridcolor: c.grid, linecolor: c.line, zerolinecolor: c.line, tickcolor: c.line, automargin: true, title: { standoff: 8 } };
  return {
    layout: {
      paper_bgcolor: c.bg,
      plot_bgcolor: c.bg,
      font: { color: c.fg, size: 12, family: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif' },
      colorway: PALETTE[theme],
      xaxis: axis,
      yaxis: axis,
      legend: { bgcolor: "rgba(0,0,0,0)", font: { color: c.fg } },
      hoverlabel: { bgcolor: c.bg, bordercolor: c.line, font: { color: c.fg } },
      annotationdefaults: { font: { color: c.muted } },
      margin: { l: 56, r: 16, t: 28, b: 48 },
    },
  };
}

const THEMES = {
  light: { palette: PALETTE.light, colors: COLORS.light, template: template("light") },
  dark: { palette: PALETTE.dark, colors: COLORS.dark, template: template("dark") },
};

const CSS = `
:root{color-scheme:light;--bg:#f6f8fa;--card:#ffffff;--fg:#1f2328;--muted:#59636e;--border:#d1d9e0;--accent:#0b6bcb;--code:#eff2f5;--warn:#9a6700;--warnbg:#fff8c5}
@media (prefers-color-scheme:dark){:root:not([data-theme=light]){color-scheme:dark;--bg:#0d1117;--card:#161b22;--fg:#e6edf3;--muted:#9198a1;--border:#30363d;--accent:#62a8f0;--code:#1f262e;--warn:#e3b341;--warnbg:#2b2411}}
:root[data-theme=dark]{color-scheme:dark;--bg:#0d1117;--card:#161b22;--fg:#e6edf3;--muted:#9198a1;--border:#30363d;--accent:#62a8f0;--code:#1f262e;--warn:#e3b341;--warnbg:#2b2411}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1440px;margin:0 auto;padding:16px 20px 40px}
a{color:var(--accent)}
h1{font-size:1.5rem;margin:0 0 4px}
h2{font-size:1.2rem;margin:32px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--border)}
h3{font-size:.98rem;margin:0 0 4px}
p{margin:6px 0}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.86em}
pre{background:var(--code);border:1px solid var(--border);border-radius:6px;padding:8px 10px;margin:4px 0;white-space:pre-wrap;word-break:break-word}
.muted{color:var(--muted)}
.small{font-size:.86rem}
header.report{background:var(--card);border:1px solid var(--border);border-radius:8px;padding:14px 18px;margin-top:4px}
.toprow{display:flex;gap:12px;align-items:flex-start;justify-content:space-between;flex-wrap:wrap}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:10px 0 6px}
dl.meta dt{color:var(--muted)}
dl.meta dd{margin:0;min-width:0;overflow-wrap:anywhere}
.repro{display:flex;gap:8px;align-items:flex-start}
.repro pre{flex:1;min-width:0}
button{font:inherit;font-size:.85rem;color:var(--fg);background:var(--code);border:1px solid var(--border);border-radius:6px;padding:3px 10px;cursor:pointer}
button:hover{border-color:var(--accent)}
nav.toc{margin:12px 0 0;font-size:.9rem;display:flex;flex-wrap:wrap;gap:4px 14px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,520px),1fr));gap:14px}
figure.chart{margin:0;background:var(--card);border:1px solid var(--border);border-radius:8px;padding:10px 12px 8px;min-width:0;overflow:hidden}
figure.chart.wide{grid-column:1/-1}
figure.chart .plot{width:100%;min-height:200px}
figcaption{color:var(--muted);font-size:.82rem;margin-top:4px}
.tablewrap{overflow-x:auto;background:var(--card);border:1px solid var(--border);border-radius:8px;margin:6px 0 14px}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{text-align:left;padding:5px 10px;border-bottom:1px solid var(--border);vertical-align:top}
th{font-weight:600;background:var(--code);position:sticky;top:0}
tr:last-child td{border-bottom:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.src{min-width:16rem;color:var(--muted)}
td.name{white-space:nowrap}
.bar{position:relative;display:inline-block;width:120px;height:10px;background:var(--code);border:1px solid var(--border);border-radius:3px;vertical-align:middle}
.bar i{position:absolute;top:-1px;bottom:-1px;background:var(--accent);opacity:.35}
.bar b{position:absolute;top:-3px;bottom:-3px;width:2px;background:var(--accent)}
.warn{background:var(--warnbg);color:var(--warn);border:1px solid var(--border);border-radius:6px;padding:6px 10px;margin:6px 0}
ul.notes{margin:6px 0;padding-left:20px}
footer{margin-top:36px;color:var(--muted);font-size:.82rem}
@media (max-width:700px){main{padding:10px}dl.meta{grid-template-columns:1fr}dl.meta dt{margin-top:4px}}
@media print{body{background:#fff}figure.chart,.tablewrap{break-inside:avoid}button,nav.toc{display:none}}
`;

/** The script that draws the charts; it reads the chart data and the themes from JSON elements. */
const RUNTIME = `
(function () {
  "use strict";
  var state = window.__rsiReport = { ready: false, errors: [], drawn: 0 };
  function record(e) { state.errors.push(String(e && e.stack || e)); }
  try {
    var specs = JSON.parse(document.getElementById("rsi-charts").textContent);
    var themes = JSON.parse(document.getElementById("rsi-themes").textContent);
  } catch (e) { record(e); state.ready = true; return; }
  state.specs = specs;
  var root = document.documentElement;
  var mq = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function themeName() {
    var t = root.getAttribute("data-theme");
    if (t === "light" || t === "dark") return t;
    return mq && mq.matches ? "dark" : "light";
  }
  function hexA(hex, a) {
    var n = parseInt(hex.slice(1), 16);
    return "rgba(" + ((n >> 16) & 255) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + a + ")";
  }
  var TOKEN = /^\\{(c(\\d+)|fg|muted|grid|bg|line)(?:\\/([0-9.]+))?\\}$/;
  function paint(v, th) {
    if (typeof v === "string") {
      var m = TOKEN.exec(v);
      if (!m) return v;
      var hex = m[2] !== undefined ? th.palette[Number(m[2]) % th.palette.length] : th.colors[m[1]];
      return m[3] !== undefined ? hexA(hex, m[3]) : hex;
    }
    if (Array.isArray(v)) {
      if (v.length > 0 && typeof v[0] === "number") return v;
      return v.map(function (x) { return paint(x, th); });
    }
    if (v && typeof v === "object") {
      var o = {};
      for (var k in v) if (Object.prototype.hasOwnProperty.call(v, k)) o[k] = paint(v[k], th);
      return o;
    }
    return v;
  }
  var CONFIG = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["lasso2d", "select2d", "sendDataToCloud", "editInChartStudio"] };
  function drawAll() {
    var th = themes[themeName()];
    if (typeof Plotly === "undefined") { record("plotly.js is not loaded"); return Promise.resolve(); }
    return Promise.all(specs.map(function (s) {
      var el = document.getElementById(s.id);
      if (!el) { record("no element for chart " + s.id); return null; }
      var layout = paint(s.layout, th);
      layout.template = th.template;
      layout.autosize = true;
      var config = Object.assign({}, CONFIG, { toImageButtonOptions: { format: "png", filename: s.id, scale: 2 } });
      return Plotly.react(el, paint(s.data, th), layout, config).then(function () { state.drawn++; }, record);
    }));
  }
  state.redraw = drawAll;
  state.themeName = themeName;
  /** the layout of one chart's PNG: its title, and under it the scenario (model, settings, draws, seed) */
  state.pngLayout = function (id) {
    var s = specs.filter(function (x) { return x.id === id; })[0];
    var el = document.getElementById(id);
    var layout = Object.assign({}, el.layout);
    var margin = Object.assign({}, (el._fullLayout && el._fullLayout.margin) || {});
    var lines = s.scenario ? s.scenario.split("<br>").length : 0;
    var extra = 48 + 18 * lines;
    var sub = s.scenario ? '<br><span style="font-size:12px">' + s.scenario + "</span>" : "";
    layout.title = { text: s.plotTitle + sub, x: 0.01, xanchor: "left", xref: "container", y: 1, yanchor: "top", yref: "container", pad: { t: 12 }, font: { size: 15 } };
    layout.margin = Object.assign({}, layout.margin || {}, { t: (margin.t || 28) + extra });
    return { layout: layout, extra: extra, height: el.clientHeight || s.height || 360 };
  };
  /** a PNG of one chart as a data URL, with its title and scenario, in the light theme */
  state.toPng = function (id, width) {
    var p = state.pngLayout(id);
    var el = document.getElementById(id);
    return Plotly.toImage({ data: el.data, layout: p.layout }, { format: "png", width: width, height: p.height + p.extra, scale: 2 });
  };
  var button = document.getElementById("theme-toggle");
  function label() { var t = root.getAttribute("data-theme"); button.textContent = "Theme: " + (t || "auto"); }
  if (button) {
    label();
    button.addEventListener("click", function () {
      var t = root.getAttribute("data-theme");
      var next = !t ? "light" : t === "light" ? "dark" : null;
      if (next) root.setAttribute("data-theme", next); else root.removeAttribute("data-theme");
      label();
      drawAll();
    });
  }
  var copy = document.getElementById("copy-command");
  if (copy) copy.addEventListener("click", function () {
    var text = document.getElementById("command").textContent;
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(function () { copy.textContent = "Copied"; }, function () {});
  });
  if (mq) {
    var onChange = function () { if (!root.getAttribute("data-theme")) drawAll(); };
    if (mq.addEventListener) mq.addEventListener("change", onChange); else if (mq.addListener) mq.addListener(onChange);
  }
  drawAll().then(function () { state.ready = true; document.body.setAttribute("data-ready", "1"); },
    function (e) { record(e); state.ready = true; });
})();
`;

/** The scenario in lines of at most about 110 characters, broken between its " · " parts (a PNG is 1100 px wide by default). */
function scenarioLines(text: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const part of text.split(" · ")) {
    if (line && line.length + 3 + part.length > 110) {
      lines.push(line);
      line = part;
    } else line = line ? `${line} · ${part}` : part;
  }
  if (line) lines.push(line);
  return lines;
}

function chartHtml(c: ChartSpec): string {
  const h = Math.max(160, Math.round(c.height ?? 360));
  return (
    `<figure class="chart${c.wide ? " wide" : ""}" id="fig-${c.id}">` +
    `<h3>${escapeHtml(c.title)}</h3>` +
    `<div class="plot" id="${c.id}" data-traces="${c.data.length}" style="height:${h}px"></div>` +
    (c.note ? `<figcaption>${escapeHtml(c.note)}</figcaption>` : "") +
    `</figure>`
  );
}

/** The whole page. */
export function pageHtml(opts: PageOptions): string {
  const charts = opts.sections.flatMap((s) => s.charts ?? []);
  const scenario = opts.scenario ? scenarioLines(opts.scenario).map(escapePlotly).join("<br>") : "";
  const specs = charts.map((c) => ({ id: c.id, data: c.data, layout: c.layout, height: c.height ?? 360, plotTitle: escapePlotly(c.title), scenario }));
  const toc = opts.sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.title)}</a>`).join("");
  const body = opts.sections
    .map(
      (s) =>
        `<section id="${s.id}"><h2>${escapeHtml(s.title)}</h2>${s.html ?? ""}` +
        (s.charts && s.charts.length > 0 ? `<div class="grid">${s.charts.map(chartHtml).join("")}</div>` : "") +
        `${s.after ?? ""}</section>`,
    )
    .join("\n");
  const { source } = plotlySource();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'none'">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(opts.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${opts.header}
<nav class="toc">${toc}</nav>
${body}
<footer>${opts.footer}</footer>
</main>
<script type="application/json" id="rsi-charts">${jsonForScript(roundDeep(specs))}</script>
<script type="application/json" id="rsi-themes">${jsonForScript(THEMES)}</script>
<script>${source}</script>
<script>${RUNTIME}</script>
</body>
</html>
`;
}
