/**
 * The HTML report of a sensitivity analysis (schema "rsi-sim.sensitivity/1",
 * src/analysis/sensitivity.ts, docs/sensitivity.md): per output, Sobol' S1
 * and ST bars with their bootstrap intervals and a convergence chart, the
 * Morris μ*–σ plane, or the one-at-a-time tornado, each with a table.
 */
import type { SensitivityResult, OutputSensitivity } from "../analysis/sensitivity.js";
import { escapeHtml, escapePlotly } from "./escape.js";
import { count, fmt, isNum, type Maybe } from "./curves.js";
import { legendTop, PCT_TICKS } from "./charts.js";
import { Ids, pageHtml, type ChartSpec, type Section } from "./page.js";
import { countFact, dateFact, footer, header, modelFact, scenarioLine, scenarioSettings, table, type ReportOptions } from "./common.js";

/** Factors shown in a bar chart; the rest are in the table. */
const MAX_BARS = 25;

const num = (x: Maybe) => (isNum(x) ? x : null);
const ciText = (ci: [Maybe, Maybe] | null | undefined) => (ci ? `[${fmt(ci[0])}, ${fmt(ci[1])}]` : "—");

const METHOD_NAMES: Record<string, string> = {
  sobol: "Sobol' indices (Saltelli design, first-order S1 and total ST)",
  morris: "Morris elementary effects (μ*, σ)",
  oat: "one-at-a-time tornado",
};

type SensitivityInput = SensitivityResult & { command?: string };
type OutputInfo = NonNullable<ReportOptions["outputInfo"]>;

/** The HTML report of a sensitivity result. */
export function sensitivityReportHtml(result: SensitivityInput, opts: ReportOptions = {}): string {
  const generated = opts.generated ?? new Date();
  const info = opts.outputInfo ?? {};
  const ids = new Ids();
  const conf = isNum(result.confLevel) ? result.confLevel : 0.95;
  const confPct = `${Math.round(conf * 100)}%`;
  const sections: Section[] = [
    ...notesSection(result),
    ...Object.entries(result.outputs ?? {}).map(([name, o]) => outputSection(ids, name, o, info, confPct)),
    factorsSection(result),
    ...settingsSections(result),
  ];
  const title = `Sensitivity report: ${result.model?.name ?? "model"}`;
  const method = METHOD_NAMES[result.method] ?? result.method;
  const settings = scenarioSettings(result.command, result.settings);
  const scenario = scenarioLine({ model: result.model?.name, settings: [method, ...settings], draws: `${count(result.runs)} runs`, seed: result.seed });
  return pageHtml({
    title: `rsi-sim ${title} (${result.method})`,
    header: header(title, scenario, sensitivityFacts(result, confPct, generated), result.command),
    sections,
    footer: footer("Report", result.version, generated),
    scenario,
  });
}

/** The analysis' notes, when it has any. */
function notesSection(result: SensitivityResult): Section[] {
  if ((result.notes ?? []).length === 0) return [];
  return [{ id: "notes", title: "Notes", html: `<ul class="notes">${result.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>` }];
}

/** One output: its facts and warnings, then the method's charts and table. */
function outputSection(ids: Ids, name: string, o: OutputSensitivity, info: OutputInfo, confPct: string): Section {
  const unit = info[name]?.unit ?? "";
  const desc = o.description || info[name]?.description || "";
  const charts: ChartSpec[] = [];
  let after = "";
  if (o.sobol) {
    charts.push(sobolChart(ids, name, o.sobol, confPct));
    const conv = convergenceChart(ids, name, o.sobol);
    if (conv) charts.push(conv);
    after += sobolTable(o.sobol, confPct);
  }
  if (o.morris) {
    charts.push(morrisChart(ids, name, unit, o.morris, confPct));
    after += morrisTable(o.morris, confPct);
  }
  if (o.oat) {
    charts.push(tornadoChart(ids, name, unit, o.kind, o.oat, confPct));
    after += oatTable(o.oat, confPct);
  }
  const warnings = (o.warnings ?? []).length > 0 ? `<div class="warn"><ul class="notes">${o.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join("")}</ul></div>` : "";
  return {
    id: ids.make(`out-${name}`).replace(/^chart-/, "sec-"),
    title: `${name}${desc ? ` — ${desc}` : ""}`,
    html: outputFacts(o, unit) + warnings,
    charts,
    after,
  };
}

