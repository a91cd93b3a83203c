/**
 * The outputs section: each output's code (one number per run, in
 * dependency order) and its description, and the accumulators its
 * trajectory functions need (peak, trough, final, integral, at,
 * window_gain), which add observed expressions and hidden integral states.
 */
import { didYouMean } from "../core/suggest.js";
import { EmitError, emit, isBooleanExpr, numberLiteral, symbolsOf, type EmitContext, type Expr } from "./expr.js";
import { topoOrder } from "./compile-order.js";
import { SPECIAL_FUNCTIONS, type Raw, type Scope } from "./compile-scope.js";
import { trajectoryCode } from "./compile-trajectory.js";
import type { AccumulatorPlan, OutputInfo } from "./types.js";

/** An expression observed along the trajectory, with the entry it came from. */
export interface Observed {
  expr: Expr;
  entry: string;
}

/** What the outputs section compiles to. */
export interface OutputsPlan {
  /** the kernel's outputs function body, one assignment per output */
  code: string[];
  infos: OutputInfo[];
  accumulators: AccumulatorPlan[];
  /** the observeOne slots so far (series add theirs after) */
  observeExprs: Observed[];
  /** integrands of integral(), hidden states after the user's */
  integralExprs: Observed[];
}

interface OutputSpec {
  name: string;
  obj: Raw;
  expr: Expr;
}

/** Accumulators and the observed expressions they read, each made once and shared by identical uses. */
class Accumulators {
  readonly list: AccumulatorPlan[] = [];
  readonly observeExprs: Observed[] = [];
  readonly integralExprs: Observed[] = [];
  private readonly keys = new Map<string, number>();
  private readonly observeKeys = new Map<string, number>();

  /** the observeOne slot of a trajectory expression, shared by accumulators of the same expression */
  observeSlot(expr: Expr, entry: string): number {
    const key = JSON.stringify(expr);
    const known = this.observeKeys.get(key);
    if (known !== undefined) return known;
    this.observeExprs.push({ expr, entry });
    this.observeKeys.set(key, this.observeExprs.length - 1);
    return this.observeExprs.length - 1;
  }

  /** index of an accumulator, reusing an identical one */
  add(key: string, make: () => AccumulatorPlan): number {
    const known = this.keys.get(key);
    if (known !== undefined) return known;
    this.list.push(make());
    this.keys.set(key, this.list.length - 1);
    return this.list.length - 1;
  }
}

/** Compile the outputs; `nU` is the number of user states (integrals' hidden states follow them). */
export function compileOutputs(s: Scope, nU: number): OutputsPlan {
  const acc = new Accumulators();
  const entries: OutputSpec[] = s.outputs.map((name) => {
    const spec = s.raw.outputs[name];
    const obj = (typeof spec === "object" && spec !== null ? spec : { value: spec }) as Raw;
    return { name, obj, expr: s.parse(`outputs.${name}`, obj.value) };
  });
  const code: string[] = [];
  const infos: OutputInfo[] = new Array(s.outputs.length);
  for (const { name, obj, expr } of orderOutputs(s, entries)) {
    const entry = `outputs.${name}`;
    const index = s.outputs.indexOf(name);
    const undefinedBy: OutputInfo["undefinedBy"] = { T: [], A: [], o: [] };
    const ctx = recording(outputContext(s, acc, entry, nU), undefinedBy);
    const asked = datesAsked(s, expr);
    const value = s.emitIn(entry, expr, ctx, [...s.names.keys(), "t_end"]);
    // a year past this run's horizon H cannot be answered: a number, by no draw (the output is undefined in
    // every one: Workspace.pastHorizon); an expression of parameters, by no draw whose year is past H (its p slot)
    const datesBy: OutputInfo["datesBy"] = asked.map(({ date, year }) =>
      year.k === "num" ? { date, by: year.v } : { date, by: null, slot: s.staticSlot(entry, year) },
    );
    const guards = [...new Set(datesBy.map((d) => (d.slot === undefined ? `${numberLiteral(d.by as number)} > H` : `p[${d.slot}] > H`)))];
    code.push(guards.length ? `o[${index}] = ${guards.join(" || ")} ? NaN : ${value};` : `o[${index}] = ${value};`);
    const declared = obj.type as "binary" | "continuous" | undefined;
    infos[index] = {
      name,
      index,
      kind: declared ?? (isBooleanExpr(expr) ? "binary" : "continuous"),
      unit: obj.unit ?? "",
      description: obj.description ?? "",
      headline: obj.headline === true,
      text: String(obj.value),
      undefinedBy,
      datesBy,
    };
  }
  return { code, infos, accumulators: acc.list, observeExprs: acc.observeExprs, integralExprs: acc.integralExprs };
}

