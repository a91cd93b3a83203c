/**
 * The expression language: mathjs syntax, whitelisted, emitted as plain JS.
 * These tests run the emitted JS (through evalConstant, which uses the same
 * emit() as the model kernel) and check it computes what the mathjs syntax
 * means, and that anything outside the whitelist is refused before any code
 * is built.
 */
import { afterEach, describe, expect, it } from "vitest";
import { evaluate as mathjsEvaluate } from "mathjs";
import {
  CONSTANTS,
  EmitError,
  FUNCTIONS,
  callsOf,
  crossingOf,
  emit,
  evalConstant,
  isBooleanExpr,
  numberLiteral,
  parseExpr,
  signedTerms,
  symbolsOf,
  type Expr,
} from "../src/model/expr.js";
import { mulberry32 } from "./helpers/mulberry32.js";

function expr(text: string | number): Expr {
  const r = parseExpr(text);
  if (!r.ok) throw new Error(`expected "${text}" to parse, got: ${r.error}`);
  return r.expr;
}

/** Value of the emitted JS for `text`, with optional named values. */
function value(text: string, names: Record<string, number> = {}): number {
  return evalConstant(expr(text), names);
}

function parseError(text: string): string {
  const r = parseExpr(text);
  if (r.ok) throw new Error(`expected "${text}" to be refused, got ${JSON.stringify(r.expr)}`);
  return r.error;
}

function emitError(text: string, names: Record<string, number> = {}): string {
  try {
    evalConstant(expr(text), names);
  } catch (err) {
    expect(err).toBeInstanceOf(EmitError);
    return (err as Error).message;
  }
  throw new Error(`expected "${text}" to fail when emitted`);
}

describe("operator precedence and associativity", () => {
  it.each([
    ["-2^2", -4], // unary minus binds looser than ^
    ["(-2)^2", 4],
    ["2^3^2", 512], // ^ is right-associative
    ["(2^3)^2", 64],
    ["2^-1", 0.5],
    ["-2^-2", -0.25],
    ["2 + 3 * 4", 14],
    ["(2 + 3) * 4", 20],
    ["2 - 3 - 4", -5], // left-associative
    ["4 / 2 / 2", 1],
    ["5 / 2 * 3", 7.5],
    ["1 - -1", 2],
    ["- -1", 1],
    ["2 * -3", -6],
    ["+3", 3],
    ["2 pi", 2 * Math.PI], // implicit multiplication
    ["1e3 + .5", 1000.5],
    ["2 ^ 2 mod 3", 1],
  ])("%s = %d", (text, want) => {
    expect(value(text)).toBeCloseTo(want, 12);
  });

  it("parenthesises negative values so JS never sees `-3 ** 2` or `--`", () => {
    expect(value("x^2", { x: -3 })).toBe(9);
    expect(value("-x^2", { x: -3 })).toBe(-9);
    expect(value("2 - x", { x: -3 })).toBe(5);
    expect(value("-x", { x: -3 })).toBe(3);
    expect(value("x - -x", { x: -2 })).toBe(-4);
  });
});

