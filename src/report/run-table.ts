/**
 * The terminal summary of a run: headline probabilities with 95% intervals
 * and what those intervals are, quantiles of the continuous outputs, shares
 * of the categorical ones, failed draws, a text histogram and the command
 * that reproduces the run. Laid out for a width (a terminal's, or 80):
 * descriptions wrap, no line is longer than the width.
 */
import type { CompiledModel, OutputInfo, ParameterInfo } from "../model/types.js";
import { boundText } from "../model/bounds.js";
import type { SimulationResult } from "../engine/simulate.js";
import type { RunResult } from "../analysis/result.js";
import { NON_FINITE_WHY } from "./nonfinite.js";
import { probability } from "./curves.js";
import { planParameters } from "../sampling/sampler.js";
import { commandLines, DEFAULT_WIDTH, elapsedText, fixedNum, groupDigits, joinFit, lpad, pad, wrap } from "./text.js";

const pct = (x: number) => (Number.isNaN(x) ? "—" : `${(100 * x).toFixed(1)}%`);
const fmtInt = groupDigits;
/** "1 draw", "2,000 draws" */
const draws = (n: number) => `${fmtInt(n)} draw${n === 1 ? "" : "s"}`;

/** A number with 3–4 significant figures in at most 7 characters (1.2e6 beyond 6 digits). */
export const num = fixedNum;

function label(model: CompiledModel, name: string, width: number): string {
  const o = model.outputs.find((x) => x.name === name);
  const unit = o?.unit ? ` (${o.unit})` : "";
  const s = `${name}${unit}`;
  return s.length > width ? s.slice(0, width - 1) + "…" : s;
}

export interface TableOptions {
  command: string;
  histogram?: string;
  /** the width to lay the table out for (default 80) */
  width?: number;
  /** seconds the run took, shown in the header when given */
  elapsed?: number;
}

/**
 * What the run set apart from the model file: each parameter whose value or
 * prior differs from the file's, then the horizon if it is not the file's.
 */
export function givenSettings(m: CompiledModel, result: RunResult): [string, string][] {
  const own = planParameters(m).settings;
  const given: [string, string][] = [];
  for (const [k, v] of Object.entries(result.parameters)) if (Object.hasOwn(own, k) && own[k] !== v) given.push([k, typeof v === "number" ? `= ${v}` : `~ ${v}`]);
  if (result.horizon !== m.time.horizon) given.push(["horizon", `= ${result.horizon} (the model's ${m.time.horizon})`]);
  return given;
}

/**
 * Whether fixing parameter `p` at `value` gives weight to a value its prior
 * gives none: a value outside the prior's support, or not among a discrete
 * prior's values; false when `p` has no prior.
 */
function outsidePrior(p: ParameterInfo, value: number): boolean {
  const d = p.prior;
  if (!d) return false;
  if (value < d.support[0] || value > d.support[1]) return true;
  if (d.discrete && d.values) return !d.values.includes(value);
  // inside the support's span but where the prior has no mass (a gap of a mixture: mx(uniform(1, 2), uniform(8, 9)) at 5)
  if (d.components?.some((c) => c.discrete && c.values?.includes(value))) return false;
  const eps = 1e-9 * Math.max(1, Math.abs(value));
  return !(d.cdf(value + eps) - d.cdf(value - eps) > 0);
}

/**
 * The note for values of `p` (a setting, or a sweep's values) its prior gives
 * no weight, or null: "gamma = 0.1 is outside its prior's support [0.2,
 * 1.5]: a what-if the prior gives no weight". Every other parameter's draw
 * is unchanged by fixing one (sampling/sampler.ts), so such a value is a
 * legitimate question, but not one the prior weighs.
 *
 * @example
 * outsidePriorNote(gamma, [0.1, 0.5, 2]); // "gamma = 0.1, 2 are outside its prior's support [0.2, 1.5]: what-ifs the prior gives no weight"
 */
