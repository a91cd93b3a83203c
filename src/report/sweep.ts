/**
 * The HTML report of a sweep (schema "rsi-sim.sweep/1", docs/sweep-json.md):
 * each output against the swept parameter with its interval band (a log
 * axis when the values are log-spaced), the paired differences between
 * adjacent points, and for a two-parameter grid a heat map per output.
 */
import type { SweepResult } from "../analysis/sweep.js";
import { escapeHtml, escapePlotly } from "./escape.js";
import { count, fmt, isNum, logSpaced, pct, type Maybe } from "./curves.js";
import { band, fan, legendTop, line, PCT_TICKS, scale, SIGNED_PCT_TICKS } from "./charts.js";
import { Ids, pageHtml, type ChartSpec, type Section } from "./page.js";
import { sweepNonFinite } from "./sweep-table.js";
import { axisTitle, countFact, dateFact, footer, header, modelFact, nonFiniteWarn, probability, scenarioLine, scenarioSettings, table, type LooseSummary, type ReportOptions } from "./common.js";

type Axis = SweepResult["swept"][number];
type OutInfo = SweepResult["outputs"][number];

/** What the section builders of a sweep report read. */
interface SweepContext {
  result: SweepResult;
  ids: Ids;
  axes: Axis[];
  outputs: OutInfo[];
  points: SweepResult["points"];
  /** successful draws at point i */
  okAt: (i: number) => number;
  /** an output's summary at point i */
  summaryAt: (i: number, name: string) => LooseSummary | undefined;
}

/** The HTML report of a sweep result. */
export function sweepReportHtml(result: SweepResult, opts: ReportOptions = {}): string {
  const generated = opts.generated ?? new Date();
  const points = result.points ?? [];
  const ctx: SweepContext = {
    result,
    ids: new Ids(),
    axes: result.swept ?? [],
    outputs: result.outputs ?? [],
    points,
    okAt: (i) => result.samples - (points[i]?.failed ?? 0),
    summaryAt: (i, name) => points[i]?.outputs?.[name] as LooseSummary | undefined,
  };
  const [a1, a2] = ctx.axes;
  const sections: Section[] = [
    ...(a1 && !a2 ? oneAxisSections(ctx, a1) : a1 && a2 ? gridSections(ctx, a1, a2) : []),
    valuesSection(ctx),
    outputsSection(ctx),
    ...parametersSection(result),
  ];
  const title = `Sweep report: ${result.model?.name ?? "model"}, ${ctx.axes.map((a) => a.name).join(" × ")}`;
  const swept = ctx.axes.map((a) => `${a.name} swept ${fmt(Math.min(...a.values))} to ${fmt(Math.max(...a.values))} (${a.values.length} values)`);
  const settings = scenarioSettings(result.command, result.parameters, ctx.axes.map((a) => a.name));
  const scenario = scenarioLine({ model: result.model?.name, settings: [...swept, ...settings], draws: `${count(result.samples)} draws per point`, seed: result.seed });
  return pageHtml({
    title: `rsi-sim ${title}`,
    header: header(title, scenario, sweepFacts(ctx, generated, settings), result.command) + nonFiniteWarn(sweepNonFinite(result)),
    sections,
    footer: footer("Report", result.version, generated),
    scenario,
  });
}

/** One parameter: each output against it, then the paired differences. */
function oneAxisSections(ctx: SweepContext, a1: Axis): Section[] {
  const { ids, result } = ctx;
  const x = a1.values;
  const log = logSpaced(x);
  const charts = ctx.outputs.map((o, k) => lineChart(ids, o, a1, x, log, x.map((_, i) => ctx.summaryAt(i, o.name)), x.map((_, i) => ctx.okAt(i)), k));
  const sections: Section[] = [
    {
      id: "outputs",
      title: `Outputs against ${a1.name}`,
      html: `<p class="muted small">${escapeHtml(
        `Each point is a run of ${count(result.samples)} draws with the same seed, so the points share their draws (common random numbers): ` +
          `differences between points are more precise than the separate intervals suggest — see the paired differences below.`,
      )}</p>`,
      charts,
    },
  ];
  const diff = differencesChart(ids, result, a1, log);
  if (diff) sections.push({ id: "differences", title: "Paired differences between adjacent points", charts: [diff] });
  return sections;
}