describe("comparisons and logic give 0 or 1", () => {
  it.each([
    ["1 < 2", 1],
    ["2 < 1", 0],
    ["1 <= 1", 1],
    ["2 > 1", 1],
    ["1 >= 2", 0],
    ["1 == 1", 1],
    ["1 == 2", 0],
    ["1 != 2", 1],
    ["1 != 1", 0],
    // every comparison with NaN is false, != too (JS's !== is true)
    ["NaN != NaN", 0],
    ["NaN != 3", 0],
    ["3 != NaN", 0],
    ["NaN == NaN", 0],
    ["NaN < 1", 0],
    ["1 and 0", 0],
    ["2 and 3", 1], // not 3: and/or give 0/1, not JS's operand
    ["0 or 0", 0],
    ["0 or 5", 1],
    ["not 0", 1],
    ["not 3", 0],
    ["not not 7", 1],
    ["1 < 2 and 2 < 1 or 1", 1],
    ["1 < 2 and (2 < 1 or 0)", 0],
    ["true", 1],
    ["false", 0],
    ["true + true", 2],
  ])("%s = %d", (text, want) => {
    const v = value(text);
    expect(v).toBe(want);
    expect(Object.is(v, want)).toBe(true);
  });

  it("comparison results are numbers usable in arithmetic", () => {
    expect(value("(x > 0) * 10 + (x <= 0) * 20", { x: 1 })).toBe(10);
    expect(value("(x > 0) * 10 + (x <= 0) * 20", { x: -1 })).toBe(20);
  });

  it("refuses chained comparisons with a hint", () => {
    expect(parseError("1 < 2 < 3")).toMatch(/chained comparisons.*write "a < b and b < c"/);
  });
});

describe("conditional c ? a : b", () => {
  it.each([
    ["1 ? 2 : 3", 2],
    ["0 ? 2 : 3", 3],
    ["5 ? 2 : 3", 2],
    ["1 ? 2 : 3 ? 4 : 5", 2],
    ["0 ? 2 : 0 ? 4 : 5", 5],
    ["0 ? 2 : 1 ? 4 : 5", 4],
    ["(1 ? 2 : 3) * 10", 20],
  ])("%s = %d", (text, want) => {
    expect(value(text)).toBe(want);
  });

  it("uses names", () => {
    expect(value("x > 1 ? 10 : 20", { x: 2 })).toBe(10);
    expect(value("x > 1 ? 10 : 20", { x: 0 })).toBe(20);
  });
});

describe("mod is mathjs's floored remainder", () => {
  it.each([
    ["7 mod 3", 1],
    ["-7 mod 3", 2], // JS % would give -1
    ["7 mod -3", -2],
    ["-7 mod -3", -1],
    ["5.5 mod 2", 1.5],
    ["7 mod 0", 7], // mathjs: x mod 0 = x
    ["3 mod 2 ^ 2", 3], // ^ binds tighter
    ["-3 mod 2", 1],
  ])("%s = %d", (text, want) => {
    expect(value(text)).toBeCloseTo(want, 12);
  });

  it("agrees with mathjs for a grid of operands", () => {
    for (const x of [-9.5, -7, -3, -1, 0, 1, 2.5, 7, 10]) {
      for (const y of [-4, -3, -1.5, 1, 2, 3, 4.5]) {
        expect(value("x mod y", { x, y })).toBeCloseTo(mathjsEvaluate(`${x} mod ${y}`) as number, 12);
      }
    }
  });

  it("evaluates each operand once, so nested mods do not blow up the code", () => {
    let text = "x";
    for (let i = 0; i < 60; i++) text = `(${text} + 1) mod 7`;
    const code = emit(expr(text), { symbol: (n) => (n === "x" ? "x" : undefined) });
    expect(code.length).toBeLessThan(10_000);
    expect(value(text, { x: 3 })).toBe((3 + 60) % 7);
  });

  it('refuses "%" with a hint to write mod', () => {
    expect(parseError("5 % 2")).toMatch(/operator "%" is not allowed \(write "mod" for the remainder\)/);
  });
});