export function outsidePriorNote(p: ParameterInfo, values: number[], text: (x: number) => string = String): string | null {
  const d = p.prior;
  const out = values.filter((v) => outsidePrior(p, v));
  if (!d || out.length === 0) return null;
  const one = out.length === 1;
  const what = `${p.name} = ${out.map(text).join(", ")} ${one ? "is" : "are"}`;
  const beyond = out.every((v) => v < d.support[0] || v > d.support[1]);
  const where = beyond
    ? `outside its prior's support [${boundText(d.support[0])}, ${boundText(d.support[1])}]`
    : d.discrete && d.values
      ? `not among its prior's values (${d.values.join(", ")})`
      : `in a gap of its prior ${d.text}`;
  return `${what} ${where}: ${one ? "a what-if" : "what-ifs"} the prior gives no weight`;
}

/** The notes of a run's fixed settings that lie where the model's prior gives no weight. */
function outsidePriorSettings(m: CompiledModel, result: RunResult): string[] {
  const own = planParameters(m).settings;
  return m.parameters.flatMap((p) => {
    const v = result.parameters[p.name];
    if (typeof v !== "number" || own[p.name] === v) return [];
    const note = outsidePriorNote(p, [v]);
    return note ? [note] : [];
  });
}

/** The human summary of a run. */
export function formatRunTable(sim: SimulationResult, result: RunResult, opts: TableOptions): string {
  const m = sim.model;
  const W = opts.width ?? DEFAULT_WIDTH;
  const ok = result.samples - result.failed;
  const took = opts.elapsed === undefined ? [] : [`in ${elapsedText(opts.elapsed)}`];
  const lines = joinFit([`rsi-sim ${result.version}`, `model ${m.name}`, draws(result.samples), `seed ${result.seed}`, ...took], W);
  const fixed = Object.entries(result.parameters).filter(([, v]) => typeof v === "number");
  // a funding ratio (a parameter "ratio" in capability $ per safety $, as rsi-core's) heads the table; any other is a setting
  const funding = m.parameters.some((q) => q.name === "ratio" && /capability/i.test(q.unit) && /safety/i.test(q.unit));
  const shown = fixed.filter(([k]) => k === "ratio" && funding);
  if (shown.length) lines.push(...joinFit(shown.map(([k, v]) => `${k} ${v}:1 (capability:safety funding)`), W));
  else if (funding && typeof result.parameters.ratio === "string") lines.push(...wrap(`ratio ~ ${result.parameters.ratio} (capability:safety funding, uncertain)`, W));
  const given = givenSettings(m, result).filter(([k]) => !(k === "ratio" && funding));
  if (given.length) lines.push(...wrap(`set: ${given.map(([k, v]) => `${k} ${v}`).join(" · ")}`, W, "", "  "));
  for (const note of outsidePriorSettings(m, result)) lines.push(...wrap(note, W, "", "  "));
  const chance = Object.entries(result.chance ?? {});
  if (chance.length) lines.push(...wrap(`chance, drawn afresh in each world: ${chance.map(([k, d]) => `${k} ~ ${d}`).join(" · ")}`, W));
  lines.push("");
  // the outputs the run kept (all, or those of --outputs), in its order
  const kept = new Set(sim.table.outputs);
  const categorical = categoricalOutputs(sim);
  lines.push(...probabilityLines(m, result, ok, W, kept));
  lines.push(...distributionLines(m.outputs.filter((o) => kept.has(o.name) && o.kind === "continuous" && !categorical.has(o.name)), result, ok, W));
  lines.push(...categoryLines(sim, categorical, ok, W));
  lines.push(...nonFiniteLines(m, result, ok, W));
  lines.push(`Failed draws: ${result.failed}${result.failed > 0 ? ` (${Object.entries(result.failures).map(([k, v]) => `${k}: ${v}`).join("; ")})` : ""}`);
  const hist = opts.histogram && sim.table.columns[opts.histogram] ? opts.histogram : undefined;
  if (hist) {
    lines.push("");
    lines.push(...textHistogram(sim.table.columns[hist], `${label(m, hist, 40)}, draws where defined`, 12, Math.min(40, W - 31)));
  }
  if (opts.command) lines.push("", ...commandLines("Reproduce:", opts.command, W));
  return lines.map((l) => l.trimEnd()).join("\n") + "\n";
}

