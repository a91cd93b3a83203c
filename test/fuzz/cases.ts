/**
 * The cases: command lines (and the files they read) generated from a
 * grammar of rsi-sim's commands and flags, in four families —
 *   flags   run/sweep/compare/sensitivity/describe/validate/merge/report with valid
 *           and invalid values, unknown, repeated and stray arguments;
 *   dist    parameter settings (--r-soft "0.5 to 3", --set "g=beta(2,2)")
 *           from the prior grammar, valid, malformed and extreme;
 *   model   small valid models and mutations of them, validated, described,
 *           run, swept, compared and analysed;
 *   shard   real shard files (and result JSONs, saved designs) mutated,
 *           then merged (or reported, or analysed).
 * A case is a pure function of (seed, index).
 */
import { stringify } from "yaml";
import { Rng, subSeed } from "./rng.js";
import { anyInteger, anyNumber, decimal, EDGE_INTEGERS, ODD_NUMBERS, strayWord } from "./values.js";
import { distribution } from "./distributions.js";
import { model, TINY } from "./models.js";
import { mutateJson, mutateShard } from "./shards.js";

export type Family = "flags" | "dist" | "model" | "shard";

export interface Case {
  id: string;
  family: Family;
  args: string[];
  /** input files (a name ending in "/" is a directory) */
  files: Record<string, string | Buffer>;
  env?: Record<string, string>;
  /** files that must exist (and, if json, parse) after exit 0 */
  outputs: { name: string; json: boolean }[];
  /** on exit 0, stdout must be a JSON document */
  stdoutJson: boolean;
  /** on exit 0, stdout must not be empty */
  stdoutNonEmpty: boolean;
  /** why this case must not exit 0 (an unknown flag, a stray word), if it must not */
  mustFail?: string;
  note: string;
}

/** Files made once by running the real CLI (test/fuzz.test.ts's setup). */
export interface Seeds {
  /** shard sets by name: [file bytes, …] of one job's shards, in order */
  shardSets: Record<string, Buffer[]>;
  /** result JSONs by kind */
  results: Record<string, string>;
  /** a saved design (of the regimes model), and a results CSV that fits it */
  design: string;
  designResults: string;
  /** the regimes model's text (for --analyze's --model and the shards' model) */
  models: Record<string, string>;
}

/** The model a command runs: a file written into the case, a shipped model, or a bad name. */
interface ModelChoice {
  flag: string[];
  files: Record<string, string>;
  params: string[];
  /** a parameter's flag values: mostly inside its range */
  range: Record<string, [number, number]>;
  /** the declared bounds (min, max) of bounded parameters: a distribution set for one is mostly truncated to them */
  bounds?: Record<string, [string, string]>;
  horizon: [number, number];
  samplesMax: number;
  rsiCore: boolean;
}

const RSI_PARAMS: Record<string, [number, number]> = {
  ratio: [0.01, 3000], ratio_ref: [1, 1000], r_soft: [0.4, 3.6], lambda: [0.2, 1], p_comply: [0, 1], gamma: [0.2, 1.5],
  h_max: [0.05, 1], brake_years: [1, 5], margin0: [-1, 1], detect0: [0, 1],
};

const RSI_BOUNDS: Record<string, [string, string]> = {
  ratio: ["0", "inf"], ratio_ref: ["0", "inf"], p_comply: ["0", "1"], detect0: ["0", "1"],
};

function chooseModel(rng: Rng, models: Record<string, string>): ModelChoice {
  return rng.weighted<ModelChoice>([
    [6, () => ({ flag: ["--model", "m.yaml"], files: { "m.yaml": stringify(TINY) }, params: ["g", "k"], range: { g: [0.1, 1], k: [0, 2] }, bounds: { k: ["0", "2"] }, horizon: [1, 30], samplesMax: 300, rsiCore: false })],
    [1, () => ({ flag: ["--model", "r.yaml"], files: { "r.yaml": models.regimes }, params: ["r", "c0", "w", "pick"], range: { r: [0.5, 2], c0: [0.5, 2], w: [0, 1], pick: [1, 3] }, bounds: { w: ["0", "1"] }, horizon: [1, 10], samplesMax: 200, rsiCore: false })],
    [3, () => ({ flag: rng.pick([[], ["--model", "rsi-core"], ["--model=rsi-core"]]), files: {}, params: Object.keys(RSI_PARAMS), range: RSI_PARAMS, bounds: RSI_BOUNDS, horizon: [2027, 2100], samplesMax: 120, rsiCore: true })],
    [rng.bad(1), () => ({
      flag: ["--model", rng.pick(["", "nope", "nope.yaml", ".", "/", "-", "__proto__", "constructor", "toString", "../../../../etc/passwd", "/dev/null", "missing/m.yaml", "RSI-CORE", "rsi-core.yaml", "d/"])],
      files: { "d/": "" }, params: ["g"], range: { g: [0, 1] }, horizon: [0, 10], samplesMax: 50, rsiCore: false,
    })],
  ]);
}

