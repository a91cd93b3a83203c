/**
 * The HTML report of one run (a result JSON, schema "rsi-sim.result/1"):
 * headline probabilities, P(event) by year with its interval, CDFs and
 * histograms of every continuous output (from its 101 percentiles), fan
 * charts of every recorded series, and the parameters with their sources.
 * Each section has its builder here; the charts are in run-charts.ts.
 */
import type { RunResult } from "../analysis/result.js";
import { escapeHtml } from "./escape.js";
import { cleanQuantiles, count, discreteValues, fmt, isNum, pct, wantsLog, type Maybe } from "./curves.js";
import { Ids, pageHtml, type ChartSpec, type Section } from "./page.js";
import { nonFiniteItems } from "./nonfinite.js";
import { countFact, dateFact, footer, header, modelFact, nonFiniteWarn, probability, probBar, scenarioLine, scenarioSettings, table, type LooseSummary, type ReportOptions } from "./common.js";
import { cdfChart, eventChart, fanChart, histogramChart, milestonesChart, probabilitiesChart, type Dist } from "./run-charts.js";

type RunInput = RunResult & { command?: string };

/** What the section builders of a run report read. */
interface RunContext {
  result: RunInput;
  ids: Ids;
  /** successful draws */
  ok: number;
  outputs: Record<string, LooseSummary>;
  time: { start: number; unit: string };
  horizon: number;
  describe: (name: string) => string;
  /** continuous outputs with usable percentiles: dates, then the others */
  dists: Dist[];
  dates: Dist[];
  others: Dist[];
  /** continuous outputs defined in no draw */
  undefinedEverywhere: string[];
  binaries: [string, LooseSummary][];
}

/** The HTML report of a run result. */
export function runReportHtml(result: RunInput, opts: ReportOptions = {}): string {
  const generated = opts.generated ?? new Date();
  const ctx = runContext(result, opts);
  const sections: Section[] = [
    headlineSection(ctx),
    byYearSection(ctx),
    milestonesSection(ctx),
    ...unitSections(ctx),
    quantilesSection(ctx),
    seriesSection(ctx),
    parametersSection(ctx),
    chanceSection(ctx),
  ].filter((s): s is Section => s !== null);
  return pageHtml({
    title: `rsi-sim run report: ${result.model?.name ?? ""} (seed ${result.seed}, ${result.samples} draw${result.samples === 1 ? "" : "s"})`,
    header: runHeader(ctx, generated),
    sections,
    footer: footer("Report", result.version, generated),
    scenario: runScenario(result),
  });
}

/** The run's scenario in one line: model, the settings the command gave (and the ratio), draws, seed. */
function runScenario(result: RunInput): string {
  return scenarioLine({ model: result.model?.name, settings: scenarioSettings(result.command, result.parameters), draws: `${count(result.samples)} draws`, seed: result.seed });
}

/** The result read once for every section: outputs sorted into dates, other continuous outputs and 0/1 outputs. */
function runContext(result: RunInput, opts: ReportOptions): RunContext {
  const info = opts.outputInfo ?? {};
  const outputs = (result.outputs ?? {}) as Record<string, LooseSummary>;
  const time = result.time ?? { start: 0, unit: "" };
  const horizon = isNum(result.horizon) ? result.horizon : NaN;
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
  return {
    result,
    ids: new Ids(),
    ok: (result.samples ?? 0) - (result.failed ?? 0),
    outputs,
    time,
    horizon,
    describe: (name: string) => info[name]?.description ?? "",
    dists,
    dates: dists.filter(isDate),
    others: dists.filter((d) => !isDate(d)),
    undefinedEverywhere,
    binaries: Object.entries(outputs).filter(([, s]) => s?.kind === "binary"),
  };
}

/** Headline probabilities: a table of every 0/1 output and a chart of them. */
function headlineSection(ctx: RunContext): Section | null {
  if (ctx.binaries.length === 0) return null;
  const probs = ctx.binaries.map(([name, s]) => ({ name, ...probability(s, ctx.ok) }));
  const rows = probs.map((r) => [
    `<code>${escapeHtml(r.name)}</code>`,
    escapeHtml(ctx.describe(r.name)) +
      (r.conditional ? ` <span class="muted">(${r.of === 0 ? "defined in no draw" : `among the ${count(r.of)} draws where it is defined`})</span>` : ""),
    escapeHtml(pct(r.p)),
    escapeHtml(`[${pct(r.ci[0])}, ${pct(r.ci[1])}]`),
    probBar(r.p, r.ci),
    escapeHtml(count(r.of)),
  ]);
  return {
    id: "probabilities",
    title: "Headline probabilities",
    html:
      table(["output", "meaning", "P", "95% interval", "", "of draws"], rows, [false, false, true, true, false, true]) +
      `<p class="muted small">P is the share of the successful draws; intervals are Wilson 95% score intervals (Monte Carlo error only, not model uncertainty, which the priors already carry).</p>`,
    charts: [probabilitiesChart(ctx.ids, probs)],
  };
}

