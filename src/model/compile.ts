/**
 * Model files → compiled models.
 *
 * loadModel(file) reads YAML, checks it against models/model.schema.json,
 * resolves every name, orders derived quantities and outputs by dependency,
 * and emits the model's kernel: a handful of plain JS closures (right-hand
 * side, crossing functions, observations, event actions, outputs) built from
 * whitelisted expressions only (see expr.ts). The engine calls the kernel in
 * its step loop; mathjs is never called there.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LineCounter, isPair, isScalar, isSeq, parseDocument, visit, type Document } from "yaml";
import type { ErrorObject } from "ajv";
import { createRequire } from "node:module";
import { DISTRIBUTION_NAMES, distributionFromSpec, parseDistribution } from "./distributions.js";
import { cholesky, pearsonFromSpearman } from "./correlation.js";
import { didYouMean } from "../core/suggest.js";
import { ModelError } from "../core/errors.js";
import { MODELS_DIR, builtinModels, resolveModelPath, shownModelPath } from "./locate.js";
import {
  CONSTANTS,
  EmitError,
  HELPERS,
  FUNCTIONS,
  crossingOf,
  emit,
  isBooleanExpr,
  numberLiteral,
  parseExpr,
  symbolsOf,
  type EmitContext,
  type Expr,
} from "./expr.js";
import type {
  AccumulatorPlan,
  CompiledModel,
  CorrelationInfo,
  EventPlan,
  HazardInfo,
  ModelKernel,
  NamedText,
  OutputInfo,
  ParameterInfo,
  SeriesInfo,
} from "./types.js";

const here = path.dirname(fileURLToPath(import.meta.url));
// where model files are (locate.ts), re-exported for the library's users
export { MODELS_DIR, builtinModels, resolveModelPath };
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

/** Names a model may not use for its own quantities. */
const SPECIAL_FUNCTIONS = ["count", "expected", "first", "reached", "peak", "trough", "final", "integral", "at", "window_gain"];
const RESERVED = new Set(["t", "t_end", ...Object.keys(FUNCTIONS), ...Object.keys(CONSTANTS), ...SPECIAL_FUNCTIONS, "mod", "and", "or", "not", "true", "false"]);
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Names JS objects already have ("constructor", "__proto__", "toString", …): never a model's names. */
const OBJECT_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Why a name is reserved, for the error message. */
function reservedWhy(name: string): string {
  if (name === "t" || name === "t_end") return "the model time";
  if (Object.hasOwn(FUNCTIONS, name) || SPECIAL_FUNCTIONS.includes(name)) return "a built-in function";
  if (Object.hasOwn(CONSTANTS, name)) return "a built-in constant";
  if (OBJECT_NAMES.has(name)) return "a name JavaScript objects already have";
  return "an operator or keyword";
}

/**
 * Load and compile a model file (a path, or the name of a shipped model).
 *
 * @example
 * const model = loadModel("rsi-core");
 * model.parameters.map((p) => p.name); // ratio, g_spend, …: every one a setting of run()
 */
export function loadModel(fileOrName: string): CompiledModel {
  const file = resolveModelPath(fileOrName);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ModelError(file, "", `cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return compileModel(text, shownModelPath(file));
}

type Raw = Record<string, any>;

/**
 * Compile model text; `file` is only used in error messages and the result.
 *
 * @example
 * const text = readFileSync("models/forethought-sie.yaml", "utf8").replace("r0:", "r0:"); // your variant
 * const { result } = await run({ model: compileModel(text, "my-variant.yaml"), samples: 200 });
 */
export function compileModel(text: string, file = "<model>"): CompiledModel {
  const raw = readYaml(text, file);
  checkSchema(raw, file);
  return new Compiler(raw, file, text).compile();
}

/** Parse the YAML of a model file into a plain mapping, or throw a ModelError. */
function readYaml(text: string, file: string): Raw {
  const lines = new LineCounter();
  let doc: Document.Parsed;
  let raw: unknown;
  try {
    // logLevel "error": yaml must not print warnings of its own to the console.
    doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter: lines, logLevel: "error" });
    if (doc.errors.length === 0) {
      const complex = complexKeyAt(doc);
      if (complex !== undefined) {
        const { line, col } = lines.linePos(complex);
        throw new ModelError(file, `line ${line}, column ${col}`, "a key must be a plain name, not a mapping or a list");
      }
      raw = doc.toJS();
    }
  } catch (err) {
    if (err instanceof ModelError) throw err;
    // The parser or toJS can throw: unresolved aliases, alias bombs, runaway nesting.
    throw new ModelError(file, "", `YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const { line, col } = lines.linePos(e.pos[0]);
    const at = `line ${line}, column ${col}`;
    if (e.code === "DUPLICATE_KEY") {
      const key = /^(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s:,{}[\]]+))/.exec(text.slice(e.pos[0]));
      const name = key ? key[1] ?? key[2] ?? key[3] : "?";
      const entry = pathAt(doc, e.pos[0]);
      throw new ModelError(file, entry ? `${entry} (${at})` : at, `duplicate key "${name}" (each key may appear once in a mapping)`);
    }
    throw new ModelError(file, at, `YAML: ${e.message.split("\n")[0]}`);
  }
  if (raw === null || raw === undefined) {
    throw new ModelError(file, "", "the file is empty; a model file is a YAML mapping with name, time, parameters, state and outputs");
  }
  if (typeof raw !== "object" || Array.isArray(raw)) {
    const got = Array.isArray(raw) ? "a list" : `${typeof raw} ${JSON.stringify(raw)}`;
    throw new ModelError(file, "", `a model file must be a YAML mapping with name, time, parameters, state and outputs, got ${got}`);
  }
  return raw as Raw;
}