const rangeOf = (m: ModelChoice, p: string): [number, number] => (Object.hasOwn(m.range, p) ? m.range[p] : [0, 1]);

/** `--name value` or `--name=value`. */
function flag(rng: Rng, name: string, value: string): string[] {
  return rng.chance(0.8) || value.startsWith("-") ? [`--${name}`, value] : [`--${name}=${value}`];
}

const PARAM_NAMES_BAD = ["", "__proto__", "constructor", "toString", "G", "g-", "-g", "g g", "nope", "=", "hasOwnProperty", "1", "a.b", "\x1b[31m"];

/** A value for a parameter: a number in its range, an odd number, or a distribution (mostly inside the parameter's bounds). */
function paramValue(rng: Rng, range: [number, number], distWeight: number, bounds?: [string, string]): string {
  return rng.weighted<string>([
    [6, () => decimal(rng, range[0], range[1])],
    [rng.bad(1), () => anyNumber(rng, range[0] - 1, range[1] + 1)],
    [distWeight, () => {
      const d = distribution(rng);
      return bounds && !/\bin\b/i.test(d) && !/^\s*(discrete|choice|bernoulli)/i.test(d) && rng.ok(0.7) ? `${d} in [${bounds[0]}, ${bounds[1]}]` : d;
    }],
  ]);
}

/** --set and parameter flags for `m`. */
function settings(rng: Rng, m: ModelChoice, count: number, distWeight: number, skip: string[] = []): string[] {
  const out: string[] = [];
  const names = m.params.filter((p) => !skip.includes(p));
  for (let i = 0; i < count; i++) {
    const p = names.length > 0 ? rng.pick(names) : "g";
    // a parameter set twice is an error: mostly set each once (noise repeats flags)
    if (rng.ok(0.95)) names.splice(names.indexOf(p), 1);
    const value = paramValue(rng, rangeOf(m, p), distWeight, m.bounds && Object.hasOwn(m.bounds, p) ? m.bounds[p] : undefined);
    rng.weighted<void>([
      [4, () => out.push(...flag(rng, p.replace(/_/g, "-"), value))],
      [4, () => out.push("--set", `${rng.chance(0.8) ? p : p.replace(/_/g, "-")}=${value}`)],
      [rng.bad(1), () => out.push("--set", `${rng.pick(PARAM_NAMES_BAD)}=${value}`)],
      [rng.bad(1), () => out.push("--set", rng.pick([p, `${p}=`, `=${value}`, `${p}==${value}`, `${p}=${value}=1`, "", `${p} = ${value}`]))],
    ]);
  }
  return out;
}

interface Built {
  args: string[];
  files: Record<string, string | Buffer>;
  outputs: { name: string; json: boolean }[];
  stdoutJson: boolean;
  stdoutNonEmpty: boolean;
  env?: Record<string, string>;
  mustFail?: string;
}

/** An output destination for a run, sweep or sensitivity: stdout or a file, in one of the formats. */
function output(rng: Rng, b: Built, formats: string[], csvOk: boolean): void {
  const format = rng.weighted<string | undefined>([
    [4, () => undefined], [3, () => rng.pick(formats)], [rng.bad(1), () => rng.pick(["xml", "", "JSON", "table,json", "csv"])],
  ]);
  if (format !== undefined) b.args.push(...flag(rng, "format", format));
  const out = rng.weighted<string | undefined>([
    [5, () => undefined],
    [5, () => rng.pick(["out.json", "out.csv", "out.txt", "out"])],
    [rng.bad(1), () => rng.pick(["", "sub/out.json", ".", "d", "d/", "out dir.json", "\x1b.json", "..", "out.json/"])],
  ]);
  if (out === "d" || out === "d/") b.files["d/"] = "";
  if (out !== undefined) b.args.push(...flag(rng, "out", out));
  const effective = format ?? (out?.endsWith(".json") ? "json" : out?.endsWith(".csv") && csvOk ? "csv" : "table");
  if (out !== undefined && out !== "") b.outputs.push({ name: out, json: effective === "json" });
  else if (out === undefined) {
    b.stdoutNonEmpty = true;
    b.stdoutJson = effective === "json";
  }
  if (rng.chance(0.12)) {
    const html = rng.pick(["r.html", "r.html", "sub/r.html", "", "out.json"]);
    b.args.push(...flag(rng, "html", html));
    if (html !== "" && html !== "out.json") b.outputs.push({ name: html, json: false });
  }
}

