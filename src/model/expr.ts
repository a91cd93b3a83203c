/**
 * Model expressions: parsed with mathjs, checked against a whitelist, and
 * emitted as plain JavaScript source that the compiler turns into closures.
 *
 * Safety: the emitted code never contains a user-written string. Names are
 * mapped by the caller to fixed slot references (`p[3]`, `y[0]`, `d_2`),
 * numbers are printed from JS numbers, operators and functions come from the
 * tables below. Any other mathjs node kind (property access, assignment,
 * function definition, strings, matrices, units, …) is rejected at parse time,
 * so a model file can never run JavaScript of its own.
 *
 * @example
 * const r = parseExpr("g_soft0 * 10^(-beta * a)");
 * if (r.ok) console.log([...symbolsOf(r.expr)]); // ["g_soft0", "beta", "a"]
 */
import { createRequire } from "node:module";
import type { create as createType, parseDependencies as parseDepsType } from "mathjs";

// mathjs's single-file bundle loads in ~60 ms; its ES-module entry point
// loads ~1,000 modules and takes ~0.5–1 s, which every CLI call would pay.
const mathjs = createRequire(import.meta.url)("mathjs/lib/browser/math.js") as {
  create: typeof createType;
  parseDependencies: typeof parseDepsType;
};
const { create, parseDependencies } = mathjs;

const math = create({ parseDependencies });

/** The project's own expression tree, after the whitelist. */
export type Expr =
  | { k: "num"; v: number }
  | { k: "sym"; name: string }
  | { k: "op"; op: string; args: Expr[] }
  | { k: "call"; fn: string; args: Expr[] }
  | { k: "cond"; c: Expr; a: Expr; b: Expr };

export type ExprResult = { ok: true; expr: Expr } | { ok: false; error: string };

/** Binary and unary operators a model may use, with the JS they become. */
const BINARY: Record<string, string> = {
  "+": "+", "-": "-", "*": "*", "/": "/", "^": "**", mod: "mod",
  "<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "===", "!=": "!==",
  and: "&&", or: "||",
};
const COMPARISONS = new Set(["<", "<=", ">", ">=", "==", "!="]);

/** Maths functions: name → [min args, max args, JS emitter]. */
type Emitter = (a: string[]) => string;
const fn1 = (js: string): [number, number, Emitter] => [1, 1, (a) => `${js}(${a[0]})`];
export const FUNCTIONS: Record<string, [number, number, Emitter]> = {
  abs: fn1("Math.abs"),
  sqrt: fn1("Math.sqrt"),
  cbrt: fn1("Math.cbrt"),
  exp: fn1("Math.exp"),
  expm1: fn1("Math.expm1"),
  ln: fn1("Math.log"),
  log: [1, 2, (a) => (a.length === 1 ? `Math.log(${a[0]})` : `(Math.log(${a[0]}) / Math.log(${a[1]}))`)],
  log10: fn1("Math.log10"),
  log2: fn1("Math.log2"),
  log1p: fn1("Math.log1p"),
  exp10: [1, 1, (a) => `Math.exp(${Math.LN10} * (${a[0]}))`], // a whole literal argument: see emit and exp10Code
  pow: [2, 2, (a) => powerCode(a[0], a[1])],
  min: [1, 64, (a) => `Math.min(${a.join(", ")})`],
  max: [1, 64, (a) => `Math.max(${a.join(", ")})`],
  clamp: [3, 3, (a) => `Math.min(Math.max(${a[0]}, ${a[1]}), ${a[2]})`],
  logistic: [1, 1, (a) => `(1 / (1 + Math.exp(-(${a[0]}))))`],
  floor: fn1("Math.floor"),
  ceil: fn1("Math.ceil"),
  // mathjs rounds halves away from zero (round(-2.5) = -3); Math.round rounds them up.
  round: [1, 1, (a) => `(($x) => Math.sign($x) * Math.round(Math.abs($x)))(${a[0]})`],
  sign: fn1("Math.sign"),
  sin: fn1("Math.sin"),
  cos: fn1("Math.cos"),
  tan: fn1("Math.tan"),
  tanh: fn1("Math.tanh"),
  atan: fn1("Math.atan"),
  hypot: [2, 64, (a) => `Math.hypot(${a.join(", ")})`],
};

