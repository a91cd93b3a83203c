/**
 * The object (YAML) form of a prior, e.g. { dist: beta, alpha: 2, beta: 5 },
 * read into the same Spec as the string form.
 */
import { build } from "./prior-build.js";
import { chooseKeySet, keysOf, unknownKeyError, type KEY_SETS } from "./prior-keys.js";
import { resolveName, unknownDistribution } from "./prior-names.js";
import { parseDistribution, readBound } from "./prior-parse.js";
import { bracketDepth, MAX_NESTING } from "./prior-text.js";
import { fail, fmt, type Distribution, type DistResult, type Name, type Spec } from "./prior-types.js";

/** Keys each object form accepts besides "dist" and "truncate". */
function objectKeys(name: Name): string[] {
  if (name === "discrete") return ["values", "weights"];
  if (name === "choice") return ["values"];
  if (name === "mx") return ["components", "weights"];
  return keysOf(name);
}

type Obj = Record<string, unknown>;

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (typeof v === "number") return fmt(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/**
 * Build a prior from a config value: a string (see parseDistribution) or an
 * object such as { dist: "lognormal", p5: 0.5, p95: 3 }, { dist: "beta", alpha: 2, beta: 5 },
 * { dist: "discrete", values: [1, 2], weights: [1, 3] }, optionally with truncate: [lo, hi]
 * (bounds may be numbers, ±.inf, "inf"/"-inf", or null for unbounded).
 */
export function distributionFromSpec(spec: unknown): DistResult {
  if (typeof spec === "string") return parseDistribution(spec);
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
    return fail(`expected a distribution string or an object with a "dist" key, got ${describe(spec)}`);
  }
  const obj = spec as Obj;
  const rawDist = obj.dist;
  if (rawDist === undefined) return fail(`distribution object needs a "dist" key, e.g. { dist: beta, alpha: 2, beta: 5 }`);
  if (typeof rawDist !== "string") return fail(`"dist" must be a distribution name, got ${describe(rawDist)}`);
  const name = resolveName(rawDist);
  if (name === undefined) return fail(unknownDistribution(rawDist));
  const where = rawDist.trim().toLowerCase();
  if (nesting(obj, MAX_NESTING) > MAX_NESTING) return fail(`${where}: the prior is nested too deeply (more than ${MAX_NESTING} levels)`);
  const out = readObject(obj, name);
  if (typeof out === "string") return fail(`${where}: ${out}`);
  return build(out, where);
}

/**
 * How deeply a prior nests: a mixture object one level more than its deepest
 * component, a text its bracket depth. Counted only up to just past `limit`,
 * so the count itself cannot overflow the stack.
 */
function nesting(v: unknown, limit: number): number {
  if (typeof v === "string") return bracketDepth(v);
  if (v === null || typeof v !== "object") return 0;
  const list = (v as Obj).components;
  if (!Array.isArray(list) || limit <= 0) return 1;
  let deepest = 0;
  for (const c of list) {
    deepest = Math.max(deepest, nesting(c, limit - 1));
    if (deepest >= limit) break;
  }
  return 1 + deepest;
}

/** The Spec an object of the family `name` gives; an error message (unprefixed) otherwise. */
function readObject(obj: Obj, name: Name): Spec | string {
  const keyError = unknownKey(obj, name);
  if (keyError !== undefined) return keyError;
  const out: Spec = { name, params: {} };
  const error =
    name === "discrete" || name === "choice" ? readValues(obj, out) : name === "mx" ? readComponents(obj, out) : readParams(obj, name, out);
  if (error !== undefined) return error;
  if (obj.truncate !== undefined) {
    const truncation = readTruncate(obj.truncate);
    if (typeof truncation === "string") return truncation;
    out.truncation = truncation;
  }
  return out;
}

/** An error for the first key the family does not accept, if any. */
function unknownKey(obj: Obj, name: Name): string | undefined {
  return unknownKeyError(Object.keys(obj), ["dist", ...objectKeys(name), "truncate"]);
}

/** mx: components (each a prior: text, an object or a number, a point mass) and weights when given, into `out`. */
function readComponents(obj: Obj, out: Spec): string | undefined {
  const list = obj.components;
  if (!Array.isArray(list) || list.length === 0) return `components must be a non-empty list of distributions or numbers, got ${describe(list)}`;
  const components: Distribution[] = [];
  for (const [i, c] of list.entries()) {
    const r = typeof c === "number" ? build({ name: "pointmass", params: { value: c } }, "pointMass") : distributionFromSpec(c);
    if (!r.ok) return `components[${i}]: ${r.error}`;
    components.push(r.dist);
  }
  out.components = components;
  if (obj.weights !== undefined) {
    const weights = readList(obj, "weights");
    if (typeof weights === "string") return weights;
    out.weights = weights;
  }
  return undefined;
}

/** A non-empty list of numbers under `key`; an error message otherwise. */
function readList(obj: Obj, key: string): number[] | string {
  const v = obj[key];
  if (!Array.isArray(v) || v.length === 0) return `${key} must be a non-empty list of numbers, got ${describe(v)}`;
  for (const x of v) if (typeof x !== "number") return `${key} must be a list of numbers, got ${describe(x)} in it`;
  return v as number[];
}

/** discrete and choice: values, and weights when given, into `out`; an error message otherwise. */
function readValues(obj: Obj, out: Spec): string | undefined {
  const values = readList(obj, "values");
  if (typeof values === "string") return values;
  out.values = values;
  if (obj.weights !== undefined) {
    const weights = readList(obj, "weights");
    if (typeof weights === "string") return weights;
    out.weights = weights;
  }
  return undefined;
}

/** The numeric parameters of a continuous or bernoulli family into `out.params`; an error message otherwise. */
function readParams(obj: Obj, name: keyof typeof KEY_SETS, out: Spec): string | undefined {
  // one of the family's key sets: normal's mean and sd, or p5 and p95, or p10 and p90, ...
  const keys = chooseKeySet(name, Object.keys(obj).filter((k) => k !== "dist" && k !== "truncate"));
  if (typeof keys === "string") return keys;
  for (const key of keys) {
    const v = obj[key];
    if (v === undefined) return `missing "${key}"`;
    if (typeof v !== "number") return `${key} must be a number, got ${describe(v)}`;
    out.params[key] = v;
  }
  return undefined;
}

/** truncate: [lo, hi] with numbers, ±.inf, "inf"/"-inf" or null (unbounded); an error message otherwise. */
function readTruncate(t: unknown): [number, number] | string {
  const bound = (v: unknown, side: number): number | undefined => {
    if (v === null) return side === 0 ? -Infinity : Infinity;
    if (typeof v === "number") return Number.isNaN(v) ? undefined : v;
    if (typeof v === "string") return readBound(v);
    return undefined;
  };
  const lo = Array.isArray(t) && t.length === 2 ? bound(t[0], 0) : undefined;
  const hi = Array.isArray(t) && t.length === 2 ? bound(t[1], 1) : undefined;
  if (lo === undefined || hi === undefined) return `truncate must be [lo, hi] (numbers, -inf or inf), got ${describe(t)}`;
  return [lo, hi];
}