/** Samples, seed, horizon, workers, shard: the run-size flags, mostly valid and small. */
function sizeFlags(rng: Rng, b: Built, m: ModelChoice, samplesMax: number, allowShard = true): void {
  b.args.push(...flag(rng, "samples", rng.ok(0.9) ? String(rng.int(1, samplesMax)) : anyInteger(rng, 1, samplesMax, 1)));
  if (rng.chance(0.4)) b.args.push(...flag(rng, "seed", rng.ok(0.8) ? String(rng.int(0, 4294967295)) : rng.pick([...EDGE_INTEGERS, "4294967295", "0"])));
  if (rng.chance(0.2)) b.args.push(...flag(rng, "horizon", rng.ok(0.6) ? decimal(rng, m.horizon[0], m.horizon[1]) : anyNumber(rng, m.horizon[0] - 100, m.horizon[1] + 100)));
  b.args.push(...flag(rng, "workers", rng.ok(0.92) ? "1" : rng.pick(["2", "auto", "0", "-1", "1.5", "", "1025", "999999999", "NaN", "two"])));
  if (allowShard && !rng.ok(0.9)) {
    const shard = rng.pick(["1/2", "2/2", "1/1", "0/2", "3/2", "1/0", "auto", "1/99999999999", "1/4294967296", "a/b", "1/2/3", " 1 / 2 ", "-1/2", "1/3", "2/1"]);
    b.args.push(...flag(rng, "shard", shard));
    if (shard === "auto") {
      b.env = rng.pick<Record<string, string>>([{}, { SLURM_ARRAY_TASK_ID: "1", SLURM_ARRAY_TASK_COUNT: "2", SLURM_ARRAY_TASK_MIN: "1" }, { SLURM_ARRAY_TASK_ID: "x" }, { JOB_COMPLETION_INDEX: "0" }, { SLURM_ARRAY_TASK_ID: "5", SLURM_ARRAY_TASK_COUNT: "2" }]);
      if (rng.chance(0.5)) b.args.push(...flag(rng, "shards", rng.pick(["2", "0", "-1", "x", "1e3", "99999999999999"])));
    }
  }
}

/** Unknown flags: no command takes them. */
const UNKNOWN_FLAGS = ["--samplez", "--foo", "-x", "--Samples", "--no-such-flag=1", "-s"];
/** Words that are no command's argument wherever they stand (not a command, flag, parameter or number a flag takes). */
const STRAY_WORDS = ["foo", "a=b", "\u00e9t\u00e9", "\u202eevil", "\x1b[31mred\x1b[0m", "\x07bell", "sp ace", "'quoted'", '"dq"', "$HOME", "*", "x".repeat(5000), "\u2014samples"];

/** Noise a user adds: an unknown flag, a repeated flag, a stray word, --help. */
function noise(rng: Rng, b: Built, known: string[]): void {
  const insert = (word: string, why?: string) => {
    b.args.splice(rng.int(b.args[0] === "merge" || b.args[0] === "report" ? 1 : 0, b.args.length), 0, word);
    if (why !== undefined) b.mustFail = why;
  };
  rng.weighted<void>([
    [20, () => undefined],
    [rng.bad(1), () => { const f = rng.pick([...UNKNOWN_FLAGS, `--${rng.pick(known)}x`]); insert(f, `the command line has the unknown flag ${f}`); }],
    [rng.bad(1), () => insert(rng.pick(["--", "--set", "-"]))],
    [rng.bad(2), () => { const i = b.args.findIndex((a) => a.startsWith("--") && a.length > 2); if (i >= 0) b.args.push(b.args[i], ...(b.args[i].includes("=") || i + 1 >= b.args.length ? [] : [b.args[i + 1]])); }],
    [rng.bad(1), () => { const w = rng.pick(STRAY_WORDS); insert(w, `the command line has the stray word ${JSON.stringify(w.length > 20 ? w.slice(0, 20) + "…" : w)}`); }],
    [rng.bad(1), () => insert(strayWord(rng))],
    [rng.bad(1), () => b.args.push(`--${rng.pick(known)}`)],
    [1, () => { b.args.push(rng.pick(["--help", "-h", "--version"])); b.stdoutNonEmpty = false; }],
  ]);
}