/** P(event) by year, for events with a date output t_X and X_by_YYYY outputs. */
function byYearSection(ctx: RunContext): Section | null {
  const prefixes = new Map<string, { year: number; name: string }[]>();
  for (const [name] of ctx.binaries) {
    const m = /^(.+)_by_(\d{4})$/.exec(name);
    if (!m) continue;
    const list = prefixes.get(m[1]) ?? [];
    list.push({ year: Number(m[2]), name });
    prefixes.set(m[1], list);
  }
  const charts: ChartSpec[] = [];
  const at = { outputs: ctx.outputs, ok: ctx.ok, start: ctx.time.start, horizon: ctx.horizon };
  for (const [prefix, list] of prefixes) {
    const d = ctx.dates.find((x) => x.name === `t_${prefix}`);
    if (d) charts.push(eventChart(ctx.ids, prefix, d, list, at));
  }
  if (charts.length === 0) return null;
  return { id: "by-year", title: charts.length === 1 ? charts[0].title.replace(/, with.*/, "") : "Events by year", charts };
}

/** Milestone dates: P(reached by year) for all of them, then a histogram of each. */
function milestonesSection(ctx: RunContext): Section | null {
  const { dates, ids } = ctx;
  if (dates.length === 0) return null;
  const charts: ChartSpec[] = [
    milestonesChart(ids, dates, ctx.time.start, ctx.horizon),
    ...dates.map((d, k) => histogramChart(ids, d, k, ctx.ok, ctx.describe(d.name))),
  ];
  return { id: "milestones", title: "Milestone dates", charts };
}

/** The other continuous outputs, a section per unit: CDF overlays, then a histogram of each. */
function unitSections(ctx: RunContext): Section[] {
  const { ids } = ctx;
  const byUnit = new Map<string, Dist[]>();
  for (const d of ctx.others) byUnit.set(d.unit, [...(byUnit.get(d.unit) ?? []), d]);
  const sections: Section[] = [];
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
    charts.push(...group.map((d, k) => histogramChart(ids, d, k, ctx.ok, ctx.describe(d.name))));
    const title = unit ? `Distributions in ${unit}` : "Dimensionless outputs";
    sections.push({ id: ids.make(`unit-${unit || "none"}`).replace(/^chart-/, "sec-"), title, charts });
  }
  return sections;
}

/** The quantiles of every continuous output (and those never defined). */
function quantilesSection(ctx: RunContext): Section | null {
  const { dists, undefinedEverywhere, outputs, result } = ctx;
  if (dists.length === 0 && undefinedEverywhere.length === 0) return null;
  const skewed: string[] = [];
  const rows = [...dists.map((d) => d.name), ...undefinedEverywhere].map((name) => {
    const s = outputs[name] ?? {};
    const d = dists.find((x) => x.name === name);
    const why = d && isNum(s.mean) ? meanDrivenByFew(d.q, s.mean) : null;
    if (why) skewed.push(`${name}: ${why}; the median, ${fmt(d!.q[50])}, says more about a typical draw`);
    const q = s.quantiles ?? {};
    const unit = result.distributions?.[name]?.unit ?? "";
    const N = (s.n ?? 0) + (s.missing ?? 0);
    return [
      `<code>${escapeHtml(name)}</code>`,
      escapeHtml(unit),
      escapeHtml(ctx.describe(name)),
      ...[q.p5, q.p25, q.p50, q.p75, q.p95].map((x) => escapeHtml(fmt(x))),
      escapeHtml(isNum(s.mean) ? `${fmt(s.mean)} ± ${fmt(isNum(s.se) ? 1.96 * s.se : NaN)}${why ? " †" : ""}` : "—"),
      escapeHtml(N > 0 ? `${count(s.n)} (${pct((s.n ?? 0) / N, 0)})` : "—"),
    ];
  });
  return {
    id: "quantiles",
    title: "Quantiles",
    html:
      table(["output", "unit", "meaning", "p5", "p25", "p50", "p75", "p95", "mean ± 95%", "defined in"], rows, [false, false, false, true, true, true, true, true, true, true]) +
      `<p class="muted small">Quantiles over the draws where the output is defined (a milestone not reached leaves it undefined); mean ± 1.96 Monte Carlo standard errors.</p>` +
      (skewed.length > 0
        ? `<div class="warn" id="skewed-means">${escapeHtml("† The mean is driven by a few extreme draws, so it and its interval describe the tail, not a typical draw:")}<ul class="notes">${skewed
            .map((x) => `<li>${escapeHtml(x)}</li>`)
            .join("")}</ul></div>`
        : ""),
  };
}

/**
 * Why a mean is driven by a few draws, or null: it lies above the 95th
 * percentile, or the top 1% of the draws carry most of the sum (for outputs
 * that are not negative; the sum of the other 99% is integrated from the
 * percentiles).
 */
export function meanDrivenByFew(q: number[], mean: number): string | null {
  if (!(q.length === 101) || !isNum(mean)) return null;
  let lower = 0;
  for (let i = 0; i < 99; i++) lower += ((q[i] + q[i + 1]) / 2) * 0.01;
  const top = q[0] >= 0 && mean > 0 ? 1 - lower / mean : NaN;
  const parts: string[] = [];
  if (top > 0.5) parts.push(`the top 1% of the draws carry about ${pct(top, 0)} of the sum`);
  if (mean > q[95]) parts.push(`the mean, ${fmt(mean)}, is above the 95th percentile, ${fmt(q[95])}`);
  return parts.length > 0 ? parts.join(", and ") : null;
}

