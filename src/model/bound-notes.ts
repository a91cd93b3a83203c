/**
 * Advice for model writers (`rsi-sim validate`): states whose rate stops at
 * a bound through max(0, …) but that have no cap there.
 *
 * A rate such as g · max(0, 1 − a/C) (or max(0, C − a)) falls in proportion
 * to the room left, so the exact state approaches C and never reaches it.
 * An explicit solver step can still jump past C; max(0, …) then stops the
 * rate with the state above its bound, and it stays there. Both shipped
 * models did this until their states were capped: rsi-core's software ended
 * above its ceiling in 71% of draws (up to 0.09 OOM), and forethought-sie
 * counted more progress than its limit in 1 draw in 8,000 (`node
 * bench/bounds.mjs rsi-core`, `… forethought-sie 40000 1 2 3`). A cap
 * (`max: C`) holds the state at C once a step reaches it, which the exact
 * solution never notices.
 *
 * The check looks, through the derived quantities a rate uses, for
 * max(0, X) or max(X, 0) where X is 1 − S/C, C − S, or their sums with other
 * constants' terms, S the state itself and C a parameter, a constant derived
 * quantity or a number. It finds the common forms, not every bound.
 */
import { parseExpr, signedTerms, symbolsOf, type Expr } from "./expr.js";
import type { CompiledModel } from "./types.js";

/** One line per state that stops at a bound without a cap there. */
export function uncappedBoundNotes(model: CompiledModel): string[] {
  const capped = new Set(model.layout.capStates.map((i) => model.states[i].name));
  const derived = new Map(model.derived.map((d) => [d.name, d.text]));
  const stateNames = new Set(model.states.map((s) => s.name));
  const constant = (name: string): boolean => isConstant(model, name);
  const notes: string[] = [];
  for (const rate of model.rates) {
    if (capped.has(rate.name)) continue;
    const bound = findBound(rate.text, rate.name, derived, stateNames, constant);
    if (bound !== undefined) {
      notes.push(
        `note: state ${rate.name}: its rate stops at ${rate.name} = ${bound} through max(0, …), but a solver step can carry it past, ` +
          `where the rate stops with the state above; give the state \`max: ${bound}\` (a cap the exact solution never reaches)`,
      );
    }
  }
  return notes;
}

/** Whether a name is a number-valued constant per draw: a parameter, a chance variable or a constant derived quantity. */
function isConstant(model: CompiledModel, name: string): boolean {
  if (model.parameters.some((p) => p.name === name) || model.chance.some((c) => c.name === name)) return true;
  const d = model.derived.find((x) => x.name === name);
  if (d === undefined) return false;
  const parsed = parseExpr(d.text);
  if (!parsed.ok) return false;
  return [...symbolsOf(parsed.expr)].every((n) => n !== name && isConstant(model, n));
}

/** The bound's text for the first max(0, X) reached from the rate through derived quantities, if any. */
function findBound(text: string, state: string, derived: Map<string, string>, states: Set<string>, constant: (n: string) => boolean): string | undefined {
  const seen = new Set<string>();
  const queue = [text];
  while (queue.length > 0) {
    const parsed = parseExpr(queue.shift()!);
    if (!parsed.ok) continue;
    const found = search(parsed.expr, state, constant);
    if (found !== undefined) return found;
    for (const name of symbolsOf(parsed.expr)) {
      if (!derived.has(name) || seen.has(name) || states.has(name)) continue;
      seen.add(name);
      queue.push(derived.get(name)!);
    }
  }
  return undefined;
}

function search(e: Expr, state: string, constant: (n: string) => boolean): string | undefined {
  if (e.k === "call" && e.fn === "max" && e.args.length === 2) {
    const [a, b] = e.args;
    const inner = isZero(a) ? b : isZero(b) ? a : undefined;
    if (inner !== undefined) {
      const bound = boundOf(inner, state, constant);
      if (bound !== undefined) return bound;
    }
  }
  const kids = e.k === "op" || e.k === "call" ? e.args : e.k === "cond" ? [e.c, e.a, e.b] : [];
  for (const k of kids) {
    const found = search(k, state, constant);
    if (found !== undefined) return found;
  }
  return undefined;
}

const isZero = (e: Expr): boolean => e.k === "num" && e.v === 0;

/**
 * For X = 1 − S/C (plus constant terms summing to 1) the bound C; for
 * X = C − S the bound C; else undefined. C must be a constant name or a
 * number; S the state, with coefficient −1.
 */
function boundOf(x: Expr, state: string, constant: (n: string) => boolean): string | undefined {
  const terms = signedTerms(x);
  const isState = (e: Expr) => e.k === "sym" && e.name === state;
  const constantTerm = (e: Expr) => e.k === "num" || (e.k === "sym" && constant(e.name));
  const name = (e: Expr) => (e.k === "num" ? String(e.v) : e.k === "sym" ? e.name : undefined);
  const stateTerms = terms.filter(([, e]) => isState(e) || (e.k === "op" && e.op === "/" && isState(e.args[0])));
  if (stateTerms.length !== 1 || stateTerms[0][0] !== -1) return undefined;
  const rest = terms.filter((t) => t !== stateTerms[0]);
  if (!rest.every(([, e]) => constantTerm(e))) return undefined;
  const s = stateTerms[0][1];
  if (isState(s)) {
    // C − S: one constant term with sign +1
    return rest.length === 1 && rest[0][0] === 1 ? name(rest[0][1]) : undefined;
  }
  // 1 − S/C: the other terms are numbers summing to 1, C a constant
  const divisor = (s as Extract<Expr, { k: "op" }>).args[1];
  if (!constantTerm(divisor)) return undefined;
  const sum = rest.reduce((acc, [sign, e]) => (e.k === "num" ? acc + sign * e.v : NaN), 0);
  return sum === 1 ? name(divisor) : undefined;
}