/** Offset of the first mapping key that is not a plain scalar (`{a: 1}: x`, `[a]: x`, `*alias: x`), if any. */
function complexKeyAt(doc: Document): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (pair.key === null || isScalar(pair.key)) return undefined;
      found = (pair.key as { range?: [number, number, number] }).range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return found;
}

/** Dotted path (as in error messages) of the mapping key that starts at `offset`. */
function pathAt(doc: Document, offset: number): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Pair(_, pair, ancestors) {
      if (!isScalar(pair.key) || pair.key.range?.[0] !== offset) return undefined;
      const chain = [...ancestors, pair];
      let out = "";
      chain.forEach((node, i) => {
        if (isPair(node) && isScalar(node.key)) out += `${out ? "." : ""}${String(node.key.value)}`;
        else if (isSeq(node) && i + 1 < chain.length) out += `[${node.items.indexOf(chain[i + 1] as never)}]`;
      });
      found = out;
      return visit.BREAK;
    },
  });
  return found;
}

function checkSchema(raw: Raw, file: string): void {
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
    // A oneOf fails with one type error per branch at the same path: list every accepted type.
    const types = new Set(errors.filter((x) => x.keyword === "type" && x.instancePath === e.instancePath).flatMap((x) => [(x.params as { type: string | string[] }).type].flat()));
    const names: Record<string, string> = { string: "a string", number: "a number", integer: "an integer", boolean: "true or false", object: "a mapping", array: "a list", null: "nothing" };
    const list = [...types].map((t) => names[t] ?? t);
    const expected = list.length > 1 ? `${list.slice(0, -1).join(", ")} or ${list[list.length - 1]}` : list[0];
    detail = expected ? `expected ${expected}, got ${describeValue(e.data)}` : `not a valid entry (got ${describeValue(e.data)})`;
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

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return "nothing";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return `${typeof v} ${JSON.stringify(v)}`;
}

type Section = "parameter" | "derived" | "state" | "regime" | "hazard" | "milestone" | "event" | "output";

interface DerivedEntry {
  name: string;
  expr: Expr;
  text: string;
  unit: string;
  description: string;
  isStatic: boolean;
  slot: number; // p slot when static
  order: number;
}

class Compiler {
  private readonly names = new Map<string, Section>();
  private params: ParameterInfo[] = [];
  private derived = new Map<string, DerivedEntry>();
  private derivedOrder: DerivedEntry[] = [];
  private states: string[] = [];
  private regimes: string[] = [];
  private hazards: HazardInfo[] = [];
  private milestones: string[] = [];
  private events: string[] = [];
  private outputs: string[] = [];
  private pSize = 0;
  private staticLines: string[] = [];

  constructor(
    private readonly raw: Raw,
    private readonly file: string,
    private readonly text: string,
  ) {}

  private fail(entry: string, detail: string): never {
    throw new ModelError(this.file, entry, detail);
  }

  private declare(section: Section, name: string, entry: string): void {
    if (!IDENT.test(name)) this.fail(entry, `"${name}" is not a valid name (letters, digits and _, not starting with a digit)`);
    if (RESERVED.has(name) || OBJECT_NAMES.has(name)) this.fail(entry, `"${name}" is a reserved name (${reservedWhy(name)}); choose another name`);
    const prev = this.names.get(name);
    if (prev) this.fail(entry, `"${name}" is already declared as a ${prev}`);
    this.names.set(name, section);
  }

  private parse(entry: string, text: unknown): Expr {
    const r = parseExpr(text as string | number);
    if (!r.ok) this.fail(entry, r.error);
    return r.expr;
  }