/** Named constants; a model may not reuse these names. */
export const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E, Infinity: Infinity, inf: Infinity, NaN: NaN };

/** Why each mathjs node kind we refuse is refused, for the error message. */
const REFUSED: Record<string, string> = {
  AccessorNode: "property or index access is",
  AssignmentNode: "assignment is",
  FunctionAssignmentNode: "function definition is",
  ObjectNode: "object literals are",
  ArrayNode: "matrices and arrays are",
  IndexNode: "indexing is",
  BlockNode: "several statements are",
  RangeNode: "ranges are",
};

class ExprError extends Error {}

/**
 * Deepest expression tree accepted. Real model expressions are a few levels
 * deep; a limit keeps the recursive converter and emitter (and the JS parser
 * of the emitted code) from overflowing the stack on a pathological input
 * such as "1+1+…+1" with thousands of terms.
 */
const MAX_DEPTH = 500;

/**
 * Deepest nesting of brackets accepted: mathjs's parser descends through
 * ~20 functions for each bracket and runs out of stack near 280 levels.
 */
const MAX_BRACKETS = 200;

/** The expression as quoted in an error message (long ones are shortened). */
function quote(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return `"${oneLine.length > 80 ? `${oneLine.slice(0, 77)}…` : oneLine}"`;
}

/** Parse and whitelist one expression. Numbers in YAML arrive as numbers. */
export function parseExpr(text: string | number): ExprResult {
  if (typeof text === "number") {
    return Number.isFinite(text) || text === Infinity || text === -Infinity
      ? { ok: true, expr: { k: "num", v: text } }
      : { ok: false, error: "not a number" };
  }
  if (typeof text !== "string") return { ok: false, error: `expected an expression, got ${describe(text)}` };
  if (text.trim() === "") return { ok: false, error: "empty expression" };
  const tooDeep = (what: string) => ({ ok: false as const, error: `in ${quote(text)}: the expression is nested too deeply (${what})` });
  if (bracketDepth(text) > MAX_BRACKETS) return tooDeep(`more than ${MAX_BRACKETS} levels of brackets`);
  let node: unknown;
  try {
    node = math.parse(text);
  } catch (err) {
    // mathjs's recursive descent can still run out of stack (thousands of unary minus signs in a row)
    if (err instanceof RangeError) return tooDeep(`more than ${MAX_DEPTH} levels`);
    return { ok: false, error: `cannot parse ${quote(text)}: ${(err as Error).message}` };
  }
  try {
    return { ok: true, expr: convert(node as MathNode, 0) };
  } catch (err) {
    if (err instanceof ExprError) return { ok: false, error: `in ${quote(text)}: ${err.message}` };
    throw err;
  }
}

/** The deepest nesting of brackets in the text. */
function bracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (const ch of text) {
    if (ch === "(" || ch === "[" || ch === "{") max = Math.max(max, ++depth);
    else if ((ch === ")" || ch === "]" || ch === "}") && depth > 0) depth--;
  }
  return max;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return "nothing";
  if (Array.isArray(v)) return "a list";
  return typeof v === "object" ? "a mapping" : `${typeof v} ${JSON.stringify(v)}`;
}

interface MathNode {
  type: string;
  value?: unknown;
  name?: string;
  op?: string;
  fn?: MathNode | string;
  args?: MathNode[];
  content?: MathNode;
  condition?: MathNode;
  trueExpr?: MathNode;
  falseExpr?: MathNode;
}

