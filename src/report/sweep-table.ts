/**
 * The terminal table of a sweep: for each point (or grid cell) the headline
 * probabilities with their intervals and the paired change from the first
 * point, in 80 columns, with the command that reproduces the numbers.
 */
import type { CompiledModel } from "../model/types.js";
import type { ParameterSetting } from "../sampling/sampler.js";
import type { SweepDifference, SweepResult } from "../analysis/sweep.js";
import { NON_FINITE_WHY } from "./nonfinite.js";
import { outsidePriorNote } from "./run-table.js";
import { clip, commandLines, DEFAULT_WIDTH, elapsedText, joinFit, lpad, pad, wrap } from "./text.js";
import { MAX_VALUE_DIGITS, valueLabels, valueText } from "./values.js";
import { probability } from "./curves.js";

// ---------------------------------------------------------------------------
// the table

const GAP = "  ";

/** A percentage without the % sign, one decimal (100 and 0 shown bare). */
function pct(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return "—";
  const v = 100 * x;
  if (v >= 99.95) return "100";
  return v.toFixed(1);
}

/** A signed change in percentage points, one decimal. */
function pp(x: number): string {
  if (!Number.isFinite(x)) return "—";
  const s = (100 * x).toFixed(1);
  if (s === "0.0" || s === "-0.0") return "0.0";
  return x > 0 ? `+${s}` : s;
}

/** A number in at most about six characters ("1.2e6" beyond 5 digits; 0 only for 0: a value in a model's units is shown however small). */
export function short(x: number): string {
  // no number past the doubles is printed as a value (an overflowed interval end, a ratio to 0): undefined
  if (!Number.isFinite(x)) return "—";
  const a = Math.abs(x);
  if (a === 0) return "0";
  if (a >= 1e5 || a < 0.001) return x.toExponential(1).replace("e+", "e");
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(2);
}

/** Each swept parameter's values as the table prints them (values.ts valueLabels over its axis, as the page does). */
function valueTexts(r: SweepResult): (name: string, x: number) => string {
  const texts = new Map(r.swept.map((a) => {
    const shown = valueLabels(a.values);
    return [a.name, new Map(a.values.map((v, i) => [v, shown[i]]))];
  }));
  return (name, x) => texts.get(name)?.get(x) ?? valueText(x, MAX_VALUE_DIGITS);
}

interface Column {
  head: [string, string];
  cells: string[];
}

/** Print columns (the first `keys` repeated in every block) in blocks that fit the width. */
function blocks(keys: Column[], cols: Column[], W: number): string[] {
  const width = (c: Column) => Math.max(c.head[0].length, c.head[1].length, ...c.cells.map((s) => s.length));
  const keyWidths = keys.map(width);
  const keyWidth = keyWidths.reduce((a, b) => a + b, 0) + GAP.length * (keys.length - 1);
  const groups: Column[][] = [];
  let cur: Column[] = [];
  let used = keyWidth;
  for (const c of cols) {
    const w = GAP.length + width(c);
    if (cur.length > 0 && used + w > W) {
      groups.push(cur);
      cur = [];
      used = keyWidth;
    }
    cur.push(c);
    used += w;
  }
  if (cur.length > 0) groups.push(cur);
  const out: string[] = [];
  groups.forEach((g, gi) => {
    if (gi > 0) out.push("");
    const ws = g.map(width);
    for (const h of [0, 1] as const) {
      if (keys.every((k) => k.head[h] === "") && g.every((c) => c.head[h] === "")) continue;
      const key = keys.map((k, i) => lpad(k.head[h], keyWidths[i])).join(GAP);
      out.push((key + g.map((c, i) => GAP + pad(c.head[h], ws[i])).join("")).trimEnd());
    }
    const rows = keys[0].cells.length;
    for (let r = 0; r < rows; r++) {
      const key = keys.map((k, i) => lpad(k.cells[r], keyWidths[i])).join(GAP);
      out.push((key + g.map((c, i) => GAP + pad(c.cells[r], ws[i])).join("")).trimEnd());
    }
  });
  return out;
}