  compile(): CompiledModel {
    const raw = this.raw;
    const time = raw.time as Raw;
    if (!Number.isFinite(time.start)) this.fail("time.start", `must be a finite number, got ${time.start}`);
    if (!Number.isFinite(time.horizon)) this.fail("time.horizon", `must be a finite number, got ${time.horizon}`);
    if (!(time.horizon > time.start)) this.fail("time.horizon", `must be after time.start (${time.start}), got ${time.horizon}`);
    const span = time.horizon - time.start;
    const solver = (raw.solver ?? {}) as Raw;

    // ---- declarations -------------------------------------------------
    for (const name of Object.keys(raw.parameters)) this.declare("parameter", name, `parameters.${name}`);
    for (const name of Object.keys(raw.derived ?? {})) this.declare("derived", name, `derived.${name}`);
    for (const name of Object.keys(raw.state)) this.declare("state", name, `state.${name}`);
    for (const name of Object.keys(raw.regimes ?? {})) this.declare("regime", name, `regimes.${name}`);
    for (const name of Object.keys(raw.hazards ?? {})) this.declare("hazard", name, `hazards.${name}`);
    for (const name of Object.keys(raw.milestones ?? {})) this.declare("milestone", name, `milestones.${name}`);
    for (const name of Object.keys(raw.events ?? {})) this.declare("event", name, `events.${name}`);
    for (const name of Object.keys(raw.outputs)) this.declare("output", name, `outputs.${name}`);
    this.states = Object.keys(raw.state);
    this.regimes = Object.keys(raw.regimes ?? {});
    this.milestones = Object.keys(raw.milestones ?? {});
    this.events = Object.keys(raw.events ?? {});
    this.outputs = Object.keys(raw.outputs);

    this.compileParameters();
    const correlations = this.compileCorrelations();
    this.compileDerived();

    // ---- layout -------------------------------------------------------
    const nU = this.states.length;
    const hazardEntries = Object.entries((raw.hazards ?? {}) as Record<string, Raw>);
    this.hazards = hazardEntries.map(([name, h]) => ({
      name,
      rate: String(h.rate),
      terminal: h.terminal === true,
      trigger: h.trigger ?? 1,
      description: h.description ?? "",
    }));
    const capStates = this.states.map((s, i) => ((raw.state[s] as Raw).max !== undefined ? i : -1)).filter((i) => i >= 0);
    const nR = this.regimes.length;
    const nM = this.milestones.length;
    const nE = this.events.length;
    const nH = this.hazards.length;

    // ---- outputs (collect accumulators first: they add hidden states) --
    const accumulators: AccumulatorPlan[] = [];
    const observeExprs: { expr: Expr; entry: string }[] = [];
    const integralExprs: { expr: Expr; entry: string }[] = [];
    const windowSlots: number[] = [];
    const accKeys = new Map<string, number>();
    const observeKeys = new Map<string, number>();
    /** the observeOne slot of a trajectory expression, shared by accumulators of the same expression */
    const observeSlot = (expr: Expr, entry: string): number => {
      const key = JSON.stringify(expr);
      const known = observeKeys.get(key);
      if (known !== undefined) return known;
      observeExprs.push({ expr, entry });
      observeKeys.set(key, observeExprs.length - 1);
      return observeExprs.length - 1;
    };
    /** index of an accumulator, reusing an identical one */
    const addAcc = (key: string, make: () => AccumulatorPlan): number => {
      const known = accKeys.get(key);
      if (known !== undefined) return known;
      accumulators.push(make());
      accKeys.set(key, accumulators.length - 1);
      return accumulators.length - 1;
    };
    const outputEntries = this.outputs.map((name) => {
      const spec = raw.outputs[name];
      const obj = (typeof spec === "object" && spec !== null ? spec : { value: spec }) as Raw;
      return { name, obj, expr: this.parse(`outputs.${name}`, obj.value) };
    });
    const timeIndex = (name: string): number | undefined => {
      const s = this.names.get(name);
      if (s === "milestone") return this.milestones.indexOf(name);
      if (s === "event") return nM + this.events.indexOf(name);
      if (s === "hazard") return nM + nE + this.hazards.findIndex((h) => h.name === name);
      return undefined;
    };
    const hazardIndex = (entry: string, fn: string, args: Expr[]): number => {
      const a = args[0];
      if (args.length !== 1 || a.k !== "sym" || this.names.get(a.name) !== "hazard") {
        const hint = a && a.k === "sym" ? didYouMean(a.name, this.hazards.map((h) => h.name)) : undefined;
        const got = args.length !== 1 ? `, got ${args.length} arguments` : a.k === "sym" ? `, got ${this.what(a.name)}` : ", got an expression";
        this.fail(entry, `${fn}() takes the name of a hazard${got}${hint ? ` (did you mean "${hint}"?)` : ""}`);
      }
      return this.hazards.findIndex((h) => h.name === (a as { name: string }).name);
    };
    const outputOrder = this.orderOutputs(outputEntries);
    const outputCode: string[] = [];
    const outputInfos: OutputInfo[] = new Array(this.outputs.length);
    for (const { name, obj, expr } of outputOrder) {
      const entry = `outputs.${name}`;
      const index = this.outputs.indexOf(name);
      const trajectoryCheck = (inner: Expr, fn: string): void => {
        this.trajectoryCode(`${entry} (inside ${fn})`, [inner]); // validates names
      };
      const ctx: EmitContext = {
        symbol: (n) => {
          const s = this.names.get(n);
          if (s === "parameter") return `p[${this.params.find((q) => q.name === n)!.index}]`;
          if (s === "derived") {
            const d = this.derived.get(n)!;
            if (!d.isStatic) {
              throw new EmitError(`"${n}" changes over time; use final(${n}), peak(${n}), trough(${n}) or at(milestone, ${n})`);
            }
            return `p[${d.slot}]`;
          }
          if (s === "output") return `o[${this.outputs.indexOf(n)}]`;
          const ti = timeIndex(n);
          if (ti !== undefined) return `T[${ti}]`;
          if (n === "t_end") return "tEnd";
          if (n === "t") {
            throw new EmitError('"t" changes over time; an output is one number per run: use t_end, or the name of a milestone, event or hazard for the time it happened');
          }
          if (s === "state" || s === "regime") {
            throw new EmitError(`"${n}" changes over time; use final(${n}), peak(${n}), trough(${n}) or at(milestone, ${n})`);
          }
          return undefined;
        },
        special: (fn, args) => {
          switch (fn) {
            case "count":
              return `C[${hazardIndex(entry, fn, args)}]`;
            case "expected":
              return `X[${hazardIndex(entry, fn, args)}]`;
            case "first":
              return `T[${nM + nE + nH + hazardIndex(entry, fn, args)}]`;
            case "reached": {
              if (args.length !== 1) throw new EmitError("reached() takes 1 argument");
              const inner = emit(args[0], ctx);
              return `(Number.isNaN(${inner}) ? 0 : 1)`;
            }
            case "peak":
            case "trough":
            case "final": {
              if (args.length !== 1) throw new EmitError(`${fn}() takes 1 argument`);
              trajectoryCheck(args[0], fn);
              const i = addAcc(`${fn}|${JSON.stringify(args[0])}`, () => {
                return { kind: fn, slot: observeSlot(args[0], entry) };
              });
              return `A[${i}]`;
            }
            case "integral": {
              if (args.length !== 1) throw new EmitError("integral() takes 1 argument");
              trajectoryCheck(args[0], fn);
              const i = addAcc(`integral|${JSON.stringify(args[0])}`, () => {
                integralExprs.push({ expr: args[0], entry });
                return { kind: "integral", slot: nU + integralExprs.length - 1 };
              });
              return `A[${i}]`;
            }
            case "at": {
              const m = args[0];
              const ti = m && m.k === "sym" ? timeIndex(m.name) : undefined;
              if (args.length !== 2 || ti === undefined) {
                const hint = m && m.k === "sym" ? didYouMean(m.name, [...this.milestones, ...this.events, ...this.hazards.map((h) => h.name)]) : undefined;
                const got = args.length !== 2 ? `, got ${args.length} argument${args.length === 1 ? "" : "s"}` : m.k === "sym" ? `, got ${this.what(m.name)}` : ", got an expression";
                throw new EmitError(`at() takes a milestone, event or hazard and an expression, as in at(t100, margin)${got}${hint ? ` (did you mean "${hint}"?)` : ""}`);
              }
              trajectoryCheck(args[1], fn);
              const i = addAcc(`at|${ti}|${JSON.stringify(args[1])}`, () => {
                return { kind: "at", slot: observeSlot(args[1], entry), at: ti };
              });
              return `A[${i}]`;
            }
            case "window_gain": {
              if (args.length !== 2) throw new EmitError("window_gain() takes a quantity and a window length, as in window_gain(progress, 1)");
              trajectoryCheck(args[0], fn);
              const i = addAcc(`window|${JSON.stringify(args)}`, () => {
                const wSlot = this.staticSlot(`${entry} (window length)`, args[1]);
                windowSlots.push(wSlot);
                return { kind: "window", slot: observeSlot(args[0], entry), window: wSlot };
              });
              return `A[${i}]`;
            }
          }
          return undefined;
        },
      };
      const code = this.emitIn(entry, expr, ctx, [...this.names.keys(), "t_end"]);
      outputCode.push(`o[${index}] = ${code};`);
      const declared = obj.type as "binary" | "continuous" | undefined;
      outputInfos[index] = {
        name,
        index,
        kind: declared ?? (isBooleanExpr(expr) ? "binary" : "continuous"),
        unit: obj.unit ?? "",
        description: obj.description ?? "",
        headline: obj.headline === true,
        text: String(obj.value),
      };
    }

    const nI = integralExprs.length;
    const hazardStart = nU + nI;
    const ySize = hazardStart + nH;
    const capStart = nR;
    const rSize = nR + capStates.length;

    // ---- state, regimes, caps -----------------------------------------
    const initialLines: string[] = [];
    const capValueSlots: number[] = [];
    this.states.forEach((s, i) => {
      const spec = raw.state[s] as Raw;
      const slot = this.staticSlot(`state.${s}.initial`, this.parse(`state.${s}.initial`, spec.initial));
      initialLines.push(`y[${i}] = p[${slot}];`);
      if (spec.max !== undefined) capValueSlots.push(this.staticSlot(`state.${s}.max`, this.parse(`state.${s}.max`, spec.max)));
    });
    for (let i = nU; i < ySize; i++) initialLines.push(`y[${i}] = 0;`);
    this.regimes.forEach((name, i) => {
      const spec = raw.regimes[name];
      const init = typeof spec === "object" && spec !== null ? spec.initial : spec;
      const slot = this.staticSlot(`regimes.${name}`, this.parse(`regimes.${name}`, init));
      initialLines.push(`r[${i}] = p[${slot}];`);
    });
    for (let k = 0; k < capStates.length; k++) initialLines.push(`r[${capStart + k}] = 0;`);

    // ---- right-hand side ----------------------------------------------
    const rhsExprs: { entry: string; expr: Expr; target: string; wrap?: (c: string) => string }[] = [];
    this.states.forEach((s, i) => {
      const capK = capStates.indexOf(i);
      rhsExprs.push({
        entry: `state.${s}.rate`,
        expr: this.parse(`state.${s}.rate`, (raw.state[s] as Raw).rate),
        target: `dy[${i}]`,
        wrap: capK >= 0 ? (c) => `r[${capStart + capK}] !== 0 ? 0 : ${c}` : undefined,
      });
    });
    integralExprs.forEach((x, k) => rhsExprs.push({ entry: x.entry, expr: x.expr, target: `dy[${nU + k}]` }));
    this.hazards.forEach((h, j) =>
      rhsExprs.push({
        entry: `hazards.${h.name}.rate`,
        expr: this.parse(`hazards.${h.name}.rate`, (raw.hazards[h.name] as Raw).rate),
        target: `dy[${hazardStart + j}]`,
        wrap: (c) => `Math.max(0, ${c})`,
      }),
    );
    const rhs = this.trajectoryFunction(rhsExprs);

    // ---- crossings: milestones, condition events, caps ------------------
    const crossExprs: { entry: string; expr: Expr; target: string; wrap?: (c: string) => string }[] = [];
    const milestoneStop: boolean[] = [];
    this.milestones.forEach((m, i) => {
      const spec = raw.milestones[m];
      const when = typeof spec === "string" ? spec : (spec as Raw).when;
      milestoneStop.push(typeof spec === "object" && (spec as Raw).stop === true);
      crossExprs.push({ entry: `milestones.${m}`, expr: this.crossing(`milestones.${m}`, when), target: `g[${i}]` });
    });
    const conditionEventStart = nM;
    const eventPlans: EventPlan[] = [];
    const eventFns: string[] = [];
    let nCond = 0;
    const eventsInfo: NamedText[] = [];
    for (const name of this.events) {
      const entry = `events.${name}`;
      const spec = raw.events[name] as Raw;
      const on = String(spec.on).trim();
      let plan: EventPlan["on"];
      const section = this.names.get(on);
      if (section === "hazard") plan = { kind: "hazard", index: this.hazards.findIndex((h) => h.name === on) };
      else if (section === "milestone") plan = { kind: "milestone", index: this.milestones.indexOf(on) };
      else if (IDENT.test(on)) {
        const hint = didYouMean(on, [...this.hazards.map((h) => h.name), ...this.milestones]);
        this.fail(`${entry}.on`, `"${on}" is not a hazard or milestone${hint ? ` (did you mean "${hint}"?)` : ""}; give a hazard, a milestone or a condition such as "c >= 3"`);
      } else {
        crossExprs.push({ entry: `${entry}.on`, expr: this.crossing(`${entry}.on`, on), target: `g[${conditionEventStart + nCond}]` });
        plan = { kind: "condition", index: nCond++ };
      }
      const sets: number[] = [];
      const setExprs: { entry: string; expr: Expr; target: string }[] = [];
      for (const [key, value] of Object.entries(spec.set as Raw)) {
        const ri = this.regimes.indexOf(key);
        if (ri < 0) {
          const hint = didYouMean(key, this.regimes);
          const what = this.names.get(key);
          this.fail(
            `${entry}.set.${key}`,
            what
              ? `"${key}" is a ${what}; an event can only set regime variables (declare it under regimes)`
              : `unknown regime variable "${key}"${hint ? ` (did you mean "${hint}"?)` : ""}`,
          );
        }
        setExprs.push({ entry: `${entry}.set.${key}`, expr: this.parse(`${entry}.set.${key}`, value), target: `vals[${sets.length}]` });
        sets.push(ri);
      }
      const hasDuration = spec.for !== undefined;
      if (hasDuration) setExprs.push({ entry: `${entry}.for`, expr: this.parse(`${entry}.for`, spec.for), target: `vals[${sets.length}]` });
      const guard = spec.if !== undefined ? this.parse(`${entry}.if`, spec.if) : ({ k: "num", v: 1 } as Expr);
      eventFns.push(this.trajectoryFunction(setExprs, `${entry}.if`, guard, "vals"));
      eventPlans.push({ name, on: plan, sets, hasDuration });
      eventsInfo.push({ name, text: on, unit: "", description: spec.description ?? "" });
    }
    const capCrossStart = conditionEventStart + nCond;
    capStates.forEach((i, k) =>
      crossExprs.push({
        entry: `state.${this.states[i]}.max`,
        expr: { k: "sym", name: this.states[i] },
        target: `g[${capCrossStart + k}]`,
        wrap: (code: string) => `${code} - p[${capValueSlots[k]}]`,
      }),
    );
    const cross = this.trajectoryFunction(crossExprs);
    const gSize = capCrossStart + capStates.length;

    // ---- series ---------------------------------------------------------
    const seriesStart = observeExprs.length;
    const series: SeriesInfo[] = [];
    for (const [name, spec] of Object.entries((raw.series ?? {}) as Record<string, Raw>)) {
      const entry = `series.${name}`;
      const [lo, hi] = spec.range as [number, number];
      if (!(hi > lo)) this.fail(`${entry}.range`, "the range must be [low, high] with low < high");
      observeExprs.push({ expr: this.parse(`${entry}.value`, spec.value), entry: `${entry}.value` });
      series.push({ name, text: String(spec.value), unit: spec.unit ?? "", description: spec.description ?? "", range: [lo, hi], bins: spec.bins ?? 100 });
    }
    const observeOne = observeExprs.map((o) =>
      this.trajectoryFunction([{ entry: o.entry, expr: o.expr, target: "const value" }]) + "\n  return value;",
    );
    const observeReads = observeExprs.map((o) => this.statesReadBy(o.expr));

    // ---- kernel -----------------------------------------------------------
    const source = [
      '"use strict";',
      HELPERS,
      `const staticDerived = function (p) {\n  ${this.staticLines.join("\n  ")}\n};`,
      `const initial = function (p, y, r) {\n  ${initialLines.join("\n  ")}\n};`,
      `const rhs = function (t, y, p, r, dy) {\n${rhs}\n};`,
      `const cross = function (t, y, p, r, g) {\n${cross}\n};`,
      `const observeOne = [${observeOne.map((f) => `function (t, y, p, r) {\n${f}\n}`).join(",\n")}];`,
      `const observeReads = ${JSON.stringify(observeReads)};`,
      `const events = [${eventFns.map((f) => `function (t, y, p, r, vals) {\n${f}\n}`).join(",\n")}];`,
      `const outputs = function (p, T, C, X, A, tEnd, o) {\n  ${outputCode.join("\n  ")}\n};`,
      "return { staticDerived, initial, rhs, cross, observeOne, observeReads, events, outputs };",
    ].join("\n");
    const kernel = { ...(new Function(source)() as Omit<ModelKernel, "source">), source };

    const uniformsPerDraw = this.params.length + this.hazards.reduce((s, h) => s + h.trigger, 0);
    return {
      name: raw.name,
      title: raw.title ?? raw.name,
      description: raw.description ?? "",
      file: this.file,
      sha256: createHash("sha256").update(this.text).digest("hex"),
      source: this.text,
      time: { start: time.start, horizon: time.horizon, unit: time.unit ?? "years", recordEvery: time.record_every ?? span / 50 },
      solver: {
        rtol: solver.rtol ?? 1e-6,
        atol: solver.atol ?? 1e-9,
        maxSteps: solver.max_steps ?? 100_000,
        maxStep: solver.max_step ?? span / 8,
      },
      parameters: this.params,
      correlations,
      derived: this.derivedOrder.map((d) => ({ name: d.name, text: d.text, unit: d.unit, description: d.description })),
      states: this.states.map((s) => ({ name: s, text: String(raw.state[s].initial), unit: raw.state[s].unit ?? "", description: raw.state[s].description ?? "" })),
      rates: this.states.map((s) => ({ name: s, text: String(raw.state[s].rate), unit: raw.state[s].unit ?? "", description: raw.state[s].description ?? "" })),
      regimes: this.regimes.map((name) => {
        const spec = raw.regimes[name];
        const obj = typeof spec === "object" && spec !== null ? spec : { initial: spec };
        return { name, text: String(obj.initial), unit: obj.unit ?? "", description: obj.description ?? "" };
      }),
      hazards: this.hazards,
      milestones: this.milestones.map((m) => {
        const spec = raw.milestones[m];
        return typeof spec === "string"
          ? { name: m, text: spec, unit: "", description: "" }
          : { name: m, text: spec.when, unit: "", description: spec.description ?? "" };
      }),
      eventsInfo,
      series,
      outputs: outputInfos,
      layout: {
        pSize: this.pSize,
        yUser: nU,
        ySize,
        hazardStart,
        rSize,
        capStart,
        capStates,
        capValueSlots,
        gSize,
        milestoneStop,
        conditionEventStart,
        capCrossStart,
        tSize: nM + nE + 2 * nH,
        vSize: observeExprs.length,
        seriesStart,
        uniformsPerDraw,
      },
      eventPlans,
      accumulators,
      kernel,
    };
  }