function convert(n: MathNode, depth: number): Expr {
  if (depth > MAX_DEPTH) throw new ExprError(`the expression is nested too deeply (more than ${MAX_DEPTH} levels)`);
  const sub = (m: MathNode): Expr => convert(m, depth + 1);
  switch (n.type) {
    case "ConstantNode": {
      if (typeof n.value === "number") return { k: "num", v: n.value };
      if (typeof n.value === "boolean") return { k: "num", v: n.value ? 1 : 0 };
      throw new ExprError(typeof n.value === "string" ? "strings are not allowed" : `the constant ${String(n.value)} is not allowed`);
    }
    case "SymbolNode":
      return { k: "sym", name: n.name as string };
    case "ParenthesisNode":
      return sub(n.content as MathNode);
    case "ConditionalNode":
      return {
        k: "cond",
        c: sub(n.condition as MathNode),
        a: sub(n.trueExpr as MathNode),
        b: sub(n.falseExpr as MathNode),
      };
    case "OperatorNode": {
      const op = n.op as string;
      const args = (n.args ?? []).map(sub);
      if (args.length === 1) {
        if (op === "-" || op === "+" || op === "not") return { k: "op", op: op === "not" ? "not" : `u${op}`, args };
        throw new ExprError(`operator "${op}" is not allowed`);
      }
      if (!Object.hasOwn(BINARY, op)) {
        const hint = op === "%" ? ' (write "mod" for the remainder)' : "";
        throw new ExprError(`operator "${op}" is not allowed${hint}`);
      }
      return { k: "op", op, args };
    }
    case "FunctionNode": {
      const fn = n.fn as MathNode;
      if (typeof fn !== "object" || fn.type !== "SymbolNode") {
        throw new ExprError("only named functions can be called");
      }
      return { k: "call", fn: fn.name as string, args: (n.args ?? []).map(sub) };
    }
    case "RelationalNode":
      throw new ExprError('chained comparisons such as "a < b < c" are not allowed; write "a < b and b < c"');
    default:
      throw new ExprError(`${Object.hasOwn(REFUSED, n.type) ? REFUSED[n.type] : `${n.type} nodes are`} not allowed in a model expression`);
  }
}

/**
 * The terms of a sum, each with its sign: e split at binary + and − and
 * unary minus (the rest, products and calls included, are terms).
 * @example signedTerms(parse("a - (b - 2)")) // [[1, a], [-1, b], [1, 2]]
 */
export function signedTerms(e: Expr): [number, Expr][] {
  const terms: [number, Expr][] = [];
  const add = (x: Expr, sign: number): void => {
    if (x.k === "op" && x.op === "+" && x.args.length === 2) {
      add(x.args[0], sign);
      add(x.args[1], sign);
    } else if (x.k === "op" && x.op === "-" && x.args.length === 2) {
      add(x.args[0], sign);
      add(x.args[1], -sign);
    } else if (x.k === "op" && x.op === "u-") add(x.args[0], -sign);
    else terms.push([sign, x]);
  };
  add(e, 1);
  return terms;
}

/** Every name the expression reads (not function names). */
export function symbolsOf(e: Expr, into: Set<string> = new Set()): Set<string> {
  switch (e.k) {
    case "sym":
      into.add(e.name);
      break;
    case "op":
    case "call":
      for (const a of e.args) symbolsOf(a, into);
      break;
    case "cond":
      symbolsOf(e.c, into);
      symbolsOf(e.a, into);
      symbolsOf(e.b, into);
      break;
  }
  return into;
}

/** Every function name the expression calls. */
export function callsOf(e: Expr, into: Set<string> = new Set()): Set<string> {
  if (e.k === "call") into.add(e.fn);
  if (e.k === "op" || e.k === "call") for (const a of e.args) callsOf(a, into);
  if (e.k === "cond") {
    callsOf(e.c, into);
    callsOf(e.a, into);
    callsOf(e.b, into);
  }
  return into;
}

/** True for an expression whose value is 0 or 1 by construction. */
export function isBooleanExpr(e: Expr): boolean {
  if (e.k === "op") return COMPARISONS.has(e.op) || e.op === "and" || e.op === "or" || e.op === "not";
  if (e.k === "call") return e.fn === "reached";
  if (e.k === "cond") return isBooleanExpr(e.a) && isBooleanExpr(e.b);
  if (e.k === "num") return e.v === 0 || e.v === 1;
  return false;
}

