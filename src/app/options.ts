/**
 * The library's use cases take an object of options from a caller who may
 * write JavaScript rather than TypeScript: each is checked here, before
 * anything runs, for its name (an option misspelt is refused, not ignored)
 * and its type (`samples: "100"` is refused as a string, not read as 100;
 * `settings: { ratio: null }` names the setting rather than failing deep
 * inside). Ranges and meanings are checked where each option is used.
 */
import { ArgumentError } from "../core/errors.js";
import { didYouMean } from "../core/suggest.js";
import { describeValue } from "../core/printable.js";
import { controlCharacterIn } from "../model/compile-texts.js";

/** What an option must be. */
type OptionKind =
  | "number"
  | "string"
  | "line"
  | "boolean"
  | "function"
  | "strings"
  | "numbers"
  | "range"
  | "settings"
  | "model"
  | "workers"
  | "memory"
  | "axis"
  | "scenarios";

/** The options of each use case that takes an object, by name. */
// the command is echoed in results, reports and shard headers (which merge refuses with a control character): one line
const COMMON: Record<string, OptionKind> = { model: "model", seed: "number", workers: "workers", onProgress: "function", command: "line", maxMemory: "memory" };
const AXIS: Record<string, OptionKind> = { param: "string", values: "numbers", range: "range", points: "number", log: "boolean" };
const OPTIONS: Record<string, Record<string, OptionKind>> = {
  run: {
    ...COMMON,
    samples: "number",
    horizon: "number",
    settings: "settings",
    keepParameters: "boolean",
    keepSeries: "boolean",
    keepTable: "boolean",
    precision: "number",
    maxSamples: "number",
    outputs: "strings",
  },
  sweep: { ...COMMON, ...AXIS, second: "axis", outputs: "strings", samples: "number", horizon: "number", settings: "settings", precision: "number", maxSamples: "number" },
  compare: {
    ...COMMON,
    scenarios: "scenarios",
    baseline: "string",
    settings: "settings",
    outputs: "strings",
    timeline: "strings",
    samples: "number",
    horizon: "number",
    resamples: "number",
    precision: "number",
    maxSamples: "number",
  },
  sensitivity: {
    ...COMMON,
    method: "string",
    params: "strings",
    outputs: "strings",
    samples: "number",
    trajectories: "number",
    levels: "number",
    others: "string",
    drawLayout: "string",
    level: "string",
    inner: "number",
    settings: "settings",
    resamples: "number",
    confLevel: "number",
  },
  playground: { model: "model", modelArg: "string", samples: "number", seed: "number" },
  merge: { outputs: "strings", maxMemory: "memory" },
};

/** The options a use case cannot do without, with what each is. */
const REQUIRED: Record<string, Record<string, string>> = {
  sweep: { param: "the parameter to sweep" },
  compare: { scenarios: "two or more scenarios, such as [{ name: \"a\" }, { name: \"b\", settings: { ratio: 20 } }]" },
};

/** An array of numbers, a typed array (Float64Array …) included. */
const numbers = (v: unknown): v is ArrayLike<number> =>
  (Array.isArray(v) && v.every((x) => typeof x === "number")) || (ArrayBuffer.isView(v) && !(v instanceof DataView) && typeof (v as unknown as ArrayLike<unknown>)[0] !== "bigint");

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A compiled model (from loadModel or compileModel), not a copy that lost its compiled functions. */
function isCompiledModel(v: unknown): boolean {
  if (!isPlainObject(v)) return false;
  const kernel = v.kernel as Record<string, unknown> | undefined;
  return isPlainObject(kernel) && typeof kernel.rhs === "function" && Array.isArray(v.parameters) && Array.isArray(v.outputs) && isPlainObject(v.time);
}

/** Why `value` is not of `kind`, or null. */
function wrongKind(kind: OptionKind, value: unknown): string | null {
  switch (kind) {
    case "number":
      return typeof value === "number" ? null : "a number";
    case "string":
      return typeof value === "string" ? null : "a string";
    case "line":
      return typeof value === "string" ? null : "a string (one line)";
    case "boolean":
      return typeof value === "boolean" ? null : "true or false";
    case "function":
      return typeof value === "function" ? null : "a function";
    case "strings":
      return Array.isArray(value) && value.every((x) => typeof x === "string") ? null : "an array of names (strings)";
    case "numbers":
      return numbers(value) ? null : "an array of numbers";
    case "range":
      return numbers(value) && value.length === 2 ? null : "[lo, hi], two numbers";
    case "settings":
      return isPlainObject(value) ? null : "an object of settings by parameter name, such as { ratio: 20 }";
    case "model":
      return typeof value === "string" || isCompiledModel(value) ? null : "a model's name or file (a string), or a model from loadModel or compileModel";
    case "workers":
      // (a string is parsed by checkWorkers, as the CLI's --workers is)
      return typeof value === "number" || typeof value === "string" ? null : 'a number of threads or "auto"';
    case "memory":
      return typeof value === "number" || typeof value === "string" ? null : 'bytes (a number) or a size such as "8GB"';
    case "axis":
      return isPlainObject(value) ? null : "an object such as { param, values }";
    case "scenarios":
      return Array.isArray(value) && value.every((s) => isPlainObject(s)) ? null : "an array of scenarios such as { name, settings }";
  }
}

/** Check `options` against `spec`: each key known, each value of its kind (undefined: the default). `where` prefixes nested names. */
function checkAgainst(fn: string, options: Record<string, unknown>, spec: Record<string, OptionKind>, where: string): void {
  for (const [key, value] of Object.entries(options)) {
    const name = `${where}${key}`;
    const kind = spec[key];
    if (kind === undefined) {
      const hint = didYouMean(key, Object.keys(spec));
      throw new ArgumentError(name, `is not an option of ${fn}()${hint ? ` (did you mean "${where}${hint}"?)` : ""}; its options are ${Object.keys(spec).join(", ")}`);
    }
    if (value === undefined) continue;
    const want = wrongKind(kind, value);
    if (want !== null) throw new ArgumentError(name, `must be ${want}, got ${describeValue(value)}`);
    const bad = kind === "line" ? controlCharacterIn(value as string) : null;
    if (bad !== null) throw new ArgumentError(name, `holds the control character ${bad}; it is one line of text`);
    if (kind === "axis") checkAgainst(fn, value as Record<string, unknown>, AXIS, `${name}.`);
    if (kind === "scenarios") {
      (value as Record<string, unknown>[]).forEach((s, i) => checkAgainst(fn, s, { name: "string", settings: "settings" }, `${name}[${i}].`));
    }
  }
}

/**
 * The options object of use case `fn` (a key of OPTIONS), checked; undefined
 * is no options at all when `optional`.
 */
export function checkOptions<T>(fn: keyof typeof OPTIONS, options: T, optional = true): T {
  if (options === undefined && optional) return {} as T;
  if (!isPlainObject(options)) throw new ArgumentError("options", `${fn}() takes an object of options, got ${describeValue(options)}`);
  checkAgainst(fn, options, OPTIONS[fn], "");
  for (const [key, what] of Object.entries(REQUIRED[fn] ?? {})) {
    if ((options as Record<string, unknown>)[key] === undefined) throw new ArgumentError(key, `is required: ${what}`);
  }
  return options;
}