describe("functions", () => {
  it.each([
    ["log(8, 2)", 3],
    ["log(100, 10)", 2],
    ["log(e)", 1],
    ["ln(e^2)", 2],
    ["log10(1000)", 3],
    ["log2(8)", 3],
    ["exp10(2)", 100],
    ["exp10(-1)", 0.1],
    ["exp(0)", 1],
    ["clamp(5, 0, 1)", 1],
    ["clamp(-1, 0, 1)", 0],
    ["clamp(0.25, 0, 1)", 0.25],
    ["logistic(0)", 0.5],
    ["logistic(-2) + logistic(2)", 1],
    ["min(3, 1, 2)", 1],
    ["max(3, 1, 2, 5, 4)", 5],
    ["min(7)", 7],
    ["max(-1, -2)", -1],
    ["hypot(3, 4)", 5],
    ["pow(2, 10)", 1024],
    ["sqrt(16)", 4],
    ["cbrt(-8)", -2],
    ["abs(-2)", 2],
    ["floor(-1.5)", -2],
    ["ceil(-1.5)", -1],
    ["round(2.5)", 3],
    ["round(-2.5)", -3], // mathjs rounds halves away from zero; Math.round(-2.5) is -2
    ["round(-0.5)", -1],
    ["round(1.4)", 1],
    ["sign(-3)", -1],
    ["tanh(0)", 0],
    ["atan(1) * 4", Math.PI],
    ["sin(pi / 2)", 1],
    ["cos(0)", 1],
    ["tan(0)", 0],
    ["expm1(0)", 0],
    ["log1p(0)", 0],
  ])("%s = %d", (text, want) => {
    expect(value(text)).toBeCloseTo(want, 12);
  });

  it("products of exponentials are one exponential of a sum, with the factor-by-factor value", () => {
    const ctx = { symbol: (n: string) => ({ a: "p[0]", b: "p[1]", x: "p[2]", y: "p[3]", z: "p[4]" })[n] };
    const code = emit(expr("a * b^y * 10^(x * z) * exp(-z) * (a + 1)"), ctx);
    expect(code.match(/Math\.exp/g)?.length, code).toBe(1); // the rare branch (a base not positive and finite) calls $powExp
    expect(code.match(/\$powExp/g)?.length, code).toBe(1);
    expect(code.match(/Math\.log/g)?.length, code).toBe(1);
    expect(emit(expr("a * 10^x"), ctx)).toBe(`((p[0]) * (${emit(expr("10^x"), ctx)}))`); // nothing to fuse
    const rng = mulberry32(11);
    const direct = (a: number, b: number, x: number, y: number, z: number) => a * b ** y * 10 ** (x * z) * Math.exp(-z) * (a + 1);
    for (let i = 0; i < 2000; i++) {
      const a = 4 * (rng() - 0.5);
      const b = Math.exp(20 * (rng() - 0.5));
      const [x, y, z] = [6 * (rng() - 0.5), 4 * (rng() - 0.5), 6 * (rng() - 0.5)];
      const want = direct(a, b, x, y, z);
      const got = value("a * b^y * 10^(x * z) * exp(-z) * (a + 1)", { a, b, x, y, z });
      expect(Math.abs(got - want) / Math.abs(want)).toBeLessThan(1e-12);
      expect(Math.abs(value("10^x * exp(y) * 10^z", { x, y, z }) - 10 ** x * Math.exp(y) * 10 ** z) / (10 ** x * Math.exp(y) * 10 ** z)).toBeLessThan(1e-13);
    }
    // a base that is not positive and finite takes ** for its factor, as a lone power does
    for (const [b, y] of [[0, 0.5], [0, 0], [-8, 1 / 3], [-2, 0.5], [Infinity, -1], [NaN, 1]]) {
      const want = 3 * b ** y * Math.exp(0.25);
      expect(Object.is(value("3 * b^y * exp(x)", { b, y, x: 0.25 }), want) || Math.abs(value("3 * b^y * exp(x)", { b, y, x: 0.25 }) - want) <= 1e-15 * Math.abs(want), `${b}^${y}`).toBe(true);
    }
    // ∞·0 in the factor-by-factor product is finite when fused
    expect(value("10^400 * exp(-1000) * x", { x: 2 })).toBeCloseTo(2 * Math.exp(400 * Math.LN10 - 1000), 300);
  });

  it("powers: x^y for x > 0 agrees with ** to 1e-13 relative; other bases follow JS ** exactly", () => {
    const rng = mulberry32(7);
    for (let i = 0; i < 2000; i++) {
      const x = Math.exp(60 * (rng() - 0.5));
      const y = 6 * (rng() - 0.5);
      const want = x ** y;
      expect(Math.abs(value("x ^ y", { x, y }) - want) / want).toBeLessThan(1e-13);
      expect(Math.abs(value("pow(x, y)", { x, y }) - want) / want).toBeLessThan(1e-13);
    }
    const edges: [number, number][] = [[0, 0], [0, 2], [0, -1], [-8, 1 / 3], [-2, 3], [-2, 0.5], [Infinity, 0], [Infinity, 2], [Infinity, -1], [1, Infinity], [NaN, 0], [2, NaN], [-Infinity, 3]];
    for (const [x, y] of edges) {
      expect(Object.is(value("x ^ y", { x, y }), x ** y), `${x}^${y}`).toBe(true);
      expect(Object.is(value("pow(x, y)", { x, y }), x ** y), `pow(${x}, ${y})`).toBe(true);
    }
    // a literal whole exponent keeps JS's exact **
    expect(value("x ^ 3", { x: 1.1 })).toBe(1.1 ** 3);
    expect(value("x ^ -1", { x: 3 })).toBe(3 ** -1);
  });

  it("10^k and exp10(k) for a whole literal k are the number 1ek itself", () => {
    for (let k = -323; k <= 308; k++) {
      const want = Number(`1e${k}`);
      expect(value(`10^${k}`), `10^${k}`).toBe(want);
      expect(value(`exp10(${k})`), `exp10(${k})`).toBe(want);
    }
    expect(value("10^2 == 100")).toBe(1);
    expect(value("10^1 == 10")).toBe(1);
    expect(value("10^-3 == 0.001")).toBe(1);
    expect(value("exp10(3) == 1000")).toBe(1);
    expect(value("10^-(3)")).toBe(0.001);
    expect(value("10^400")).toBe(Infinity);
    expect(value("10^-400")).toBe(0);
    expect(value("3 * 10^2 * exp(x)", { x: 0 })).toBe(300); // a constant factor, not fused
  });

  it("10^x for any other x is exp(x·ln10): within about |x|·ln10 ulps of 10^x (the rounding of x·ln10)", () => {
    // 10^x correctly rounded (Python's decimal at 60 digits, from the exact double x)
    const cases: [number, number][] = [
      [0.5, 3.1622776601683795], [-0.5, 0.31622776601683794], [0.1, 1.2589254117941673], [2.5, 316.22776601683796],
      [-3.7, 0.00019952623149688788], [12.345, 2213094709605.641], [99.9, 7.943282347242919e99], [-150.25, 5.623413251903491e-151],
      [300.5, 3.1622776601683795e300], [-307.3, 5.011872336272592e-308], [1e-10, 1.0000000002302585], [7 / 3, 215.44346900318845],
    ];
    const ulp = (x: number) => 2 ** (Math.floor(Math.log2(Math.abs(x))) - 52);
    for (const [x, want] of cases) {
      for (const text of ["10^x", "exp10(x)"]) {
        expect(Math.abs(value(text, { x }) - want) / ulp(want), `${text}, x = ${x}`).toBeLessThanOrEqual(2 * Math.abs(x) * Math.LN10 + 2);
      }
    }
    expect(value("10^k", { k: Infinity })).toBe(Infinity);
    expect(value("10^k", { k: -Infinity })).toBe(0);
    expect(value("10^k", { k: NaN })).toBeNaN();
  });

  it("logistic is 1 / (1 + exp(-x)) and does not overflow to NaN", () => {
    for (const x of [-30, -2, 0, 0.7, 5]) expect(value("logistic(x)", { x })).toBeCloseTo(1 / (1 + Math.exp(-x)), 14);
    expect(value("logistic(1000)")).toBe(1);
    expect(value("logistic(-1000)")).toBe(0);
  });

  it("agrees with mathjs wherever mathjs has the same function and a real result", () => {
    const cases = [
      "log(8, 2)", "log(0.5)", "log10(0.01)", "log2(0.25)", "log1p(0.5)", "exp(1.5)", "expm1(0.5)", "sqrt(2)", "cbrt(27)",
      "abs(-0.5)", "pow(3, 0.5)", "min(2, -1, 4)", "max(2, -1, 4)", "hypot(1, 2, 2)", "floor(2.7)", "ceil(2.1)",
      "round(-3.5)", "round(3.5)", "round(-3.4)", "sign(2)", "sin(1)", "cos(1)", "tan(1)", "tanh(0.5)", "atan(2)",
      "-2^2", "2^3^2", "2^-2", "7 mod 3", "-7 mod 3", "1 ? 2 : 3", "0 ? 2 : 3", "pi", "e", "2 e", "3 - 2 - 1",
    ];
    for (const text of cases) expect(value(text), text).toBeCloseTo(mathjsEvaluate(text) as number, 12);
  });

  it("constants pi, e, Infinity, inf", () => {
    expect(value("pi")).toBe(Math.PI);
    expect(value("e")).toBe(Math.E);
    expect(value("Infinity")).toBe(Infinity);
    expect(value("-inf")).toBe(-Infinity);
    expect(value("2 * pi * e")).toBeCloseTo(2 * Math.PI * Math.E, 14);
    expect(Object.keys(CONSTANTS)).toEqual(expect.arrayContaining(["Infinity", "e", "inf", "pi"]));
    for (const [name, v] of Object.entries(CONSTANTS)) expect(Object.is(value(name), v), name).toBe(true);
  });

  it("checks the number of arguments, with a readable message", () => {
    expect(emitError("exp(1, 2)")).toBe("exp() takes 1 argument, got 2");
    expect(emitError("log(1, 2, 3)")).toBe("log() takes 1 or 2 arguments, got 3");
    expect(emitError("clamp(1, 2)")).toBe("clamp() takes 3 arguments, got 2");
    expect(emitError("min()")).toBe("min() takes at least 1 argument, got 0");
    expect(emitError("hypot(1)")).toBe("hypot() takes at least 2 arguments, got 1");
    const many = Array.from({ length: 65 }, (_, i) => i).join(", ");
    expect(emitError(`max(${many})`)).toBe("max() takes at most 64 arguments, got 65");
    expect(emitError(`hypot(${many})`)).toBe("hypot() takes at most 64 arguments, got 65");
    expect(emitError("logistic()")).toBe("logistic() takes 1 argument, got 0");
  });

  it("refuses unknown functions and unknown names", () => {
    expect(emitError("logisitc(1)")).toBe('unknown function "logisitc"');
    expect(emitError("bta + 1")).toBe('unknown name "bta"');
  });

  it("does not mistake properties of JS objects for functions or constants", () => {
    for (const name of ["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__", "__defineGetter__", "isPrototypeOf"]) {
      expect(emitError(`${name}(1)`)).toBe(`unknown function "${name}"`);
      expect(emitError(`${name} + 1`)).toBe(`unknown name "${name}"`);
    }
  });
});

