/**
 * The terminal table of a sensitivity analysis: per output, the factors by
 * importance with their intervals (Sobol S1/ST, Morris μ*, the tornado's
 * swing), warnings and notes, in 80 columns.
 */
import { clip, groupDigits as fmtInt, wrap, ZERO } from "./text.js";
import { REST, sensitivityJSON, type Method, type OutputSensitivity, type SensitivityResult } from "../analysis/sensitivity.js";

const WIDTH = 80;

/** The result as JSON or as the table, with its command (the command's output, and rsi-sim merge's). */
export function sensitivityText(format: string, result: SensitivityResult, command: string): string {
  return format === "json" ? sensitivityJSON({ ...result, command } as SensitivityResult) : formatSensitivityTable(result, command);
}

// ---------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------

const idx = (x: number) => {
  if (!Number.isFinite(x)) return "n/a";
  const t = x.toFixed(3);
  return t === "-0.000" ? "0.000" : t;
};
/** An interval: "" where there is none (null), "n/a" where it is undefined (an undefined index has no interval). */
const ciText = (c: [number, number] | null, f: (x: number) => string) => (!c ? "" : Number.isFinite(c[0]) && Number.isFinite(c[1]) ? `[${f(c[0])}, ${f(c[1])}]` : "n/a");

/** Order of a sort by a value, largest first, undefined last; ties (and two undefined) keep the factors' order. */
const largestFirst = (a: number, b: number) => (Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : Number.isNaN(b) ? -1 : b - a);

/**
 * Three significant digits, exponent form for very large or small numbers;
 * 0 within 1e-12 of 0 (rounding noise). From 1000 to 1e5 (calendar years
 * among them: 2031.4, not 2.03e+3) one decimal.
 */
function num(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "n/a" : x > 0 ? "inf" : "-inf";
  if (Math.abs(x) < ZERO) return "0";
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(1);
  if (a >= 1000) return x.toFixed(1);
  return x.toPrecision(3);
}

const METHOD_TITLE: Record<Method, string> = {
  sobol: "Sobol' indices",
  morris: "Morris elementary effects",
  oat: "one at a time (tornado)",
};

/** The result as an 80-column table: per output, factors by importance, intervals, warnings; then notes. */
export function formatSensitivityTable(r: SensitivityResult, command?: string): string {
  const L: string[] = [];
  const pct = `${Math.round(r.confLevel * 1000) / 10}%`;
  const k = r.factors.length;
  L.push(clip(`rsi-sim sensitivity · ${r.model.name} · ${METHOD_TITLE[r.method]} · seed ${r.seed}`, WIDTH));
  if (r.method === "sobol") {
    L.push(`N = ${fmtInt(r.N)} base rows · ${fmtInt(r.runs)} runs (${fmtInt(r.failed)} failed) · ${k} factors${r.rest.analysed ? ` + ${REST}` : ""}`);
    L.push(`${pct} bootstrap percentile intervals, ${fmtInt(r.resamples)} resamples`);
  } else if (r.method === "morris") {
    const levels = Number((r.design as { levels?: number }).levels ?? 4);
    L.push(`${fmtInt(r.N)} trajectories · ${levels} levels · ${fmtInt(r.runs)} runs (${fmtInt(r.failed)} failed) · ${k} factors`);
    L.push(`μ* with ${pct} bootstrap percentile intervals, ${fmtInt(r.resamples)} resamples`);
    // a μ* of 1.05 for a probability looked wrong without its unit
    L.push(...wrap("μ*, μ, σ: of the elementary effects, in the output's units per half of a factor's probability mass (one step moves it by 1/2 in quantile)", WIDTH));
  } else {
    // "the others" are every uncertain parameter but the one moved, factors or not (design.ts, oatLayout)
    const others = (r.design as { others?: string }).others === "prior" ? "all others drawn from their priors" : "all other parameters at their medians";
    L.push(`each factor at its prior's p5 and p95, ${others}`);
    L.push(`${fmtInt(r.N)} draw${r.N === 1 ? "" : "s"} per point · ${fmtInt(r.runs)} runs (${fmtInt(r.failed)} failed) · ${k} factors${r.N > 1 ? ` · ${pct} intervals` : ""}`);
  }
  if (r.level === "probability") L.push(`probability level: a point's value is its mean over ${fmtInt(r.inner ?? 1)} chance draws`);
  for (const [name, o] of Object.entries(r.outputs)) {
    L.push("");
    L.push(clip(`${r.level === "probability" ? levelName(name, o.kind) : name}${o.description ? `: ${o.description}` : ""}`, WIDTH));
    if (o.innerNoise) L.push(`  inner Monte Carlo noise: ${(100 * o.innerNoise.share).toFixed(1)}% of the variance across the design`);
    if (o.sobol) sobolLines(o, pct, L);
    else if (o.morris) morrisLines(o, pct, L);
    else if (o.oat) oatLines(o, pct, L);
    for (const w of o.warnings) L.push(...wrap(w, WIDTH, "  ! ", "    "));
  }
  if (r.notes.length > 0) {
    L.push("");
    L.push("Notes");
    for (const n of r.notes) L.push(...wrap(n, WIDTH, "  - ", "    "));
  }
  if (command) {
    L.push("");
    L.push(...wrap(command, WIDTH, "Reproduce: ", "  "));
  }
  return L.join("\n") + "\n";
}