function newBuilt(args: string[], files: Record<string, string | Buffer>): Built {
  return { args, files: { ...files }, outputs: [], stdoutJson: false, stdoutNonEmpty: false };
}

function runCase(rng: Rng, m: ModelChoice, distWeight: number, nSettings: number): Built {
  const b = newBuilt([...(rng.chance(0.3) ? ["run"] : []), ...m.flag], m.files);
  sizeFlags(rng, b, m, m.samplesMax);
  b.args.push(...settings(rng, m, nSettings, distWeight));
  if (rng.chance(0.3)) b.args.push("--no-progress");
  if (b.args.some((a) => a.startsWith("--shard"))) {
    const out = rng.pick(["s.shard", "s.shard", "", undefined, "s.json"]);
    if (out !== undefined) b.args.push("--out", out);
    if (out) b.outputs.push({ name: out, json: false });
  } else output(rng, b, ["table", "json", "csv"], true);
  return b;
}

function sweepCase(rng: Rng, m: ModelChoice, distWeight: number, nSettings: number): Built {
  const param = rng.ok(0.9) ? rng.pick(m.params) : rng.pick(PARAM_NAMES_BAD.filter(Boolean));
  const b = newBuilt(["sweep", ...(rng.ok(0.95) ? [param] : []), ...m.flag], m.files);
  const axis = (suffix: string, p: string) => {
    const [lo, hi] = rangeOf(m, p);
    rng.weighted<void>([
      [5, () => b.args.push(...flag(rng, `values${suffix}`, Array.from({ length: rng.int(1, 4) }, () => rng.ok(0.9) ? decimal(rng, lo, hi) : rng.pick(ODD_NUMBERS)).join(",")))],
      [4, () => {
        let a = rng.ok(0.9) ? decimal(rng, lo, hi) : anyNumber(rng, lo, hi);
        let c = rng.ok(0.9) ? decimal(rng, lo, hi) : anyNumber(rng, lo, hi);
        if (Number(a) > Number(c) && rng.ok(0.8)) [a, c] = [c, a];
        b.args.push(...flag(rng, `range${suffix}`, rng.ok(0.7) ? `${a}:${c}` : rng.pick([`${a}`, `${a}:${c}:1`, `:${c}`])));
        if (rng.chance(0.7)) b.args.push(...flag(rng, `points${suffix}`, rng.ok(0.85) ? String(rng.int(1, 5)) : rng.pick([...EDGE_INTEGERS, "10000000000"])));
        if (rng.chance(0.3)) b.args.push(`--log${suffix}`);
      }],
      [rng.bad(1), () => undefined],
    ]);
  };
  axis("", param);
  if (rng.chance(0.2)) {
    const p2 = rng.ok(0.85) ? rng.pick(m.params) : rng.pick(PARAM_NAMES_BAD);
    b.args.push(...flag(rng, "param2", p2));
    axis("2", p2);
  }
  if (rng.chance(0.15)) b.args.push(...flag(rng, "outputs", rng.pick(["a_end", "hit,a_end", "loc", "nope", "", ",", "loc,loc", "t_a1"])));
  sizeFlags(rng, b, m, Math.min(60, m.samplesMax));
  b.args.push(...settings(rng, m, nSettings, distWeight, [param]));
  if (b.args.some((a) => a.startsWith("--shard"))) {
    b.args.push("--out", "s.shard");
    b.outputs.push({ name: "s.shard", json: false });
  } else output(rng, b, ["table", "json", "csv"], true);
  return b;
}