describe("the whitelist refuses everything else at parse time", () => {
  it.each([
    ["a.constructor", /property or index access is not allowed/],
    ['a["constructor"]', /(property or index access|strings) (is|are) not allowed/],
    ["a[1]", /property or index access is not allowed/],
    ["f(x) = x", /function definition is not allowed/],
    ["x = 3", /assignment is not allowed/],
    ['"abc"', /strings are not allowed/],
    ["'abc'", /strings are not allowed/],
    ['evaluate("1")', /strings are not allowed/],
    ["[1, 2]", /matrices and arrays are not allowed/],
    ["{a: 1}", /object literals are not allowed/],
    ["1:3", /ranges are not allowed/],
    ["1; 2", /several statements are not allowed/],
    ["1\n2", /several statements are not allowed/],
    ["process.exit(1)", /only named functions can be called|property or index access/],
    ["math.sqrt(4)", /only named functions can be called/],
    ["3!", /operator "!" is not allowed/],
    ["a'", /operator "'" is not allowed/],
    ["1 & 2", /operator "&" is not allowed/],
    ["1 | 2", /operator "\|" is not allowed/],
    ["1 xor 2", /operator "xor" is not allowed/],
    ["1 << 2", /operator "<<" is not allowed/],
    ["~1", /operator "~" is not allowed/],
    ["null", /the constant null is not allowed/],
    ["undefined", /the constant undefined is not allowed/],
    ["`${1}`", /cannot parse/],
    ["", /empty expression/],
    ["   ", /empty expression/],
    ["1 +", /cannot parse/],
  ])("%j", (text, pattern) => {
    expect(parseError(text)).toMatch(pattern);
  });

  it("refuses values that are not expressions", () => {
    expect(parseExpr(NaN as unknown as string)).toEqual({ ok: false, error: "not a number" });
    expect(parseExpr([1, 2] as unknown as string)).toEqual({ ok: false, error: "expected an expression, got a list" });
    expect(parseExpr({ a: 1 } as unknown as string)).toEqual({ ok: false, error: "expected an expression, got a mapping" });
    expect(parseExpr(true as unknown as string)).toEqual({ ok: false, error: "expected an expression, got boolean true" });
    expect(parseExpr(null as unknown as string)).toEqual({ ok: false, error: "expected an expression, got nothing" });
  });

  it("refuses runaway nesting with an error, not a stack overflow, and quotes long text briefly", () => {
    const long = `1${"+1".repeat(20_000)}`;
    const message = parseError(long);
    expect(message).toMatch(/nested too deeply/);
    expect(message.length).toBeLessThan(300);
    expect(parseError(`${"(".repeat(20_000)}1${")".repeat(20_000)}`).length).toBeLessThan(300);
  });

  it("refuses deep brackets and long runs of unary minus with the nesting message, not the parser's stack overflow", () => {
    const parens = (n: number) => `${"(".repeat(n)}1${")".repeat(n)}`;
    expect(value(parens(200))).toBe(1);
    for (const n of [201, 300, 5000]) {
      expect(parseError(parens(n))).toMatch(/^in "\(+…": the expression is nested too deeply \(more than 200 levels of brackets\)$/);
    }
    expect(value(`${"-".repeat(400)}1`)).toBe(1);
    for (const n of [501, 20_000]) expect(parseError(`${"-".repeat(n)}1`)).toMatch(/^in "-+…": the expression is nested too deeply \(more than 500 levels\)$/);
  });

  it("accepts a moderately long sum", () => {
    expect(value(`0${"+1".repeat(300)}`)).toBe(300);
  });

  it("numbers from YAML arrive as numbers", () => {
    expect(value(3 as unknown as string)).toBe(3);
    expect(parseExpr(Infinity)).toEqual({ ok: true, expr: { k: "num", v: Infinity } });
  });
});

