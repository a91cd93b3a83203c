/**
 * The HTML report of a sweep (schema "rsi-sim.sweep/1", docs/sweep-json.md):
 * each output against the swept parameter with its interval band (a log
 * axis when the values are log-spaced), the paired differences between
 * adjacent points, and for a two-parameter grid a heat map per output
 * (the charts: sweep-charts.ts). A 0/1 output undefined in some draws is
 * shown as the share among the draws where it is defined, with its n, as
 * the terminal table shows it; swept values print with the digits that
 * tell them apart (values.ts).
 */
import type { SweepResult } from "../analysis/sweep.js";
import { escapeHtml } from "./escape.js";
import { count, fmt, logSpaced, pct } from "./curves.js";
import { Ids, pageHtml, type Section } from "./page.js";
import { pairingGain, sweepNonFinite } from "./sweep-table.js";
import { pastHorizonNotes } from "./run-table.js";
import { valueLabels } from "./values.js";
import { differencesChart, gridLinesChart, heatmap, lineChart, shareAt, type Axis, type SweepContext } from "./sweep-charts.js";
import { countFact, dateFact, footer, header, modelFact, nonFiniteWarn, scenarioLine, scenarioSettings, table, type LooseSummary, type ReportOptions } from "./common.js";

/** The HTML report of a sweep result (with `opts.model`, the notes on outputs that ask about a year past the horizon). */
export function sweepReportHtml(result: SweepResult, opts: ReportOptions = {}): string {
  const generated = opts.generated ?? new Date();
  const ctx = sweepContext(result, opts);
  const [a1, a2] = ctx.axes;
  const sections: Section[] = [
    ...(a1 && !a2 ? oneAxisSections(ctx, a1) : a1 && a2 ? gridSections(ctx, a1, a2) : []),
    valuesSection(ctx),
    outputsSection(ctx),
    ...parametersSection(result),
  ];
  const title = `Sweep report: ${result.model?.name ?? "model"}, ${ctx.axes.map((a) => a.name).join(" × ")}`;
  const swept = ctx.axes.map((a, k) => `${a.name} swept ${ctx.label(k, Math.min(...a.values))} to ${ctx.label(k, Math.max(...a.values))} (${a.values.length} values)`);
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

/** What the sections read: the result, its axes' value labels, the outputs shown as shares where defined and why they are undefined. */
function sweepContext(result: SweepResult, opts: ReportOptions): SweepContext {
  const points = result.points ?? [];
  const axes = result.swept ?? [];
  const outputs = result.outputs ?? [];
  const summaryAt = (i: number, name: string) => points[i]?.outputs?.[name] as LooseSummary | undefined;
  // as the terminal table: a 0/1 output undefined in some draws at any point is shown as the share where defined, at every point
  const conditional = new Set(outputs.filter((o) => o.kind === "binary" && points.some((_, i) => (summaryAt(i, o.name)?.missing ?? 0) > 0)).map((o) => o.name));
  const labels = axes.map((a) => {
    const text = valueLabels(a.values);
    return new Map(a.values.map((v, i) => [v, text[i].replace(/^-/, "−")]));
  });
  const infos = new Map((opts.model?.outputs ?? []).map((o) => [o.name, o]));
  const reasons: Record<string, string[]> = {};
  for (const o of outputs) {
    const info = infos.get(o.name);
    const notes = info ? pastHorizonNotes([info], result.horizon) : [];
    if (notes.length > 0) reasons[o.name] = notes;
  }
  return {
    result,
    ids: new Ids(),
    axes,
    outputs,
    points,
    okAt: (i) => result.samples - (points[i]?.failed ?? 0),
    summaryAt,
    conditional,
    label: (k, v) => labels[k]?.get(v) ?? fmt(v),
    reasons,
  };
}

/** The paired differences' section: the chart, or only the note on the outputs left out of it; none when neither. */
function differencesSection(ctx: SweepContext, a1: Axis, log: boolean): Section[] {
  const { chart, leftOut } = differencesChart(ctx, a1, log);
  if (chart) return [{ id: "differences", title: "Paired differences between adjacent points", charts: [chart] }];
  if (leftOut) return [{ id: "differences", title: "Paired differences between adjacent points", html: `<p class="muted small">${escapeHtml(leftOut)}</p>` }];
  return [];
}

/** The outputs with no value at any point to chart (defined in no draw anywhere), named under their section; "" when none. */
function uncharted(ctx: SweepContext, charted: number): string {
  if (charted === ctx.outputs.length) return "";
  const none = ctx.outputs.filter((o) => ctx.points.every((_, i) => !((ctx.summaryAt(i, o.name)?.n ?? 0) > 0))).map((o) => o.name);
  return none.length > 0 ? `<p class="muted small">${escapeHtml(`No chart of ${none.join(", ")}: defined in no draw at any point (see the values below).`)}</p>` : "";
}

/** One parameter: each output against it, then the paired differences. */
function oneAxisSections(ctx: SweepContext, a1: Axis): Section[] {
  const { result } = ctx;
  const log = logSpaced(a1.values);
  const charts = ctx.outputs.flatMap((o, k) => lineChart(ctx, o, a1, log, k) ?? []);
  return [
    {
      id: "outputs",
      title: `Outputs against ${a1.name}`,
      html: `<p class="muted small">${escapeHtml(
        `Each point is a run of ${count(result.samples)} draws with the same seed, so the points share their draws (common random numbers): ` +
          `${pairingGain(
            ctx.outputs.filter((o) => o.kind === "binary" && !ctx.conditional.has(o.name)).map((o) => o.name),
            result.differences.filter((d) => d.along === a1.name),
          )} — see the paired differences below.`,
      )}</p>${uncharted(ctx, charts.length)}`,
      charts,
    },
    ...differencesSection(ctx, a1, log),
  ];
}

/** A grid of two parameters: heat maps, lines against the first parameter (one per value of the second), then the paired differences. */
function gridSections(ctx: SweepContext, a1: Axis, a2: Axis): Section[] {
  const { result } = ctx;
  const log1 = logSpaced(a1.values);
  const heat = ctx.outputs.flatMap((o) => heatmap(ctx, o, a1, a2) ?? []);
  return [
    {
      id: "grid",
      title: `Grid: ${a1.name} × ${a2.name}`,
      html: `<p class="muted small">${escapeHtml(
        `Each cell is a run of ${count(result.samples)} draws with the same seed (common random numbers). Cells show P for 0/1 outputs (the share among the draws where it is defined, for one undefined in some draws) and the median for the others; hover for intervals.`,
      )}</p>${uncharted(ctx, heat.length)}`,
      charts: heat,
    },
    { id: "lines", title: `Outputs against ${a1.name}`, charts: ctx.outputs.flatMap((o) => gridLinesChart(ctx, o, a1, a2, log1) ?? []) },
    ...differencesSection(ctx, a1, log1),
  ];
}

/**
 * A table of every output at every point, in the sweep's order: P [95%]
 * (or, for a 0/1 output undefined in some draws, the share among the draws
 * where it is defined [95%] of n, "—" where none is) or median [5–95%];
 * then notes on the outputs undefined in some draws, and why.
 */
function valuesSection(ctx: SweepContext): Section {
  const { axes, outputs } = ctx;
  const statHead = (o: SweepContext["outputs"][number]) => (o.kind !== "binary" ? " median [5–95%]" : ctx.conditional.has(o.name) ? " P* [95%] of n defined" : " P [95%]");
  const head = [...axes.map((a) => `<code>${escapeHtml(a.name)}</code>`), ...outputs.map((o) => `<code>${escapeHtml(o.name)}</code>${statHead(o)}`)];
  const rows = ctx.points.map((p, i) => [
    ...axes.map((a, k) => escapeHtml(ctx.label(k, p.values?.[a.name]))),
    ...outputs.map((o) => {
      const s = ctx.summaryAt(i, o.name);
      if (!s) return "—";
      if (o.kind === "binary") {
        const r = shareAt(ctx, i, o);
        if (ctx.conditional.has(o.name)) return r.of > 0 ? escapeHtml(`${pct(r.p)} [${pct(r.ci[0])}, ${pct(r.ci[1])}] of ${count(r.of)}`) : "— (n = 0)";
        return escapeHtml(`${pct(r.p)} [${pct(r.ci[0])}, ${pct(r.ci[1])}]`);
      }
      const q = s.quantiles ?? {};
      return escapeHtml(`${fmt(q.p50)} [${fmt(q.p5)}, ${fmt(q.p95)}]`);
    }),
  ]);
  const notes = conditionalNotes(ctx);
  return {
    id: "values",
    title: "Values at each point",
    html: table(head, rows, head.map((_, i) => i >= 0)) + (notes.length > 0 ? `<ul class="notes small">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>` : ""),
  };
}

/**
 * The notes on the 0/1 outputs undefined in some draws: what P* is, at how
 * many points no draw defines each, and why (pastHorizonNotes, when the
 * model is known), as under the terminal table.
 */
function conditionalNotes(ctx: SweepContext): string[] {
  const cond = ctx.outputs.filter((o) => ctx.conditional.has(o.name));
  if (cond.length === 0) return [];
  const notes = [
    `P*: the share among the draws where the output is defined, of the n draws that define it at the point (as the terminal table shows it), with its Wilson 95% interval; ` +
      `"—" where no draw defines it.`,
  ];
  for (const o of cond) {
    const ns = ctx.points.map((_, i) => ctx.summaryAt(i, o.name)?.n ?? 0);
    const none = ns.filter((n) => !(n > 0)).length;
    const [lo, hi] = [Math.min(...ns), Math.max(...ns)];
    const where =
      none === ctx.points.length
        ? `is defined in no draw at any of the ${count(none)} points`
        : `is defined in ${lo === hi ? count(lo) : `${count(lo)} to ${count(hi)}`} of the ${count(ctx.result.samples)} draws at a point` + (none > 0 ? `, in none at ${count(none)} of ${count(ctx.points.length)} points` : "");
    notes.push(`${o.name} ${where}.`, ...(ctx.reasons[o.name] ?? []));
  }
  return notes;
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
      `<code>${escapeHtml(a.name)}</code> ${escapeHtml(a.description ? `(${a.description}${a.unit ? `, ${a.unit}` : ""})` : a.unit ? `(${a.unit})` : "")}: ${escapeHtml(a.values.map((v) => ctx.label(i, v)).join(", "))}${logSpaced(a.values) ? ' <span class="muted">(log-spaced)</span>' : ""}`,
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