export interface SweepTableOptions {
  /** per axis, how its values were given ("13 points, log spaced") */
  how?: string[];
  /** settings given on the command line, shown in the header */
  overrides?: Record<string, ParameterSetting>;
  command?: string;
  /** the width to lay the table out for (default 80) */
  width?: number;
  /** seconds the sweep took, shown in the header when given */
  elapsed?: number;
  /** notes of outputs that ask about a year past the horizon (run-table.ts pastHorizonNotes), under the table */
  pastHorizon?: string[];
  /** the model swept, when known: for a note on swept values its priors give no weight */
  model?: CompiledModel;
}

/** The header: version, model, draws, seed, each swept axis and the other settings. */
function headerLines(r: SweepResult, opts: SweepTableOptions, W: number): string[] {
  const took = opts.elapsed === undefined ? [] : [`in ${elapsedText(opts.elapsed)}`];
  const lines = joinFit([`rsi-sim ${r.version}`, `model ${r.model.name}`, `${r.samples.toLocaleString("en-US")} draws per point`, `seed ${r.seed}`, ...took], W);
  r.swept.forEach((a, k) => {
    const how = opts.how?.[k] ? `: ${opts.how[k]}` : "";
    const description = a.description.replace(/\s+/g, " ").trim();
    const candidates = [
      `sweep ${a.name}${how} (${description}${a.unit ? `, ${a.unit}` : ""})`,
      `sweep ${a.name}${how} (${description})`,
      `sweep ${a.name}${how}`,
    ];
    lines.push(...(candidates.find((c) => c.length <= W) ? [candidates.find((c) => c.length <= W)!] : wrap(candidates[0], W, "", "  ")));
  });
  // a swept value outside its prior's support is a what-if the prior does not weigh: said once, under the axes
  const text = valueTexts(r);
  for (const a of r.swept) {
    const p = opts.model?.parameters.find((q) => q.name === a.name);
    const note = p ? outsidePriorNote(p, a.values, (x) => text(a.name, x)) : null;
    if (note) lines.push(...wrap(note, W, "", "  "));
  }
  const fixed = Object.entries(opts.overrides ?? {});
  if (fixed.length > 0) {
    lines.push(...wrap(`set: ${fixed.map(([k, v]) => `${k} ${typeof v === "number" ? v : v.text}`).join(", ")}`, W));
  }
  // a setting of another parameter outside its prior's support, as the run table says it
  for (const [k, v] of fixed) {
    const p = typeof v === "number" ? opts.model?.parameters.find((q) => q.name === k) : undefined;
    const note = p ? outsidePriorNote(p, [v as number]) : null;
    if (note) lines.push(...wrap(note, W, "", "  "));
  }
  lines.push("");
  return lines;
}

/** One column per output: P% [95% CI] of a binary output, p50 [p25–p75] of a continuous one. */
function outputColumns(r: SweepResult, conditional: Set<string>): Column[] {
  return r.outputs.map((o) => {
    if (o.kind === "binary") {
      const cond = r.points.some((p) => p.outputs[o.name].missing > 0);
      if (cond) conditional.add(o.name);
      return {
        head: [clip(o.name, 20), cond ? "P%* [95% CI]" : "P% [95% CI]"],
        cells: r.points.map((p) => {
          const s = p.outputs[o.name];
          if (cond) {
            // defined on some draws only: the share among those, as the run table shows it
            if (s.n === 0) return "—";
            const { p: share, ci } = probability(s, s.n);
            return `${pct(share)} [${pct(ci[0])}–${pct(ci[1])}]`;
          }
          // no successful draw (every one failed at this point): no share, so no interval either
          if (s.p === undefined || !Number.isFinite(s.p)) return "—";
          return `${pct(s.p)} [${pct(s.ci?.[0])}–${pct(s.ci?.[1])}]`;
        }),
      };
    }
    return {
      head: [clip(o.name, 20), "p50 [p25–p75]"],
      cells: r.points.map((p) => {
        const q = p.outputs[o.name].quantiles;
        // no defined draw at this point: no median, no quartiles
        if (p.outputs[o.name].n === 0) return "—";
        return `${short(q.p50)} [${short(q.p25)}–${short(q.p75)}]`;
      }),
    };
  });
}

/**
 * How often an output was not finite over the points (counted among the
 * undefined draws), by kind: ["+Infinity (overflow, or a division by zero) in 2.0–17.0%"], [] when never.
 */