describe("code generation", () => {
  const g = globalThis as { __rsiExprPwned?: unknown };
  afterEach(() => {
    delete g.__rsiExprPwned;
  });

  it("emits only slot references for names, never the name itself", () => {
    const code = emit(expr("zz_secret * 2 + log(zz_other)"), {
      symbol: (n) => ({ zz_secret: "p[0]", zz_other: "y[1]" })[n],
    });
    expect(code).not.toMatch(/zz_/);
    expect(code).toContain("p[0]");
    expect(code).toContain("y[1]");
  });

  it("never runs text from the expression", () => {
    for (const text of [
      'constructor.constructor("globalThis.__rsiExprPwned = 1")()',
      'evaluate("globalThis.__rsiExprPwned = 1")',
      "__rsiExprPwned = 1",
      "f(x) = (__rsiExprPwned = 1)",
      "`${globalThis.__rsiExprPwned = 1}`",
    ]) {
      const r = parseExpr(text);
      if (r.ok) expect(() => evalConstant(r.expr)).toThrow(EmitError);
      else expect(r.error).toBeTruthy();
      expect(g.__rsiExprPwned).toBeUndefined();
    }
  });

  it("numberLiteral is safe to splice", () => {
    expect(numberLiteral(3)).toBe("3");
    expect(numberLiteral(-3)).toBe("(-3)");
    expect(numberLiteral(-0)).toBe("(-0)");
    expect(Object.is(new Function(`return ${numberLiteral(-0)}`)(), -0)).toBe(true);
    expect(numberLiteral(NaN)).toBe("NaN");
    expect(numberLiteral(Infinity)).toBe("Infinity");
    expect(numberLiteral(-Infinity)).toBe("(-Infinity)");
    expect(numberLiteral(1e-300)).toBe("1e-300");
    expect(() => numberLiteral("1; process.exit()" as unknown as number)).toThrow(EmitError);
  });
});