/** A grid of two parameters: heat maps, lines against the first parameter (one per value of the second), then the paired differences. */
function gridSections(ctx: SweepContext, a1: Axis, a2: Axis): Section[] {
  const { ids, result } = ctx;
  const n2 = a2.values.length;
  const at = (i: number, j: number) => i * n2 + j;
  const heat = ctx.outputs.map((o) => heatmap(ids, o, a1, a2, (i, j) => ctx.summaryAt(at(i, j), o.name), (i, j) => ctx.okAt(at(i, j))));
  const log1 = logSpaced(a1.values);
  const sections: Section[] = [
    {
      id: "grid",
      title: `Grid: ${a1.name} × ${a2.name}`,
      html: `<p class="muted small">${escapeHtml(
        `Each cell is a run of ${count(result.samples)} draws with the same seed (common random numbers). Cells show P for 0/1 outputs and the median for the others; hover for intervals.`,
      )}</p>`,
      charts: heat,
    },
  ];
  const lines = ctx.outputs.map((o) => gridLinesChart(ctx, o, a1, a2, log1));
  sections.push({ id: "lines", title: `Outputs against ${a1.name}`, charts: lines });
  const diff = differencesChart(ids, result, a1, log1);
  if (diff) sections.push({ id: "differences", title: "Paired differences between adjacent points", charts: [diff] });
  return sections;
}

/** One output of a grid against the first parameter, a line per value of the second. */
function gridLinesChart(ctx: SweepContext, o: OutInfo, a1: Axis, a2: Axis, log1: boolean): ChartSpec {
  const at = (i: number, j: number) => i * a2.values.length + j;
  const traces: Record<string, unknown>[] = [];
  a2.values.forEach((v2, j) => {
    const ss = a1.values.map((_, i) => ctx.summaryAt(at(i, j), o.name));
    const oks = a1.values.map((_, i) => ctx.okAt(at(i, j)));
    traces.push(...seriesTraces(o, a1.values, ss, oks, j, `${a2.name} = ${fmt(v2)}`, true));
  });
  return {
    id: ctx.ids.make(`lines-${o.name}`),
    title: `${o.name}${o.unit ? ` (${o.unit})` : ""} against ${a1.name}, one line per ${a2.name}`,
    note: o.kind === "binary" ? "Lines: P; shaded: Wilson 95% intervals." : "Lines: median over the draws where defined; hover for the quartiles.",
    height: 380,
    data: traces,
    layout: {
      xaxis: { title: { text: axisTitle(a1.name, a1.unit) }, ...scale(log1) },
      yaxis: yAxis(o),
      legend: legendTop,
      hovermode: "closest",
    },
  };
}

/** A table of every output at every point: P [95%] or median [5–95%]. */
function valuesSection(ctx: SweepContext): Section {
  const { axes, outputs } = ctx;
  const head = [...axes.map((a) => `<code>${escapeHtml(a.name)}</code>`), ...outputs.map((o) => `<code>${escapeHtml(o.name)}</code>${o.kind === "binary" ? " P [95%]" : " median [5–95%]"}`)];
  const rows = ctx.points.map((p, i) => [
    ...axes.map((a) => escapeHtml(fmt(p.values?.[a.name]))),
    ...outputs.map((o) => {
      const s = ctx.summaryAt(i, o.name);
      if (!s) return "—";
      if (o.kind === "binary") {
        const r = probability(s, ctx.okAt(i));
        return escapeHtml(`${pct(r.p)} [${pct(r.ci[0])}, ${pct(r.ci[1])}]`);
      }
      const q = s.quantiles ?? {};
      return escapeHtml(`${fmt(q.p50)} [${fmt(q.p5)}, ${fmt(q.p95)}]`);
    }),
  ]);
  return {
    id: "values",
    title: "Values at each point",
    html: table(head, rows, head.map((_, i) => i >= 0)),
  };
}

