/**
 * What the commands share in reading their flags: the yargs parser with
 * rsi-sim's one-line errors, the common and shard flags, parameter flags
 * (--r-soft 1.5, --set name=value), whole-number flags, and the command
 * that reproduces a result (the arguments without output, thread, shard and
 * progress flags).
 */
import yargs from "yargs";
import { ArgumentError, UserError, flagOf } from "../core/errors.js";
import { didYouMean } from "../core/suggest.js";
import { printable } from "../core/printable.js";
import { readNumber } from "../model/distributions.js";
import type { CompiledModel } from "../model/types.js";
import { CHANCE_HEADING, chanceLines, chanceRefusal } from "../model/chance.js";
import type { ParameterSetting } from "../sampling/sampler.js";
import { defaultShardFile, resolveShard, type ShardKind, type ShardSpec } from "../parallel/shard-spec.js";
import { VERSION } from "../analysis/result.js";
import { DEFAULT_MODEL } from "../app/model.js";
import { resolveSetting } from "../app/settings.js";
import { checkOutputs } from "./io.js";

/** snake_case parameter name → kebab-case flag */
export const flagName = (param: string) => param.replace(/_/g, "-");

/**
 * Why a parameter has no flag of its own, or undefined when its flag is its
 * name with _ written - (matched exactly: --a-b is a_b only, --g0 is g0
 * only). A parameter without a flag is set with --set NAME=VALUE: its flag
 * would be a flag of the command (`commandFlags`), would start with a dash
 * (a name that starts with _), or would start with no- (--no-brake reads as
 * brake = false, as --no-progress does).
 */
export function noFlagReason(param: string, commandFlags: string[] = []): string | undefined {
  const f = flagName(param);
  if (commandFlags.includes(f)) return `--${f} is the command's own flag`;
  if (f.startsWith("-")) return "a flag cannot start with three dashes";
  if (f.startsWith("no-")) return `--${f} reads as --${f.slice(3)} false, as --no-progress does`;
  return undefined;
}

/**
 * Refuse a parameter's would-be flag where the parameter has none (a name
 * that starts with _, or with no_): the spelling is named with its other
 * reading and --set. A command's own flag (--seed) means the command's flag.
 */
export function refuseFlagless(argv: string[], model: CompiledModel, commandFlags: string[]): void {
  for (const p of model.parameters) {
    const reason = noFlagReason(p.name, commandFlags);
    if (reason === undefined || commandFlags.includes(flagName(p.name))) continue;
    const spelling = `--${flagName(p.name)}`;
    const given = argv.find((a) => a === spelling || a.startsWith(`${spelling}=`));
    if (given !== undefined) throw new UserError(spelling, `is not the parameter ${p.name}'s flag (${reason}); set ${p.name} with --set ${p.name}=VALUE`);
  }
}

/** The flags of the model's parameters that have one (for "did you mean" hints). */
export const parameterFlags = (model: CompiledModel, commandFlags: string[]) =>
  model.parameters.filter((p) => noFlagReason(p.name, commandFlags) === undefined).map((p) => flagName(p.name));

/** The help's lines for the parameters without a flag ("" if every parameter has one). */
export function flaglessEpilogue(model: CompiledModel, commandFlags: string[]): string {
  const lines = model.parameters.flatMap((p) => {
    const reason = noFlagReason(p.name, commandFlags);
    return reason === undefined ? [] : [`  ${p.name}: --set ${p.name}=VALUE (${reason})`];
  });
  return lines.length === 0 ? "" : ["Parameters without a flag of their own (set them with --set NAME=VALUE):", ...lines].join("\n");
}

/** Epilogue parts joined by a blank line (empty parts left out). */
export const epilogue = (...parts: string[]) => parts.filter((p) => p !== "").join("\n\n");

/** A parameter's flag as --help shows it and a message names it: -f, -L for a one-letter name, --r-soft for r_soft. */
export const parameterFlag = (param: string) => (flagName(param).length === 1 ? `-${flagName(param)}` : `--${flagName(param)}`);

/** Library arguments whose flag is not their name in kebab-case. */
const ARGUMENT_FLAGS: Record<string, string> = { param: "sweep" };

/** A library call's argument (samples, confLevel, draw_layout) → its flag (--samples, --conf-level, --draw-layout). */
export const flagForArgument = (argument: string) => ARGUMENT_FLAGS[argument] ?? flagOf(argument);

