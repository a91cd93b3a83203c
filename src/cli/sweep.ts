/**
 * `rsi-sim sweep PARAM (--values LIST | --range LO:HI [--log] [--points N])
 * [--param2 P2 (--values2 LIST | --range2 LO:HI [--log2] [--points2 N])]`:
 * run a model at each value of a parameter (or each cell of a two-parameter
 * grid) with the same seed, so the points share their draws, and print a
 * table, the sweep JSON (docs/sweep-json.md) or a CSV with one row per point.
 *
 * Mistakes throw a UserError (one line; the CLI exits 2 and writes nothing).
 */
import { resolveWorkers } from "../parallel/parallel.js";
import { defaultShardFile, rangeText, resolveShard, shardRange, sweepShardPoint, sweepShardText, type SweepShardPoint } from "../parallel/shard.js";
import { progressBar } from "./progress.js";
import yargs from "yargs";
import { loadModelFast } from "../model/cache.js";
import { UserError } from "../core/errors.js";
import type { CompiledModel } from "../model/types.js";
import { didYouMean } from "../core/suggest.js";
import type { ParameterSetting } from "../sampling/sampler.js";
import { resultJSON } from "../analysis/result.js";
import { wilson } from "../analysis/stats.js";
import {
  checkValues,
  findParameter,
  linearValues,
  logValues,
  parseNumber,
  parseRange,
  parseValueList,
  resolveOutputs,
  sweepParallel,
  sweepCSV,
  type SweepResult,
} from "../analysis/sweep.js";
import { DEFAULT_MODEL, DEFAULT_SEED, checkShardOutput, commonOptions, flagName, parameterSettings, peekModel, reproduceCommand as runReproduceCommand, shardOptions } from "./main.js";
import { writeAtomic } from "../core/atomic.js";

export const DEFAULT_SWEEP_SAMPLES = 2000;
export const DEFAULT_POINTS = 11;

export interface SweepIo {
  stdout(s: string): void;
  stderr(s: string): void;
  isTTY: boolean;
}

/** How the values of one axis were given, for the table's header. */
interface AxisSpec {
  values: number[];
  how: string;
}

/** The sweep's own flags (a model parameter with one of these names is reachable with --set only). */
const SWEEP_FLAGS = [
  "model", "samples", "seed", "horizon", "set", "format", "out", "html", "workers", "shard", "shards", "progress", "help",
  "values", "range", "log", "points", "param2", "values2", "range2", "log2", "points2", "outputs",
];

const USAGE = `rsi-sim sweep PARAM (--values LIST | --range LO:HI [--log] [--points N]) [options]

Run a model at each value of PARAM with the same seed, so every point has the same
draws of the other parameters and hazard thresholds (common random numbers), and
summarise the outputs at each point. Add --param2 for a two-parameter grid.

Examples:
  rsi-sim sweep ratio --range 1:1000 --log --points 13
  rsi-sim sweep ratio --values 1,20,200,2000 --p-comply 0 --outputs loc,takeoff_years
  rsi-sim sweep ratio --values 10,100,1000 --param2 p_comply --values2 0,0.5,1
  rsi-sim sweep ratio --range 1:1000 --log --format csv --out sweep.csv
  rsi-sim sweep ratio --range 1:1000 --log --samples 100000 --shard 2/8 --out s2.json
  rsi-sim merge s*.json --format table`;

/** The command that reproduces the sweep's numbers (without output or thread flags). */
function reproduceCommand(argv: string[], seed: number, samples: number): string {
  return runReproduceCommand(["sweep", ...argv], seed, samples);
}

function parseCount(flag: string, text: string, min: number, what: string): number {
  const t = String(text).trim();
  const v = Number(t);
  if (!/^\d+$/.test(t) || !Number.isSafeInteger(v)) throw new UserError(flag, `must be a whole number, got "${text}"`);
  if (v < min) throw new UserError(flag, `${what}, got ${v}`);
  return v;
}

/** A flag's single value (yargs gives an array when a flag is repeated). */
function single(args: Record<string, unknown>, name: string): string | undefined {
  const v = args[name];
  if (v === undefined) return undefined;
  if (Array.isArray(v)) throw new UserError(`--${name}`, "given more than once");
  return String(v);
}

