/**
 * Expressions along a trajectory (rates, crossings, event actions,
 * observations): how their names become code, the dynamic derived
 * quantities they need in dependency order, the per-draw constants hoisted
 * out of the step loop, and the body of a generated trajectory function.
 */
import { CONSTANTS, EmitError, FUNCTIONS, signedTerms, symbolsOf, type EmitContext, type Expr } from "./expr.js";
import { aKind, type Scope } from "./compile-scope.js";

/** One assignment of a trajectory function: `target = wrap(code of expr)`. */
export interface TrajectoryItem {
  entry: string;
  expr: Expr;
  target: string;
  wrap?: (c: string) => string;
}

/** True for an expression of parameters, constant derived quantities and constants only. */
function isStaticExpr(s: Scope, e: Expr): boolean {
  switch (e.k) {
    case "num":
      return true;
    case "sym": {
      const section = s.names.get(e.name);
      if (s.isDrawn(e.name)) return true;
      if (section === "derived") return s.derived.get(e.name)!.isStatic;
      return section === undefined && Object.hasOwn(CONSTANTS, e.name);
    }
    case "op":
      return e.args.every((a) => isStaticExpr(s, a));
    case "call":
      return Object.hasOwn(FUNCTIONS, e.fn) && e.args.every((a) => isStaticExpr(s, a));
    case "cond":
      return isStaticExpr(s, e.c) && isStaticExpr(s, e.a) && isStaticExpr(s, e.b);
  }
}

/**
 * Move the parts of a trajectory expression that are constant within a
 * draw (e.g. log(doubling_time0), lambda·ln2) out of the step loop: each
 * becomes a per-draw slot computed once, referenced as "#slot".
 */
function hoist(s: Scope, entry: string, e: Expr): Expr {
  if (e.k === "num" || e.k === "sym") return e;
  if (isStaticExpr(s, e)) {
    const key = JSON.stringify(e);
    let slot = s.hoisted.get(key);
    if (slot === undefined) {
      slot = s.staticSlot(entry, e);
      s.hoisted.set(key, slot);
    }
    return { k: "sym", name: `#${slot}` };
  }
  if (e.k === "op") return { ...e, args: e.args.map((a) => hoist(s, entry, a)) };
  if (e.k === "call") return { ...e, args: e.args.map((a) => hoist(s, entry, a)) };
  return { k: "cond", c: hoist(s, entry, e.c), a: hoist(s, entry, e.a), b: hoist(s, entry, e.b) };
}

function trajectoryContext(s: Scope): EmitContext {
  return {
    symbol: (n) => {
      if (n.startsWith("#")) return `p[${Number(n.slice(1))}]`;
      const section = s.names.get(n);
      if (s.isDrawn(n)) return `p[${s.drawnSlot(n)}]`;
      if (section === "derived") {
        const d = s.derived.get(n)!;
        return d.isStatic ? `p[${d.slot}]` : `d_${d.order}`;
      }
      if (section === "state") return `y[${s.states.indexOf(n)}]`;
      if (section === "regime") return `r[${s.regimes.indexOf(n)}]`;
      if (n === "t") return "t";
      if (section) throw new EmitError(`"${n}" is ${aKind(section)} and cannot be used in an equation of the trajectory`);
      return undefined;
    },
  };
}

/** Validate names and return code for trajectory expressions (used for checks). */
export function trajectoryCode(s: Scope, entry: string, exprs: Expr[]): string[] {
  return exprs.map((e) => s.emitIn(entry, e, trajectoryContext(s), s.trajectoryScope()));
}