/**
 * The questions "does a date come by year c" in an output: a comparison,
 * anywhere in its expression (under and, or, not, ?: too), of the time of a
 * milestone, event or hazard with a constant, T ≤ c, T < c, c ≥ T or c > T;
 * c a number or an expression of parameters (constant in a draw). A draw
 * whose c is past the run's horizon cannot answer it: a draw that reached
 * the horizon without T does not say whether T comes by c, and taking only
 * the draws that can answer (those where T came, or the run ended early)
 * selects on the outcome (rsi-core's loc_by_2050 in a run to 2040 would be
 * 100%). So the output is undefined in every draw whose c is past the
 * horizon, which depends on the draw's parameters alone, never on its
 * outcome.
 */
function datesAsked(s: Scope, e: Expr): { date: string; year: Expr }[] {
  const found: { date: string; year: Expr }[] = [];
  // a milestone, event or hazard by name, first(hazard), or an output that is one of these by name (t_loc: loss_of_control)
  const isDate = (x: Expr, depth = 0): boolean => {
    if (x.k === "call") return x.fn === "first" && x.args.length === 1 && isDate(x.args[0], depth);
    if (x.k !== "sym") return false;
    if (timeIndex(s, x.name) !== undefined) return true;
    if (s.names.get(x.name) !== "output" || depth > 8) return false;
    const spec = s.raw.outputs[x.name];
    const value = typeof spec === "object" && spec !== null ? (spec as Raw).value : spec;
    return isDate(s.parse(`outputs.${x.name}`, value), depth + 1);
  };
  const dateName = (x: Expr): string => (x.k === "sym" ? x.name : x.k === "call" ? `${x.fn}(${dateName(x.args[0])})` : "");
  const isStatic = (x: Expr) => {
    try {
      emit(x, s.staticContext());
      return true;
    } catch {
      return false;
    }
  };
  const by = (date: Expr, c: Expr) => found.push({ date: dateName(date), year: c });
  const walk = (x: Expr, depth: number): void => {
    if (x.k === "op") {
      const [a, b] = x.args;
      if (x.args.length === 2 && (x.op === "<=" || x.op === "<") && isDate(a) && isStatic(b)) by(a, b);
      else if (x.args.length === 2 && (x.op === ">=" || x.op === ">") && isStatic(a) && isDate(b)) by(b, a);
      else x.args.forEach((y) => walk(y, depth));
    } else if (x.k === "cond") [x.c, x.a, x.b].forEach((y) => walk(y, depth));
    // the special functions' arguments are trajectories and names, not comparisons of dates
    else if (x.k === "call" && !SPECIAL_FUNCTIONS.includes(x.fn)) x.args.forEach((y) => walk(y, depth));
    // another output that asks such a question asks it here too (`not by12`, with by12: "m <= 12"): its
    // undefined would otherwise be read by this one's not or comparison as false
    else if (x.k === "sym" && s.names.get(x.name) === "output" && depth < 8) {
      const spec = s.raw.outputs[x.name];
      walk(s.parse(`outputs.${x.name}`, typeof spec === "object" && spec !== null ? (spec as Raw).value : spec), depth + 1);
    }
  };
  walk(e, 0);
  return found;
}

