/**
 * `rsi-sim sweep PARAM (--values LIST | --range LO:HI [--log] [--points N])
 * [--param2 P2 (--values2 LIST | --range2 LO:HI [--log2] [--points2 N])]`:
 * a model at each value of a parameter (or each cell of a two-parameter
 * grid) on the same draws, as a table, the sweep JSON (docs/sweep-json.md)
 * or a CSV with one row per point; or one shard of the sweep.
 */
import { UserError } from "../core/errors.js";
import type { CompiledModel } from "../model/types.js";
import { loadModelFast } from "../model/cache.js";
import { rangeText } from "../parallel/shard-spec.js";
import { parseRange, parseValueList } from "../analysis/sweep.js";
import { renderSweep, renderSweepHtml, type Format } from "../report/render.js";
import { DEFAULT_MODEL, DEFAULT_SEED } from "../app/model.js";
import { DEFAULT_POINTS, DEFAULT_SWEEP_SAMPLES, sweep, sweepShard, type SweepAxisOptions, type SweepOptions } from "../app/sweep.js";
import { parameterFlags, workersFlag, chanceEpilogue, epilogue, flaglessEpilogue, numberFlag, refuseFlagless, seedFlag, formatFlag, commonOptions, givenModel, intFlag, parameterOptions, parameterSettings, parser, peekModel, reproduceCommand, shardOptions, shardTarget, single, strayArgument } from "./flags.js";
import { checkOutputs, csvLayoutFlag, emit, emitShard, outputFormat, tableLayout, type Io } from "./io.js";
import { progressBar } from "./progress.js";
import { fixedCommand, precisionFlags, precisionNote, precisionOptions } from "./precision.js";

