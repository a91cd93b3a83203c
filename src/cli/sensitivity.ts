/**
 * `rsi-sim sensitivity`: global sensitivity analysis of a model's outputs
 * to its uncertain parameters (Sobol' indices, Morris screening, a
 * one-at-a-time tornado), as a table or JSON ("rsi-sim.sensitivity/1").
 * A design can be written for running elsewhere (--write-design) and its
 * results analysed later (--analyze DESIGN --results FILE).
 *
 * main.ts dispatches `rsi-sim sensitivity …` here; a UserError thrown here
 * is printed as one line and exits 2 there.
 */
import { progressBar } from "./progress.js";
import { readFileSync } from "node:fs";
import yargs from "yargs";
import { loadModelFast } from "../model/cache.js";
import { UserError } from "../core/errors.js";
import { didYouMean } from "../core/suggest.js";
import {
  DEFAULT_SOBOL_N,
  DEFAULT_TRAJECTORIES,
  METHODS,
  REST,
  analyzeDesign,
  analysedOutputs,
  buildDesign,
  designSha256,
  evaluateDesignParallel,
  parseResults,
  readDesign,
  sensitivityJSON,
  writeDesign,
  type Method,
  type OutputSensitivity,
  type SensitivityOptions,
  type SensitivityResult,
} from "../analysis/sensitivity.js";
import { resolveWorkers } from "../parallel/parallel.js";
import { defaultShardFile, rangeText, resolveShard, sensitivityShardText, shardRange } from "../parallel/shard.js";
import { checkShardOutput, commonOptions, parameterSettings, quoteArg, shardOptions, withoutPlumbing } from "./main.js";
import { writeAtomic } from "../core/atomic.js";
import { sensitivityReportHtml } from "../report/sensitivity.js";

export interface SensitivityIo {
  stdout(s: string): void;
  stderr(s: string): void;
  isTTY: boolean;
}

const DEFAULT_MODEL = "rsi-core";
const WIDTH = 80;

const USAGE = `rsi-sim sensitivity [--model M] --method sobol|morris|oat [options]
rsi-sim sensitivity --analyze DESIGN --results FILE [options]

Which uncertain parameters drive a model's outputs. For each output (default:
the model's headline outputs) and each factor (default: every uncertain
parameter), with bootstrap intervals:
  sobol   first-order S1 and total ST Sobol' indices: the share of the output's
          variance due to the factor alone, and with all its interactions
          (Saltelli 2010, Jansen 1999; N·(k + 3) runs for k factors)
  morris  elementary effects: μ* (importance), μ, σ (nonlinearity and
          interactions) over r trajectories (Morris 1991; r·(k + 1) runs)
  oat     tornado: each factor at its prior's 5th and 95th percentiles, the
          others at their medians (or sampled: --others prior)
See docs/sensitivity.md.

Examples:
  rsi-sim sensitivity --method sobol --samples 1024
  rsi-sim sensitivity --method morris --trajectories 50 --outputs loc
  rsi-sim sensitivity --method oat --params gamma,r_safe,h_max --format json
  rsi-sim sensitivity --method sobol --write-design d.json
  rsi-sim sensitivity --analyze d.json --results outputs.csv
  rsi-sim sensitivity --method sobol --samples 8192 --shard 3/8 --out s3.json
  rsi-sim merge s*.json --format table`;

const FLAGS = [
  "model",
  "method",
  "params",
  "outputs",
  "samples",
  "seed",
  "resamples",
  "conf-level",
  "trajectories",
  "levels",
  "others",
  "draw-layout",
  "set",
  "format",
  "out",
  "html",
  "write-design",
  "analyze",
  "results",
  "workers",
  "shard",
  "shards",
  "progress",
  "help",
];