  // ---- parameters --------------------------------------------------------
  private compileParameters(): void {
    for (const [name, spec] of Object.entries(this.raw.parameters as Raw)) {
      const entry = `parameters.${name}`;
      const obj = (typeof spec === "object" && spec !== null ? spec : typeof spec === "number" ? { value: spec } : { prior: spec }) as Raw;
      const info: ParameterInfo = {
        name,
        index: this.params.length,
        unit: obj.unit ?? "",
        description: obj.description ?? "",
        source: obj.source ?? "",
      };
      if (obj.value !== undefined && obj.prior !== undefined) this.fail(entry, 'give either "value" or "prior", not both');
      if (obj.min !== undefined || obj.max !== undefined) {
        info.bounds = [obj.min ?? -Infinity, obj.max ?? Infinity];
        if (!(info.bounds[0] < info.bounds[1])) this.fail(entry, "min must be below max");
        if (obj.value !== undefined && (obj.value < info.bounds[0] || obj.value > info.bounds[1])) {
          this.fail(`${entry}.value`, `${obj.value} is outside [${info.bounds[0]}, ${info.bounds[1]}]`);
        }
      }
      if (obj.value !== undefined) {
        if (!Number.isFinite(obj.value)) this.fail(`${entry}.value`, "must be a finite number");
        info.value = obj.value;
      } else if (obj.prior !== undefined) {
        let prior = obj.prior;
        const bounds = obj.min !== undefined || obj.max !== undefined ? [obj.min ?? -Infinity, obj.max ?? Infinity] : undefined;
        if (typeof prior === "string" && /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(prior)) {
          info.value = Number(prior);
        } else {
          this.checkPriorName(`${entry}.prior`, prior);
          if (bounds && typeof prior === "string") prior = `${prior} in [${bounds[0]}, ${bounds[1]}]`;
          else if (bounds && typeof prior === "object") prior = { ...prior, truncate: bounds };
          const r = typeof prior === "string" ? parseDistribution(prior) : distributionFromSpec(prior);
          if (!r.ok) this.fail(`${entry}.prior`, r.error);
          info.prior = r.dist;
          info.priorText = typeof obj.prior === "string" ? obj.prior : r.dist.text;
        }
      } else {
        this.fail(entry, 'needs a "value" or a "prior"');
      }
      this.params.push(info);
    }
    this.pSize = this.params.length;
  }