function sensitivityCase(rng: Rng, m: ModelChoice, distWeight: number, nSettings: number): Built {
  const method = rng.weighted<string | undefined>([[9, () => rng.pick(["sobol", "morris", "oat"])], [rng.bad(1), () => rng.pick([undefined, "", "SOBOL", "fast", "__proto__"])]]);
  const b = newBuilt(["sensitivity", ...m.flag], m.files);
  if (method !== undefined) b.args.push(...flag(rng, "method", method));
  const small = m.rsiCore ? 1 : 4;
  if (method === "sobol" || rng.chance(0.2)) b.args.push(...flag(rng, "samples", rng.chance(0.85) ? String(2 ** rng.int(3, m.rsiCore ? 5 : 6)) : anyInteger(rng, 1, 64, 1)));
  if (method === "oat" && rng.chance(0.7)) b.args.push(...flag(rng, "samples", String(rng.int(1, 8))));
  if (method === "morris" || rng.chance(0.1)) b.args.push(...flag(rng, "trajectories", rng.chance(0.85) ? String(rng.int(1, 2 + small)) : anyInteger(rng, 1, 8, 1)));
  if (rng.chance(0.15)) b.args.push(...flag(rng, "levels", rng.pick(["2", "4", "3", "6", "0", "1", "1000", "x"])));
  b.args.push(...flag(rng, "resamples", rng.ok(0.85) ? String(rng.int(20, 100)) : anyInteger(rng, 0, 100, 1)));
  if (rng.chance(0.2)) b.args.push(...flag(rng, "conf-level", rng.pick(["0.9", "0.95", "0.5", "0", "1", "-0.5", "1.5", "NaN", "", ".99999999999", "95%"])));
  if (rng.chance(0.15)) b.args.push(...flag(rng, "others", rng.pick(["medians", "prior", "mean", ""])));
  if (rng.chance(0.1)) b.args.push(...flag(rng, "draw-layout", rng.pick(["independent", "shared", "x"])));
  if (rng.chance(0.2)) b.args.push(...flag(rng, "params", rng.pick([m.params.slice(0, 2).join(","), m.params[0], "nope", "", ",", `${m.params[0]},${m.params[0]}`])));
  if (rng.chance(0.15)) b.args.push(...flag(rng, "outputs", rng.pick(["a_end", "loc", "nope", "", "peak_c,gain", "hit"])));
  if (rng.chance(0.3)) b.args.push(...flag(rng, "seed", rng.chance(0.7) ? String(rng.int(0, 1000)) : rng.pick(EDGE_INTEGERS)));
  b.args.push(...flag(rng, "workers", rng.ok(0.92) ? "1" : rng.pick(["2", "auto", "0", "x"])));
  for (const a of settings(rng, m, nSettings, distWeight)) b.args.push(a);
  // sensitivity takes parameters through --set only: turn --param flags into --set
  for (let i = 0; i < b.args.length; i++) {
    const p = b.args[i].replace(/^--/, "").split("=")[0];
    if (b.args[i].startsWith("--") && m.params.some((q) => q.replace(/_/g, "-") === p) && rng.chance(0.9)) {
      const value = b.args[i].includes("=") ? b.args[i].slice(b.args[i].indexOf("=") + 1) : b.args[i + 1];
      b.args.splice(i, b.args[i].includes("=") ? 1 : 2, "--set", `${p}=${value}`);
    }
  }
  if (rng.chance(0.1)) {
    const d = rng.pick(["d.json", "", "sub/d.json"]);
    b.args.push(...flag(rng, "write-design", d));
    if (d !== "") b.outputs.push({ name: d, json: true });
  } else if (rng.chance(0.1)) {
    b.args.push(...flag(rng, "shard", rng.pick(["1/2", "2/2", "0/1", "3/2"])), "--out", "s.shard");
    b.outputs.push({ name: "s.shard", json: false });
  } else output(rng, b, ["table", "json"], false);
  return b;
}

const SCENARIO_NAMES_BAD = ["", " ", "a", "--ratio", "-", "__proto__", "constructor", "\x1b[31mred", "\u202eevil", "x".repeat(300), "a,b", "%{x}", "<b>bold</b>"];

/** `compare`: shared settings, then scenarios (names, own settings), the compare flags, size and output. */
function compareCase(rng: Rng, m: ModelChoice, distWeight: number, nSettings: number): Built {
  const b = newBuilt(["compare", ...m.flag], m.files);
  b.args.push(...settings(rng, m, rng.int(0, nSettings), distWeight));
  const count = rng.weighted<number>([[6, () => 2], [3, () => 3], [rng.bad(1), () => rng.pick([0, 1])]]);
  // distinct names, but now and then an odd or repeated one
  const names = rng.shuffle(["a", "b", "c", "200:1", "20:1", "no brakes", "é"]).slice(0, count);
  for (let i = 0; i < count; i++) if (!rng.ok(0.95)) names[i] = rng.pick(SCENARIO_NAMES_BAD);
  for (const name of names) {
    b.args.push(...(rng.chance(0.85) ? ["--scenario", name] : [`--scenario=${name}`]));
    b.args.push(...settings(rng, m, rng.int(0, 2), distWeight));
  }
  if (rng.chance(0.2)) b.args.push(...flag(rng, "baseline", rng.ok(0.8) && names.length > 0 ? rng.pick(names) : rng.pick(["nope", "", "A"])));
  if (rng.chance(0.15)) b.args.push(...flag(rng, "outputs", rng.pick(["a_end", "hit,a_end", "loc", "loc,takeoff_years", "nope", "", ",", "t_a1"])));
  if (rng.chance(0.15)) b.args.push(...flag(rng, "timeline", rng.pick(["", "t_a1", "t_loc", "loc", "nope", "t_a1,t_a1"])));
  b.args.push(...flag(rng, "resamples", rng.ok(0.9) ? String(rng.int(0, 50)) : rng.pick(["-1", "1.5", "100001", "x", ""])));
  if (rng.chance(0.08)) b.args.push(...flag(rng, "precision", rng.pick(["0.2", "0.05", "0", "-1", "x"])), ...flag(rng, "max-samples", rng.pick(["120", "200", "0", "x"])));
  sizeFlags(rng, b, m, Math.min(60, m.samplesMax));
  if (b.args.some((a) => a.startsWith("--shard"))) {
    b.args.push("--out", "s.shard");
    b.outputs.push({ name: "s.shard", json: false });
  } else output(rng, b, ["table", "json", "csv"], true);
  return b;
}

