/**
 * The chance section: numbers each draw (each world) takes afresh from a
 * fixed distribution — which way the labs go, a coin the world flips — kept
 * apart from the uncertain parameters. A chance variable takes a p slot after
 * the parameters and is used in expressions like a parameter; it is no
 * setting of a run and no factor of a sensitivity analysis.
 *
 * Each draw gives every parameter and chance variable one uniform number:
 * the parameters' in file order, each chance variable's after them, or right
 * after the parameter named by its `draw_after` (so a parameter turned into a
 * chance variable keeps its numbers).
 */
import { didYouMean } from "../core/suggest.js";
import { distributionFromSpec, parseDistribution } from "./distributions.js";
import { checkPriorName } from "./compile-parameters.js";
import type { Raw, Scope } from "./compile-scope.js";

/** A chance entry as an object: a bare distribution string is its `distribution`. */
const chanceObject = (spec: unknown): Raw => (typeof spec === "object" && spec !== null ? spec : { distribution: spec }) as Raw;

/** Compile every chance variable into the scope (p slots after the parameters). */
export function compileChance(s: Scope): void {
  for (const [name, spec] of Object.entries((s.raw.chance ?? {}) as Raw)) {
    const entry = `chance.${name}`;
    const obj = chanceObject(spec);
    const given = obj.distribution;
    const where = obj === spec ? `${entry}.distribution` : entry;
    checkPriorName(s, where, given);
    const r = typeof given === "string" ? parseDistribution(given) : distributionFromSpec(given);
    if (!r.ok) s.fail(where, r.error);
    if (obj.draw_after !== undefined && !s.params.some((p) => p.name === obj.draw_after)) {
      const hint = didYouMean(String(obj.draw_after), s.params.map((p) => p.name));
      s.fail(`${entry}.draw_after`, `"${obj.draw_after}" is not a parameter${hint ? ` (did you mean "${hint}"?)` : ""}`);
    }
    s.chance.push({
      name,
      index: s.pSize++,
      dist: r.dist,
      text: typeof given === "string" ? given : r.dist.text,
      unit: obj.unit ?? "",
      description: obj.description ?? "",
      source: obj.source ?? "",
    });
  }
}

/**
 * Per p slot of a parameter or chance variable, the index of its uniform in
 * the draw: parameters in file order, each followed by the chance variables
 * drawn after it, then the other chance variables in file order.
 */
export function uniformOrder(s: Scope): number[] {
  const after = Object.values((s.raw.chance ?? {}) as Raw).map((spec) => chanceObject(spec).draw_after);
  const order: number[] = [];
  for (const p of s.params) {
    order.push(p.index);
    s.chance.forEach((c, i) => after[i] === p.name && order.push(c.index));
  }
  s.chance.forEach((c, i) => after[i] === undefined && order.push(c.index));
  const uniformOf = new Array<number>(order.length);
  order.forEach((slot, u) => (uniformOf[slot] = u));
  return uniformOf;
}