/** The values of one axis from --values/--range/--log/--points (or their "2" forms). */
function axisValues(model: CompiledModel, param: string, args: Record<string, unknown>, suffix: "" | "2"): AxisSpec {
  const f = (n: string) => `${n}${suffix}`;
  const list = single(args, f("values"));
  const range = single(args, f("range"));
  const log = args[f("log")] === true;
  const pointsText = single(args, f("points"));
  if (list !== undefined && range !== undefined) throw new UserError(`--${f("values")}`, `give --${f("values")} or --${f("range")}, not both`);
  if (list === undefined && range === undefined) {
    throw new UserError(`--${f("values")}`, `give the values of ${param}: --${f("values")} 1,20,200 or --${f("range")} LO:HI [--${f("log")}] [--${f("points")} N]`);
  }
  if (list !== undefined) {
    if (log) throw new UserError(`--${f("log")}`, `applies to --${f("range")} only`);
    if (pointsText !== undefined) throw new UserError(`--${f("points")}`, `applies to --${f("range")} only`);
    const values = parseValueList(`--${f("values")}`, list);
    checkValues(model, param, values, `--${f("values")}`);
    return { values, how: `${values.length} values given` };
  }
  const points = pointsText === undefined ? DEFAULT_POINTS : parseCount(`--${f("points")}`, pointsText, 2, "a sweep needs at least 2 points");
  const [lo, hi] = parseRange(`--${f("range")}`, range!);
  const values = log ? logValues(lo, hi, points, `--${f("range")}`) : linearValues(lo, hi, points, `--${f("range")}`);
  checkValues(model, param, values, `--${f("range")}`);
  return { values, how: `${points} ${log ? "log-spaced" : "evenly spaced"} points from ${lo} to ${hi}` };
}

/**
 * "--range -5:-1" → "--range=-5:-1", so a value that starts with a minus
 * sign and a digit is not read as a flag.
 */