/**
 * "--range -5:-1" → "--range=-5:-1", "--margin0 -1e3" → "--margin0=-1e3",
 * "--margin0 '-1 to 1'" → "--margin0=-1 to 1": a value that starts with a
 * minus sign and a digit is not read as a flag (yargs takes only plain
 * negative numbers such as -1 as values).
 */
export function joinNegativeValues(argv: string[]): string[] {
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

/** The model a command was given with --model (its name, and the reference as given), or undefined without --model. */
export interface GivenModel {
  name: string;
  ref: string;
}

/** The model of --model in `argv`, if given: an unknown flag is then said to be no parameter of it. */
export function givenModel(argv: string[], model: CompiledModel): GivenModel | undefined {
  return argv.some((a) => a === "--model" || a.startsWith("--model=")) ? { name: model.name, ref: peekModel(argv) } : undefined;
}

/**
 * A yargs parser for `name` that turns its complaints into one-line
 * UserErrors; with `model` (the model given with --model), an unknown flag
 * is said to be no parameter of that model.
 */
export function parser(argv: string[], name: string, known: string[], model?: GivenModel) {
  return yargs(joinNegativeValues(argv))
    .scriptName(name)
    .exitProcess(false)
    .strictOptions()
    .version(false)
    .help(false)
    // each flag is matched as written: no camel-case aliases (--a-b would also set aB, --seed also seed_)
    .parserConfiguration({ "camel-case-expansion": false })
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .fail((msg: string, err: Error) => {
      if (err) throw err;
      const m = /^Unknown arguments?: (.*)$/.exec(msg ?? "");
      if (m) throw new UserError("", unknownFlagMessage(m[1].split(", ")[0], known, name, model));
      throw new UserError("", String(msg).replace(/\s+/g, " ").trim());
    });
}

/**
 * "unknown flag --x (did you mean --y?); see rsi-sim … --help", or with a
 * model given by --model (whose flags `rsi-sim --help` does not list):
 * "unknown flag --si-gap: the model forethought-sie has no parameter
 * si_gap; its flags: rsi-sim --model forethought-sie --help".
 */
export function unknownFlagMessage(flag: string, known: string[], name = "rsi-sim", model?: GivenModel): string {
  const hint = didYouMean(flag, known);
  const mean = hint ? ` (did you mean --${hint}?)` : "";
  if (model === undefined) return `unknown flag --${flag}${mean}; see ${name} --help`;
  return `unknown flag --${flag}: the model ${model.name} has no parameter ${flag.replace(/-/g, "_")}${mean}; its flags: ${name} --model ${quoteArg(model.ref)} --help`;
}

export { VERSION };

/** The flags run, sweep and sensitivity share: --out, --html, --progress and --workers, whose threads run `what`. */
export function commonOptions(what: string, group: string) {
  return {
    out: { type: "string", describe: "write the output to this file instead of stdout", group: "Output:" },
    html: { type: "string", describe: "also write an offline HTML report with interactive charts to this file", group: "Output:" },
    // no yargs default: sensitivity --analyze refuses a --workers that was given
    workers: { type: "string", describe: `worker threads for ${what}: a number, or auto (one per core, the default); results do not depend on it`, group },
    progress: { type: "boolean", default: true, describe: "show progress of long work: a bar on a terminal, else a line about every 10% or 10 s", group: "Output:" },
    quiet: { type: "boolean", describe: "no progress bar or lines (as --no-progress)", group: "Output:" },
    "max-memory": {
      type: "string",
      describe: "the most memory the job may plan to use, e.g. 8GB (default: half of this machine's); a larger job is refused before it starts",
      group,
    },
  } as const;
}

/** The --shard and --shards flags: `part` says what is split ("the draws"), `whose` whose output the merge gives. */
export function shardOptions(part: string, whose: string, group: string) {
  return {
    shard: {
      type: "string",
      describe: `run only part K of N of ${part} (K/N, or auto from a Slurm job array or Kubernetes Indexed Job) and write a shard file; rsi-sim merge joins the shards into ${whose} output`,
      group,
    },
    shards: { type: "string", describe: "with --shard auto in a Kubernetes Indexed Job: the number of shards (completions)", group },
  } as const;
}

/** Each parameter of the model as a flag of `group`, described from the model file. */
export function parameterOptions(model: CompiledModel, group: string, skip: string[] = [], withSource = true) {
  const options: Record<string, { type: "string"; describe: string; group: string }> = {};
  for (const p of model.parameters) {
    if (noFlagReason(p.name, skip) !== undefined) continue;
    const prior = p.prior ? `prior ${p.priorText ?? p.prior.text}` : `default ${p.value}`;
    const unit = p.unit ? ` [${p.unit}]` : "";
    const source = withSource && p.source ? `. Source: ${p.source.trim()}` : "";
    const description = withSource ? p.description : p.description.replace(/\s+/g, " ").trim();
    options[flagName(p.name)] = { type: "string", describe: `${description}${unit}; ${prior}${source}`, group };
  }
  return options;
}

/** The help's closing lines: the model's chance variables, apart from its parameters ("" if it has none). */
export function chanceEpilogue(model: CompiledModel): string {
  if (model.chance.length === 0) return "";
  return [`${CHANCE_HEADING}:`, ...chanceLines(model).map((l) => `  ${l}`)].join("\n");
}

/** Find the value of --model in raw arguments (before yargs knows the flags); a second --model is refused. */
export function peekModel(argv: string[]): string {
  const found: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--model" && i + 1 < argv.length) found.push(argv[++i]);
    else if (a.startsWith("--model=")) found.push(a.slice("--model=".length));
  }
  if (found.length > 1) throw new UserError("--model", "given more than once");
  return found[0] ?? DEFAULT_MODEL;
}