/** A 0/1 output's row: P, interval and the draws it is over. */
function binaryRow(result: RunResult, name: string, ok: number): { p: string; ci: string; of: string } {
  // as every view shows it: among the draws where it is defined when it is not always, else over the ok draws
  const { p, ci, of } = probability(result.outputs[name], ok);
  return { p: pct(p), ci: Number.isFinite(ci[0]) ? `[${pct(ci[0])}, ${pct(ci[1])}]` : "", of: fmtInt(of) };
}

/**
 * The headline probabilities: name, its description wrapped in the column
 * between the name and the numbers, P, the 95% interval and the number of
 * draws; then what the interval is and how to narrow it.
 */
function probabilityLines(m: CompiledModel, result: RunResult, ok: number, W: number, kept: Set<string>): string[] {
  const binaries = m.outputs.filter((o) => o.kind === "binary" && kept.has(o.name));
  if (binaries.length === 0) return [];
  const rows = binaries.map((o) => ({ o, ...binaryRow(result, o.name, ok) }));
  const nameW = Math.min(24, Math.max(...binaries.map((o) => o.name.length)));
  const pW = Math.max(6, ...rows.map((r) => r.p.length));
  const ciW = Math.max(12, ...rows.map((r) => r.ci.length));
  const ofW = Math.max(2, ...rows.map((r) => r.of.length));
  const numbers = (p: string, ci: string, of: string) => `${lpad(p, pW)}  ${pad(ci, ciW)}  ${lpad(of, ofW)}`;
  const rightW = pW + 2 + ciW + 2 + ofW;
  // the description column: what is left between the name and the numbers, no wider than the longest description
  const descs = rows.map((r) => (r.o.description || r.o.name).replace(/\s+/g, " ").trim());
  const descW = Math.min(W - 2 - nameW - 2 - rightW - 2, Math.max(...descs.map((d) => d.length)));
  const longestWord = Math.max(...descs.flatMap((d) => d.split(" ").map((w) => w.length)));
  const beside = descW >= 16 && longestWord <= descW;
  const lines: string[] = [];
  const head = numbers("P", "95% interval", "of");
  lines.push(`${pad("Probabilities", beside ? 2 + nameW + 2 + descW + 2 : W - head.length)}${head}`);
  for (const [i, r] of rows.entries()) {
    const desc = descs[i];
    const right = numbers(r.p, r.ci, r.of);
    if (beside && r.o.name.length <= nameW) {
      const d = wrap(desc, descW);
      lines.push(`  ${pad(r.o.name, nameW)}  ${pad(d[0], descW)}  ${right}`);
      for (const more of d.slice(1)) lines.push(`  ${" ".repeat(nameW)}  ${more}`);
    } else {
      // too narrow for a description column: the name and the numbers, the description below
      lines.push(`  ${pad(r.o.name, W - 2 - rightW - 2)}  ${right}`);
      lines.push(...wrap(desc, W, "      "));
    }
  }
  for (const note of pastHorizonNotes(binaries, result.horizon)) lines.push(...wrap(note, W, "  "));
  lines.push(
    ...wrap(
      `95% intervals (Wilson) are the Monte Carlo error of ${ok === 1 ? "this 1 draw" : `these ${fmtInt(ok)} draws`} only, not model uncertainty, which is in the priors; ` +
        `narrow them with more --samples, or with --precision H (draws until every half-width is at most H).`,
      W,
      "  ",
    ),
  );
  lines.push("");
  return lines;
}

/**
 * A note for each output that asks whether a date comes by a year past the
 * run's horizon (loc_by_2050 in a run to 2040): no draw can answer it, so
 * it is undefined in every draw; and for each that asks about a year given
 * by the draw's parameters, which is undefined in the draws where that year
 * is past the horizon (compile-outputs.ts datesAsked).
 */