/** The outputs: kind, unit and meaning. */
function outputsSection(ctx: SweepContext): Section {
  return {
    id: "outputs-info",
    title: "Outputs",
    html: table(
      ["output", "kind", "unit", "meaning"],
      ctx.outputs.map((o) => [`<code>${escapeHtml(o.name)}</code>`, escapeHtml(o.kind), escapeHtml(o.unit), escapeHtml(o.description)]),
    ),
  };
}

/** The parameter settings at every point (none when the result has none). */
function parametersSection(result: SweepResult): Section[] {
  const params = Object.entries(result.parameters ?? {});
  if (params.length === 0) return [];
  return [
    {
      id: "parameters",
      title: "Parameters",
      html:
        `<p class="muted small">Settings at every point: a number is fixed, a distribution is the prior each draw samples from.</p>` +
        table(["parameter", "setting or prior"], params.map(([k, v]) => [`<code>${escapeHtml(k)}</code>`, escapeHtml(typeof v === "number" ? fmtExact(v) : v)])),
    },
    ...chanceSection(result),
  ];
}

/** The chance variables, apart from the parameters (none when the model has none). */
function chanceSection(result: SweepResult): Section[] {
  const chance = Object.entries(result.chance ?? {});
  if (chance.length === 0) return [];
  return [
    {
      id: "chance",
      title: "Chance",
      html:
        `<p class="muted small">Drawn afresh in each world (each draw), the same draws at every point: which way things happen to go, not uncertain parameters.</p>` +
        table(["chance variable", "distribution"], chance.map(([k, d]) => [`<code>${escapeHtml(k)}</code>`, escapeHtml(String(d))])),
    },
  ];
}

/** The header's facts: model, swept parameters, draws, seed, version, date. */
function sweepFacts(ctx: SweepContext, generated: Date, settings: string[]): [string, string][] {
  const { result, axes } = ctx;
  return [
    ["model", modelFact(result.model)],
    ...(settings.length > 0 ? [["settings", escapeHtml(settings.join(" · "))] as [string, string]] : []),
    ...axes.map((a, i): [string, string] => [
      i === 0 ? "swept" : "and",
      `<code>${escapeHtml(a.name)}</code> ${escapeHtml(a.description ? `(${a.description}${a.unit ? `, ${a.unit}` : ""})` : a.unit ? `(${a.unit})` : "")}: ${escapeHtml(a.values.map(fmt).join(", "))}${logSpaced(a.values) ? ' <span class="muted">(log-spaced)</span>' : ""}`,
    ]),
    ["draws", `${countFact(result.samples)} per point × ${countFact(ctx.points.length)} points${result.failed ? ` <span class="muted">(${countFact(result.failed)} failed numerically, left out)</span>` : ""}`],
    ["seed", escapeHtml(String(result.seed))],
    ["rsi-sim", escapeHtml(result.version ?? "?")],
    ["report made", dateFact(generated)],
  ];
}

function fmtExact(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(12))) : "—";
}

function yAxis(o: OutInfo): Record<string, unknown> {
  return o.kind === "binary"
    ? { title: { text: escapePlotly(`P(${o.name})`) }, tickformat: PCT_TICKS, rangemode: "tozero" }
    : { title: { text: axisTitle(o.name, o.unit) } };
}

/**
 * Traces of one output along one axis: binary, P with its Wilson band;
 * continuous, the median with 25–75% and 5–95% bands and the mean ± 95%.
 * `compact` (several lines in one chart): no bands for continuous outputs
 * (they would hide each other; hover gives the quartiles), lighter and
 * unlabelled bands for binary ones.
 */