/** Run `rsi-sim sensitivity` with the arguments after the command word; returns the exit status. */
export async function sensitivityCommand(argv: string[], io: SensitivityIo): Promise<number> {
  const y = yargs(argv)
    .scriptName("rsi-sim sensitivity")
    .exitProcess(false)
    .strictOptions()
    .version(false)
    .help(false)
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .usage(USAGE)
    .fail((msg: string, err: Error) => {
      if (err) throw err;
      const m = /^Unknown arguments?: (.*)$/.exec(msg ?? "");
      if (m) {
        const flag = m[1].split(", ")[0];
        const hint = didYouMean(flag, FLAGS);
        throw new UserError("", `unknown flag --${flag}${hint ? ` (did you mean --${hint}?)` : ""}; see rsi-sim sensitivity --help`);
      }
      throw new UserError("", msg);
    })
    .option("model", { type: "string", describe: `a model file or shipped model name (default ${DEFAULT_MODEL})`, group: "Analysis:" })
    .option("method", { type: "string", describe: "sobol, morris or oat", group: "Analysis:" })
    .option("params", { type: "string", describe: "factors, comma-separated (default: every uncertain parameter)", group: "Analysis:" })
    .option("outputs", { type: "string", describe: "outputs, comma-separated (default: the headline outputs)", group: "Analysis:" })
    .option("samples", { type: "string", describe: `sobol: base rows N, a power of two (default ${DEFAULT_SOBOL_N}); oat: draws per point`, group: "Analysis:" })
    .option("seed", { type: "string", describe: "random seed, 0 … 4294967295 (default 1)", group: "Analysis:" })
    .option("resamples", { type: "string", describe: "bootstrap resamples (default 1000)", group: "Analysis:" })
    .option("conf-level", { type: "string", describe: "confidence level of the intervals (default 0.95)", group: "Analysis:" })
    .option("trajectories", { type: "string", describe: `morris: trajectories r (default ${DEFAULT_TRAJECTORIES})`, group: "Analysis:" })
    .option("levels", { type: "string", describe: "morris: levels p, even (default 4)", group: "Analysis:" })
    .option("others", { type: "string", describe: "oat: the other factors at their medians (default) or sampled from their priors: medians|prior", group: "Analysis:" })
    .option("draw-layout", { type: "string", describe: "sobol: independent (default) or shared draws for the B rows (docs/sensitivity.md)", group: "Analysis:" })
    .option("set", { type: "string", array: true, describe: 'set a parameter for the analysis: name=value fixes it, name="distribution" replaces its prior (repeatable)', group: "Analysis:" })
    .option("format", { type: "string", describe: "table or json (default: table, or json for --out *.json)", group: "Output:" })
    .option("write-design", { type: "string", describe: "write the design (JSON) to this file and stop, without running the model", group: "Output:" })
    .option("analyze", { type: "string", describe: "analyse a design file written by --write-design ...", group: "Saved designs:" })
    .option("results", { type: "string", describe: "... with its outputs: CSV (a column per output, a row per design row) or JSON", group: "Saved designs:" })
    .options(commonOptions("the model runs", "Analysis:"))
    .options(shardOptions("the design's rows", "this analysis's", "Analysis:"))
    .option("help", { type: "boolean", alias: "h", describe: "show this help" });
  const args = (await y.parseAsync()) as Record<string, unknown>;
  if (args.help) {
    io.stdout((await y.getHelp()) + "\n");
    return 0;
  }
  const positional = (args._ as unknown[]).map(String);
  if (positional.length > 0) throw new UserError("", `unexpected argument "${positional[0]}"; see rsi-sim sensitivity --help`);

  const str = (name: string): string | undefined => {
    const v = args[name];
    if (v === undefined) return undefined;
    if (Array.isArray(v)) throw new UserError(`--${name}`, "given more than once");
    return String(v);
  };
  const list = (name: string): string[] | undefined => {
    const v = args[name];
    if (v === undefined) return undefined;
    const items = (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(",")).map((s) => s.trim()).filter(Boolean);
    if (items.length === 0) throw new UserError(`--${name}`, "give at least one name");
    return items;
  };
  const resamples = intFlag("--resamples", str("resamples"), 1000, 20);
  const confLevel = confFlag(str("conf-level"));
  const outFile = str("out");
  const formatText = str("format");
  if (formatText !== undefined && formatText !== "table" && formatText !== "json") {
    throw new UserError("--format", `must be table or json, got "${formatText}"`);
  }
  const format = formatText ?? (outFile?.endsWith(".json") ? "json" : "table");

  // ---- analyse a saved design ----
  const analyzeFile = str("analyze");
  const resultsFile = str("results");
  const shardText = str("shard");
  const shardsText = str("shards");
  if (shardsText !== undefined && shardText === undefined) throw new UserError("--shards", "goes with --shard auto");
  if (shardText !== undefined) {
    if (analyzeFile !== undefined) throw new UserError("--shard", "does not apply to --analyze: shard the runs of a design (--method … --shard K/N), then join them with rsi-sim merge");
    if (args["write-design"] !== undefined) throw new UserError("--shard", "does not apply to --write-design, which runs no model: shard the runs (--method … --shard K/N) or run the written design elsewhere");
    checkShardOutput(args);
  }
  if (resultsFile !== undefined && analyzeFile === undefined) throw new UserError("--results", "goes with --analyze DESIGN");
  if (analyzeFile !== undefined) {
    if (resultsFile === undefined) throw new UserError("--analyze", "needs --results FILE, the outputs of the design's runs");
    for (const f of ["write-design", "workers", "samples", "seed", "trajectories", "levels", "others", "draw-layout", "set", "params"]) {
      if (args[f] !== undefined) throw new UserError(`--${f}`, "has no effect with --analyze: the design fixes it");
    }
    const design = readDesign(analyzeFile);
    const method = str("method");
    if (method !== undefined && method !== design.method) throw new UserError("--method", `is ${method}, but ${analyzeFile} is a ${design.method} design`);
    const model = str("model");
    if (model !== undefined && model !== design.model.name && model !== design.model.file) {
      throw new UserError("--model", `is ${model}, but ${analyzeFile} was made for ${design.model.name}`);
    }
    let text: string;
    try {
      text = readFileSync(resultsFile, "utf8");
    } catch (err) {
      throw new UserError(resultsFile, `cannot read the results (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    const table = parseResults(text, resultsFile);
    if (table.rows !== design.rows) throw new UserError(resultsFile, `has ${table.rows} rows; the design ${analyzeFile} has ${design.rows}`);
    const t0 = performance.now();
    const result = analyzeDesign(design, table, { outputs: list("outputs"), resamples, confLevel });
    const command = ["rsi-sim", "sensitivity", ...argv.filter((a) => a !== "--no-progress").map(quoteArg)].join(" ");
    emit(io, format, outFile, result, command, str("html"));
    io.stderr(`rsi-sim: analysed ${fmtInt(design.rows)} runs in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    return 0;
  }

  // ---- build, run, analyse ----
  const methodText = str("method");
  if (methodText === undefined) throw new UserError("--method", "is required: sobol, morris or oat");
  if (!METHODS.includes(methodText as Method)) {
    const hint = didYouMean(methodText, METHODS);
    throw new UserError("--method", `unknown method "${methodText}"${hint ? ` (did you mean "${hint}"?)` : ""}; choose sobol, morris or oat`);
  }
  const method = methodText as Method;
  const only: Record<string, Method> = { trajectories: "morris", levels: "morris", others: "oat", "draw-layout": "sobol" };
  for (const [flag, m] of Object.entries(only)) {
    if (args[flag] !== undefined && method !== m) throw new UserError(`--${flag}`, `applies to --method ${m}, not ${method}`);
  }
  if (method === "morris" && args.samples !== undefined) throw new UserError("--samples", "does not apply to --method morris; give --trajectories");
  const model = await loadModelFast(str("model") ?? DEFAULT_MODEL);
  const overrides = parameterSettings(model, { set: args.set });
  const seed = intFlag("--seed", str("seed"), 1, 0);
  if (seed >= 2 ** 32) throw new UserError("--seed", `must be below 4294967296, got ${seed}`);
  const opts: SensitivityOptions = {
    method,
    params: list("params"),
    outputs: list("outputs"),
    seed,
    resamples,
    confLevel,
    overrides,
  };
  if (method === "sobol") {
    opts.N = intFlag("--samples", str("samples"), DEFAULT_SOBOL_N, 1);
    if (opts.N < 16) throw new UserError("--samples", `too few for Sobol' indices: need at least 16 base rows (1024 or more is usual), got ${opts.N}`);
    const layout = str("draw-layout");
    if (layout !== undefined && layout !== "independent" && layout !== "shared") throw new UserError("--draw-layout", `must be independent or shared, got "${layout}"`);
    opts.drawLayout = layout as SensitivityOptions["drawLayout"];
  } else if (method === "morris") {
    opts.trajectories = intFlag("--trajectories", str("trajectories"), DEFAULT_TRAJECTORIES, 1);
    if (opts.trajectories < 2) throw new UserError("--trajectories", `too few for Morris screening: need at least 2 (10 or more is usual), got ${opts.trajectories}`);
    opts.levels = intFlag("--levels", str("levels"), 4, 2);
    if (opts.levels % 2 !== 0) throw new UserError("--levels", `must be even, got ${opts.levels}`);
  } else {
    const s = str("samples");
    if (s !== undefined) opts.N = intFlag("--samples", s, 1, 1);
    const others = str("others");
    if (others !== undefined && others !== "medians" && others !== "prior") throw new UserError("--others", `must be medians or prior, got "${others}"`);
    opts.others = others as SensitivityOptions["others"];
  }
  const design = buildDesign(model, opts);

  const designFile = str("write-design");
  if (designFile !== undefined) {
    writeDesign(designFile, design);
    io.stderr(`rsi-sim: wrote ${designFile}: ${design.method} design, ${fmtInt(design.rows)} rows × ${design.factors.length} factors; run it and analyse with\n  rsi-sim sensitivity --analyze ${quoteArg(designFile)} --results OUTPUTS.csv\n`);
    return 0;
  }

  const command = reproduceCommand(argv, method, design.seed, design.N);
  const workers = resolveWorkers(str("workers") ?? "auto");
  if (shardText !== undefined) {
    const spec = resolveShard(shardText, shardsText);
    const range = shardRange(spec, design.rows);
    const bar = progressBar(io, args.progress !== false, "rsi-sim", "runs");
    const t0 = performance.now();
    const part = await evaluateDesignParallel(model, design, { overrides, onProgress: bar.update, workers, rows: range });
    bar.stop();
    const file = outFile ?? defaultShardFile("sensitivity", spec);
    const { onProgress: _, ...shardOptions } = opts;
    writeAtomic(
      file,
      sensitivityShardText(model, shardOptions, { resamples, confLevel }, { sha256: designSha256(design), rows: design.rows }, part, analysedOutputs(design, opts.outputs), spec, range, command),
    );
    io.stderr(
      `rsi-sim: wrote shard ${spec.index}/${spec.count} of the ${design.method} design (${rangeText("rows", range)} of ${fmtInt(design.rows)}, ${((performance.now() - t0) / 1000).toFixed(1)} s) to ${file}\n`,
    );
    return 0;
  }
  const bar = progressBar(io, args.progress !== false, "rsi-sim", "runs");
  const t0 = performance.now();
  const table = await evaluateDesignParallel(model, design, { overrides, onProgress: bar.update, workers });
  bar.stop();
  const t1 = performance.now();
  const result = analyzeDesign(design, table, { outputs: opts.outputs, resamples, confLevel });
  const t2 = performance.now();
  emit(io, format, outFile, result, command, str("html"));
  io.stderr(`rsi-sim: ${fmtInt(design.rows)} runs in ${((t1 - t0) / 1000).toFixed(1)} s, analysis in ${((t2 - t1) / 1000).toFixed(1)} s\n`);
  return 0;
}

/** The result as JSON or as the table, with its command (the command's output, and rsi-sim merge's). */
export function sensitivityText(format: string, result: SensitivityResult, command: string): string {
  return format === "json" ? sensitivityJSON({ ...result, command } as SensitivityResult) : formatSensitivityTable(result, command);
}

function emit(io: SensitivityIo, format: string, outFile: string | undefined, result: SensitivityResult, command: string, html?: string): void {
  if (html) {
    writeAtomic(html, sensitivityReportHtml({ ...result, command }));
    io.stderr(`rsi-sim: wrote ${html}\n`);
  }
  const text = sensitivityText(format, result, command);
  if (outFile) {
    writeAtomic(outFile, text);
    io.stderr(`rsi-sim: wrote ${outFile}\n`);
  } else {
    io.stdout(text);
  }
}

// ---------------------------------------------------------------------------
// Flags
// ---------------------------------------------------------------------------

function intFlag(flag: string, text: string | undefined, dflt: number, min: number): number {
  if (text === undefined) return dflt;
  const t = text.trim();
  const v = Number(t);
  if (!/^\d+$/.test(t) || !Number.isSafeInteger(v) || v < min) {
    throw new UserError(flag, `must be ${min <= 0 ? "a non-negative integer" : min === 1 ? "a positive integer" : `an integer of at least ${min}`}, got "${text}"`);
  }
  return v;
}

function confFlag(text: string | undefined): number {
  if (text === undefined) return 0.95;
  const v = Number(text.trim());
  if (text.trim() === "" || !(v > 0 && v < 1)) throw new UserError("--conf-level", `must be a number between 0 and 1 (e.g. 0.95), got "${text}"`);
  return v;
}

/**
 * The command that reproduces the analysis's numbers: the arguments without
 * output, thread, shard and progress flags (the same for the single command
 * and its shards), with the seed and size made explicit.
 */
function reproduceCommand(argv: string[], method: Method, seed: number, N: number): string {
  const parts = ["rsi-sim", "sensitivity", ...withoutPlumbing(argv).map(quoteArg)];
  const has = (f: string) => argv.some((a) => a === f || a.startsWith(`${f}=`));
  if (!has("--seed")) parts.push("--seed", String(seed));
  const sizeFlag = method === "morris" ? "--trajectories" : "--samples";
  if (!has(sizeFlag)) parts.push(sizeFlag, String(N));
  return parts.join(" ");
}


// ---------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------

const fmtInt = (n: number) => n.toLocaleString("en-US");
const idx = (x: number) => {
  if (!Number.isFinite(x)) return "n/a";
  const t = x.toFixed(3);
  return t === "-0.000" ? "0.000" : t;
};
const ciText = (c: [number, number] | null, f: (x: number) => string) => (c && Number.isFinite(c[0]) ? `[${f(c[0])}, ${f(c[1])}]` : "");

/** Three significant digits, exponent form for very large or small numbers. */
function num(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "n/a" : x > 0 ? "inf" : "-inf";
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(1);
  return x.toPrecision(3);
}

function wrap(text: string, first: string, rest: string, width = WIDTH): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const w of words) {
    if (!empty && line.length + 1 + w.length > width) {
      lines.push(line);
      line = rest + w;
    } else {
      line += (empty ? "" : " ") + w;
    }
    empty = false;
  }
  lines.push(line);
  return lines.map((l) => (l.length > width ? l.slice(0, width - 1) + "…" : l));
}