/** What is analysed at the probability level: P(name) for a 0/1 output, E[name] otherwise. */
function levelName(name: string, kind: OutputSensitivity["kind"]): string {
  if (name.startsWith("defined(")) return `P(${name})`;
  return kind === "binary" ? `P(${name})` : `E[${name}]`;
}

function nameWidth(names: string[]): number {
  return Math.min(18, Math.max(6, ...names.map((n) => n.length)));
}

function sobolLines(o: OutputSensitivity, pct: string, L: string[]): void {
  const s = o.sobol!;
  const ix = [...s.indices].sort((a, b) => largestFirst(a.ST, b.ST));
  const W = nameWidth(ix.map((x) => x.name));
  const rowsUsed = ix.map((x) => x.rows);
  const lo = Math.min(...rowsUsed);
  const hi = Math.max(...rowsUsed);
  if (lo < s.N) L.push(`  base rows used per factor: ${lo === hi ? fmtInt(lo) : `${fmtInt(lo)}–${fmtInt(hi)}`} of ${fmtInt(s.N)}`);
  L.push(`  ${"factor".padEnd(W)}  ${"S1".padStart(7)}  ${`[${pct} interval]`.padEnd(16)}  ${"ST".padStart(6)}  [${pct} interval]`);
  for (const x of ix) {
    L.push(`  ${clip(x.name, W).padEnd(W)}  ${idx(x.S1).padStart(7)}  ${ciText(x.S1_ci, idx).padEnd(16)}  ${idx(x.ST).padStart(6)}  ${ciText(x.ST_ci, idx)}`);
  }
  // convergence of the leading factors' ST over the first rows of the design
  const conv = s.convergence;
  if (conv.length > 1 && ix.length > 0) {
    const order = ix.slice(0, 3).map((x) => s.indices.indexOf(x));
    const head = "  ST from the first n base rows:";
    const LW = Math.max(4 + W, head.length + 1);
    L.push(head.padEnd(LW) + conv.map((c) => `n=${c.N}`.padStart(9)).join(""));
    for (const i of order) L.push(`    ${clip(s.indices[i].name, W)}`.padEnd(LW) + conv.map((c) => idx(c.ST[i]).padStart(9)).join(""));
  }
}

function morrisLines(o: OutputSensitivity, pct: string, L: string[]): void {
  const m = o.morris!;
  const ix = [...m.indices].sort((a, b) => largestFirst(a.muStar, b.muStar));
  const W = nameWidth(ix.map((x) => x.name));
  L.push(`  ${"factor".padEnd(W)}  ${"μ*".padStart(8)}  ${`[${pct} interval]`.padEnd(20)}  ${"μ".padStart(8)}  ${"σ".padStart(8)}`);
  for (const x of ix) {
    L.push(`  ${clip(x.name, W).padEnd(W)}  ${num(x.muStar).padStart(8)}  ${ciText(x.muStar_ci, num).padEnd(20)}  ${num(x.mu).padStart(8)}  ${num(x.sigma).padStart(8)}`);
  }
}

function oatLines(o: OutputSensitivity, pct: string, L: string[]): void {
  const t = o.oat!;
  L.push(`  at the base point${t.others === "prior" ? " (all sampled)" : " (all at medians)"}: ${num(t.base)}`);
  const W = nameWidth(t.rows.map((x) => x.name));
  const withCi = t.rows.some((x) => x.delta_ci);
  L.push(`  ${"factor".padEnd(W)}  ${"at p5".padStart(8)}  ${"at p95".padStart(8)}  ${"p95 − p5".padStart(9)}${withCi ? `  [${pct} interval]` : ""}`);
  for (const x of t.rows) {
    L.push(`  ${clip(x.name, W).padEnd(W)}  ${num(x.low).padStart(8)}  ${num(x.high).padStart(8)}  ${num(x.delta).padStart(9)}${withCi ? `  ${ciText(x.delta_ci, num)}` : ""}`);
  }
  L.push("  (sorted by the size of p95 − p5, the swing)");
}