export function pastHorizonNotes(outputs: OutputInfo[], horizon: number): string[] {
  const notes: string[] = [];
  const names = (ds: OutputInfo["datesBy"]) => [...new Set(ds.map((d) => d.date))].join(" or ");
  for (const o of outputs) {
    const past = o.datesBy.filter((d) => d.by !== null && d.by > horizon);
    const perDraw = o.datesBy.filter((d) => d.slot !== undefined);
    if (past.length > 0) {
      const by = Math.max(...past.map((d) => d.by as number));
      notes.push(`${o.name} asks whether ${names(past)} comes by ${by}, past this run's horizon (${horizon}): no draw can say, so it is undefined in every draw; give --horizon ${by} or later to answer it.`);
    } else if (perDraw.length > 0) {
      notes.push(`${o.name} asks whether ${names(perDraw)} comes by a year set by each draw's parameters: a draw whose year is past this run's horizon (${horizon}) cannot say, so it is undefined in that draw.`);
    }
  }
  return notes;
}

/** The quantiles of the continuous outputs, each with its unit and description. */
function distributionLines(conts: OutputInfo[], result: RunResult, ok: number, W: number): string[] {
  if (conts.length === 0) return [];
  // a column is 8 wide, 9 when a negative number in exponent form needs its 8 characters ("-1.5e308")
  const shown = (o: OutputInfo) => {
    const q = result.outputs[o.name].quantiles;
    return [q.p5, q.p25, q.p50, q.p75, q.p95];
  };
  const NUM = 1 + Math.max(7, ...conts.flatMap((o) => shown(o).map((x) => num(x).length)));
  const named = conts.map((o) => {
    const name = `${o.name}${o.unit ? ` (${o.unit})` : ""}`;
    const desc = o.description.replace(/\s+/g, " ").trim();
    return { o, name, desc, both: desc ? `${name}: ${desc}` : name };
  });
  // every description beside its name when all fit (a wide terminal), else every one on the lines below
  const widest = Math.max(...named.map((x) => x.both.length));
  const inline = widest <= W - 2 - 6 * NUM;
  const labelW = inline ? Math.max(13, widest) : W - 2 - 6 * NUM;
  const heads = ["p5", "p25", "p50", "p75", "p95", "undef"].map((q) => lpad(q, NUM)).join("");
  const lines = 2 + labelW >= 14 ? [`${pad("Distributions", 2 + labelW)}${heads}`] : ["Distributions", `${" ".repeat(2 + labelW)}${heads}`];
  for (const { o, name, desc, both } of named) {
    const s = result.outputs[o.name];
    const numbers = `${shown(o).map((x) => lpad(num(x), NUM)).join("")}${lpad(ok > 0 ? pct(s.missing / ok) : "—", NUM)}`;
    if (inline) {
      lines.push(`  ${pad(both, labelW)}${numbers}`);
      continue;
    }
    if (name.length <= labelW) lines.push(`  ${pad(name, labelW)}${numbers}`);
    else lines.push(`  ${name}`, `  ${" ".repeat(labelW)}${numbers}`);
    if (desc) lines.push(...wrap(desc, W, "      "));
  }
  lines.push(...wrap("(undef: share of draws where it is undefined, e.g. milestone not reached; quantiles over the rest)", W, "  ", "   "));
  lines.push("");
  return lines;
}

/** Values and their counts of a categorical output. */
type Categories = Map<string, { values: number[]; counts: number[] }>;

/**
 * The continuous outputs whose defined values are a few whole numbers (at
 * most 10 distinct, such as rsi-core's loc_phase 0–3): categories, shown as
 * shares rather than quantiles. Models declare only binary and continuous
 * outputs, so this is read from the draws.
 */
export function categoricalOutputs(sim: SimulationResult): Categories {
  const out: Categories = new Map();
  const { columns, failed, rows } = sim.table;
  for (const o of sim.model.outputs) {
    if (o.kind !== "continuous") continue;
    const col = columns[o.name];
    if (!col) continue;
    const counts = new Map<number, number>();
    let ok = true;
    for (let i = 0; i < rows && ok; i++) {
      const x = col[i];
      if (failed[i] || !Number.isFinite(x)) continue;
      if (!Number.isInteger(x)) ok = false;
      else counts.set(x, (counts.get(x) ?? 0) + 1);
      if (counts.size > 10) ok = false;
    }
    if (!ok || counts.size === 0) continue;
    const values = [...counts.keys()].sort((a, b) => a - b);
    out.set(o.name, { values, counts: values.map((v) => counts.get(v)!) });
  }
  return out;
}