/** The derived quantities that change over time which these expressions need, directly or through one another. */
function dynamicDerivedOf(s: Scope, exprs: Expr[]): Set<string> {
  const needed = new Set<string>();
  const visit = (e: Expr) => {
    for (const n of symbolsOf(e)) {
      const d = s.derived.get(n);
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
export function statesReadBy(s: Scope, expr: Expr): number[] {
  const read = new Set<number>();
  const add = (e: Expr) => {
    for (const n of symbolsOf(e)) if (s.names.get(n) === "state") read.add(s.states.indexOf(n));
  };
  add(expr);
  for (const n of dynamicDerivedOf(s, [expr])) add(s.derived.get(n)!.expr);
  return [...read].sort((a, b) => a - b);
}

/**
 * Body of a trajectory function: the dynamic derived quantities it needs,
 * in dependency order, then one assignment per target (and, given a guard,
 * a return of the guard's value).
 */
export function trajectoryFunction(s: Scope, items: TrajectoryItem[], guardEntry?: string, guard?: Expr): string {
  const needed = dynamicDerivedOf(s, [...items.map((it) => it.expr), ...(guard ? [guard] : [])]);
  const ctx = trajectoryContext(s);
  const lines: string[] = [];
  const pairs = logisticPairs(s.derivedOrder.filter((d) => needed.has(d.name)));
  for (const d of s.derivedOrder) {
    if (needed.has(d.name)) {
      const entry = `derived.${d.name}`;
      const pair = pairs.get(d.name);
      if (pair === undefined) {
        lines.push(`  const d_${d.order} = ${s.emitIn(entry, hoist(s, entry, d.expr), ctx, s.trajectoryScope())};`);
      } else if (pair.first) {
        const arg = (d.expr as Extract<Expr, { k: "call" }>).args[0];
        lines.push(`  const e_${d.order} = Math.exp(-(${s.emitIn(entry, hoist(s, entry, arg), ctx, s.trajectoryScope())}));`);
        lines.push(`  const d_${d.order} = (1 / (1 + e_${d.order}));`);
      } else {
        // logistic(−x) = 1/(1 + e^x) = 1/(1 + 1/e^(−x)): the partner's exponential, inverted
        lines.push(`  const d_${d.order} = (1 / (1 + 1 / e_${pair.partner}));`);
      }
    }
  }
  for (const it of items) {
    const code = s.emitIn(it.entry, hoist(s, it.entry, it.expr), ctx, s.trajectoryScope());
    lines.push(`  ${it.target} = ${it.wrap ? it.wrap(code) : code};`);
  }
  if (guard) lines.push(`  return ${s.emitIn(guardEntry ?? "", guard, ctx, s.trajectoryScope())};`);
  return lines.join("\n");
}

/**
 * A linear form of an expression, coefficient by term (terms by their
 * JSON), through +, − and unary minus, over a denominator (the JSON of the
 * divisor of a top-level division, "1" without one).
 */
function linearForm(e: Expr): { terms: Map<string, number>; den: string } {
  const division = e.k === "op" && e.op === "/" && e.args.length === 2;
  const terms = new Map<string, number>();
  for (const [sign, x] of signedTerms(division ? e.args[0] : e)) {
    const key = x.k === "num" ? "1" : JSON.stringify(x);
    terms.set(key, (terms.get(key) ?? 0) + (x.k === "num" ? sign * x.v : sign));
  }
  return { terms, den: division ? JSON.stringify(e.args[1]) : "1" };
}

/** The key of a linear form, and of its negation: the nonzero coefficients in term order. */
function formKey(f: { terms: Map<string, number>; den: string }, sign: number): string {
  const parts = [...f.terms].filter(([, c]) => c !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([f.den, parts.map(([t, c]) => [t, sign * c])]);
}

/**
 * Pairs among a function's derived quantities of the form logistic(x) and
 * logistic(−x) (the automated and the manual share, written each with its
 * own argument: (c − m)/w and (m − c)/w, or (c − l − m)/w and (m + l − c)/w):
 * the second is 1/(1 + 1/e) with the first's e = exp(−x), one exponential
 * fewer (in rsi-core, 2 of 13 in each rate evaluation; 4% of a run's CPU).
 * The two arguments are the same terms with opposite signs: x − y and
 * y − x are exact negations, and a sum of three terms in another order
 * rounds by at most an ulp of its largest term, as the other argument's
 * own evaluation does.
 */
function logisticPairs(ds: { name: string; order: number; expr: Expr }[]): Map<string, { first: boolean; partner: number }> {
  const out = new Map<string, { first: boolean; partner: number }>();
  const open = new Map<string, { name: string; order: number }>();
  for (const d of ds) {
    if (d.expr.k !== "call" || d.expr.fn !== "logistic" || d.expr.args.length !== 1) continue;
    const form = linearForm(d.expr.args[0]);
    const partner = open.get(formKey(form, -1));
    if (partner !== undefined) {
      open.delete(formKey(form, -1));
      out.set(partner.name, { first: true, partner: d.order });
      out.set(d.name, { first: false, partner: partner.order });
    } else if (!open.has(formKey(form, 1))) open.set(formKey(form, 1), d);
  }
  return out;
}