/** A flag's single value (yargs gives an array when a flag is repeated). */
export function single(args: Record<string, unknown>, name: string): string | undefined {
  const v = args[name];
  if (v === undefined) return undefined;
  if (Array.isArray(v)) throw new UserError(`--${name}`, "given more than once");
  return String(v);
}

/** The --format flag's value (undefined when not given), one of `allowed` ("table, json or csv"). */
export function formatFlag(args: Record<string, unknown>, allowed: string[]): string | undefined {
  const format = single(args, "format");
  if (format !== undefined && !allowed.includes(format)) {
    throw new UserError("--format", `must be ${allowed.slice(0, -1).join(", ")} or ${allowed.at(-1)}, got "${format}"`);
  }
  return format;
}

/** A comma-separated list flag (repeatable), or undefined when not given. */
export function list(args: Record<string, unknown>, name: string): string[] | undefined {
  const v = args[name];
  if (v === undefined) return undefined;
  const items = (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(",")).map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new UserError(`--${name}`, "give at least one name");
  return items;
}

/**
 * The one rule for numbers on the command line: decimal, as 12, -0.5, .5,
 * 2.5e3 (a count or seed may group digits with _: 10_000). Hexadecimal,
 * octal and binary (0x10, 0o7, 0b1) are refused, not read; so are Infinity
 * and NaN. A count or seed must be a whole number: 1e4 and 5.0 are fine, 2.5
 * is not.
 */
export function decimalFlag(flag: string, text: string): number {
  const t = text.trim();
  if (/^[+-]?0[xob]/i.test(t)) throw new UserError(flag, `must be a decimal number (hexadecimal, octal and binary are not read), got "${text}"`);
  if (/^[+-]?(nan|inf|infinity)$/i.test(t)) throw new UserError(flag, `must be a finite number, got "${text}"`);
  const v = readNumber(t);
  if (v === undefined) throw new UserError(flag, `must be a number, got "${text}"`);
  if (!Number.isFinite(v)) throw new UserError(flag, `must be a finite number, got "${text}"`);
  return v;
}

/** The largest seed: seeds are 32-bit. */
export const MAX_SEED = 2 ** 32 - 1;

/** A whole-number flag from `min` to `max` (10000, 10_000, 1e4 or 10000.0; see decimalFlag), or `dflt` when not given. */
export function intFlag(flag: string, text: string | undefined, dflt: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (text === undefined) return dflt;
  const t = text.trim();
  const what = min <= 0 ? "a non-negative integer" : min === 1 ? "a positive integer" : `an integer of at least ${min}`;
  if (/^\d+(_\d+)+$/.test(t)) return intFlag(flag, t.replace(/_/g, ""), dflt, min, max);
  if (/^[+-]?0[xob]/i.test(t)) decimalFlag(flag, t); // hexadecimal …: its own message
  // Infinity and 1e400 are over the limit; other words are no integer
  const v = readNumber(t) ?? (/^\+?(inf|infinity)$/i.test(t) ? Infinity : NaN);
  if (v > max) throw new UserError(flag, `must be at most ${max}${max === Number.MAX_SAFE_INTEGER ? " (2^53 - 1)" : max === MAX_SEED ? " (2^32 - 1)" : ""}, got "${text}"`);
  if (!Number.isInteger(v) || v < min) throw new UserError(flag, `must be ${what}, got "${text}"`);
  return v;
}