describe("tree helpers", () => {
  it("symbolsOf lists names read, not functions", () => {
    expect([...symbolsOf(expr("g_soft0 * 10^(-beta * a) + log(x, b) + (c ? d : f)"))]).toEqual([
      "g_soft0", "beta", "a", "x", "b", "c", "d", "f",
    ]);
  });

  it("callsOf lists functions called", () => {
    expect([...callsOf(expr("max(log(x), c ? exp(y) : 0)"))].sort()).toEqual(["exp", "log", "max"]);
  });

  it("isBooleanExpr recognises 0/1 expressions", () => {
    expect(isBooleanExpr(expr("a > 1"))).toBe(true);
    expect(isBooleanExpr(expr("a > 1 and b"))).toBe(true);
    expect(isBooleanExpr(expr("not a"))).toBe(true);
    expect(isBooleanExpr(expr("c ? a > 1 : 0"))).toBe(true);
    expect(isBooleanExpr(expr("a + 1"))).toBe(false);
    expect(isBooleanExpr(expr("c ? 2 : 0"))).toBe(false);
  });

  it("crossingOf turns a comparison into g >= 0 when it holds", () => {
    const g = (text: string, vars: Record<string, number>) => evalConstant(crossingOf(expr(text))!, vars);
    expect(g("a >= 3", { a: 5 })).toBe(2);
    expect(g("a > 3", { a: 1 })).toBe(-2);
    expect(g("a <= 3", { a: 1 })).toBe(2);
    expect(g("a < 3", { a: 5 })).toBe(-2);
    expect(crossingOf(expr("a + 3"))).toBeUndefined();
    expect(crossingOf(expr("a == 3"))).toBeUndefined();
  });

  it("FUNCTIONS has no inherited entries mistaken for functions", () => {
    for (const name of Object.keys(FUNCTIONS)) expect(Object.hasOwn(FUNCTIONS, name)).toBe(true);
  });
});

describe("signedTerms", () => {
  const parsed = (t: string) => {
    const r = parseExpr(t);
    if (!r.ok) throw new Error(r.error);
    return r.expr;
  };
  it("splits a sum at + and − and unary minus, each term with its sign; products and calls are terms", () => {
    expect(signedTerms(parsed("a - (b - 2)"))).toEqual([[1, parsed("a")], [-1, parsed("b")], [1, parsed("2")]]);
    expect(signedTerms(parsed("-(x + y) + 2 * z - f(w)"))).toEqual([[-1, parsed("x")], [-1, parsed("y")], [1, parsed("2 * z")], [-1, parsed("f(w)")]]);
    expect(signedTerms(parsed("a / c"))).toEqual([[1, parsed("a / c")]]);
  });
});