  /**
   * Refuse distribution names that are properties of every JS object
   * ("constructor", "__proto__", …): the distribution table would find them.
   */
  private checkPriorName(entry: string, prior: unknown): void {
    const word =
      typeof prior === "string"
        ? /^\s*([A-Za-z_][\w-]*)/.exec(prior)?.[1]
        : prior !== null && typeof prior === "object" && typeof (prior as Raw).dist === "string"
          ? ((prior as Raw).dist as string)
          : undefined;
    if (word === undefined || !OBJECT_NAMES.has(word.trim().toLowerCase())) return;
    const hint = didYouMean(word, DISTRIBUTION_NAMES);
    this.fail(entry, `unknown distribution "${word}"${hint ? ` (did you mean "${hint}"?)` : ""}`);
  }

  private compileCorrelations(): CorrelationInfo[] {
    const out: CorrelationInfo[] = [];
    const seen = new Set<string>();
    ((this.raw.correlations ?? []) as Raw[]).forEach((c, i) => {
      const entry = `correlations[${i}]`;
      const [a, b] = c.between as [string, string];
      for (const n of [a, b]) {
        const p = this.params.find((q) => q.name === n);
        if (!p) {
          const hint = didYouMean(n, this.params.map((q) => q.name));
          this.fail(entry, `unknown parameter "${n}"${hint ? ` (did you mean "${hint}"?)` : ""}`);
        }
        if (!p.prior) this.fail(entry, `"${n}" has a fixed value; only parameters with a prior can be correlated`);
      }
      if (a === b) this.fail(entry, `a parameter cannot be correlated with itself ("${a}")`);
      const key = [a, b].sort().join("|");
      if (seen.has(key)) this.fail(entry, `the pair ${a}, ${b} is given twice`);
      seen.add(key);
      out.push({ between: [a, b], rank: c.rank, why: c.why ?? "" });
    });
    this.checkCorrelationMatrix(out);
    return out;
  }