function seriesTraces(o: OutInfo, x: number[], ss: (LooseSummary | undefined)[], oks: number[], k: number, name: string, compact: boolean): Record<string, unknown>[] {
  const c = `{c${k % 8}`;
  const look = { mode: "lines+markers", group: `g${k}`, color: `${c}}`, width: 2, marker: { color: `${c}}`, size: 6 } };
  if (o.kind === "binary") {
    const r = ss.map((s, i) => probability(s, oks[i]));
    return band(x, r.map((v) => v.ci[0]), r.map((v) => v.ci[1]), {
      fill: `${c}/${compact ? 0.12 : 0.2}}`,
      name: compact ? "" : "95% interval",
      median: {
        ...look,
        y: r.map((v) => v.p),
        name: escapePlotly(name),
        customdata: r.map((v) => [v.ci[0], v.ci[1], v.of]),
        hovertemplate: `${escapePlotly(name)}<br>%{x:.4g}: %{y:.1%} [%{customdata[0]:.1%}, %{customdata[1]:.1%}] of %{customdata[2]:,}<extra></extra>`,
      },
    });
  }
  const q = (key: "p5" | "p25" | "p50" | "p75" | "p95") => ss.map((s) => num(s?.quantiles?.[key]));
  const median = {
    ...look,
    name: escapePlotly(compact ? name : "median"),
    customdata: ss.map((s) => [num(s?.quantiles?.p25), num(s?.quantiles?.p75), s?.n ?? 0, (s?.n ?? 0) + (s?.missing ?? 0)]),
    hovertemplate: `${escapePlotly(name)}<br>%{x:.4g}: median %{y:.4g} (25–75%: %{customdata[0]:.4g} to %{customdata[1]:.4g}; defined in %{customdata[2]:,} of %{customdata[3]:,})<extra></extra>`,
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
      hovertemplate: "%{x:.4g}: mean %{y:.4g}<extra></extra>",
    },
  ];
}

const num = (x: Maybe) => (isNum(x) ? x : null);

function lineChart(ids: Ids, o: OutInfo, a: Axis, x: number[], log: boolean, ss: (LooseSummary | undefined)[], oks: number[], k: number): ChartSpec {
  const undef = ss.reduce((m, s) => Math.max(m, s && (s.n ?? 0) + (s.missing ?? 0) > 0 ? (s.missing ?? 0) / ((s.n ?? 0) + (s.missing ?? 0)) : 0), 0);
  return {
    id: ids.make(`sweep-${o.name}`),
    title: `${o.name}${o.unit ? ` (${o.unit})` : ""}${o.description ? ` — ${o.description}` : ""}`,
    note:
      (o.kind === "binary"
        ? "Line: P at each point; band: Wilson 95% interval."
        : "Line: median over the draws where defined; bands: 25–75% and 5–95% of those draws (spread, not uncertainty); diamonds: mean ± 1.96 Monte Carlo standard errors.") +
      (o.kind === "continuous" && undef > 0 ? ` Undefined in up to ${pct(undef, 0)} of the draws at a point.` : "") +
      (log ? " Log axis (log-spaced values)." : ""),
    height: 360,
    data: seriesTraces(o, x, ss, oks, k, o.name, false),
    layout: {
      xaxis: { title: { text: axisTitle(a.name, a.unit) }, ...scale(log) },
      yaxis: yAxis(o),
      legend: legendTop,
      hovermode: "closest",
    },
  };
}