/** A line on an output: its kind and unit, runs, failures and its mean or base value. */
function outputFacts(o: OutputSensitivity, unit: string): string {
  return `<p class="muted small">${escapeHtml(
    `${o.kind === "binary" ? "0/1 output" : "continuous output"}${unit ? ` in ${unit}` : ""}; ${count(o.runs)} runs` +
      (o.failed ? `, ${count(o.failed)} failed` : "") +
      (o.undefined ? `, undefined in ${count(o.undefined)}` : "") +
      (o.sobol && isNum(o.sobol.mean) ? `; mean ${fmt(o.sobol.mean)}, variance ${fmt(o.sobol.variance)}` : "") +
      (o.oat && isNum(o.oat.base) ? `; ${fmt(o.oat.base)} at the base point` : ""),
  )}</p>`;
}

/** Sobol' S1 and ST with their intervals, by ST. */
function sobolTable(s: Sobol, confPct: string): string {
  const sorted = [...s.indices].sort((a, b) => (num(b.ST) ?? -Infinity) - (num(a.ST) ?? -Infinity));
  return table(
    ["factor", "S1", `S1 ${confPct}`, "ST", `ST ${confPct}`, "base rows"],
    sorted.map((x) => [`<code>${escapeHtml(x.name)}</code>`, escapeHtml(fmt(x.S1)), escapeHtml(ciText(x.S1_ci)), escapeHtml(fmt(x.ST)), escapeHtml(ciText(x.ST_ci)), escapeHtml(count(x.rows))]),
    [false, true, true, true, true, true],
  );
}

/** Morris μ* (with its interval), σ and μ, by μ*. */
function morrisTable(m: Morris, confPct: string): string {
  const sorted = [...m.indices].sort((a, b) => (num(b.muStar) ?? -Infinity) - (num(a.muStar) ?? -Infinity));
  return table(
    ["factor", "μ*", `μ* ${confPct}`, "σ", "μ", "effects"],
    sorted.map((x) => [`<code>${escapeHtml(x.name)}</code>`, escapeHtml(fmt(x.muStar)), escapeHtml(ciText(x.muStar_ci)), escapeHtml(fmt(x.sigma)), escapeHtml(fmt(x.mu)), escapeHtml(count(x.effects))]),
    [false, true, true, true, true, true],
  );
}

/**
 * An output's value in the tornado: a calendar year keeps a decimal (2031.4 and
 * 2031.9 had both shown as 2031 beside a change of −0.5).
 */
const fmtOutput = (x: number | null | undefined): string => (typeof x === "number" && Math.abs(x) >= 1000 && Math.abs(x) < 1e4 ? x.toFixed(1).replace(/^-/, "−") : fmt(x));

/** The one-at-a-time rows: each factor's low and high values, the output at each and the change. */
function oatTable(t: Oat, confPct: string): string {
  return table(
    ["factor", `value at p${Math.round(t.low * 100)}`, `value at p${Math.round(t.high * 100)}`, "output at low", "output at high", `change ${confPct}`, "draws"],
    t.rows.map((r) => [
      `<code>${escapeHtml(r.name)}</code>`,
      escapeHtml(fmt(r.lowValue)),
      escapeHtml(fmt(r.highValue)),
      escapeHtml(fmtOutput(r.low)),
      escapeHtml(fmtOutput(r.high)),
      escapeHtml(`${fmt(r.delta)} ${ciText(r.delta_ci)}`),
      escapeHtml(count(r.n)),
    ]),
    [false, true, true, true, true, true, true],
  );
}

/** The factors with their priors, and the other random inputs. */
function factorsSection(result: SensitivityResult): Section {
  const rest = result.rest;
  const others =
    rest && (rest.hazards?.length || rest.chance?.length || rest.parameters?.length)
      ? `<p class="muted small">${escapeHtml(
          `Other random inputs, from each draw's own stream: ${[
            rest.hazards?.length ? `thresholds of the hazards ${rest.hazards.join(", ")}` : "",
            rest.chance?.length ? `the chance variable${rest.chance.length > 1 ? "s" : ""} ${rest.chance.join(", ")}` : "",
            rest.parameters?.length ? `the parameters ${rest.parameters.join(", ")}` : "",
          ]
            .filter(Boolean)
            .join("; ")}${rest.analysed ? ` (analysed together as the factor "(rest)")` : ""}.`,
        )}</p>`
      : "";
  return {
    id: "factors",
    title: "Factors",
    html: table(["factor", "prior"], (result.factors ?? []).map((f) => [`<code>${escapeHtml(f.name)}</code>`, escapeHtml(f.prior)])) + others,
  };
}