const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + "…" : s);

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
  } else {
    const others = (r.design as { others?: string }).others === "prior" ? "sampled from their priors" : "at their medians";
    L.push(`each factor at its prior's p5 and p95, the others ${others}`);
    L.push(`${fmtInt(r.N)} draw${r.N === 1 ? "" : "s"} per point · ${fmtInt(r.runs)} runs (${fmtInt(r.failed)} failed) · ${k} factors${r.N > 1 ? ` · ${pct} intervals` : ""}`);
  }
  for (const [name, o] of Object.entries(r.outputs)) {
    L.push("");
    L.push(clip(`${name}${o.description ? `: ${o.description}` : ""}`, WIDTH));
    if (o.sobol) sobolLines(o, pct, L);
    else if (o.morris) morrisLines(o, pct, L);
    else if (o.oat) oatLines(o, pct, L);
    for (const w of o.warnings) L.push(...wrap(w, "  ! ", "    "));
  }
  if (r.notes.length > 0) {
    L.push("");
    L.push("Notes");
    for (const n of r.notes) L.push(...wrap(n, "  - ", "    "));
  }
  if (command) {
    L.push("");
    L.push(...wrap(command, "Reproduce: ", "  "));
  }
  return L.join("\n") + "\n";
}

function nameWidth(names: string[]): number {
  return Math.min(18, Math.max(6, ...names.map((n) => n.length)));
}

function sobolLines(o: OutputSensitivity, pct: string, L: string[]): void {
  const s = o.sobol!;
  const ix = [...s.indices].sort((a, b) => (Number.isNaN(b.ST) ? -1 : Number.isNaN(a.ST) ? 1 : b.ST - a.ST));
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
  const ix = [...m.indices].sort((a, b) => (Number.isNaN(b.muStar) ? -1 : Number.isNaN(a.muStar) ? 1 : b.muStar - a.muStar));
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