/** The sweep's own flags (a model parameter with one of these names is reachable with --set only). */
const SWEEP_FLAGS = [
  "model", "samples", "seed", "horizon", "set", "format", "out", "html", "workers", "max-memory", "shard", "shards", "progress", "quiet", "help", "h",
  "values", "range", "log", "points", "param2", "values2", "range2", "log2", "points2", "outputs", "precision", "max-samples", "csv-layout",
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
  rsi-sim sweep ratio --values 20,200 --format csv --csv-layout long --out sweep-long.csv
  rsi-sim sweep ratio --range 1:1000 --log --samples 100000 --shard 2/8 --out s2.shard
  rsi-sim merge s*.shard --format table`;

function sweepParser(argv: string[], model: CompiledModel) {
  refuseFlagless(argv, model, SWEEP_FLAGS);
  const known = [...SWEEP_FLAGS, ...parameterFlags(model, SWEEP_FLAGS)];
  return parser(argv, "rsi-sim sweep", known, givenModel(argv, model))
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
    .option("set", { type: "string", array: true, describe: 'set another parameter: name=value or name="distribution" (repeatable)', group: "Run:" })
    .option("format", { type: "string", describe: "output format (default: table, or from --out's extension)", group: "Output:" })
    .option("csv-layout", { type: "string", describe: "CSV: wide (a row per point, the default) or long (a row per point, output and statistic)", group: "Output:" })
    .options(commonOptions("each point's draws", "Run:"))
    .options(shardOptions("the draws at every point", "this sweep's", "Run:"))
    .options(precisionOptions("point's headline probability", "Run:"))
    .option("help", { alias: "h", type: "boolean", describe: "show this help", group: "Output:" })
    .options(parameterOptions(model, `Other parameters of ${model.name} (a number fixes one; a distribution replaces its prior):`, SWEEP_FLAGS, false))
    .epilogue(epilogue(chanceEpilogue(model), flaglessEpilogue(model, SWEEP_FLAGS)));
}

/** One axis's flags (--values, --range, --log, --points, or their "2" forms) as the use case takes them. */
function axisFlags(param: string, args: Record<string, unknown>, suffix: "" | "2"): SweepAxisOptions {
  const f = (n: string) => `${n}${suffix}`;
  const list = single(args, f("values"));
  const range = single(args, f("range"));
  const points = single(args, f("points"));
  return {
    param,
    values: list === undefined ? undefined : parseValueList(`--${f("values")}`, list),
    range: range === undefined ? undefined : parseRange(`--${f("range")}`, range),
    points: points === undefined ? undefined : intFlag(`--${f("points")}`, points, 0, 0),
    log: args[f("log")] === true ? true : undefined,
  };
}

/** The use case's options from the parsed flags. */
function sweepOptions(model: CompiledModel, args: Record<string, unknown>, argv: string[]): SweepOptions {
  const positional = (args._ as (string | number)[]).map(String);
  if (positional.length === 0) throw new UserError("sweep", "give the parameter to sweep: rsi-sim sweep PARAM --values LIST | --range LO:HI");
  if (positional.length > 1) {
    const err = strayArgument(positional[1], argv, "rsi-sim sweep");
    throw err.message.includes("quotes") ? err : new UserError("sweep", `sweeps one parameter (add --param2 for a grid); unexpected "${positional[1]}"`);
  }
  const param2 = single(args, "param2");
  if (param2 === undefined) {
    for (const f of ["values2", "range2", "log2", "points2"]) if (args[f] !== undefined) throw new UserError(`--${f}`, "needs --param2");
  }
  const samples = intFlag("--samples", single(args, "samples"), DEFAULT_SWEEP_SAMPLES, 1);
  const seed = seedFlag(single(args, "seed"), DEFAULT_SEED);
  const horizon = single(args, "horizon");
  const outputs = single(args, "outputs");
  return {
    model,
    ...axisFlags(positional[0], args, ""),
    second: param2 === undefined ? undefined : axisFlags(param2, args, "2"),
    outputs: outputs === undefined ? undefined : outputs.split(",").filter((s) => s.trim() !== ""),
    samples,
    seed,
    horizon: numberFlag("--horizon", horizon),
    settings: parameterSettings(model, args, {
      skip: SWEEP_FLAGS,
      refuse: (name, flag) => {
        if ([positional[0], param2].some((p) => p?.replace(/-/g, "_") === name)) throw new UserError(flag, `${name} is the swept parameter; drop this flag`);
      },
    }),
    workers: workersFlag(args),
    maxMemory: single(args, "max-memory"),
    command: reproduceCommand(["sweep"], argv, seed, "--samples", samples),
    ...precisionFlags(args),
  };
}

/** `rsi-sim sweep …` (argv without "sweep"); returns the exit status, throws UserError on bad input. */
export async function sweepCommand(argv: string[], io: Io): Promise<number> {
  const model = await loadModelFast(peekModel(argv));
  const y = sweepParser(argv, model);
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout((await y.getHelp()) + "\n");
    return 0;
  }
  const args = (await y.parseAsync()) as Record<string, unknown>;
  const format = formatFlag(args, ["table", "json", "csv"]);
  const out = single(args, "out");
  const html = single(args, "html");
  // a shard's output is its shard file (checkShardOutput refuses --format and another format's name)
  const resolved = (args.shard === undefined ? outputFormat("rsi-sim sweep", format, out, ["table", "json", "csv"], "table") : (format ?? "table")) as Format;
  const layout = csvLayoutFlag(single(args, "csv-layout"), resolved);
  const modelFile = [{ what: "the model file", file: model.file }];
  if (args.shard === undefined) checkOutputs([{ flag: "--out", file: out }, { flag: "--html", file: html }], modelFile);
  const options = sweepOptions(model, args, argv);
  if (args.shards !== undefined && args.shard === undefined) throw new UserError("--shards", "goes with --shard auto");
  const bar = progressBar(io, args, "rsi-sim sweep", "draws");
  if (args.shard !== undefined) {
    const { spec, file } = shardTarget(args, "sweep", options.precision, modelFile);
    const shard = await sweepShard({ ...options, onProgress: bar.update }, spec).finally(bar.stop);
    emitShard(io, shard, file, ` of the sweep (${rangeText("draws", shard.range)} at ${shard.points} points)`);
    return 0;
  }
  const started = performance.now();
  const outcome = await sweep({ ...options, onProgress: bar.update }).finally(bar.stop);
  if (outcome.precision) {
    precisionNote(io, outcome.precision, "point's headline probability");
    outcome.result.command = fixedCommand(["sweep"], argv, options.seed!, outcome.precision.samples);
  }
  const text = renderSweep(outcome, resolved, { ...tableLayout(io, out, started), csvLayout: layout });
  await emit(io, { html: html === undefined ? undefined : { file: html, text: () => renderSweepHtml(outcome.result, { model: outcome.model }) }, out, text });
  return 0;
}