/** A comparison `A >= B` as a crossing function g = A − B (g ≥ 0 when it holds). */
export function crossingOf(e: Expr): Expr | undefined {
  if (e.k !== "op" || e.args.length !== 2) return undefined;
  const [a, b] = e.args;
  if (e.op === ">=" || e.op === ">") return { k: "op", op: "-", args: [a, b] };
  if (e.op === "<=" || e.op === "<") return { k: "op", op: "-", args: [b, a] };
  return undefined;
}

export interface EmitContext {
  /** JS code for a name, or throw/return undefined when unknown. */
  symbol(name: string): string | undefined;
  /** JS code for a context-specific call (count(), peak(), …), or undefined to fall through. */
  special?(fn: string, args: Expr[]): string | undefined;
}

export class EmitError extends Error {}

/** Emit JS source for an expression; names go through the context only. */
export function emit(e: Expr, ctx: EmitContext): string {
  switch (e.k) {
    case "num":
      return numberLiteral(e.v);
    case "sym": {
      const code = ctx.symbol(e.name);
      if (code !== undefined) return code;
      if (Object.hasOwn(CONSTANTS, e.name)) return numberLiteral(CONSTANTS[e.name]);
      throw new EmitError(`unknown name "${e.name}"`);
    }
    case "cond":
      return `((${emit(e.c, ctx)}) ? (${emit(e.a, ctx)}) : (${emit(e.b, ctx)}))`;
    case "op": {
      if (e.op === "*") {
        const fused = fusedProduct(e, ctx);
        if (fused !== undefined) return fused;
      }
      const a = e.args.map((x) => emit(x, ctx));
      switch (e.op) {
        case "u-":
          return `(-(${a[0]}))`;
        case "u+":
          return `(+(${a[0]}))`;
        case "not":
          return `((${a[0]}) ? 0 : 1)`;
        case "and":
        case "or":
          return `(((${a[0]}) ${BINARY[e.op]} (${a[1]})) ? 1 : 0)`;
      }
      // a != b is false with NaN on either side, as every comparison is (JS's !== is true there)
      if (e.op === "!=") return `$ne(${a[0]}, ${a[1]})`;
      if (COMPARISONS.has(e.op)) return `(((${a[0]}) ${BINARY[e.op]} (${a[1]})) ? 1 : 0)`;
      // mathjs's mod is floored: x − y·floor(x/y), so -7 mod 3 = 2 (JS % gives -1), and x mod 0 = x ($mod in HELPERS).
      if (e.op === "mod") return `$mod(${a[0]}, ${a[1]})`;
      if (e.op === "^") {
        // 10^x is the model language's most common power (exp10Code); x^2 is a product.
        const [base, power] = e.args;
        if (base.k === "num" && base.v === 10) return exp10Code(power, a[1]);
        if (power.k === "num" && power.v === 2) return `$sq(${a[0]})`;
        // a literal whole exponent keeps the exact `**`; any other power goes through powerCode
        if (!isWholeLiteral(power)) return powerCode(a[0], a[1]);
      }
      return `((${a[0]}) ${BINARY[e.op]} (${a[1]}))`;
    }
    case "call": {
      const special = ctx.special?.(e.fn, e.args);
      if (special !== undefined) return special;
      // Own properties only: "constructor", "toString", "__proto__" … are not functions of the language.
      if (e.fn === "exp10" && e.args.length === 1 && isWholeLiteral(e.args[0])) return exp10Code(e.args[0], "");
      const f = Object.hasOwn(FUNCTIONS, e.fn) ? FUNCTIONS[e.fn] : undefined;
      if (!f) throw new EmitError(`unknown function "${e.fn}"`);
      const [lo, hi] = f;
      if (e.args.length < lo || e.args.length > hi) {
        // (max() of 65 arguments had been told "takes at least 1 argument")
        const want = lo === hi ? `${lo}` : hi <= 8 ? `${lo} or ${hi}` : e.args.length > hi ? `at most ${hi}` : `at least ${lo}`;
        const n = lo === hi ? lo : hi <= 8 || e.args.length > hi ? hi : lo;
        throw new EmitError(`${e.fn}() takes ${want} argument${n === 1 ? "" : "s"}, got ${e.args.length}`);
      }
      return f[2](e.args.map((x) => emit(x, ctx)));
    }
  }
}