function describeCase(rng: Rng, m: ModelChoice): Built {
  const target = m.flag.length > 0 ? m.flag[m.flag.length - 1].replace(/^--model=/, "") : "rsi-core";
  const b = newBuilt(["describe"], m.files);
  rng.weighted<void>([[6, () => b.args.push(target)], [2, () => b.args.push("--model", target)], [1, () => undefined], [1, () => b.args.push(target, strayWord(rng))]]);
  b.stdoutNonEmpty = true;
  return b;
}

function validateCase(rng: Rng, m: ModelChoice): Built {
  const target = Object.keys(m.files).find((f) => f.endsWith(".yaml")) ?? rng.pick(["rsi-core", "models/x.yaml", ""]);
  const b = newBuilt(["validate"], m.files);
  rng.weighted<void>([[6, () => b.args.push(target)], [1, () => undefined], [1, () => b.args.push(target, target)], [1, () => b.args.push(target, strayWord(rng))], [1, () => b.args.push("--strict", target)]]);
  b.stdoutNonEmpty = true;
  return b;
}

function mergeFlags(rng: Rng, b: Built): void {
  const format = rng.weighted<string | undefined>([[5, () => undefined], [3, () => rng.pick(["json", "table", "csv"])], [1, () => rng.pick(["xml", "", "JSON"])]]);
  if (format !== undefined) b.args.push(...flag(rng, "format", format));
  const out = rng.weighted<string | undefined>([[4, () => undefined], [4, () => rng.pick(["merged.json", "merged.csv", "merged.txt"])], [1, () => rng.pick(["", "sub/m.json", "d/"])]]);
  if (out === "d/") b.files["d/"] = "";
  if (out !== undefined) b.args.push(...flag(rng, "out", out));
  const effective = format ?? (out?.endsWith(".csv") ? "csv" : out?.endsWith(".txt") ? "table" : "json");
  if (out) b.outputs.push({ name: out, json: effective === "json" });
  else if (out === undefined) {
    b.stdoutNonEmpty = true;
    b.stdoutJson = effective === "json";
  }
  if (rng.chance(0.1)) {
    b.args.push(...flag(rng, "html", "m.html"));
    b.outputs.push({ name: "m.html", json: false });
  }
}

function mergeCase(rng: Rng, seeds: Seeds, mutate: boolean): Built & { note: string } {
  const setName = rng.pick(Object.keys(seeds.shardSets));
  const set = seeds.shardSets[setName];
  const b = newBuilt(["merge"], {});
  const notes = [`shards of ${setName}`];
  let names = set.map((bytes, i) => {
    const name = `s${i + 1}.shard`;
    b.files[name] = bytes;
    return name;
  });
  if (mutate && rng.chance(0.3)) {
    // the same edit to every shard, so the shards still agree with each other
    const editSeed = rng.int(0, 2 ** 31);
    for (const name of names) {
      const r = mutateShard(new Rng(editSeed), b.files[name] as Buffer);
      b.files[name] = r.text;
      if (name === names[0]) notes.push(`every shard: ${r.how}`);
    }
  } else if (mutate) {
    const n = rng.weighted<number>([[5, () => 1], [1, () => 2]]);
    for (let k = 0; k < n; k++) {
      const target = rng.pick(names);
      const r = mutateShard(rng, b.files[target] as Buffer);
      b.files[target] = r.text;
      notes.push(`${target}: ${r.how}`);
    }
  }
  rng.weighted<void>([
    [8, () => undefined],
    [1, () => { names = [...names, names[0]]; notes.push("a shard twice"); }],
    [1, () => { names = names.slice(1); notes.push("a shard missing"); }],
    [1, () => {
      const other = rng.pick(Object.keys(seeds.shardSets).filter((s) => s !== setName));
      b.files["o.shard"] = seeds.shardSets[other][rng.int(0, seeds.shardSets[other].length - 1)];
      names = [...names.slice(1), "o.shard"];
      notes.push(`a shard of ${other} instead`);
    }],
    [1, () => { const kind = rng.pick(Object.keys(seeds.results)); b.files["res.json"] = seeds.results[kind]; names = [...names, "res.json"]; notes.push(`the ${kind} result JSON too`); }],
    [1, () => { names = [...names, rng.pick(["missing.json", "d/", "", "-", "m.yaml"])]; b.files["d/"] = ""; b.files["m.yaml"] = seeds.models.regimes; }],
    [1, () => { names = []; }],
  ]);
  b.args.push(...rng.shuffle(names));
  mergeFlags(rng, b);
  if (rng.chance(0.08)) b.args.splice(rng.int(1, b.args.length), 0, rng.pick(["--foo", "-x", "--out", "--help", "--format", "--=x"]));
  return { ...b, note: notes.join("; ") };
}

