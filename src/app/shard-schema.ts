/**
 * The JSON Schema of shard files' headers ("rsi-sim.shard/2",
 * src/app/shard-format.ts), one per kind, checked with Ajv before anything
 * of a shard is used: the type of every field, integers and their ranges,
 * finite numbers, the options a sensitivity shard may hold, the blocks'
 * directory, columns as block indices. What relates one field to another
 * (a column's block to its type and the shard's rows, counts to flags) is
 * checked in code (src/app/shard-check.ts).
 */
import { lazyChecks, pointerField, type ErrorObject, type Schema } from "../core/ajv.js";
import type { ShardKind } from "../parallel/shard-spec.js";

import { MAX_DRAWS as MAX_SAMPLES } from "./limits.js";


const int = (minimum: number, maximum = Number.MAX_SAFE_INTEGER): Schema => ({ type: "integer", minimum, maximum });
const num: Schema = { type: "number" };
const str: Schema = { type: "string" };
const nonEmpty: Schema = { type: "string", minLength: 1 };
const hex64: Schema = { type: "string", pattern: "^[0-9a-f]{64}$" };
const strings: Schema = { type: "array", items: str };
/** a column: the index of its block in the directory */
const ref = int(0, 2 ** 32);
const refs: Schema = { type: "array", items: ref };
const numbers: Schema = { type: "array", items: num };
const record = (values: Schema): Schema => ({ type: "object", additionalProperties: values });
const nullable = (s: Schema): Schema => ({ anyOf: [s, { type: "null" }] });
const object = (properties: Record<string, Schema>, optional: string[] = []): Schema => ({
  type: "object",
  properties,
  required: Object.keys(properties).filter((k) => !optional.includes(k)),
  additionalProperties: false,
});

const samples = int(1, MAX_SAMPLES);
const seed = int(0, 2 ** 32 - 1);
const settings = record({ type: ["number", "string"] });
const failureReport = object(
  {
    count: int(0, MAX_SAMPLES),
    reasons: record(int(0, MAX_SAMPLES)),
    examples: { type: "array", maxItems: 5, items: object({ draw: int(0, MAX_SAMPLES), message: str }) },
    // per output, the successful draws where its expression gave NaN from a domain error (ln of a negative number)
    domainErrors: record(int(0, MAX_SAMPLES)),
  },
  ["domainErrors"],
);

const header: Record<string, Schema> = {
  schema: { const: "rsi-sim.shard/2" },
  kind: { enum: ["run", "sweep", "sensitivity", "compare"] },
  version: nonEmpty,
  build: hex64,
  model: object({ name: nonEmpty, file: str, sha256: hex64, source: nonEmpty }),
  command: str,
  shard: object({ index: int(1, MAX_SAMPLES), count: int(1, MAX_SAMPLES), first: int(0, MAX_SAMPLES), rows: int(0, MAX_SAMPLES) }),
  blocks: { type: "array", items: object({ type: { enum: ["float64", "uint8", "binary8"] }, length: int(0), offset: int(0) }) },
};

const run = object(
  {
    ...header,
    seed,
    samples,
    horizon: num,
    settings,
    columns: record(ref),
    parameterColumns: nullable(record(ref)),
    parameterSha256: hex64,
    failed: ref,
    failures: failureReport,
    series: object({ times: numbers, counts: refs }),
    steps: int(0),
  },
);

const sweep = object({
  ...header,
  sweep: object({
    param: nonEmpty,
    values: { ...numbers, minItems: 1 },
    param2: nullable(nonEmpty),
    values2: nullable({ ...numbers, minItems: 1 }),
    outputs: { ...strings, minItems: 1 },
    overrides: settings,
    samples,
    seed,
    horizon: nullable(num),
    how: strings,
  }),
  points: { type: "array", items: object({ settings, horizon: num, failures: failureReport, failed: ref, columns: record(ref) }) },
});