  /**
   * The rank correlations must fit together: the copula's correlation matrix
   * must be positive semi-definite (0.9, 0.9 and −0.9 among three parameters
   * cannot all hold). Checked here so the model fails when loaded, not when sampled.
   */
  private checkCorrelationMatrix(list: CorrelationInfo[]): void {
    if (list.length < 2) return;
    const names = [...new Set(list.flatMap((c) => c.between))];
    const k = names.length;
    const m = new Float64Array(k * k);
    for (let i = 0; i < k; i++) m[i * k + i] = 1;
    for (const c of list) {
      const a = names.indexOf(c.between[0]);
      const b = names.indexOf(c.between[1]);
      m[a * k + b] = m[b * k + a] = pearsonFromSpearman(c.rank);
    }
    if (cholesky(m, k) === null) {
      const pairs = list.map((c) => `${c.between[0]}–${c.between[1]} ${c.rank}`).join(", ");
      this.fail("correlations", `the rank correlations among ${names.join(", ")} cannot all hold at once (${pairs}): the correlation matrix is not positive semi-definite`);
    }
  }

  // ---- derived -----------------------------------------------------------
  private compileDerived(): void {
    const raw = (this.raw.derived ?? {}) as Raw;
    const entries = Object.entries(raw).map(([name, spec]) => {
      const obj = (typeof spec === "object" && spec !== null ? spec : { value: spec }) as Raw;
      const expr = this.parse(`derived.${name}`, obj.value);
      return { name, obj, expr };
    });
    const deps = new Map<string, string[]>();
    for (const { name, expr } of entries) {
      const entry = `derived.${name}`;
      const used = [...symbolsOf(expr)];
      for (const u of used) {
        const s = this.names.get(u);
        if (s === undefined && u !== "t" && !Object.hasOwn(CONSTANTS, u)) this.unknownName(entry, u, this.trajectoryScope());
        if (s && s !== "parameter" && s !== "derived" && s !== "state" && s !== "regime") {
          this.fail(entry, `"${u}" is a ${s}; derived quantities can use parameters, other derived quantities, state, regimes and t`);
        }
      }
      deps.set(name, used.filter((u) => this.names.get(u) === "derived"));
    }
    const order = topoOrder(
      entries.map((e) => e.name),
      deps,
      (cycle) => this.fail(`derived.${cycle[0]}`, `circular definition: ${cycle.join(" → ")}`),
    );
    const isStatic = new Map<string, boolean>();
    for (const name of order) {
      const e = entries.find((x) => x.name === name)!;
      const used = [...symbolsOf(e.expr)];
      const st = used.every((u) => {
        const s = this.names.get(u);
        return s === "parameter" || (s === "derived" && isStatic.get(u)) || (s === undefined && Object.hasOwn(CONSTANTS, u));
      });
      isStatic.set(name, st);
      const d: DerivedEntry = {
        name,
        expr: e.expr,
        text: String(e.obj.value),
        unit: e.obj.unit ?? "",
        description: e.obj.description ?? "",
        isStatic: st,
        slot: -1,
        order: this.derivedOrder.length,
      };
      this.derived.set(name, d);
      this.derivedOrder.push(d);
      if (st) {
        d.slot = this.pSize++;
        this.staticLines.push(`p[${d.slot}] = ${this.emitIn(`derived.${name}`, e.expr, this.staticContext(), this.staticScope())};`);
      }
    }
  }

