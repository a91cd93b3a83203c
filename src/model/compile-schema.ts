/**
 * The model-file schema check (models/model.schema.json): the validator,
 * prebuilt by the build or compiled by Ajv, and its first error turned into
 * one message naming the entry.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ErrorObject } from "ajv";
import { didYouMean } from "../core/suggest.js";
import { ModelError } from "../core/errors.js";
import type { Raw } from "./compile-scope.js";
import { MODELS_DIR } from "./locate.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const schemaText = readFileSync(path.join(MODELS_DIR, "model.schema.json"), "utf8");

interface SchemaCheck {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * The schema check: the standalone code `npm run build` generates
 * (dist/model/schema-validator.cjs, scripts/build-validator.mjs) when it was
 * made from this schema text, else Ajv compiling the schema (~100 ms more).
 */
function loadSchemaCheck(): SchemaCheck {
  const require = createRequire(import.meta.url);
  const sha = createHash("sha256").update(schemaText).digest("hex");
  // from dist/model: beside this file; from src/model (tests, tsx): the built copy
  for (const file of [path.join(here, "schema-validator.cjs"), path.resolve(here, "..", "..", "dist", "model", "schema-validator.cjs")]) {
    if (!existsSync(file)) continue;
    const check = require(file) as SchemaCheck & { schemaSha256?: string };
    if (check.schemaSha256 === sha) return check;
  }
  const { Ajv } = require("ajv") as typeof import("ajv");
  return new Ajv({ allErrors: true, verbose: true, strict: false }).compile(JSON.parse(schemaText)) as SchemaCheck;
}
let schemaCheck: SchemaCheck | null = null;
const validateSchema: SchemaCheck = (data) => {
  schemaCheck ??= loadSchemaCheck();
  const ok = schemaCheck(data);
  validateSchema.errors = schemaCheck.errors;
  return ok;
};

/** Check a model mapping against the schema; the most specific error as a ModelError. */
export function checkSchema(raw: Raw, file: string): void {
  if (validateSchema(raw)) return;
  const errors = validateSchema.errors ?? [];
  // The most specific error first: deepest path, then the kinds that explain most.
  const rank = (k: string) => ({ additionalProperties: 0, required: 1, enum: 2, pattern: 3, minimum: 3, maximum: 3 } as Record<string, number>)[k] ?? 5;
  errors.sort((a, b) => b.instancePath.split("/").length - a.instancePath.split("/").length || rank(a.keyword) - rank(b.keyword));
  const e = errors[0];
  // instancePath is a JSON pointer: "/" and "~" in keys are escaped as ~1 and ~0.
  const entry = e.instancePath.split("/").filter(Boolean).map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~")).join(".");
  const params = e.params as Record<string, unknown>;
  let detail: string;
  if (e.keyword === "additionalProperties") {
    const key = params.additionalProperty as string;
    const allowed = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
    const hint = didYouMean(key, allowed);
    // The entry is the unknown key itself (state.a.raet), so the message points at it.
    throw new ModelError(file, [entry, key].filter(Boolean).join("."), `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ""}; allowed: ${allowed.join(", ")}`);
  } else if (e.keyword === "required") {
    const required = ((e.parentSchema as { required?: string[] })?.required ?? []).join(", ");
    throw new ModelError(file, [entry, params.missingProperty].filter(Boolean).join("."), `missing (required here: ${required})`);
  } else if (e.keyword === "type" || e.keyword === "oneOf") {
    detail = typeDetail(e, errors);
  } else if (e.keyword === "minProperties") {
    detail = `needs at least ${params.limit} entr${params.limit === 1 ? "y" : "ies"}`;
  } else if (e.keyword === "pattern" && entry === "name") {
    detail = `${describeValue(e.data)} is not a valid model name (a letter, then letters, digits, _, . or -)`;
  } else if (e.keyword === "enum") {
    detail = `must be one of ${((params.allowedValues as unknown[]) ?? []).join(", ")}, got ${describeValue(e.data)}`;
  } else {
    detail = `${e.message ?? "invalid"}, got ${describeValue(e.data)}`;
  }
  throw new ModelError(file, entry, detail);
}

/** A wrong type: every type accepted at that path, and what was given. */
function typeDetail(e: ErrorObject, errors: ErrorObject[]): string {
  // A oneOf fails with one type error per branch at the same path: list every accepted type.
  const types = new Set(errors.filter((x) => x.keyword === "type" && x.instancePath === e.instancePath).flatMap((x) => [(x.params as { type: string | string[] }).type].flat()));
  const names: Record<string, string> = { string: "a string", number: "a number", integer: "an integer", boolean: "true or false", object: "a mapping", array: "a list", null: "nothing" };
  const list = [...types].map((t) => names[t] ?? t);
  const expected = list.length > 1 ? `${list.slice(0, -1).join(", ")} or ${list[list.length - 1]}` : list[0];
  return expected ? `expected ${expected}, got ${describeValue(e.data)}` : `not a valid entry (got ${describeValue(e.data)})`;
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return "nothing";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return `${typeof v} ${JSON.stringify(v)}`;
}