/** The --seed flag: a whole number from 0 to 4294967295, or `dflt` when not given. */
export const seedFlag = (text: string | undefined, dflt: number) => intFlag("--seed", text, dflt, 0, MAX_SEED);

/**
 * The --workers flag: "auto", or a number of threads in decimal (0x2 is
 * refused, not read as 2; the use case checks the count), or undefined.
 */
export function workersFlag(args: Record<string, unknown>): number | "auto" | undefined {
  const w = single(args, "workers");
  if (w === undefined || w.trim() === "auto") return w === undefined ? undefined : "auto";
  if (/^[+-]?0[xob]/i.test(w.trim())) decimalFlag("--workers", w);
  // a word is refused by the use case, with "auto" named
  return (readNumber(w) ?? w) as number | "auto";
}

/** A number flag (decimal: see decimalFlag), or undefined when not given. */
export function numberFlag(flag: string, text: string | undefined): number | undefined {
  return text === undefined ? undefined : decimalFlag(flag, text);
}

/**
 * Parameter settings from the command line: each parameter's own flag
 * (--r-soft 1.5, --r-soft "0.5 to 3") and --set name=value, parsed and
 * checked against the parameter's bounds. `skip` names flags that belong to
 * the command; `refuse` is called for each parameter set, to forbid some.
 */
export function parameterSettings(
  model: CompiledModel,
  args: Record<string, unknown>,
  opts: { skip?: string[]; refuse?: (name: string, flag: string) => void } = {},
): Record<string, ParameterSetting> {
  const overrides: Record<string, ParameterSetting> = {};
  const given: Record<string, string> = {};
  const set = (name: string, flag: string, text: string) => {
    opts.refuse?.(name, flag);
    // the last of two settings must not win silently
    if (given[name] !== undefined) throw new UserError(flag, `sets ${name} again (${given[name]} sets it too); give it once`);
    given[name] = `${flag}${flag.startsWith("--set") ? "=" : " "}${text}`;
    // "200:1" as people write a funding ratio: a parameter's value is one number
    const ratio = /^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
    if (ratio && Number(ratio[2]) > 0) throw new UserError(flag, `write the ratio as one number: ${Number((Number(ratio[1]) / Number(ratio[2])).toPrecision(6))} for ${ratio[1]}:${ratio[2]}`);
    try {
      overrides[name] = resolveSetting(model, name, text);
    } catch (err) {
      if (err instanceof ArgumentError) throw new UserError(flag, err.detailFor("cli"));
      throw err;
    }
  };
  for (const p of model.parameters) {
    const flag = flagName(p.name);
    if (noFlagReason(p.name, opts.skip) !== undefined) continue;
    const v = args[flag];
    if (v === undefined) continue;
    // --no-ratio: yargs's negation of the flag, which takes a value
    if (v === false) throw new UserError(`--no-${flag}`, `is not a flag: ${parameterFlag(p.name)} takes a value (a number or a distribution)`);
    if (Array.isArray(v)) throw new UserError(parameterFlag(p.name), "given more than once");
    set(p.name, parameterFlag(p.name), String(v));
  }
  for (const item of (args.set as string[] | undefined) ?? []) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UserError("--set", `expected name=value, got "${item}"`);
    const raw = item.slice(0, eq).trim();
    const name = raw.replace(/-/g, "_");
    const chance = chanceRefusal(model, name);
    if (chance) throw new UserError("--set", chance);
    if (!model.parameters.some((p) => p.name === name)) {
      const hint = didYouMean(name, model.parameters.map((p) => p.name));
      throw new UserError("--set", `unknown parameter "${raw}" in ${model.name}${hint ? ` (did you mean "${hint}"?)` : ""}`);
    }
    set(name, `--set ${raw}`, item.slice(eq + 1));
  }
  return overrides;
}

/**
 * The error for a word no flag takes (`rsi-sim --r-soft 0.5 to 3`): when it
 * follows a flag's value, the hint quotes the words as one value.
 */