function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = argv[i + 1];
    if (/^--[A-Za-z][\w-]*$/.test(a) && next !== undefined && /^-\.?\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

function unknownFlagMessage(flag: string, known: string[]): string {
  const hint = didYouMean(flag, known);
  return `unknown flag --${flag}${hint ? ` (did you mean --${hint}?)` : ""}; see rsi-sim sweep --help`;
}

/** `rsi-sim sweep …` (argv without "sweep"); returns the exit status, throws UserError on bad input. */
export async function sweepCommand(argv: string[], io: SweepIo): Promise<number> {
  const model = await loadModelFast(peekModel(argv));
  const known: string[] = [...SWEEP_FLAGS];
  const y = yargs(joinNegativeValues(argv))
    .scriptName("rsi-sim sweep")
    .exitProcess(false)
    .strictOptions()
    .version(false)
    .help(false)
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .fail((msg: string, err: Error) => {
      if (err) throw err;
      const m = /^Unknown arguments?: (.*)$/.exec(msg ?? "");
      if (m) throw new UserError("", unknownFlagMessage(m[1].split(", ")[0], known));
      throw new UserError("", String(msg).replace(/\s+/g, " ").trim());
    })
    .usage(USAGE)
    .option("values", { type: "string", describe: "the values of PARAM, comma-separated (1,20,200,2000)", group: "Sweep:" })
    .option("range", { type: "string", describe: "LO:HI, the range of PARAM (with --points and, for log spacing, --log)", group: "Sweep:" })
    .option("log", { type: "boolean", describe: "space the --range points evenly in log10 (LO must be above 0)", group: "Sweep:" })
    .option("points", { type: "string", describe: `number of points in --range (default ${DEFAULT_POINTS})`, group: "Sweep:" })
    .option("param2", { type: "string", describe: "a second parameter: sweep the grid PARAM × PARAM2", group: "Sweep:" })
    .option("values2", { type: "string", describe: "the values of PARAM2", group: "Sweep:" })
    .option("range2", { type: "string", describe: "LO:HI, the range of PARAM2", group: "Sweep:" })
    .option("log2", { type: "boolean", describe: "log spacing for --range2", group: "Sweep:" })
    .option("points2", { type: "string", describe: `number of points in --range2 (default ${DEFAULT_POINTS})`, group: "Sweep:" })
    .option("outputs", { type: "string", describe: "outputs to summarise, comma-separated (default: the model's headline outputs)", group: "Sweep:" })
    .option("model", { type: "string", default: DEFAULT_MODEL, describe: "a model file or the name of a shipped model", group: "Run:" })
    .option("samples", { type: "string", default: String(DEFAULT_SWEEP_SAMPLES), describe: "Monte Carlo draws per point", group: "Run:" })
    .option("seed", { type: "string", default: String(DEFAULT_SEED), describe: "random seed (an integer 0 … 4294967295), the same for every point", group: "Run:" })
    .option("horizon", { type: "string", describe: `end of each run in model time (${model.name}: ${model.time.horizon} ${model.time.unit})`, group: "Run:" })
    .option("set", { type: "string", array: true, describe: "set another parameter: name=value or name=\"distribution\" (repeatable)", group: "Run:" })
    .option("format", { type: "string", describe: "output format (default: table, or from --out's extension)", group: "Output:" })
    .options(commonOptions("each point's draws", "Run:"))
    .options(shardOptions("the draws at every point", "this sweep's", "Run:"))
    .option("help", { alias: "h", type: "boolean", describe: "show this help", group: "Output:" });
  for (const p of model.parameters) {
    if (SWEEP_FLAGS.includes(flagName(p.name))) continue;
    const prior = p.prior ? `prior ${p.priorText ?? p.prior.text}` : `default ${p.value}`;
    y.option(flagName(p.name), {
      type: "string",
      describe: `${p.description.replace(/\s+/g, " ").trim()}${p.unit ? ` [${p.unit}]` : ""}; ${prior}`,
      group: `Other parameters of ${model.name} (a number fixes one; a distribution replaces its prior):`,
    });
    known.push(flagName(p.name));
  }
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout((await y.getHelp()) + "\n");
    return 0;
  }
  const args = (await y.parseAsync()) as Record<string, unknown>;

  // ---- what to sweep ----
  const positional = (args._ as (string | number)[]).map(String);
  if (positional.length === 0) throw new UserError("sweep", "give the parameter to sweep: rsi-sim sweep PARAM --values LIST | --range LO:HI");
  if (positional.length > 1) throw new UserError("sweep", `sweeps one parameter (add --param2 for a grid); unexpected "${positional[1]}"`);
  const p1 = findParameter(model, positional[0], "sweep");
  const axis1 = axisValues(model, p1.name, args, "");
  const param2Text = single(args, "param2");
  let p2: ReturnType<typeof findParameter> | undefined;
  let axis2: AxisSpec | undefined;
  if (param2Text !== undefined) {
    p2 = findParameter(model, param2Text, "--param2");
    if (p2.name === p1.name) throw new UserError("--param2", `must differ from the swept parameter ${p1.name}`);
    axis2 = axisValues(model, p2.name, args, "2");
  } else {
    for (const f of ["values2", "range2", "log2", "points2"]) {
      if (args[f] !== undefined) throw new UserError(`--${f}`, "needs --param2");
    }
  }
  const outputsText = single(args, "outputs");
  const outputs = resolveOutputs(model, outputsText === undefined ? undefined : outputsText.split(",").filter((s) => s.trim() !== ""), "--outputs");

  // ---- other parameters ----
  const swept = [p1.name, ...(p2 ? [p2.name] : [])];
  const overrides = parameterSettings(model, args, {
    skip: SWEEP_FLAGS,
    refuse: (name, flag) => {
      if (swept.includes(name)) throw new UserError(flag, `${name} is the swept parameter; drop this flag`);
    },
  });

  // ---- run options ----
  const samples = parseCount("--samples", String(single(args, "samples")), 1, "must be at least 1");
  const seedText = String(single(args, "seed"));
  const seed = parseCount("--seed", seedText, 0, "must be at least 0");
  if (seed >= 2 ** 32) throw new UserError("--seed", `must be below 4294967296, got ${seedText}`);
  const horizonText = single(args, "horizon");
  const horizon = horizonText === undefined ? undefined : parseNumber("--horizon", horizonText);
  const outFile = single(args, "out");
  let format = single(args, "format");
  if (format !== undefined && !["table", "json", "csv"].includes(format)) throw new UserError("--format", `must be table, json or csv, got "${format}"`);
  if (!format) format = outFile?.endsWith(".json") ? "json" : outFile?.endsWith(".csv") ? "csv" : "table";

  // ---- run ----
  const command = reproduceCommand(argv, seed, samples);
  const how = [axis1.how, ...(axis2 ? [axis2.how] : [])];
  const shardText = single(args, "shard");
  const shardsText = single(args, "shards");
  if (shardsText !== undefined && shardText === undefined) throw new UserError("--shards", "goes with --shard auto");
  const spec = shardText === undefined ? undefined : resolveShard(shardText, shardsText);
  if (spec) checkShardOutput(args);
  const range = spec ? shardRange(spec, samples) : undefined;
  const workers = resolveWorkers(single(args, "workers") ?? "auto");
  const options = { param: p1.name, values: axis1.values, param2: p2?.name, values2: axis2?.values, samples, seed, horizon, overrides, outputs };
  const bar = progressBar(io, args.progress !== false, "rsi-sim sweep", "draws");
  const shardPoints: SweepShardPoint[] = [];
  let result: SweepResult;
  try {
    result = await sweepParallel(model, {
      ...options,
      ...range,
      workers,
      onProgress: bar.update,
      onPoint: spec ? (_index, sim) => shardPoints.push(sweepShardPoint(sim, outputs)) : undefined,
    });
  } finally {
    bar.stop();
  }
  if (spec && range) {
    const file = outFile ?? defaultShardFile("sweep", spec);
    writeAtomic(file, sweepShardText(model, { ...options, how }, shardPoints, spec, range, command));
    io.stderr(`rsi-sim: wrote shard ${spec.index}/${spec.count} of the sweep (${rangeText("draws", range)} at ${shardPoints.length} points) to ${file}\n`);
    return 0;
  }
  result.command = command;
  if (args.html !== undefined) {
    const { sweepReportHtml } = await import("../report/sweep.js");
    writeAtomic(String(args.html), sweepReportHtml(result));
    io.stderr(`rsi-sim: wrote ${args.html}\n`);
  }
  let out: string;
  if (format === "json") out = resultJSON(result);
  else if (format === "csv") out = sweepCSV(result);
  else out = formatSweepTable(result, { how, overrides, command });
  if (outFile) {
    writeAtomic(outFile, out);
    io.stderr(`rsi-sim: wrote ${outFile}\n`);
  } else {
    io.stdout(out);
  }
  return 0;
}