/**
 * The context `ctx`, noting in `into` each input that can be undefined (NaN)
 * in a draw that did not fail: a time-table entry T[i], an at() or
 * window_gain() accumulator A[i] (peaks, troughs, finals and integrals are
 * always defined), another output o[i].
 */
function recording(ctx: EmitContext, into: OutputInfo["undefinedBy"]): EmitContext {
  const note = (code: string | undefined, fn?: string): string | undefined => {
    const m = code === undefined ? null : /^([TAo])\[(\d+)\]$/.exec(code);
    if (m && (m[1] !== "A" || fn === "at" || fn === "window_gain")) {
      const list = into[m[1] as "T" | "A" | "o"];
      if (!list.includes(Number(m[2]))) list.push(Number(m[2]));
    }
    return code;
  };
  return { symbol: (n) => note(ctx.symbol(n)), special: (fn, args) => note(ctx.special!(fn, args), fn) };
}

/** The outputs in dependency order (an output may use others). */
function orderOutputs(s: Scope, entries: OutputSpec[]): OutputSpec[] {
  const deps = new Map<string, string[]>();
  for (const e of entries) deps.set(e.name, [...symbolsOf(e.expr)].filter((n) => s.names.get(n) === "output"));
  const order = topoOrder(
    entries.map((e) => e.name),
    deps,
    (cycle) => s.fail(`outputs.${cycle[0]}`, `circular definition: ${cycle.join(" → ")}`),
  );
  return order.map((n) => entries.find((e) => e.name === n)!);
}

/** The time-table index (T) of a milestone, event or hazard; undefined for other names. */
function timeIndex(s: Scope, name: string): number | undefined {
  const nM = s.milestones.length;
  const nE = s.events.length;
  const section = s.names.get(name);
  if (section === "milestone") return s.milestones.indexOf(name);
  if (section === "event") return nM + s.events.indexOf(name);
  if (section === "hazard") return nM + nE + s.hazards.findIndex((h) => h.name === name);
  return undefined;
}

/** The index of the hazard that count(), expected() or first() takes. */
function hazardIndex(s: Scope, entry: string, fn: string, args: Expr[]): number {
  const a = args[0];
  if (args.length !== 1 || a.k !== "sym" || s.names.get(a.name) !== "hazard") {
    const hint = a && a.k === "sym" ? didYouMean(a.name, s.hazards.map((h) => h.name)) : undefined;
    const got = args.length !== 1 ? `, got ${args.length} arguments` : a.k === "sym" ? `, got ${s.what(a.name)}` : ", got an expression";
    s.fail(entry, `${fn}() takes the name of a hazard${got}${hint ? ` (did you mean "${hint}"?)` : ""}`);
  }
  return s.hazards.findIndex((h) => h.name === (a as { name: string }).name);
}

/** How an output's names and special functions become code. */
function outputContext(s: Scope, acc: Accumulators, entry: string, nU: number): EmitContext {
  const ctx: EmitContext = {
    symbol: (n) => outputSymbol(s, n),
    special: (fn, args) => {
      const nT = s.milestones.length + s.events.length + s.hazards.length;
      switch (fn) {
        case "count":
          return `C[${hazardIndex(s, entry, fn, args)}]`;
        case "expected":
          return `X[${hazardIndex(s, entry, fn, args)}]`;
        case "first":
          return `T[${nT + hazardIndex(s, entry, fn, args)}]`;
        case "reached": {
          if (args.length !== 1) throw new EmitError("reached() takes 1 argument");
          const inner = emit(args[0], ctx);
          return `(Number.isNaN(${inner}) ? 0 : 1)`;
        }
        case "peak":
        case "trough":
        case "final":
        case "integral":
          return trajectoryAccumulator(s, acc, entry, fn, args, nU);
        case "at":
          return atAccumulator(s, acc, entry, args);
        case "window_gain":
          return windowAccumulator(s, acc, entry, args);
      }
      return undefined;
    },
  };
  return ctx;
}