/**
 * A product with two or more exponential factors — 10^x (but not 10^k for a
 * whole literal k, a number), exp(x), and at most
 * one power b^y of a base simple enough to repeat — as one exponential of the
 * sum of their exponents: `a · b^y · 10^x` is a · exp(y·ln b + x·ln 10), two
 * transcendental calls instead of three (rsi-core's growth rates are such
 * products). The other factors keep their order, multiplied first; the
 * result agrees with the factor-by-factor product to a few ulps, and is
 * finite where that product would be ∞·0. A power whose base is not positive
 * and finite takes `**` as in powerCode. Undefined when there is nothing to fuse.
 */
function fusedProduct(e: Expr, ctx: EmitContext): string | undefined {
  const factors: Expr[] = [];
  const collect = (x: Expr) => {
    if (x.k === "op" && x.op === "*") x.args.forEach(collect);
    else factors.push(x);
  };
  collect(e);
  const exponents: string[] = [];
  const rest: string[] = [];
  let power: { base: string; power: string } | undefined;
  for (const f of factors) {
    if (f.k === "op" && f.op === "^" && f.args[0].k === "num" && f.args[0].v === 10 && !isTenToWholeDouble(f.args[1])) {
      exponents.push(`${Math.LN10} * (${emit(f.args[1], ctx)})`);
    } else if (f.k === "call" && f.fn === "exp" && f.args.length === 1 && ctx.special?.(f.fn, f.args) === undefined) {
      exponents.push(`(${emit(f.args[0], ctx)})`);
    } else if (power === undefined && f.k === "op" && f.op === "^" && !isWholeLiteral(f.args[1]) && !(f.args[1].k === "num" && f.args[1].v === 2)) {
      const base = emit(f.args[0], ctx);
      const pw = emit(f.args[1], ctx);
      if (inlinePower(base, pw)) power = { base, power: pw };
      else rest.push(powerCode(base, pw));
    } else rest.push(emit(f, ctx));
  }
  if (exponents.length + (power ? 1 : 0) < 2) return undefined;
  const times = (xs: string[]) => xs.map((x) => `(${x}) * `).join("");
  const sum = exponents.join(" + ");
  if (!power) return `(${times(rest)}Math.exp(${sum}))`;
  // the rare branch is a call, so the other factors are written once
  return `(${times(rest)}${guardedPower(power.base, power.power, sum, `$powExp(${power.base}, ${power.power}, ${sum})`)})`;
}

function isWholeLiteral(x: Expr): boolean {
  return (x.k === "num" && Number.isInteger(x.v)) || (x.k === "op" && x.op === "u-" && isWholeLiteral(x.args[0]));
}

/** The value of a whole literal (isWholeLiteral). */
function wholeValue(x: Expr): number {
  return x.k === "num" ? x.v : -wholeValue((x as { args: Expr[] }).args[0]);
}

/** Whether 10^power is a whole literal power whose value is a positive double (a constant factor, not fused). */
function isTenToWholeDouble(power: Expr): boolean {
  if (!isWholeLiteral(power)) return false;
  const v = powerOfTen(wholeValue(power));
  return v > 0 && v < Infinity;
}

/** 10^k for a whole k: the double nearest to it (JS's reading of "1e" + k), 0 or Infinity outside the doubles. */
function powerOfTen(k: number): number {
  return k > 400 ? Infinity : k < -400 ? 0 : Number(`1e${k}`);
}

/** A base simple enough to repeat: a slot, a local or a literal (reading it twice costs nothing). */
const SIMPLE_OPERAND = /^(?:[A-Za-z_$][\w$]*(?:\[\d+\])?|\(?-?[\d.]+(?:e[-+]?\d+)?\)?)$/;