export function strayArgument(word: string | number, argv: string[], command: string): UserError {
  const w = String(word);
  const i = argv.indexOf(w);
  let j = i - 1;
  while (j >= 0 && !argv[j].startsWith("-")) j--;
  const flag = j >= 0 ? argv[j] : undefined;
  const valued = flag !== undefined && !flag.includes("=") && !flag.startsWith("--no-") && j + 1 < i;
  if (valued) {
    let k = i;
    while (k + 1 < argv.length && !argv[k + 1].startsWith("-")) k++;
    const value = argv.slice(j + 1, k + 1).join(" ");
    // a distribution's words ("0.5 to 3", "beta(2, 5)") split by the shell
    if (/\bto\b|[(),]/.test(value)) return new UserError("", `unexpected argument "${w}" after ${flag} ${argv[j + 1]}; a value with spaces needs quotes: ${flag} "${value}"`);
  }
  return new UserError("", `unexpected argument "${w}"; see ${command} --help`);
}

export function quoteArg(a: string): string {
  return /^[A-Za-z0-9_./:=,+-]+$/.test(a) ? a : `"${a.replace(/(["\\$`])/g, "\\$1")}"`;
}

/** Flags that change where and how a result is computed or written, never its numbers. */
const PLUMBING = new Set(["--out", "--format", "--workers", "--shard", "--shards", "--progress", "--no-progress", "--quiet", "--html", "--max-memory", "--csv-layout"]);

/** The arguments without the flags that never change a number (output, threads, shards, progress). */
export function withoutPlumbing(argv: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.split("=")[0];
    if (PLUMBING.has(name)) {
      if (!a.includes("=") && !name.startsWith("--no-") && name !== "--progress" && name !== "--quiet" && i + 1 < argv.length) i++;
      continue;
    }
    kept.push(a);
  }
  return kept;
}

/**
 * The command that reproduces a result's numbers (the same for a single
 * command and its shards): `words` (e.g. ["sweep"]) and the arguments
 * without plumbing, with the seed and the size flag made explicit.
 */
export function reproduceCommand(words: string[], argv: string[], seed: number, sizeFlag: string, size: number): string {
  const parts = ["rsi-sim", ...words, ...withoutPlumbing(argv).map(quoteArg)];
  const has = (f: string) => argv.some((a) => a === f || a.startsWith(`${f}=`));
  if (!has("--seed")) parts.push("--seed", String(seed));
  if (!has(sizeFlag)) parts.push(sizeFlag, String(size));
  return parts.join(" ");
}

/**
 * With --shard, the output is the shard file, which is binary (RSISHARD,
 * src/app/shard-binary.ts): --html and --format belong to rsi-sim merge, and
 * --out may not name a file of another format (.json, .csv, .txt, .html).
 */
export function checkShardOutput(args: Record<string, unknown>): void {
  if (args.html !== undefined) throw new UserError("--html", "a shard writes only its shard file; give --html to rsi-sim merge");
  if (args.format !== undefined) {
    throw new UserError("--format", `a shard file is binary (an rsi-sim .shard file); give --format ${String(args.format)} to rsi-sim merge`);
  }
  const out = Array.isArray(args.out) ? args.out[args.out.length - 1] : args.out;
  const ext = typeof out === "string" ? /\.(json|csv|txt|html?)$/i.exec(out)?.[1] : undefined;
  if (ext !== undefined) {
    const name = out as string;
    throw new UserError("--out", `a shard file is binary (an rsi-sim shard, not ${ext.toUpperCase()}); name it ${name.slice(0, name.length - ext.length)}shard, and give ${printable(name)} to rsi-sim merge --out`);
  }
}

/**
 * The shard a `--shard K/N` (or auto) run of a fixed block of draws writes,
 * and its file (--out, or the default name): the output is checked to be a
 * shard file, --precision refused, and the file checked against the inputs.
 */
export function shardTarget(args: Record<string, unknown>, kind: ShardKind, precision: unknown, inputs: { what: string; file: string }[]): { spec: ShardSpec; file: string } {
  checkShardOutput(args);
  if (precision !== undefined) throw new UserError("--precision", "a shard runs a fixed block of draws; give --samples N (the N a --precision run stopped at)");
  const spec = resolveShard(String(args.shard), single(args, "shards"));
  const file = single(args, "out") ?? defaultShardFile(kind, spec);
  checkOutputs([{ flag: "--out", file }], inputs);
  return { spec, file };
}