/** An output's plain names: parameters, constant derived quantities, other outputs, times. */
function outputSymbol(s: Scope, n: string): string | undefined {
  const section = s.names.get(n);
  if (s.isDrawn(n)) return `p[${s.drawnSlot(n)}]`;
  if (section === "derived") {
    const d = s.derived.get(n)!;
    if (!d.isStatic) {
      throw new EmitError(`"${n}" changes over time; use final(${n}), peak(${n}), trough(${n}) or at(milestone, ${n})`);
    }
    return `p[${d.slot}]`;
  }
  if (section === "output") return `o[${s.outputs.indexOf(n)}]`;
  const ti = timeIndex(s, n);
  if (ti !== undefined) return `T[${ti}]`;
  if (n === "t_end") return "tEnd";
  if (n === "t") {
    throw new EmitError('"t" changes over time; an output is one number per run: use t_end, or the name of a milestone, event or hazard for the time it happened');
  }
  if (section === "state" || section === "regime") {
    throw new EmitError(`"${n}" changes over time; use final(${n}), peak(${n}), trough(${n}) or at(milestone, ${n})`);
  }
  return undefined;
}

/** Check the names of a trajectory expression inside an output's function. */
function trajectoryCheck(s: Scope, entry: string, inner: Expr, fn: string): void {
  trajectoryCode(s, `${entry} (inside ${fn})`, [inner]); // validates names
}

/** peak(x), trough(x), final(x) or integral(x): the accumulator's A slot. */
function trajectoryAccumulator(s: Scope, acc: Accumulators, entry: string, fn: "peak" | "trough" | "final" | "integral", args: Expr[], nU: number): string {
  if (args.length !== 1) throw new EmitError(`${fn}() takes 1 argument`);
  trajectoryCheck(s, entry, args[0], fn);
  if (fn === "integral") {
    const i = acc.add(`integral|${JSON.stringify(args[0])}`, () => {
      acc.integralExprs.push({ expr: args[0], entry });
      return { kind: "integral", slot: nU + acc.integralExprs.length - 1 };
    });
    return `A[${i}]`;
  }
  const i = acc.add(`${fn}|${JSON.stringify(args[0])}`, () => {
    return { kind: fn, slot: acc.observeSlot(args[0], entry) };
  });
  return `A[${i}]`;
}

/** at(milestone, x): x when the milestone, event or hazard happened. */
function atAccumulator(s: Scope, acc: Accumulators, entry: string, args: Expr[]): string {
  const m = args[0];
  const ti = m && m.k === "sym" ? timeIndex(s, m.name) : undefined;
  if (args.length !== 2 || ti === undefined) {
    const hint = m && m.k === "sym" ? didYouMean(m.name, [...s.milestones, ...s.events, ...s.hazards.map((h) => h.name)]) : undefined;
    const got = args.length !== 2 ? `, got ${args.length} argument${args.length === 1 ? "" : "s"}` : m.k === "sym" ? `, got ${s.what(m.name)}` : ", got an expression";
    throw new EmitError(`at() takes a milestone, event or hazard and an expression, as in at(t100, margin)${got}${hint ? ` (did you mean "${hint}"?)` : ""}`);
  }
  trajectoryCheck(s, entry, args[1], "at");
  const i = acc.add(`at|${ti}|${JSON.stringify(args[1])}`, () => {
    return { kind: "at", slot: acc.observeSlot(args[1], entry), at: ti };
  });
  return `A[${i}]`;
}

/** window_gain(x, w): the largest rise of x over any window of length w (a per-draw constant). */
function windowAccumulator(s: Scope, acc: Accumulators, entry: string, args: Expr[]): string {
  if (args.length !== 2) throw new EmitError("window_gain() takes a quantity and a window length, as in window_gain(progress, 1)");
  trajectoryCheck(s, entry, args[0], "window_gain");
  const i = acc.add(`window|${JSON.stringify(args)}`, () => {
    const wSlot = s.staticSlot(`${entry} (window length)`, args[1]);
    return { kind: "window", slot: acc.observeSlot(args[0], entry), window: wSlot };
  });
  return `A[${i}]`;
}