function nonFiniteParts(r: SweepResult, name: string): string[] {
  const parts: string[] = [];
  for (const [kind, why] of Object.entries(NON_FINITE_WHY)) {
    const shares = r.points.map((p) => {
      const s = p.outputs[name];
      const ok = s.n + s.missing;
      return ok > 0 ? (s.nonfinite?.[kind as keyof typeof s.nonfinite] ?? 0) / ok : 0;
    });
    const lo = Math.min(...shares);
    const hi = Math.max(...shares);
    if (hi > 0) parts.push(`${why} in ${pct(lo)}${hi - lo >= 0.0005 ? `–${pct(hi)}` : ""}%`);
  }
  return parts;
}

/** "; of those, not finite: +Infinity (overflow, or a division by zero) in 2.0–17.0% of draws", or "" when never. */
function nonFiniteNote(r: SweepResult, name: string): string {
  const parts = nonFiniteParts(r, name);
  return parts.length > 0 ? `; of those, not finite: ${parts.join(", ")} of draws` : "";
}

/** Each output with values that were not finite at some point: "dom: NaN (domain error) in 40.0–54.0% of draws (over the points)". */
export function sweepNonFinite(r: SweepResult): string[] {
  return r.outputs.flatMap((o) => {
    const parts = nonFiniteParts(r, o.name);
    return parts.length > 0 ? [`${o.name}: ${parts.join(", ")} of draws (over the points)`] : [];
  });
}

/** Notes on the outputs: unit, meaning, how often undefined (and how often not finite). */
function outputNotes(r: SweepResult, conditional: Set<string>, W: number): string[] {
  const lines: string[] = [""];
  for (const o of r.outputs) {
    if (o.kind === "binary") {
      const what = o.description || o.name;
      lines.push(...wrap(conditional.has(o.name) ? `${o.name}*: ${what}; share among the draws where it is defined` : `${o.name}: ${what}`, W, "", "  "));
      continue;
    }
    const shares = r.points.map((p) => {
      const s = p.outputs[o.name];
      const ok = s.n + s.missing;
      return ok > 0 ? s.missing / ok : NaN;
    });
    const lo = Math.min(...shares);
    const hi = Math.max(...shares);
    const undef = hi > 0 ? `undefined in ${pct(lo)}${hi - lo >= 0.0005 ? `–${pct(hi)}` : ""}% of draws (median over the rest)${nonFiniteNote(r, o.name)}` : "";
    const about = [o.description, undef].filter(Boolean).join("; ");
    lines.push(...wrap(`${o.name}${o.unit ? ` (${o.unit})` : ""}${about ? `: ${about}` : ""}`, W, "", "  "));
  }
  if (r.outputs.some((o) => o.kind === "binary")) {
    const n = r.samples.toLocaleString("en-US");
    lines.push(
      "",
      ...wrap(
        `P% [95% CI]: Wilson 95% intervals, the Monte Carlo error of ${n} draws per point only, not model uncertainty, which is in the priors; ` +
          `narrow them with more --samples, or with --precision H.` +
          (r.outputs.some((o) => o.kind === "continuous") ? " p50 [p25–p75]: the median and quartiles of the draws (their spread, not an interval)." : ""),
        W,
      ),
    );
  }
  return lines;
}

