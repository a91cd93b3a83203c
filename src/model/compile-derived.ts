/**
 * The derived section: each quantity's names checked, the quantities put in
 * dependency order, and those constant within a draw (of parameters and
 * other constant ones only) computed once per draw into a p slot.
 */
import { CONSTANTS, symbolsOf, type Expr } from "./expr.js";
import { topoOrder } from "./compile-order.js";
import { aKind, type DerivedEntry, type Raw, type Scope } from "./compile-scope.js";

interface DerivedSpec {
  name: string;
  obj: Raw;
  expr: Expr;
}

/** Compile the derived quantities into the scope, in dependency order. */
export function compileDerived(s: Scope): void {
  const raw = (s.raw.derived ?? {}) as Raw;
  const entries: DerivedSpec[] = Object.entries(raw).map(([name, spec]) => {
    const obj = (typeof spec === "object" && spec !== null ? spec : { value: spec }) as Raw;
    const expr = s.parse(`derived.${name}`, obj.value);
    return { name, obj, expr };
  });
  const order = topoOrder(
    entries.map((e) => e.name),
    derivedDeps(s, entries),
    (cycle) => s.fail(`derived.${cycle[0]}`, `circular definition: ${cycle.join(" → ")}`),
  );
  const isStatic = new Map<string, boolean>();
  for (const name of order) {
    const e = entries.find((x) => x.name === name)!;
    const used = [...symbolsOf(e.expr)];
    const st = used.every((u) => {
      const section = s.names.get(u);
      return s.isDrawn(u) || (section === "derived" && isStatic.get(u)) || (section === undefined && Object.hasOwn(CONSTANTS, u));
    });
    isStatic.set(name, st);
    addDerived(s, e, st);
  }
}

/** Check the names each derived quantity uses; the derived quantities each one depends on. */
function derivedDeps(s: Scope, entries: DerivedSpec[]): Map<string, string[]> {
  const deps = new Map<string, string[]>();
  for (const { name, expr } of entries) {
    const entry = `derived.${name}`;
    const used = [...symbolsOf(expr)];
    for (const u of used) {
      const section = s.names.get(u);
      if (section === undefined && u !== "t" && !Object.hasOwn(CONSTANTS, u)) s.unknownName(entry, u, s.trajectoryScope());
      if (section && !s.isDrawn(u) && section !== "derived" && section !== "state" && section !== "regime") {
        s.fail(entry, `"${u}" is ${aKind(section)}; derived quantities can use parameters, chance variables, other derived quantities, state, regimes and t`);
      }
    }
    deps.set(name, used.filter((u) => s.names.get(u) === "derived"));
  }
  return deps;
}

/** Record one derived quantity (the next in order); a constant one gets its p slot and code now. */
function addDerived(s: Scope, e: DerivedSpec, isStatic: boolean): void {
  const d: DerivedEntry = {
    name: e.name,
    expr: e.expr,
    text: String(e.obj.value),
    unit: e.obj.unit ?? "",
    description: e.obj.description ?? "",
    isStatic,
    slot: -1,
    order: s.derivedOrder.length,
  };
  s.derived.set(e.name, d);
  s.derivedOrder.push(d);
  if (isStatic) {
    d.slot = s.pSize++;
    s.staticLines.push(`p[${d.slot}] = ${s.emitIn(`derived.${e.name}`, e.expr, s.staticContext(), s.staticScope())};`);
  }
}