/** Categorical outputs: the share of the draws at each value, among the draws where the output is defined. */
function categoryLines(sim: SimulationResult, cats: Categories, ok: number, W: number): string[] {
  if (cats.size === 0) return [];
  const lines = [...wrap("Categories (share of the draws where each is defined, by value)", W)];
  for (const [name, c] of cats) {
    const o = sim.model.outputs.find((x) => x.name === name)!;
    const n = c.counts.reduce((a, b) => a + b, 0);
    lines.push(...wrap(`${name}${o.unit ? ` (${o.unit})` : ""}${o.description ? `: ${o.description}` : ""}`, W, "  ", "    "));
    const parts = c.values.map((v, i) => `${Math.abs(v) < 1e6 ? String(v) : num(v)}: ${pct(c.counts[i] / n)}`);
    if (ok > n) parts.push(`(undefined in ${pct((ok - n) / ok)} of draws)`);
    let line = "    ";
    for (const p of parts) {
      if (line.trim() && line.length + 3 + p.length > W) {
        lines.push(line);
        line = "    ";
      }
      line += line.trim() ? `   ${p}` : p;
    }
    lines.push(line);
  }
  lines.push("");
  return lines;
}


/**
 * A block naming each output with non-finite values in some draws, with
 * their shares by kind (they count as undefined and are left out of the
 * quantiles); nothing when there are none.
 * @example "  x: 17.0% of draws +Infinity (overflow, or a division by zero)"
 */
export function nonFiniteLines(model: CompiledModel, result: RunResult, ok: number, width = DEFAULT_WIDTH): string[] {
  const lines: string[] = [];
  for (const o of model.outputs) {
    const nf = result.outputs[o.name]?.nonfinite;
    if (!nf) continue;
    const parts = Object.entries(nf).map(([kind, k]) => `${ok > 0 ? pct(k / ok) : "—"} of draws ${NON_FINITE_WHY[kind] ?? kind}`);
    lines.push(...wrap(`${o.name}: ${parts.join(", ")}`, width, "  ", "    "));
  }
  if (lines.length === 0) return [];
  return [
    ...wrap("Non-finite values (counted as undefined, left out of means and quantiles):", width),
    ...lines,
    ...wrap(
      "(overflow: beyond ±1.8e308, e.g. exp(1000), or a division by zero, 1/0; domain error: a function outside its domain in the output's expression, e.g. ln of a negative number, 0/0)",
      width,
      "  ",
      "  ",
    ),
    "",
  ];
}

/** A horizontal text histogram over the 1st–99th percentile range. */
export function textHistogram(col: Float64Array, title: string, bins = 12, width = 40): string[] {
  const v = Array.from(col).filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return [`${title}: no defined values`];
  const lo = v[Math.floor(0.01 * (v.length - 1))];
  const hi = v[Math.floor(0.99 * (v.length - 1))];
  const span = hi > lo ? hi - lo : 1;
  const counts = new Array(bins).fill(0);
  let below = 0;
  let above = 0;
  for (const x of v) {
    if (x < lo) below++;
    else if (x > hi) above++;
    else counts[Math.min(bins - 1, Math.floor(((x - lo) / span) * bins))]++;
  }
  const max = Math.max(...counts);
  const out = [title];
  for (let b = 0; b < bins; b++) {
    const a = lo + (b * span) / bins;
    const z = lo + ((b + 1) * span) / bins;
    const bar = "█".repeat(Math.round((counts[b] / max) * width));
    out.push(`  ${lpad(num(a), 7)} – ${pad(num(z), 7)} ${pad(bar, width)} ${counts[b]}`);
  }
  if (below + above > 0) out.push(`  (${below} below, ${above} above the 1st–99th percentile range)`);
  return out;
}