function reportCase(rng: Rng, seeds: Seeds, mutate: boolean): Built & { note: string } {
  const kind = rng.pick(Object.keys(seeds.results));
  const b = newBuilt(["report"], { "res.json": seeds.results[kind] });
  let note = `report of the ${kind} result`;
  if (mutate) {
    const r = mutateJson(rng, seeds.results[kind], false);
    b.files["res.json"] = r.text;
    note += `; ${r.how}`;
  }
  b.args.push(rng.weighted<string>([[8, () => "res.json"], [1, () => rng.pick(["missing.json", "", "d/", "m.yaml"])]]));
  b.files["d/"] = "";
  b.files["m.yaml"] = seeds.models.regimes;
  rng.weighted<void>([
    [8, () => { const h = rng.pick(["r.html", "r.html", "sub/r.html", ""]); b.args.push(...flag(rng, "html", h)); if (h !== "" && h !== "sub/r.html") b.outputs.push({ name: h, json: false }); }],
    [1, () => b.args.push("--png", rng.pick(["png", "", "res.json"]))],
    [1, () => undefined],
  ]);
  if (rng.chance(0.2)) b.args.push(...flag(rng, "width", rng.pick(["1100", "200", "4000", "199", "4001", "1e3", "", "-5", "x"])));
  if (rng.chance(0.1)) b.args.push(strayWord(rng));
  return { ...b, note };
}

function analyzeCase(rng: Rng, seeds: Seeds): Built & { note: string } {
  const b = newBuilt(["sensitivity", "--analyze", "d.json", "--results", rng.pick(["o.csv", "o.csv", "o.json", "missing.csv"])], { "d.json": seeds.design, "o.csv": seeds.designResults });
  const notes: string[] = ["--analyze a saved morris design"];
  rng.weighted<void>([
    [3, () => { const r = mutateJson(rng, seeds.design, false); b.files["d.json"] = r.text; notes.push(`design: ${r.how}`); }],
    [3, () => {
      const lines = seeds.designResults.split("\n");
      const i = rng.int(0, lines.length - 1);
      rng.weighted<void>([
        [1, () => lines.splice(i, 1)],
        [1, () => { lines[i] = lines[i].replace(/[^,]+/, rng.pick(["NaN", "inf", "-1e999", "1e999", "", "x", "\x1b[31m", "1,2,3,4,5,6,7,8,9"])); }],
        [1, () => { lines[0] = lines[0].replace(/^[^,]+/, rng.pick(["nope", "__proto__", "", "peak_c"])); }],
        [1, () => lines.push(...lines.slice(1, 5))],
      ]);
      b.files["o.csv"] = lines.join("\n");
      notes.push(`results CSV line ${i} changed`);
    }],
    [1, () => { b.files["o.json"] = rng.pick(["[]", "{}", "[[1,2]]", JSON.stringify({ peak_c: [1, 2] }), "{\"outputs\": 1e999}"]); }],
    [1, () => undefined],
  ]);
  if (rng.chance(0.3)) b.args.push(...flag(rng, "method", rng.pick(["morris", "sobol", "x"])));
  if (rng.chance(0.2)) b.args.push(...flag(rng, "model", rng.pick(["rsi-core", "r.yaml"])));
  b.files["r.yaml"] = seeds.models.regimes;
  if (rng.chance(0.3)) b.args.push(...flag(rng, "resamples", rng.pick(["20", "50", "0", "x"])));
  if (rng.chance(0.2)) b.args.push(...flag(rng, rng.pick(["samples", "seed", "workers"]), "3"));
  output(rng, b, ["table", "json"], false);
  return { ...b, note: notes.join("; ") };
}