/** The paired changes along the first axis, and what pairing buys. */
function pairedLines(r: SweepResult, conditional: Set<string>, W: number): string[] {
  const lines: string[] = [""];
  const first = r.swept[0].name;
  const binaries = r.outputs.filter((o) => o.kind === "binary" && !conditional.has(o.name));
  const diffs = r.differences.filter((d) => d.along === first);
  const same = `every point uses seed ${r.seed}, so draw i has the same values of every other parameter and the same hazard thresholds at each point (common random numbers)`;
  if (binaries.length === 0 || diffs.length === 0) return [...lines, ...wrap(`The draws are paired across points: ${same}.`, W)];
  lines.push(...wrap(`Paired change from the previous ${first}, same draws (percentage points, 95% CI)`, W));
  const text = valueTexts(r);
  const dKeys: Column[] = r.swept.map((a) => ({ head: ["", a.name], cells: diffs.map((d) => text(a.name, r.points[d.to].values[a.name])) }));
  const dCols: Column[] = binaries.map((o) => ({
    head: ["", `Δ ${clip(o.name, 18)}`],
    cells: diffs.map((d) => {
      const x = d.outputs[o.name];
      // no pair of draws (every draw failed at one of the points): no change to show
      if (x.n === 0) return "—";
      return `${pp(x.diff)} [${pp(x.ci[0])}, ${pp(x.ci[1])}]`;
    }),
  }));
  lines.push(...blocks(dKeys, dCols, W));
  if (r.swept.length === 2) {
    const second = r.swept[1].name;
    lines.push("", ...wrap(`Only the changes along ${first} are shown; the paired changes along ${second} (from the previous ${second} at each ${first}) are in the JSON (--format json), in differences, those with "along": "${second}".`, W));
  }
  lines.push("", ...wrap(`The draws are paired across points: ${same}; ${pairingGain(binaries.map((o) => o.name), diffs)}.`, W));
  return lines;
}

/**
 * What pairing buys for the changes shown, from their standard errors (each
 * output's mean over the rows), paired and as if the points had independent
 * draws: "far more precisely" where the paired error is at most half the
 * other, "more precisely" where it is under 0.9 of it, "about as precisely"
 * within 10%, "less precisely" beyond; each said of the outputs it is true
 * of, with the first one's numbers.
 */
export function pairingGain(names: string[], diffs: SweepDifference[]): string {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const classes = ["far more precisely than", "more precisely than", "about as precisely as", "less precisely than"] as const;
  const gains = names.flatMap((name) => {
    // a row with no error to narrow (the share 0 or 1 at both points) says nothing about pairing
    const rows = diffs.map((d) => d.outputs[name]).filter((x) => x.n > 0 && Number.isFinite(x.se) && Number.isFinite(x.se_unpaired) && x.se_unpaired > 0);
    if (rows.length === 0) return [];
    const paired = mean(rows.map((x) => x.se));
    const unpaired = mean(rows.map((x) => x.se_unpaired));
    const ratio = paired / unpaired;
    const how = classes[ratio <= 0.5 ? 0 : ratio < 0.9 ? 1 : ratio <= 1.1 ? 2 : 3];
    return [{ name, how, numbers: `standard error of the change in ${name}: ${(100 * paired).toFixed(2)} points on average, against ${(100 * unpaired).toFixed(2)} if the points had independent draws` }];
  });
  if (gains.length === 0) return "no change shown here has a Monte Carlo error for pairing to narrow (each share is 0 or 1 at both points, or no draw is paired)";
  const parts = classes.flatMap((how) => {
    const these = gains.filter((g) => g.how === how);
    if (these.length === 0) return [];
    const which = these.length === gains.length ? "a change between points" : `a change in ${these.map((g) => g.name).join(", ")}`;
    const suggest = how === "about as precisely as" ? "independent draws would measure it" : "the separate intervals suggest";
    return [`${which} is measured ${how} ${suggest} (${these[0].numbers})`];
  });
  return parts.join("; ");
}

/** The human summary of a sweep: one row per point, every line within the width (80 by default). */
export function formatSweepTable(r: SweepResult, opts: SweepTableOptions = {}): string {
  const W = opts.width ?? DEFAULT_WIDTH;
  const lines = headerLines(r, opts, W);
  const text = valueTexts(r);
  const keys: Column[] = r.swept.map((a) => ({ head: ["", a.name], cells: r.points.map((p) => text(a.name, p.values[a.name])) }));
  const conditional = new Set<string>();
  lines.push(...blocks(keys, outputColumns(r, conditional), W));
  lines.push(...outputNotes(r, conditional, W));
  for (const note of opts.pastHorizon ?? []) lines.push(...wrap(note, W));
  lines.push(...pairedLines(r, conditional, W));
  lines.push("");
  const failures = r.points.filter((p) => p.failed > 0);
  lines.push(...wrap(`Failed draws: ${r.failed}${failures.length > 0 ? ` (at ${failures.length} of ${r.points.length} points; not summarised)` : ""}`, W));
  if (opts.command) lines.push(...commandLines("Reproduce:", opts.command, W));
  return lines.join("\n") + "\n";
}