// ---------------------------------------------------------------------------
// the table

const WIDTH = 80;
const GAP = "  ";
const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : " ".repeat(n - s.length) + s);
const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + "…" : s);

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

/** A number in at most about five characters. */
export function short(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "—" : x > 0 ? "∞" : "-∞";
  const a = Math.abs(x);
  if (a === 0) return "0";
  if (a >= 1e5 || a < 0.001) return x.toExponential(0).replace("e+", "e");
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(2);
}

/** A swept value with 4 significant figures. */
const value = (x: number) => String(Number(x.toPrecision(4)));

/** Greedy word wrap to `width` columns. */
function wrap(text: string, width = WIDTH): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

interface Column {
  head: [string, string];
  cells: string[];
}

/** Print columns (the first `keys` repeated in every block) in blocks that fit 80 columns. */
function blocks(keys: Column[], cols: Column[]): string[] {
  const width = (c: Column) => Math.max(c.head[0].length, c.head[1].length, ...c.cells.map((s) => s.length));
  const keyWidths = keys.map(width);
  const keyWidth = keyWidths.reduce((a, b) => a + b, 0) + GAP.length * (keys.length - 1);
  const groups: Column[][] = [];
  let cur: Column[] = [];
  let used = keyWidth;
  for (const c of cols) {
    const w = GAP.length + width(c);
    if (cur.length > 0 && used + w > WIDTH) {
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
}

/** The human summary of a sweep: one row per point, fits in 80 columns (except the Reproduce line). */
export function formatSweepTable(r: SweepResult, opts: SweepTableOptions = {}): string {
  const lines: string[] = [];
  const names = r.swept.map((a) => a.name);
  const nPoints = r.points.length;
  lines.push(clip(`rsi-sim ${r.version} · model ${r.model.name} · ${r.samples.toLocaleString("en-US")} draws per point · seed ${r.seed}`, WIDTH));
  r.swept.forEach((a, k) => {
    const how = opts.how?.[k] ? `: ${opts.how[k]}` : "";
    const description = a.description.replace(/\s+/g, " ").trim();
    const candidates = [
      `sweep ${a.name}${how} (${description}${a.unit ? `, ${a.unit}` : ""})`,
      `sweep ${a.name}${how} (${description})`,
      `sweep ${a.name}${how}`,
    ];
    lines.push(clip(candidates.find((c) => c.length <= WIDTH) ?? candidates[2], WIDTH));
  });
  const fixed = Object.entries(opts.overrides ?? {});
  if (fixed.length > 0) {
    lines.push(...wrap(`set: ${fixed.map(([k, v]) => `${k} ${typeof v === "number" ? v : v.text}`).join(", ")}`));
  }
  lines.push("");

  // main table: one row per point
  const keys: Column[] = r.swept.map((a) => ({ head: ["", a.name], cells: r.points.map((p) => value(p.values[a.name])) }));
  const conditional = new Set<string>();
  const cols: Column[] = r.outputs.map((o) => {
    if (o.kind === "binary") {
      const cond = r.points.some((p) => p.outputs[o.name].missing > 0);
      if (cond) conditional.add(o.name);
      return {
        head: [clip(o.name, 20), cond ? "P%* [95% CI]" : "P% [95% CI]"],
        cells: r.points.map((p) => {
          const s = p.outputs[o.name];
          if (cond) {
            // defined on some draws only: the share among those, as the run table shows it
            const [lo, hi] = s.n > 0 ? wilson(Math.round(s.mean * s.n), s.n) : [NaN, NaN];
            return `${pct(s.mean)} [${pct(lo)}–${pct(hi)}]`;
          }
          return `${pct(s.p)} [${pct(s.ci?.[0])}–${pct(s.ci?.[1])}]`;
        }),
      };
    }
    return {
      head: [clip(o.name, 20), "p50 [p25–p75]"],
      cells: r.points.map((p) => {
        const q = p.outputs[o.name].quantiles;
        return `${short(q.p50)} [${short(q.p25)}–${short(q.p75)}]`;
      }),
    };
  });
  lines.push(...blocks(keys, cols));

  // notes on the continuous outputs: unit, meaning, how often undefined
  if (r.outputs.some((o) => o.kind === "continuous" || conditional.has(o.name))) lines.push("");
  for (const o of r.outputs) {
    if (o.kind === "binary") {
      if (conditional.has(o.name)) lines.push(...wrap(`* ${o.name}: share among the draws where it is defined (${o.description})`));
      continue;
    }
    const shares = r.points.map((p) => {
      const s = p.outputs[o.name];
      const ok = s.n + s.missing;
      return ok > 0 ? s.missing / ok : NaN;
    });
    const lo = Math.min(...shares);
    const hi = Math.max(...shares);
    const undef = hi > 0 ? `; undefined in ${pct(lo)}${hi - lo >= 0.0005 ? `–${pct(hi)}` : ""}% of draws (median over the rest)` : "";
    lines.push(...wrap(`${o.name}${o.unit ? ` (${o.unit})` : ""}: ${o.description}${undef}`));
  }

  // paired changes along the first axis
  const binaries = r.outputs.filter((o) => o.kind === "binary" && !conditional.has(o.name));
  const diffs = r.differences.filter((d) => d.along === names[0]);
  if (binaries.length > 0 && diffs.length > 0) {
    lines.push("");
    lines.push(...wrap(`Paired change from the previous ${names[0]}, same draws (percentage points, 95% CI)`));
    const dKeys: Column[] = r.swept.map((a) => ({ head: ["", a.name], cells: diffs.map((d) => value(r.points[d.to].values[a.name])) }));
    const dCols: Column[] = binaries.map((o) => ({
      head: ["", `Δ ${clip(o.name, 18)}`],
      cells: diffs.map((d) => {
        const x = d.outputs[o.name];
        return `${pp(x.diff)} [${pp(x.ci[0])}, ${pp(x.ci[1])}]`;
      }),
    }));
    lines.push(...blocks(dKeys, dCols));
    const first = binaries[0].name;
    const paired = diffs.map((d) => d.outputs[first].se).filter(Number.isFinite);
    const unpaired = diffs.map((d) => d.outputs[first].se_unpaired).filter(Number.isFinite);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    lines.push("");
    const ratio = paired.length > 0 && unpaired.length > 0 ? ` (standard error of the change in ${first}: ${(100 * mean(paired)).toFixed(2)} points on average, against ${(100 * mean(unpaired)).toFixed(2)} if the points had independent draws)` : "";
    lines.push(
      ...wrap(
        `The draws are paired across points: every point uses seed ${r.seed}, so draw i has the same values of every other parameter and the same hazard thresholds at each point (common random numbers), and a change between points is measured far more precisely than the separate intervals suggest${ratio}.`,
      ),
    );
  } else {
    lines.push("");
    lines.push(...wrap(`The draws are paired across points: every point uses seed ${r.seed}, so draw i has the same values of every other parameter and the same hazard thresholds at each point (common random numbers).`));
  }
  lines.push("");
  const failures = r.points.filter((p) => p.failed > 0);
  lines.push(`Failed draws: ${r.failed}${failures.length > 0 ? ` (at ${failures.length} of ${nPoints} points; not summarised)` : ""}`);
  if (opts.command) lines.push(`Reproduce: ${opts.command}`);
  return lines.join("\n") + "\n";
}