/** The parameter settings and the design, each when the result has it. */
function settingsSections(result: SensitivityResult): Section[] {
  const sections: Section[] = [];
  const settings = Object.entries(result.settings ?? {});
  if (settings.length > 0) {
    sections.push({
      id: "settings",
      title: "Parameter settings",
      html: table(["parameter", "setting or prior"], settings.map(([k, v]) => [`<code>${escapeHtml(k)}</code>`, escapeHtml(typeof v === "number" ? String(Number(v.toPrecision(12))) : v)])),
    });
  }
  const design = Object.entries(result.design ?? {});
  if (design.length > 0) {
    sections.push({
      id: "design",
      title: "Design",
      html: table(["", ""], design.map(([k, v]) => [escapeHtml(k), escapeHtml(typeof v === "object" ? JSON.stringify(v) : String(v))])),
    });
  }
  return sections;
}

/** The header's facts: model, method, size, intervals, seed, version, date. */
function sensitivityFacts(result: SensitivityResult, confPct: string, generated: Date): [string, string][] {
  return [
    ["model", modelFact(result.model)],
    ["method", escapeHtml(METHOD_NAMES[result.method] ?? result.method)],
    [
      result.method === "sobol" ? "base rows N" : result.method === "morris" ? "trajectories" : "draws per point",
      `${countFact(result.N)} <span class="muted">(${countFact(result.runs)} model runs${result.failed ? `, ${countFact(result.failed)} failed` : ""})</span>`,
    ],
    ["factors", countFact(result.factors?.length)],
    ["intervals", escapeHtml(`${confPct}${result.method !== "oat" ? `, bootstrap with ${count(result.resamples)} resamples` : ""}`)],
    ["seed", escapeHtml(String(result.seed))],
    ["rsi-sim", escapeHtml(result.version ?? "?")],
    ["report made", dateFact(generated)],
  ];
}

type Sobol = NonNullable<OutputSensitivity["sobol"]>;
type Morris = NonNullable<OutputSensitivity["morris"]>;
type Oat = NonNullable<OutputSensitivity["oat"]>;

function errorX(values: Maybe[], cis: ([Maybe, Maybe] | null | undefined)[], color: string) {
  return {
    type: "data",
    symmetric: false,
    array: values.map((v, i) => (isNum(v) && isNum(cis[i]?.[1]) ? Math.max(0, cis[i]![1]! - v) : null)),
    arrayminus: values.map((v, i) => (isNum(v) && isNum(cis[i]?.[0]) ? Math.max(0, v - cis[i]![0]!) : null)),
    color,
    thickness: 1.2,
    width: 3,
  };
}

function sobolChart(ids: Ids, name: string, s: Sobol, confPct: string): ChartSpec {
  const sorted = [...s.indices].sort((a, b) => (num(b.ST) ?? -Infinity) - (num(a.ST) ?? -Infinity));
  const shown = sorted.slice(0, MAX_BARS);
  const y = shown.map((x) => escapePlotly(x.name));
  const hidden = sorted.length - shown.length;
  const maxHidden = hidden > 0 ? Math.max(...sorted.slice(MAX_BARS).map((x) => num(x.ST) ?? 0)) : 0;
  const bar = (key: "S1" | "ST", ci: "S1_ci" | "ST_ci", c: string, label: string) => ({
    type: "bar",
    orientation: "h",
    name: label,
    y,
    x: shown.map((x) => num(x[key])),
    marker: { color: c },
    error_x: errorX(shown.map((x) => x[key]), shown.map((x) => x[ci]), "{fg}"),
    customdata: shown.map((x) => [x[ci]?.[0] ?? null, x[ci]?.[1] ?? null]),
    hovertemplate: `%{y}: ${key} %{x:.3f} [%{customdata[0]:.3f}, %{customdata[1]:.3f}]<extra></extra>`,
  });
  return {
    id: ids.make(`sobol-${name}`),
    title: `Sobol' indices of ${name}`,
    wide: true,
    height: Math.max(260, 90 + 30 * shown.length),
    note:
      `S1: share of the variance from the factor alone; ST: with all its interactions. Whiskers: ${confPct} bootstrap intervals. ` +
      `Sorted by ST. Small negative estimates are noise around 0.` +
      (hidden > 0 ? ` ${hidden} more factors, all with ST ≤ ${fmt(maxHidden)}, are in the table.` : ""),
    data: [bar("S1", "S1_ci", "{c0}", "S1 (first order)"), bar("ST", "ST_ci", "{c1}", "ST (total)")],
    layout: {
      barmode: "group",
      bargap: 0.25,
      xaxis: { title: { text: "share of variance" }, zeroline: true },
      yaxis: { autorange: "reversed", type: "category", automargin: true },
      legend: legendTop,
      hovermode: "closest",
    },
  };
}