/** A fan chart of every recorded series. */
function seriesSection(ctx: RunContext): Section | null {
  const series = Object.entries(ctx.result.series ?? {});
  if (series.length === 0) return null;
  const charts = series.map(([name, s], k) => fanChart(ctx.ids, name, s, k, ctx.ok, ctx.time.unit));
  return { id: "trajectories", title: "Trajectories over time", charts };
}

/** The parameters: setting or prior, unit, meaning and source. */
function parametersSection(ctx: RunContext): Section | null {
  const { result } = ctx;
  const pinfo = result.parameterInfo ?? {};
  const pnames = [...new Set([...Object.keys(result.parameters ?? {}), ...Object.keys(pinfo)])];
  if (pnames.length === 0) return null;
  const rows = pnames.map((name) => {
    const v = result.parameters?.[name];
    const i = pinfo[name] ?? { unit: "", description: "", source: "" };
    const setting = typeof v === "number" ? `<span class="num">${escapeHtml(fmtExact(v))}</span>` : v === undefined ? "—" : `${escapeHtml(v)}`;
    return [`<code>${escapeHtml(name)}</code>`, setting, escapeHtml(i.unit), escapeHtml(i.description), escapeHtml(i.source)];
  });
  return {
    id: "parameters",
    title: "Parameters",
    html:
      `<p class="muted small">A number is a fixed value; a distribution is the prior each draw samples from.</p>` +
      table(["parameter", "setting or prior", "unit", "meaning", "source"], rows, [], ["name", undefined, undefined, undefined, "src"]),
  };
}

/** The chance variables, apart from the parameters: distribution, unit, meaning and source. */
function chanceSection(ctx: RunContext): Section | null {
  const { result } = ctx;
  const info = result.chanceInfo ?? {};
  const names = Object.keys(result.chance ?? {});
  if (names.length === 0) return null;
  const rows = names.map((name) => {
    const i = info[name] ?? { unit: "", description: "", source: "" };
    return [`<code>${escapeHtml(name)}</code>`, escapeHtml(String(result.chance![name])), escapeHtml(i.unit), escapeHtml(i.description), escapeHtml(i.source)];
  });
  return {
    id: "chance",
    title: "Chance",
    html:
      `<p class="muted small">Drawn afresh in each world (each draw) from a fixed distribution: which way things happen to go, not an uncertain parameter. Not a setting, sweep axis or sensitivity factor.</p>` +
      table(["chance variable", "distribution", "unit", "meaning", "source"], rows, [], ["name", undefined, undefined, undefined, "src"]),
  };
}

/** The header: facts about the run, then warnings about failed and never-defined outputs. */
function runHeader(ctx: RunContext, generated: Date): string {
  const { result, time, horizon, undefinedEverywhere } = ctx;
  const failures = Object.entries(result.failures ?? {});
  const settings = scenarioSettings(result.command, result.parameters);
  const facts: [string, string][] = [
    ["model", modelFact(result.model)],
    ...(settings.length > 0 ? [["settings", escapeHtml(settings.join(" · "))] as [string, string]] : []),
    ["draws", `${countFact(result.samples)}${result.failed ? ` <span class="muted">(${countFact(result.failed)} failed numerically, left out)</span>` : ""}`],
    ["seed", escapeHtml(String(result.seed))],
    ["time", escapeHtml(`${fmtExact(time.start)} to ${fmtExact(horizon)} (${time.unit || "model time"})`)],
    ["rsi-sim", escapeHtml(result.version ?? "?")],
    ["report made", dateFact(generated)],
  ];
  let head = header(`Run report: ${result.model?.name ?? "model"}`, runScenario(result), facts, result.command);
  if (result.failed > 0) {
    head += `<div class="warn">${escapeHtml(`${count(result.failed)} of ${count(result.samples)} draws failed numerically and are left out of every summary`)}${
      failures.length ? escapeHtml(`: ${failures.map(([k, v]) => `${k} (${v})`).join("; ")}`) : ""
    }.</div>`;
  }
  head += nonFiniteWarn(nonFiniteItems([{ label: "", outputs: result.outputs }], Object.keys(result.outputs)));
  if (undefinedEverywhere.length > 0) {
    head += `<div class="warn">${escapeHtml(`Never defined in any draw, so not charted: ${undefinedEverywhere.join(", ")}.`)}</div>`;
  }
  head +=
    `<p class="muted small">These numbers are what the priors imply, not a forecast. Curves and histograms of continuous outputs are drawn from their 101 stored percentiles ` +
    `(0%, 1%, …, 100%), so features narrower than 1% of the draws are smoothed.</p>`;
  return head;
}

/** Numbers as written (no rounding beyond 12 significant digits). */
function fmtExact(x: unknown): string {
  return typeof x === "number" && Number.isFinite(x) ? String(Number(x.toPrecision(12))) : String(x ?? "—");
}