function flagsCase(rng: Rng, seeds: Seeds): Built & { note: string } {
  const m = chooseModel(rng, seeds.models);
  return rng.weighted<Built & { note: string }>([
    [6, () => ({ ...runCase(rng, m, 1, rng.int(0, 2)), note: "run flags" })],
    [3, () => ({ ...sweepCase(rng, m, 1, rng.int(0, 1)), note: "sweep flags" })],
    [2, () => ({ ...sensitivityCase(rng, m, 1, rng.int(0, 1)), note: "sensitivity flags" })],
    [2, () => ({ ...compareCase(rng, m, 1, rng.int(0, 1)), note: "compare flags" })],
    [1, () => ({ ...describeCase(rng, m), note: "describe" })],
    [1, () => ({ ...validateCase(rng, m), note: "validate" })],
    [1, () => mergeCase(rng, seeds, false)],
    [1, () => reportCase(rng, seeds, false)],
    [rng.bad(1), () => ({ ...newBuilt([rng.pick(["rn", "swep", "help", "Run", "", "__proto__", "constructor", "merge2", "\x1b[2J"]), ...(rng.chance(0.5) ? ["--samples", "5"] : [])], {}), note: "unknown command" })],
  ]);
}

function distCase(rng: Rng, seeds: Seeds): Built & { note: string } {
  const m = chooseModel(rng, seeds.models);
  const n = rng.int(1, 3);
  return rng.weighted<Built & { note: string }>([
    [6, () => ({ ...runCase(rng, m, 30, n), note: "run with distribution settings" })],
    [2, () => ({ ...sweepCase(rng, m, 30, n), note: "sweep with distribution settings" })],
    [2, () => ({ ...sensitivityCase(rng, m, 30, n), note: "sensitivity with distribution settings" })],
    [2, () => ({ ...compareCase(rng, m, 30, n), note: "compare with distribution settings" })],
  ]);
}

function modelCase(rng: Rng, seeds: Seeds): Built & { note: string } {
  const mutations = rng.weighted<number>([[1, () => 0], [6, () => 1], [2, () => 2], [1, () => 3]]);
  const mc = model(rng, mutations, rng.chance(0.25));
  const m: ModelChoice = { flag: ["--model", "m.yaml"], files: { "m.yaml": mc.text }, params: mc.params.length > 0 ? mc.params : ["g"], range: {}, horizon: [0, 20], samplesMax: 100, rsiCore: false };
  const note = `model: ${mc.how.join(", ")}`;
  return rng.weighted<Built & { note: string }>([
    [3, () => ({ ...validateCase(rng, m), note })],
    [2, () => ({ ...describeCase(rng, m), note })],
    [4, () => ({ ...runCase(rng, m, 0.5, rng.int(0, 1)), note })],
    [1, () => ({ ...sweepCase(rng, m, 0.5, 0), note })],
    [1, () => ({ ...compareCase(rng, m, 0.5, 0), note })],
    [1, () => ({ ...sensitivityCase(rng, { ...m, rsiCore: true }, 0.5, 0), note })],
  ]);
}

function shardCase(rng: Rng, seeds: Seeds): Built & { note: string } {
  return rng.weighted<Built & { note: string }>([
    [7, () => mergeCase(rng, seeds, true)],
    [2, () => reportCase(rng, seeds, true)],
    [1, () => analyzeCase(rng, seeds)],
  ]);
}

/** Case `index` of the run with `seed`: its family by the index's own stream. */
export function makeCase(seed: number, index: number, seeds: Seeds): Case {
  const rng = new Rng(subSeed(seed, index));
  // two cases in five are mostly valid, so that enough of them run a model
  if (rng.chance(0.4)) rng.badness = 0.1;
  const family = rng.weighted<Family>([[35, () => "flags"], [20, () => "dist"], [25, () => "model"], [20, () => "shard"]]);
  const make = { flags: flagsCase, dist: distCase, model: modelCase, shard: shardCase }[family];
  const b = make(rng, seeds);
  if (family !== "shard") noise(rng, b, ["samples", "seed", "out", "format", "model", "workers", "horizon", "set", "shard"]);
  return { id: `c${index}`, family, note: b.note, args: b.args, files: b.files, env: b.env, outputs: b.outputs, stdoutJson: b.stdoutJson, stdoutNonEmpty: b.stdoutNonEmpty, mustFail: b.mustFail };
}
