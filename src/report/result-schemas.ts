/**
 * The JSON Schemas of the results rsi-sim writes, one per kind: a run
 * ("rsi-sim.result/1", docs/result.schema.json), a sweep
 * ("rsi-sim.sweep/1", docs/sweep-json.md), a sensitivity analysis
 * ("rsi-sim.sensitivity/1", docs/sensitivity.md) and a comparison
 * ("rsi-sim.compare/1", docs/compare-json.md). They say what rsi-sim writes,
 * no more: the type of every field the reports read, counts as whole
 * numbers from 0, probabilities from 0 to 1, intervals of two, a run's 101
 * quantiles, null wherever rsi-sim writes a number that is not finite (or
 * not defined), optional fields optional; fields added by a later version
 * pass. Ajv checks them (result-check.ts), which also checks what relates
 * one field to another.
 */
import { QUANTILES, type QuantileName } from "../analysis/summary.js";
import { lazyChecks, pointerField, subField, type ErrorObject, type Schema } from "../core/ajv.js";


/** The kinds of result, as parseResultText names them. */
export type ResultKind = "run" | "sweep" | "sensitivity" | "compare";

const int = (minimum: number, maximum = Number.MAX_SAFE_INTEGER): Schema => ({ type: "integer", minimum, maximum });
const count = int(0);
const num: Schema = { type: "number" };
/** a number, or null where rsi-sim writes one that is not finite (NaN for "undefined", ±Infinity) */
const numOrNull: Schema = { type: ["number", "null"] };
const atLeast = (minimum: number): Schema => ({ type: ["number", "null"], minimum });
const nonNegative = atLeast(0);
const probability: Schema = { type: ["number", "null"], minimum: 0, maximum: 1 };
/** a difference of two probabilities */
const difference: Schema = { type: ["number", "null"], minimum: -1, maximum: 1 };
const str: Schema = { type: "string" };
const strings: Schema = { type: "array", items: str };
const list = (items: Schema, minItems = 0): Schema => ({ type: "array", items, minItems });
const pairOf = (item: Schema): Schema => ({ type: "array", items: item, minItems: 2, maxItems: 2 });
const record = (values: Schema, minProperties = 0): Schema => ({ type: "object", additionalProperties: values, minProperties });
/** An object with these fields, all required but the `optional` ones; other fields (added by a later version) pass. */
const object = (properties: Record<string, Schema>, optional: string[] = []): Schema => ({
  type: "object",
  properties,
  required: Object.keys(properties).filter((k) => !optional.includes(k)),
});

const seed = int(0, 2 ** 32 - 1);
const samples = int(1);
const hex64: Schema = { type: "string", pattern: "^[0-9a-f]{64}$" };
const model = object({ name: str, file: str, sha256: hex64 });
/** a parameter's setting: a fixed number or a prior's text */
const settings = record({ type: ["number", "string"] });
const confLevel: Schema = { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 };

/** The summaries' quantiles, in order: those of analysis/summary.ts. */
export const QUANTILE_NAMES = Object.keys(QUANTILES) as QuantileName[];
const quantiles: Schema = {
  ...object(Object.fromEntries(QUANTILE_NAMES.map((q) => [q, numOrNull]))),
  additionalProperties: numOrNull,
};

/** An output's summary (src/analysis/summary.ts), in a run, a sweep point or a scenario. */
const summary = object(
  {
    kind: { enum: ["binary", "continuous"] },
    n: count,
    missing: count,
    nonfinite: { type: "object", properties: { "+Infinity": int(1), "-Infinity": int(1), NaN: int(1) }, additionalProperties: false },
    mean: numOrNull,
    se: nonNegative,
    quantiles,
    p: probability,
    ci: pairOf(probability),
    p_defined: probability,
    ci_defined: pairOf(probability),
  },
  ["nonfinite", "p", "ci", "p_defined", "ci_defined"],
);
const outputList = list(object({ name: str, kind: { enum: ["binary", "continuous"] }, unit: str, description: str }), 1);
const info = record(object({ unit: str, description: str, source: str }, ["unit", "description", "source"]));

const run = object(
  {
    schema: { const: "rsi-sim.result/1" },
    outputs: record(summary, 1),
    model,
    samples,
    version: str,
    seed,
    failed: count,
    failures: record(count),
    horizon: num,
    command: str,
    parameters: settings,
    chance: record(str),
    distributions: record(object({ unit: str, n: count, missing: count, quantiles: { type: "array", items: numOrNull, minItems: 101, maxItems: 101 } })),
    series: record(
      object({
        unit: str,
        range: pairOf(num),
        times: list(num),
        running: list(count),
        ...Object.fromEntries(QUANTILE_NAMES.map((q) => [q, list(numOrNull)])),
      }),
    ),
    time: object({ start: num, unit: str }),
    outputInfo: record(object({ kind: { enum: ["binary", "continuous"] }, unit: str, description: str }, ["unit", "description"])),
    parameterInfo: info,
    chanceInfo: info,
  },
  ["command", "parameters", "chance", "distributions", "series", "time", "outputInfo", "parameterInfo", "chanceInfo"],
);