/**
 * Whether base^power is written inline (the base can be repeated, the
 * exponent is short): V8 does not inline $pow into a large kernel, and the
 * call cost more than its two transcendental functions (rsi-core: ~15% of a run).
 */
function inlinePower(base: string, power: string): boolean {
  return SIMPLE_OPERAND.test(base) && power.length <= 160;
}

/** base^power · exp(plus) as exp(power·ln base + plus) for a positive finite base, else `fallback`. */
function guardedPower(base: string, power: string, plus: string, fallback: string): string {
  return `(${base} > 0 && ${base} < Infinity ? Math.exp((${power}) * Math.log(${base})${plus ? ` + ${plus}` : ""}) : ${fallback})`;
}

function powerCode(base: string, power: string): string {
  return inlinePower(base, power) ? guardedPower(base, power, "", `${base} ** (${power})`) : `$pow(${base}, ${power})`;
}

/**
 * Functions that emitted code calls, defined once at the top of every
 * generated kernel (V8 inlines them; an arrow function written into each
 * expression was allocated on every call). Their names start with $, which
 * a model's names cannot, so they never clash with p, y, r, d_k, t, ….
 * - $pow: x^y for a positive finite base as exp(y·ln x), ~2x faster than
 *   `x ** y` in V8 (two calls of ~11 ns against one of ~55 ns), with a
 *   relative error of a few ulps times |y·ln x| (below 1e-13 for the
 *   magnitudes models use). Other bases (0, negative, infinite, NaN) take
 *   `**`, so 0^0 = 1, 0^y = 0 for y > 0 and (−8)^(1/3) is NaN as in JS.
 * - $powExp: a^b · e^s, the rare branch of a fused product (fusedProduct)
 *   whose base is not positive and finite.
 * - $sq: x^2 as a product.
 * - $mod: mathjs's floored mod, x − y·floor(x/y) (−7 mod 3 = 2), x mod 0 = x.
 */
/**
 * 10^x: for a whole literal x the number 1ex itself (10^-3 is 0.001), else
 * exp(x·ln10), ~3x faster than 10 ** x in V8 and off by up to |x|·ln10 ulps
 * (the rounding of x·ln10; ~150 at x = 300, 5 at x = 2). Ways to within
 * 1-3 ulps at run time (exp(x·ln10) with Dekker's product error added back;
 * 10^round(x) from a table times exp of the rest) were measured and cost
 * rsi-core 8-17% of its CPU (bench/ab.mjs, 2026-12-07): not taken.
 */
function exp10Code(x: Expr, code: string): string {
  return isWholeLiteral(x) ? numberLiteral(powerOfTen(wholeValue(x))) : `Math.exp(${Math.LN10} * (${code}))`;
}

export const HELPERS = [
  "const $pow = (a, b) => (a > 0 && a < Infinity ? Math.exp(b * Math.log(a)) : a ** b);",
  "const $powExp = (a, b, s) => a ** b * Math.exp(s);",
  "const $sq = (a) => a * a;",
  "const $mod = (a, b) => (b === 0 ? a : a - b * Math.floor(a / b));",
  "const $ne = (a, b) => (a === a && b === b && a !== b ? 1 : 0);",
].join("\n");

/** A JS literal for a number, safe to splice into code. */
export function numberLiteral(v: number): string {
  if (typeof v !== "number") throw new EmitError("not a number");
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "(-Infinity)";
  if (Object.is(v, -0)) return "(-0)"; // String(-0) is "0"
  const s = String(v);
  return v < 0 ? `(${s})` : s;
}

/** Evaluate a constant expression (numbers, constants and maths functions only). */
export function evalConstant(e: Expr, names: Record<string, number> = {}): number {
  const code = emit(e, {
    symbol: (n) => (Object.hasOwn(names, n) ? numberLiteral(names[n]) : undefined),
  });
  return new Function(`"use strict";\n${HELPERS}\nreturn (${code});`)() as number;
}