  /** Emit a per-draw constant into a new p slot (initial values, caps, windows). */
  private staticSlot(entry: string, expr: Expr): number {
    const code = this.emitIn(entry, expr, this.staticContext(), this.staticScope(), "a number or an expression of parameters");
    const slot = this.pSize++;
    this.staticLines.push(`p[${slot}] = ${code};`);
    return slot;
  }

  private staticScope(): string[] {
    return [...this.params.map((p) => p.name), ...this.derivedOrder.filter((d) => d.isStatic).map((d) => d.name)];
  }

  private staticContext(): EmitContext {
    return {
      symbol: (n) => {
        const p = this.params.find((q) => q.name === n);
        if (p) return `p[${p.index}]`;
        const d = this.derived.get(n);
        if (d && d.isStatic) return `p[${d.slot}]`;
        if (d || n === "t" || ["state", "regime"].includes(this.names.get(n) ?? "")) {
          throw new EmitError(`"${n}" changes over time and cannot be used here (only parameters and constant derived quantities)`);
        }
        return undefined;
      },
    };
  }

  private trajectoryScope(): string[] {
    return [...this.params.map((p) => p.name), ...this.derived.keys(), ...Object.keys(this.raw.derived ?? {}), ...this.states, ...this.regimes, "t"];
  }

  /** Per-draw constants already hoisted out of trajectory expressions: expression key → p slot. */
  private hoisted = new Map<string, number>();

  /** True for an expression of parameters, constant derived quantities and constants only. */
  private isStaticExpr(e: Expr): boolean {
    switch (e.k) {
      case "num":
        return true;
      case "sym": {
        const s = this.names.get(e.name);
        if (s === "parameter") return true;
        if (s === "derived") return this.derived.get(e.name)!.isStatic;
        return s === undefined && Object.hasOwn(CONSTANTS, e.name);
      }
      case "op":
        return e.args.every((a) => this.isStaticExpr(a));
      case "call":
        return Object.hasOwn(FUNCTIONS, e.fn) && e.args.every((a) => this.isStaticExpr(a));
      case "cond":
        return this.isStaticExpr(e.c) && this.isStaticExpr(e.a) && this.isStaticExpr(e.b);
    }
  }

  /**
   * Move the parts of a trajectory expression that are constant within a
   * draw (e.g. log(doubling_time0), lambda·ln2) out of the step loop: each
   * becomes a per-draw slot computed once, referenced as "#slot".
   */
  private hoist(entry: string, e: Expr): Expr {
    if (e.k === "num" || e.k === "sym") return e;
    if (this.isStaticExpr(e)) {
      const key = JSON.stringify(e);
      let slot = this.hoisted.get(key);
      if (slot === undefined) {
        slot = this.staticSlot(entry, e);
        this.hoisted.set(key, slot);
      }
      return { k: "sym", name: `#${slot}` };
    }
    if (e.k === "op") return { ...e, args: e.args.map((a) => this.hoist(entry, a)) };
    if (e.k === "call") return { ...e, args: e.args.map((a) => this.hoist(entry, a)) };
    return { k: "cond", c: this.hoist(entry, e.c), a: this.hoist(entry, e.a), b: this.hoist(entry, e.b) };
  }

  private trajectoryContext(): EmitContext {
    return {
      symbol: (n) => {
        if (n.startsWith("#")) return `p[${Number(n.slice(1))}]`;
        const s = this.names.get(n);
        if (s === "parameter") return `p[${this.params.find((q) => q.name === n)!.index}]`;
        if (s === "derived") {
          const d = this.derived.get(n)!;
          return d.isStatic ? `p[${d.slot}]` : `d_${d.order}`;
        }
        if (s === "state") return `y[${this.states.indexOf(n)}]`;
        if (s === "regime") return `r[${this.regimes.indexOf(n)}]`;
        if (n === "t") return "t";
        if (s) throw new EmitError(`"${n}" is a ${s} and cannot be used in an equation of the trajectory`);
        return undefined;
      },
    };
  }