/** A paired difference of a 0/1 output's fields (a sweep's, and a comparison's with more of its own); `undefined` only when some pairs are. */
const pairedFields = { n: count, undefined: count, up: count, down: count, diff: difference, se: nonNegative, ci: pairOf(difference), se_unpaired: nonNegative };
const pairedDifference = object(pairedFields, ["undefined"]);

const sweep = object(
  {
    schema: { const: "rsi-sim.sweep/1" },
    version: str,
    model,
    seed,
    samples,
    horizon: num,
    swept: { ...list(object({ name: str, values: list(num, 1), unit: str, description: str }), 1), maxItems: 2 },
    parameters: settings,
    chance: record(str),
    outputs: outputList,
    points: list(object({ index: count, values: record(num), failed: count, outputs: record(summary) }), 1),
    differences: list(object({ along: str, from: count, to: count, outputs: record(pairedDifference) })),
    failed: count,
    command: str,
  },
  ["chance", "command"],
);

const binaryComparison = object({
  kind: { const: "binary" },
  ...pairedFields,
  p_baseline: probability,
  p_scenario: probability,
  rr: nonNegative,
  rr_ci: pairOf(nonNegative),
  nnt: atLeast(1),
  nnt_ci: pairOf(atLeast(1)),
}, ["undefined"]);
const continuousComparison = object({
  kind: { const: "continuous" },
  n: count,
  lost: count,
  gained: count,
  mean_diff: numOrNull,
  se: nonNegative,
  ci: pairOf(numOrNull),
  higher: count,
  lower: count,
  quantiles: object(Object.fromEntries(QUANTILE_NAMES.map((q) => [q, object({ diff: numOrNull, ci: pairOf(numOrNull) })]))),
});
/** A comparison of one output: by its kind, a probability's or a measured outcome's. */
const comparison: Schema = {
  type: "object",
  required: ["kind"],
  properties: { kind: { enum: ["binary", "continuous"] } },
  if: { properties: { kind: { const: "binary" } } },
  then: binaryComparison,
  else: continuousComparison,
};
const timeline = object({
  unit: str,
  years: list(num),
  curves: list(
    object({
      name: str,
      description: str,
      p: list(list(probability)),
      differences: list(object({ scenario: count, diff: list(difference), lo: list(difference), hi: list(difference) })),
      shifts: list(object({ scenario: count, shift: continuousComparison })),
    }),
  ),
});

const compare = object(
  {
    schema: { const: "rsi-sim.compare/1" },
    version: str,
    model,
    seed,
    samples,
    horizon: num,
    baseline: count,
    scenarios: list(object({ name: str, settings, parameters: settings, failed: count, failures: record(count), outputs: record(summary) }, ["failures"]), 2),
    outputs: outputList,
    comparisons: list(object({ scenario: count, baseline: count, outputs: record(comparison) })),
    timeline,
    failed: count,
    resamples: count,
    command: str,
  },
  ["command"],
);

const interval = pairOf(numOrNull);
const sobol = object({
  N: int(1),
  k: int(1),
  resamples: count,
  confLevel,
  mean: numOrNull,
  variance: numOrNull,
  rows: count,
  undefinedRuns: count,
  indices: list(object({ name: str, S1: numOrNull, S1_ci: interval, S1_se: nonNegative, ST: numOrNull, ST_ci: interval, ST_se: nonNegative, rows: count })),
  convergence: list(object({ N: int(1), S1: list(numOrNull), ST: list(numOrNull) })),
});
const morris = object({
  r: int(1),
  k: int(1),
  levels: int(2),
  delta: { type: "number", exclusiveMinimum: 0 },
  resamples: count,
  confLevel,
  undefinedRuns: count,
  indices: list(object({ name: str, mu: numOrNull, muStar: nonNegative, muStar_ci: pairOf(nonNegative), muStar_se: nonNegative, sigma: nonNegative, effects: count })),
});
const oat = object({
  others: { enum: ["medians", "prior"] },
  low: probability,
  high: probability,
  draws: int(1),
  confLevel,
  base: numOrNull,
  undefinedRuns: count,
  rows: list(
    object({
      name: str,
      lowValue: numOrNull,
      highValue: numOrNull,
      low: numOrNull,
      high: numOrNull,
      delta: numOrNull,
      delta_ci: { type: ["array", "null"], items: numOrNull, minItems: 2, maxItems: 2 },
      swing: nonNegative,
      n: count,
    }),
  ),
});
const outputSensitivity = object(
  {
    kind: { enum: ["binary", "continuous"] },
    description: str,
    runs: count,
    failed: count,
    undefined: count,
    sobol,
    morris,
    oat,
    innerNoise: object({ K: int(1), variance: numOrNull, share: probability }),
    warnings: strings,
  },
  ["sobol", "morris", "oat", "innerNoise"],
);

