/**
 * The terminal summary of a run: headline probabilities with 95% intervals,
 * quantiles of the continuous outputs, failed draws, a text histogram and
 * the command that reproduces the run. Fits in 80 columns.
 */
import type { CompiledModel } from "../model/types.js";
import type { SimulationResult } from "../engine/simulate.js";
import type { RunResult } from "../analysis/result.js";

const pct = (x: number) => (Number.isNaN(x) ? "—" : `${(100 * x).toFixed(1)}%`);
const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : " ".repeat(n - s.length) + s);

/** A number with 3–4 significant figures, compact. */
export function num(x: number): string {
  if (Number.isNaN(x)) return "—";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "-∞";
  const a = Math.abs(x);
  if (a >= 1e5) return exponential(x);
  if (a >= 1000) return x.toFixed(0);
  if (a >= 100) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  if (a === 0) return "0";
  if (a >= 0.001) return x.toFixed(3);
  return exponential(x);
}

/** x in at most 7 characters: "1.2e60", "-3e254", "2.5e-7", so a column 8 wide keeps a space. */
function exponential(x: number): string {
  const s = x.toExponential(1).replace("e+", "e");
  return s.length <= 7 ? s : x.toExponential(0).replace("e+", "e");
}

function label(model: CompiledModel, name: string, width: number): string {
  const o = model.outputs.find((x) => x.name === name);
  const unit = o?.unit ? ` (${o.unit})` : "";
  const s = `${name}${unit}`;
  return s.length > width ? s.slice(0, width - 1) + "…" : s;
}

export interface TableOptions {
  command: string;
  histogram?: string;
}

/** The human summary of a run. */
export function formatRunTable(sim: SimulationResult, result: RunResult, opts: TableOptions): string {
  const m = sim.model;
  const lines: string[] = [];
  const ok = result.samples - result.failed;
  lines.push(`rsi-sim ${result.version} · model ${m.name} · ${result.samples.toLocaleString("en-US")} draws · seed ${result.seed}`);
  const fixed = Object.entries(result.parameters).filter(([, v]) => typeof v === "number");
  const shown = fixed.filter(([k]) => k === "ratio");
  if (shown.length) lines.push(shown.map(([k, v]) => `${k} ${v}${k === "ratio" ? ":1 (capability:safety funding)" : ""}`).join(" · "));
  else if (typeof result.parameters.ratio === "string") lines.push(`ratio ~ ${result.parameters.ratio} (capability:safety funding, uncertain)`);
  const chance = Object.entries(result.chance ?? {});
  if (chance.length) lines.push(`chance, drawn afresh in each world: ${chance.map(([k, d]) => `${k} ~ ${d}`).join(" · ")}`);
  lines.push("");

  // probabilities
  const binaries = m.outputs.filter((o) => o.kind === "binary");
  if (binaries.length > 0) {
    lines.push(`${pad("Probabilities", 40)}${lpad("P", 7)}  ${pad("95% interval", 17)}${lpad("of", 8)}`);
    for (const o of binaries) {
      const s = result.outputs[o.name];
      let p = s.p ?? NaN;
      let ci = s.ci ?? [NaN, NaN];
      let of = ok;
      if (s.missing > 0) {
        // defined only on some draws (e.g. among losses of control): share of those
        p = s.p_defined ?? NaN;
        ci = s.ci_defined ?? [NaN, NaN];
        of = s.n;
      }
      const desc = o.description ? o.description : o.name;
      const name = pad(`${o.name}`, 18);
      const d = desc.length > 21 ? desc.slice(0, 20) + "…" : desc;
      lines.push(`  ${name}${pad(d, 22)}${lpad(pct(p), 6)}  ${pad(`[${pct(ci[0])}, ${pct(ci[1])}]`, 17)}${lpad(of.toLocaleString("en-US"), 8)}`);
    }
    lines.push("");
  }

  // distributions
  const conts = m.outputs.filter((o) => o.kind === "continuous");
  if (conts.length > 0) {
    lines.push(`${pad("Distributions", 30)}${["p5", "p25", "p50", "p75", "p95"].map((q) => lpad(q, 8)).join("")}${lpad("undef", 8)}`);
    for (const o of conts) {
      const s = result.outputs[o.name];
      const q = s.quantiles;
      lines.push(
        `  ${pad(label(m, o.name, 28), 28)}${[q.p5, q.p25, q.p50, q.p75, q.p95].map((x) => lpad(num(x), 8)).join("")}${lpad(ok > 0 ? pct(s.missing / ok) : "—", 8)}`,
      );
    }
    lines.push("  (undef: share of draws where it is undefined, e.g. milestone not reached)");
    lines.push("");
  }
  lines.push(...nonFiniteLines(m, result, ok));

  lines.push(`Failed draws: ${result.failed}${result.failed > 0 ? ` (${Object.entries(result.failures).map(([k, v]) => `${k}: ${v}`).join("; ")})` : ""}`);
  const hist = opts.histogram && sim.table.columns[opts.histogram] ? opts.histogram : undefined;
  if (hist) {
    lines.push("");
    lines.push(...textHistogram(sim.table.columns[hist], `${label(m, hist, 40)}, draws where defined`));
  }
  if (opts.command) lines.push("", `Reproduce: ${opts.command}`);
  return lines.join("\n") + "\n";
}

/** What the non-finite kinds mean, for the lines under the table. */
const NON_FINITE_WHY: Record<string, string> = {
  "+Infinity": "+Infinity (overflow)",
  "-Infinity": "-Infinity (overflow)",
  NaN: "NaN (domain error)",
};

/**
 * A block naming each output with non-finite values in some draws, with
 * their shares by kind (they count as undefined and are left out of the
 * quantiles); nothing when there are none.
 * @example "  x: 17.0% of draws +Infinity (overflow)"
 */
export function nonFiniteLines(model: CompiledModel, result: RunResult, ok: number): string[] {
  const lines: string[] = [];
  for (const o of model.outputs) {
    const nf = result.outputs[o.name]?.nonfinite;
    if (!nf) continue;
    const parts = Object.entries(nf).map(([kind, k]) => `${ok > 0 ? pct(k / ok) : "—"} of draws ${NON_FINITE_WHY[kind] ?? kind}`);
    lines.push(`  ${o.name}: ${parts.join(", ")}`);
  }
  if (lines.length === 0) return [];
  return [
    "Non-finite values (counted as undefined, left out of means and quantiles):",
    ...lines,
    "  (overflow: beyond ±1.8e308, e.g. exp(1000); domain error: a function outside",
    "  its domain in the output's expression, e.g. ln of a negative number, 0/0)",
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