  /** Validate names and return code for trajectory expressions (used for checks). */
  private trajectoryCode(entry: string, exprs: Expr[]): string[] {
    return exprs.map((e) => this.emitIn(entry, e, this.trajectoryContext(), this.trajectoryScope()));
  }

  /**
   * Body of a trajectory function: the dynamic derived quantities it needs,
   * in dependency order, then one assignment per target.
   */
  /** The derived quantities that change over time which these expressions need, directly or through one another. */
  private dynamicDerivedOf(exprs: Expr[]): Set<string> {
    const needed = new Set<string>();
    const visit = (e: Expr) => {
      for (const n of symbolsOf(e)) {
        const d = this.derived.get(n);
        if (d && !d.isStatic && !needed.has(n)) {
          needed.add(n);
          visit(d.expr);
        }
      }
    };
    for (const e of exprs) visit(e);
    return needed;
  }

  /** The state components (indices into y) a trajectory expression reads, directly or through derived quantities, ascending. */
  private statesReadBy(expr: Expr): number[] {
    const read = new Set<number>();
    const add = (e: Expr) => {
      for (const n of symbolsOf(e)) if (this.names.get(n) === "state") read.add(this.states.indexOf(n));
    };
    add(expr);
    for (const n of this.dynamicDerivedOf([expr])) add(this.derived.get(n)!.expr);
    return [...read].sort((a, b) => a - b);
  }

  private trajectoryFunction(
    items: { entry: string; expr: Expr; target: string; wrap?: (c: string) => string }[],
    guardEntry?: string,
    guard?: Expr,
    _vals?: string,
  ): string {
    const needed = this.dynamicDerivedOf([...items.map((it) => it.expr), ...(guard ? [guard] : [])]);
    const ctx = this.trajectoryContext();
    const lines: string[] = [];
    for (const d of this.derivedOrder) {
      if (needed.has(d.name)) {
        const entry = `derived.${d.name}`;
        lines.push(`  const d_${d.order} = ${this.emitIn(entry, this.hoist(entry, d.expr), ctx, this.trajectoryScope())};`);
      }
    }
    for (const it of items) {
      const code = this.emitIn(it.entry, this.hoist(it.entry, it.expr), ctx, this.trajectoryScope());
      lines.push(`  ${it.target} = ${it.wrap ? it.wrap(code) : code};`);
    }
    if (guard) lines.push(`  return ${this.emitIn(guardEntry ?? "", guard, ctx, this.trajectoryScope())};`);
    return lines.join("\n");
  }

  private crossing(entry: string, text: unknown): Expr {
    const expr = this.parse(entry, text);
    const g = crossingOf(expr);
    if (!g) this.fail(entry, `a condition must be one comparison such as "c >= 3" or "margin < 0", got "${text}"`);
    return g;
  }

  private emitIn(entry: string, e: Expr, ctx: EmitContext, scope: string[], what?: string): string {
    try {
      return emit(e, ctx);
    } catch (err) {
      if (!(err instanceof EmitError)) throw err;
      const m = /^unknown name "(.*)"$/.exec(err.message);
      if (m) this.unknownName(entry, m[1], scope, what);
      const f = /^unknown function "(.*)"$/.exec(err.message);
      if (f) {
        const hint = didYouMean(f[1], [...Object.keys(FUNCTIONS), ...SPECIAL_FUNCTIONS]);
        this.fail(entry, `unknown function "${f[1]}"${hint ? ` (did you mean "${hint}"?)` : ""}`);
      }
      this.fail(entry, err.message);
    }
  }

  /** `"x" (a parameter)` or `unknown name "x"`, for messages. */
  private what(name: string): string {
    const s = this.names.get(name);
    return s ? `"${name}", a ${s}` : `unknown name "${name}"`;
  }

  private unknownName(entry: string, name: string, scope: string[], what?: string): never {
    const section = this.names.get(name);
    if (section) this.fail(entry, `"${name}" is a ${section} and cannot be used here${what ? ` (expected ${what})` : ""}`);
    const hint = didYouMean(name, [...new Set([...scope, ...this.names.keys()])]);
    this.fail(entry, `unknown name "${name}"${hint ? ` (did you mean "${hint}"?)` : ""}`);
  }

  private orderOutputs<T extends { name: string; expr: Expr }>(entries: T[]): T[] {
    const deps = new Map<string, string[]>();
    for (const e of entries) deps.set(e.name, [...symbolsOf(e.expr)].filter((n) => this.names.get(n) === "output"));
    const order = topoOrder(
      entries.map((e) => e.name),
      deps,
      (cycle) => this.fail(`outputs.${cycle[0]}`, `circular definition: ${cycle.join(" → ")}`),
    );
    return order.map((n) => entries.find((e) => e.name === n)!);
  }
}

/** Depth-first topological order; calls onCycle with the cycle's names. */
function topoOrder(names: string[], deps: Map<string, string[]>, onCycle: (cycle: string[]) => never): string[] {
  const state = new Map<string, 1 | 2>();
  const order: string[] = [];
  const stack: string[] = [];
  const visit = (n: string) => {
    const s = state.get(n);
    if (s === 2) return;
    if (s === 1) onCycle([...stack.slice(stack.indexOf(n)), n]);
    state.set(n, 1);
    stack.push(n);
    for (const d of deps.get(n) ?? []) visit(d);
    stack.pop();
    state.set(n, 2);
    order.push(n);
  };
  for (const n of names) visit(n);
  return order;
}

export { numberLiteral };