const sensitivity = object(
  {
    schema: { const: "rsi-sim.sensitivity/1" },
    version: str,
    method: { enum: ["sobol", "morris", "oat"] },
    // a design file written elsewhere may carry no hash of its model (src/analysis/sensitivity/design-file.ts)
    model: object({ name: str, file: str, sha256: str }),
    seed,
    N: int(1),
    level: { const: "probability" },
    inner: int(1),
    runs: count,
    failed: count,
    failures: record(count),
    resamples: count,
    confLevel,
    factors: list(object({ name: str, prior: str }), 1),
    rest: object({ hazards: strings, chance: strings, parameters: strings, analysed: { type: "boolean" } }, ["chance"]),
    settings,
    design: { type: "object" },
    notes: strings,
    outputs: record(outputSensitivity, 1),
    command: str,
  },
  ["level", "inner", "command"],
);

export const RESULT_SCHEMAS: Record<ResultKind, Schema> = { run, sweep, sensitivity, compare };

const checks = lazyChecks(RESULT_SCHEMAS);

/** A value as a message shows it, cut short. */
export function shown(x: unknown): string {
  if (typeof x === "number") return String(x);
  if (typeof x === "string") return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  if (Array.isArray(x)) return x.length > 6 ? `an array of ${x.length}` : JSON.stringify(x).slice(0, 60);
  if (x === undefined) return "nothing";
  const text = JSON.stringify(x);
  return text.length > 60 ? "an object" : text;
}

const TYPE_WORDS: Record<string, string> = {
  number: "a number",
  integer: "a whole number",
  string: "text",
  object: "an object",
  array: "an array",
  boolean: "true or false",
  null: "null",
};
const COMPARISON_WORDS: Record<string, string> = { ">=": "≥", "<=": "≤", ">": ">", "<": "<" };

/** One of Ajv's errors as the detail of a one-line error: the field and what is wrong with it. */
function describe(e: ErrorObject, schema: string): string {
  const at = pointerField(e.instancePath);
  const p = e.params as Record<string, unknown>;
  const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
  switch (e.keyword) {
    case "required":
      return `not a complete ${schema} file: ${at ? subField(at, String(p.missingProperty)) : JSON.stringify(p.missingProperty)} is missing`;
    case "type": {
      const types = ([] as string[]).concat(p.type as string | string[]);
      const want = types.map((t) => TYPE_WORDS[t] ?? t).join(" or ");
      if (typeof e.data === "number" && !Number.isFinite(e.data)) return `${at} must be ${want}, got ${e.data} (rsi-sim writes a number that is not finite as null)`;
      return `${at} must be ${want}, got ${e.data === null ? "null" : shown(e.data)}`;
    }
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return `${at} must be ${COMPARISON_WORDS[String(p.comparison)] ?? p.comparison} ${p.limit}, got ${shown(e.data)}`;
    case "minItems":
    case "maxItems": {
      const n = (e.data as unknown[]).length;
      if (parent.minItems === parent.maxItems) return `${at} must hold ${parent.minItems} entries, got ${n}`;
      return `${at} must hold ${e.keyword === "minItems" ? "at least" : "at most"} ${p.limit} entries, got ${n}`;
    }
    case "minProperties":
      return `${at} must not be empty`;
    case "const":
      return `${at} must be ${JSON.stringify(p.allowedValue)}, got ${shown(e.data)}`;
    case "enum":
      return `${at} must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}, got ${shown(e.data)}`;
    case "pattern":
      return `${at} must be a SHA-256 (64 hex digits), got ${shown(e.data)}`;
    case "additionalProperties":
      return `${at || "the file"} has an unexpected field ${JSON.stringify(p.additionalProperty)}`;
    default:
      return `${at || "the file"} ${e.message ?? "is not valid"}, got ${shown(e.data)}`;
  }
}

/**
 * What the schema of a result's kind refuses in `raw` first, as the detail
 * of a one-line error naming the field, or null when `raw` fits.
 *
 * @example
 * schemaProblem("run", { schema: "rsi-sim.result/1", outputs: {} }); // "outputs must not be empty"
 */
export function schemaProblem(kind: ResultKind, raw: unknown, schema: string): string | null {
  const check = checks()[kind];
  if (check(raw)) return null;
  const errors = check.errors ?? [];
  // "if" reports after the error in the branch it took: that one says what is wrong
  const e = errors.find((x) => x.keyword !== "if") ?? errors[0];
  return e ? describe(e, schema) : "does not fit its schema";
}