const sensitivity = object({
  ...header,
  options: object(
    {
      method: { enum: ["sobol", "morris", "oat"] },
      params: strings,
      outputs: strings,
      N: int(1, MAX_SAMPLES),
      trajectories: int(1, MAX_SAMPLES),
      levels: int(2, MAX_SAMPLES),
      seed,
      others: { enum: ["medians", "prior"] },
      drawLayout: { enum: ["independent", "shared"] },
      scramble: { type: "boolean" },
      skip: int(0),
      overrides: settings,
      level: { enum: ["outcome", "probability"] },
      inner: int(1, MAX_SAMPLES),
    },
    ["params", "outputs", "N", "trajectories", "levels", "seed", "others", "drawLayout", "scramble", "skip", "level", "inner"],
  ),
  analysis: object({ resamples: int(0, 1e7), confLevel: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 } }),
  design: object({ sha256: hex64, rows: samples }),
  columns: record(ref),
  failed: ref,
  failures: record(int(0, MAX_SAMPLES)),
  inner: object({ failedRuns: ref, defined: record(ref), variance: record(ref), half: object({ failedRuns: ref, defined: record(ref), mean: record(ref) }) }, ["half"]),
}, ["inner"]);

const compare = object({
  ...header,
  compare: object({
    scenarios: { type: "array", minItems: 2, items: object({ name: nonEmpty, settings }) },
    baseline: int(0, MAX_SAMPLES),
    settings,
    outputs: { ...strings, minItems: 1 },
    timeline: strings,
    samples,
    seed,
    horizon: nullable(num),
    resamples: nullable(int(0, 100_000)),
  }),
  scenarios: { type: "array", items: object({ settings, horizon: num, failures: failureReport, failed: ref, columns: record(ref) }) },
});

export const SHARD_SCHEMAS: Record<ShardKind, Schema> = { run, sweep, sensitivity, compare };

const checks = lazyChecks(SHARD_SCHEMAS);

const shown = (x: unknown) => (typeof x === "string" ? JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x) : typeof x === "number" ? String(x) : JSON.stringify(x)?.slice(0, 40));

/** One error of Ajv's as [field, what is wrong]. */
function describe(e: ErrorObject): [string, string] {
  const at = pointerField(e.instancePath);
  const p = e.params as Record<string, unknown>;
  if (e.keyword === "required") return [at ? `${at}.${p.missingProperty}` : String(p.missingProperty), "missing"];
  if (e.keyword === "additionalProperties") return [at || "(top level)", `unexpected field ${JSON.stringify(p.additionalProperty)}`];
  if (e.keyword === "type" && typeof e.data === "number" && !Number.isFinite(e.data)) return [at, `must be a finite number, got ${e.data}`];
  if (e.keyword === "const") return [at, `must be ${JSON.stringify(p.allowedValue)}, got ${shown(e.data)}`];
  if (e.keyword === "enum") return [at, `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}, got ${shown(e.data)}`];
  if (e.keyword === "pattern" && (at.endsWith("sha256") || at === "build")) return [at, `must be a SHA-256 (64 hex digits), got ${shown(e.data)}`];
  if (e.keyword === "type" || e.keyword === "anyOf") return [at, `${e.message ?? "is not valid"}, got ${e.data === null ? "null" : Array.isArray(e.data) ? "an array" : typeof e.data}`];
  return [at, `${e.message ?? "is not valid"}, got ${shown(e.data)}`];
}

/**
 * The first field of a shard's body that its kind's schema refuses, as
 * [field, what is wrong], or null when the body fits the schema.
 *
 * @example
 * schemaProblem("run", { schema: "rsi-sim.shard/2", samples: -5 }); // e.g. ["version", "missing"]
 */
export function schemaProblem(kind: ShardKind, body: unknown): [string, string] | null {
  const check = checks()[kind];
  if (check(body)) return null;
  const errors = check.errors ?? [];
  // anyOf reports its branches first; the anyOf error itself says it better
  const e = errors.find((x) => x.keyword === "anyOf") ?? errors[0];
  return e ? describe(e) : ["(top level)", "does not fit the shard schema"];
}