function convergenceChart(ids: Ids, name: string, s: Sobol): ChartSpec | null {
  const conv = s.convergence ?? [];
  if (conv.length < 2) return null;
  const order = s.indices
    .map((x, i) => ({ i, name: x.name, ST: num(x.ST) ?? -Infinity }))
    .sort((a, b) => b.ST - a.ST)
    .slice(0, 6);
  const x = conv.map((c) => c.N);
  return {
    id: ids.make(`sobol-conv-${name}`),
    title: `Convergence of ST for ${name} (largest ${order.length})`,
    height: 320,
    note: "ST estimated from the first N/8, N/4, N/2 and all N base rows: lines that still move at the right have not converged (increase N).",
    data: order.map((f, k) => ({
      type: "scatter",
      mode: "lines+markers",
      x,
      y: conv.map((c) => num(c.ST?.[f.i])),
      name: escapePlotly(f.name),
      line: { color: `{c${k % 8}}`, width: 1.8 },
      marker: { color: `{c${k % 8}}`, size: 6 },
      hovertemplate: `${escapePlotly(f.name)}: N %{x}: ST %{y:.3f}<extra></extra>`,
    })),
    layout: {
      xaxis: { title: { text: "base rows N" }, type: "log", tickvals: x, ticktext: x.map(String) },
      yaxis: { title: { text: "ST" }, zeroline: true },
      legend: legendTop,
      hovermode: "closest",
    },
  };
}

function morrisChart(ids: Ids, name: string, unit: string, m: Morris, confPct: string): ChartSpec {
  const idx = m.indices.filter((x) => isNum(x.muStar) && isNum(x.sigma));
  const ranked = [...idx].sort((a, b) => b.muStar - a.muStar);
  const xmax = Math.max(1e-12, ...idx.map((x) => (isNum(x.muStar_ci?.[1]) ? x.muStar_ci[1] : x.muStar)));
  const ymax = Math.max(1e-12, ...idx.map((x) => x.sigma));
  const labels = morrisLabels(ranked, xmax * 1.12, ymax * 1.15);
  const ref = [0.1, 0.5, 1].map((r) => ({
    type: "scatter",
    mode: "lines",
    x: [0, xmax * 1.05],
    y: [0, r * xmax * 1.05],
    line: { color: "{muted}", width: 1, dash: r === 1 ? "dash" : "dot" },
    name: `σ/μ* = ${r}`,
    hoverinfo: "skip",
    showlegend: r === 1,
    legendgroup: "ref",
  }));
  const per = `per Δ = ${fmt(m.delta)} of the prior's probability range`;
  return {
    id: ids.make(`morris-${name}`),
    title: `Morris μ*–σ for ${name}`,
    wide: true,
    height: 460,
    note:
      `μ*: mean absolute elementary effect (importance); σ: their spread (nonlinearity or interactions); whiskers: ${confPct} bootstrap intervals of μ*. ` +
      `Effects are changes of ${name} ${per}. Dashed: σ = μ*; dotted: σ/μ* = 0.5 and 0.1. ` +
      `The largest are labelled where their labels do not overlap (${labels.size} of ${idx.length}); hover over a point for its factor.`,
    data: [
      ...ref,
      {
        type: "scatter",
        mode: "markers+text",
        x: idx.map((x) => x.muStar),
        y: idx.map((x) => x.sigma),
        text: idx.map((x) => escapePlotly(labels.get(x.name) ?? "")),
        textposition: "top right",
        textfont: { size: 11, color: "{fg}" },
        cliponaxis: false,
        marker: { color: "{c0}", size: 8, line: { width: 0 } },
        error_x: errorX(idx.map((x) => x.muStar), idx.map((x) => x.muStar_ci), "{c0/0.6}"),
        customdata: idx.map((x) => [escapePlotly(x.name), x.muStar_ci?.[0] ?? null, x.muStar_ci?.[1] ?? null, x.mu, x.effects]),
        hovertemplate: "%{customdata[0]}: μ* %{x:.4g} [%{customdata[1]:.4g}, %{customdata[2]:.4g}], σ %{y:.4g}, μ %{customdata[3]:.4g} (%{customdata[4]} effects)<extra></extra>",
        name: "factors",
        showlegend: false,
      },
    ],
    layout: {
      xaxis: { title: { text: escapePlotly(`μ* (${unit ? `${unit} ` : ""}per Δ)`) }, range: [0, xmax * 1.12], zeroline: true },
      yaxis: { title: { text: escapePlotly(`σ (${unit ? `${unit} ` : ""}per Δ)`) }, range: [0, ymax * 1.15], zeroline: true },
      legend: legendTop,
      hovermode: "closest",
    },
  };
}