function heatmap(ids: Ids, o: OutInfo, a1: Axis, a2: Axis, s: (i: number, j: number) => LooseSummary | undefined, ok: (i: number, j: number) => number): ChartSpec {
  const binary = o.kind === "binary";
  const z: (number | null)[][] = [];
  const text: string[][] = [];
  const hover: string[][] = [];
  a1.values.forEach((v1, i) => {
    const zr: (number | null)[] = [];
    const tr: string[] = [];
    const hr: string[] = [];
    a2.values.forEach((v2, j) => {
      const sum = s(i, j);
      if (binary) {
        const r = probability(sum, ok(i, j));
        zr.push(isNum(r.p) ? r.p : null);
        tr.push(pct(r.p, 0));
        hr.push(`${pct(r.p)} [${pct(r.ci[0])}, ${pct(r.ci[1])}] of ${count(r.of)}`);
      } else {
        const q = sum?.quantiles ?? {};
        zr.push(num(q.p50));
        tr.push(fmt(q.p50));
        hr.push(`median ${fmt(q.p50)}, 5–95%: ${fmt(q.p5)} to ${fmt(q.p95)}; defined in ${count(sum?.n)} of ${count((sum?.n ?? 0) + (sum?.missing ?? 0))}`);
      }
    });
    z.push(zr);
    text.push(tr);
    hover.push(hr);
  });
  const h = Math.max(300, Math.min(640, 110 + 44 * a1.values.length));
  return {
    id: ids.make(`heat-${o.name}`),
    title: `${o.name}${o.unit ? ` (${o.unit})` : ""}${binary ? " — P" : " — median"}${o.description ? `: ${o.description}` : ""}`,
    note: binary ? "Colour and text: P; hover for the Wilson 95% interval." : "Colour and text: the median over the draws where defined; hover for the 5–95% range.",
    height: h,
    data: [
      {
        type: "heatmap",
        x: a2.values.map((v) => escapePlotly(fmt(v))),
        y: a1.values.map((v) => escapePlotly(fmt(v))),
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

/** The paired differences of the binary outputs along the first axis (for a grid: at the first value of the second). */
function differencesChart(ids: Ids, result: SweepResult, a1: Axis, log: boolean): ChartSpec | null {
  const a2 = result.swept[1];
  const diffs = (result.differences ?? []).filter((d) => d.along === a1.name && (!a2 || result.points[d.from]?.values?.[a2.name] === a2.values[0]));
  const binaries = (result.outputs ?? []).filter((o) => o.kind === "binary");
  if (diffs.length === 0 || binaries.length === 0) return null;
  const v = (i: number) => result.points[i]?.values?.[a1.name] ?? NaN;
  const mid = diffs.map((d) => (log ? Math.sqrt(v(d.from) * v(d.to)) : (v(d.from) + v(d.to)) / 2));
  // outputs side by side around each midpoint so their whiskers do not hide each other
  const spread = (k: number) => (k - (binaries.length - 1) / 2) * 0.012;
  const shift = (x: number, k: number) => {
    if (log) return x * 10 ** (spread(k) * Math.log10(Math.max(...mid) / Math.min(...mid) || 10));
    const span = Math.max(...mid) - Math.min(...mid) || 1;
    return x + spread(k) * span;
  };
  const traces = binaries.map((o, k) => {
    const ds = diffs.map((d) => d.outputs?.[o.name]);
    return {
      type: "scatter",
      mode: "lines+markers",
      x: mid.map((m) => shift(m, k)),
      y: ds.map((d) => num(d?.diff)),
      name: escapePlotly(o.name),
      line: { color: `{c${k % 8}}`, width: 1.5 },
      marker: { color: `{c${k % 8}}`, size: 6 },
      error_y: {
        type: "data",
        symmetric: false,
        array: ds.map((d) => (d && isNum(d.diff) && isNum(d.ci?.[1]) ? d.ci[1] - d.diff : null)),
        arrayminus: ds.map((d) => (d && isNum(d.diff) && isNum(d.ci?.[0]) ? d.diff - d.ci[0] : null)),
        color: `{c${k % 8}}`,
        thickness: 1.2,
        width: 3,
      },
      customdata: diffs.map((d, i) => [v(d.from), v(d.to), ds[i]?.ci?.[0] ?? null, ds[i]?.ci?.[1] ?? null, ds[i]?.up ?? 0, ds[i]?.down ?? 0]),
      hovertemplate: `${escapePlotly(o.name)}: %{customdata[0]:.4g} → %{customdata[1]:.4g}: %{y:+.1%} [%{customdata[2]:+.1%}, %{customdata[3]:+.1%}] (%{customdata[4]:,} up, %{customdata[5]:,} down)<extra></extra>`,
    };
  });
  return {
    id: ids.make("paired-differences"),
    title: `Change in P between adjacent values of ${a1.name} (paired)`,
    wide: true,
    height: 400,
    note:
      `Each point is P(next value) − P(this value), placed between the two values, with a 95% interval for the difference of matched proportions ` +
      `(Agresti & Min 2005): the draws are the same at both points, so this is far tighter than comparing the two separate intervals.` +
      (a2 ? ` Shown at ${a2.name} = ${fmt(a2.values[0])}.` : ""),
    data: traces,
    layout: {
      xaxis: { title: { text: axisTitle(a1.name, a1.unit) }, ...scale(log) },
      yaxis: { title: { text: "change in P" }, tickformat: SIGNED_PCT_TICKS, zeroline: true },
      legend: legendTop,
      hovermode: "closest",
    },
  };
}