/**
 * Labels for the largest factors of a Morris plot (at most 6, in order of
 * μ*), each placed only where it does not overlap a label already placed,
 * estimated for a plot area 560 × 360 px (a narrow card; on a wider one they
 * are further apart). Factors at the same point share one label.
 */
function morrisLabels(ranked: { name: string; muStar: number; sigma: number }[], xr: number, yr: number): Map<string, string> {
  const groups = new Map<string, string[]>();
  for (const x of ranked) groups.set(`${x.muStar}|${x.sigma}`, [...(groups.get(`${x.muStar}|${x.sigma}`) ?? []), x.name]);
  const at = new Map(ranked.map((x) => [x.name, x]));
  const boxes: [number, number, number, number][] = [];
  const labels = new Map<string, string>();
  for (const names of groups.values()) {
    if (labels.size >= 6) break;
    const text = names.length > 3 ? `${names.slice(0, 3).join(", ")} +${names.length - 3}` : names.join(", ");
    const p = at.get(names[0])!;
    const x0 = (p.muStar / xr) * 560 + 4;
    const y0 = (p.sigma / yr) * 360 + 4;
    const box: [number, number, number, number] = [x0, y0, x0 + 6.6 * text.length + 4, y0 + 16];
    if (boxes.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) continue;
    boxes.push(box);
    labels.set(names[0], text);
  }
  return labels;
}

function tornadoChart(ids: Ids, name: string, unit: string, kind: string, t: Oat, confPct: string): ChartSpec {
  const rows = t.rows.slice(0, MAX_BARS);
  const base = isNum(t.base) ? t.base : 0;
  const y = rows.map((r) => escapePlotly(r.name));
  const lowQ = `p${Math.round(t.low * 100)}`;
  const highQ = `p${Math.round(t.high * 100)}`;
  const bar = (which: "low" | "high", c: string) => ({
    type: "bar",
    orientation: "h",
    name: `factor at its ${which === "low" ? lowQ : highQ}`,
    y,
    base,
    x: rows.map((r) => (isNum(r[which]) ? r[which] - base : null)),
    marker: { color: c },
    customdata: rows.map((r) => [which === "low" ? r.lowValue : r.highValue, r[which], r.delta, r.delta_ci?.[0] ?? null, r.delta_ci?.[1] ?? null, r.n]),
    hovertemplate: `%{y} = %{customdata[0]:.4g}: ${escapePlotly(name)} %{customdata[1]:.4g}<br>high − low %{customdata[2]:.4g} [%{customdata[3]:.4g}, %{customdata[4]:.4g}] over %{customdata[5]} draws<extra></extra>`,
  });
  const hidden = t.rows.length - rows.length;
  const binary = kind === "binary";
  return {
    id: ids.make(`tornado-${name}`),
    title: `Tornado: ${name}, each factor at its ${lowQ} and ${highQ}`,
    wide: true,
    height: Math.max(260, 90 + 26 * rows.length),
    note:
      `Bars run from the base point (${fmt(base)}, every factor at its ${t.others === "medians" ? "median" : "prior"}) to the mean output with one factor at the low or high end of its prior; ` +
      `sorted by swing. Means over ${count(t.draws)} draws per point (the same draws at every point); ${confPct} intervals of the change are in the hover and the table.` +
      (hidden > 0 ? ` ${hidden} more factors are in the table.` : ""),
    data: [bar("low", "{c0}"), bar("high", "{c1}")],
    layout: {
      barmode: "overlay",
      bargap: 0.3,
      xaxis: {
        title: { text: escapePlotly(binary ? `P(${name})` : `mean ${name}${unit ? ` (${unit})` : ""}`) },
        tickformat: binary ? PCT_TICKS : "",
      },
      yaxis: { autorange: "reversed", type: "category", automargin: true },
      shapes: [{ type: "line", xref: "x", yref: "paper", x0: base, x1: base, y0: 0, y1: 1, line: { color: "{fg}", width: 1.5 } }],
      legend: legendTop,
      hovermode: "closest",
    },
  };
}
