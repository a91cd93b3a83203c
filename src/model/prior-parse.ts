/**
 * The string form of a prior: the parser of the prior syntax.
 *
 * Grammar (names case-insensitive, whitespace-tolerant):
 *
 *   A to B                      lognormal with 5th/95th percentiles A and B (0 < A < B),
 *                               or a normal with that 90% interval when A <= 0
 *   normal(mean, sd)            normal(A to B)
 *   lognormal(mu, sigma)        lognormal(A to B)      (mu, sigma: of the natural log)
 *   uniform(a, b)               log-uniform(a, b)      (aliases loguniform, log_uniform)
 *   beta(alpha, beta)           gamma(shape, scale)    triangular(min, mode, max)
 *   bernoulli(p)                discrete(v1: w1, v2: w2, ...)   choice(v1, v2, ...)
 *   exponential(rate)           pointMass(x)
 *   name({key: v, key: v})      Squiggle's record form: the keys of the object form
 *                               (prior-keys.ts), e.g. normal({p10: 1, p90: 5}),
 *                               lognormal({mean: 2, stdev: 1}), beta({mean: 0.3, stdev: 0.1})
 *   mx(d1, d2, ..., [w1, w2, ...])  mixture (weights optional, equal by default; a number
 *                               is a point mass); also mx([d1, d2], [w1, w2])
 *   <form> in [lo, hi]          truncation of a continuous form; lo may be -inf, hi may be inf
 *
 * The canonical texts "normal, 90% CI A to B" and "lognormal, 90% CI A to B"
 * produced in Distribution.text are accepted too, so text round-trips.
 */
import { build } from "./prior-build.js";
import { chooseKeySet, keysOf, KEY_SETS, unknownKeyError } from "./prior-keys.js";
import { resolveName, shownName, unknownDistribution } from "./prior-names.js";
import { bracketDepth, closesAtEnd, MAX_NESTING, quoteShort, readBound, readInterval, readNumber, readParam, splitTop, splitTruncation } from "./prior-text.js";
import { fail, type Distribution, type DistResult, type Name, type Spec } from "./prior-types.js";

export { readBound };

/** An example of each form, used in error hints. */
const EXAMPLES: Record<Name, string> = {
  normal: "normal(0, 1)",
  lognormal: "lognormal(0.5 to 3)",
  uniform: "uniform(0, 1)",
  "log-uniform": "log-uniform(2, 32)",
  beta: "beta(2, 5)",
  gamma: "gamma(2, 1.5)",
  triangular: "triangular(0, 1, 3)",
  bernoulli: "bernoulli(0.3)",
  discrete: "discrete(1: 0.2, 2: 0.8)",
  choice: "choice(1, 2, 3)",
  exponential: "exponential(2)",
  pointmass: "pointMass(3)",
  mx: "mx(normal(0, 1), 5, [0.8, 0.2])",
};

/** Positional parameter names of the fixed-arity function forms. */
const POSITIONAL: Partial<Record<Name, string[]>> = {
  normal: ["mean", "sd"],
  lognormal: ["mu", "sigma"],
  uniform: ["min", "max"],
  "log-uniform": ["min", "max"],
  beta: ["alpha", "beta"],
  gamma: ["shape", "scale"],
  triangular: ["min", "mode", "max"],
  bernoulli: ["p"],
  exponential: ["rate"],
  pointmass: ["value"],
};

/** A parsed form: its Spec, and how errors about it begin. */
type Parsed = { spec: Spec; where: string };

/**
 * Parse a prior from text, e.g. "0.5 to 3", "beta(2, 5) in [0.1, 0.9]",
 * "discrete(1: 0.2, 2: 0.8)".  Errors are one line, prefixed by the offending form.
 */
export function parseDistribution(text: string): DistResult {
  if (typeof text !== "string") return fail("expected distribution text");
  const source = text.trim();
  if (source === "") return fail("empty distribution");
  if (bracketDepth(source) > MAX_NESTING) return fail(`${quoteShort(source)}: the prior is nested too deeply (more than ${MAX_NESTING} levels)`);

  // Optional truncation suffix: <body> in [lo, hi]
  let body = source;
  let truncation: [number, number] | undefined;
  const trunc = splitTruncation(source);
  if (trunc) {
    body = trunc[0];
    const bounds = /^\s*\[([^,\]]*),([^,\]]*)\]\s*$/.exec(trunc[1]);
    const lo = bounds ? readBound(bounds[1]) : undefined;
    const hi = bounds ? readBound(bounds[2]) : undefined;
    if (lo === undefined || hi === undefined) {
      return fail(`"${source}": expected "in [lo, hi]" with numbers, -inf or inf as bounds`);
    }
    truncation = [lo, hi];
  }

  const parsed = parseBody(body);
  if (typeof parsed === "string") return fail(parsed);
  parsed.spec.truncation = truncation;
  return build(parsed.spec, parsed.where);
}

/** Parse the part before any "in [lo, hi]"; errors come back already prefixed. */
function parseBody(body: string): Parsed | string {
  const call = /^([A-Za-z_][\w-]*)\s*\(([\s\S]*)\)$/.exec(body);
  if (call && closesAtEnd(body)) return parseCall(call[1], call[2]);
  if (/^[A-Za-z_][\w-]*\s*\(/.test(body)) {
    const split = splitTop(body);
    return `"${body}": ${typeof split === "string" ? split : "unexpected text after the closing \")\""}`;
  }

  // Canonical text "normal, 90% CI A to B" / "lognormal, 90% CI A to B"
  const ci = /^(normal|lognormal)\s*,\s*90\s*%\s*ci\b([\s\S]*)$/i.exec(body);
  if (ci) {
    const interval = readInterval(ci[2]);
    if (typeof interval === "string") return `"${body}": ${interval}`;
    const name = ci[1].toLowerCase() as Name;
    return { spec: { name, params: { p5: interval[0], p95: interval[1] } }, where: `"${body}"` };
  }

  // Squiggle shorthand "A to B": lognormal if 0 < A, else normal, with 90% interval [A, B].
  if (/\bto\b/i.test(body)) {
    const interval = readInterval(body);
    if (typeof interval === "string") return `"${body}": ${interval}`;
    const [a, b] = interval;
    return { spec: { name: a > 0 ? "lognormal" : "normal", params: { p5: a, p95: b } }, where: `"${body}"` };
  }

  if (/^[A-Za-z_][\w-]*$/.test(body)) {
    const name = resolveName(body);
    if (name !== undefined) return `${body}: expected arguments in parentheses, e.g. "${EXAMPLES[name]}"`;
    return unknownDistribution(body);
  }
  if (readNumber(body) !== undefined) {
    return `"${body}": a single number is not a distribution (expected e.g. "0.5 to 3" or "beta(2, 5)")`;
  }
  return `cannot parse distribution "${body}" (expected e.g. "0.5 to 3", "normal(0, 1)" or "beta(2, 5)")`;
}

/** Parse `name(args)`. */
function parseCall(rawName: string, argText: string): Parsed | string {
  const name = resolveName(rawName);
  if (name === undefined) return unknownDistribution(rawName);
  const split = argText.trim() === "" ? [] : splitTop(argText);
  const args = typeof split === "string" ? argText.split(",").map((s) => s.trim()) : split;
  // the name as written, in lower case, or in its display spelling where it is the canonical name (pointMass)
  const lower = rawName.toLowerCase();
  const where = `${lower.trim() === name ? lower.replace(name, shownName(name)) : lower}(${args.join(", ")})`;
  if (typeof split === "string") return `${where}: ${split}`;

  if (name === "discrete") return parseDiscreteArgs(args, where);
  if (name === "choice") return parseChoiceArgs(args, where);
  if (name === "mx") return parseMixtureArgs(args, where);
  if (args.length === 1 && args[0].startsWith("{")) return parseRecordArgs(name, args[0], where);

  // normal(A to B) / lognormal(A to B)
  if ((name === "normal" || name === "lognormal") && args.length === 1 && /\bto\b/i.test(args[0])) {
    const interval = readInterval(args[0]);
    if (typeof interval === "string") return `${where}: ${interval}`;
    return { spec: { name, params: { p5: interval[0], p95: interval[1] } }, where };
  }
  return parsePositionalArgs(name, args, where);
}

/** The arguments of discrete(v1: w1, v2: w2, ...). */
function parseDiscreteArgs(args: string[], where: string): Parsed | string {
  if (args.length === 0) return `${where}: expected "value: weight" pairs, e.g. "${EXAMPLES.discrete}"`;
  const values: number[] = [];
  const weights: number[] = [];
  for (const arg of args) {
    const pair = /^([^:]*):([\s\S]*)$/.exec(arg);
    if (!pair) return `${where}: expected "value: weight" pairs, got "${arg}" (use choice(...) for equal weights)`;
    const v = readParam(pair[1], "value");
    if (typeof v === "string") return `${where}: ${v}`;
    const w = readParam(pair[2], `the weight of ${pair[1].trim()}`);
    if (typeof w === "string") return `${where}: ${w}`;
    values.push(v);
    weights.push(w);
  }
  return { spec: { name: "discrete", params: {}, values, weights }, where };
}

/** The arguments of choice(v1, v2, ...). */
function parseChoiceArgs(args: string[], where: string): Parsed | string {
  if (args.length === 0) return `${where}: expected at least one value, e.g. "${EXAMPLES.choice}"`;
  const values: number[] = [];
  for (const arg of args) {
    const v = readParam(arg, "value");
    if (typeof v === "string") return `${where}: ${v}`;
    values.push(v);
  }
  return { spec: { name: "choice", params: {}, values }, where };
}

/** The arguments of a fixed-arity form such as beta(alpha, beta), by position. */
function parsePositionalArgs(name: Name, args: string[], where: string): Parsed | string {
  const names = POSITIONAL[name] ?? [];
  if (args.length !== names.length) {
    const plural = names.length === 1 ? "argument" : "arguments";
    const orInterval = name === "normal" || name === "lognormal" ? ` or a 90% interval "A to B"` : "";
    return `${where}: expected ${names.length} ${plural} (${names.join(", ")})${orInterval}, got ${args.length}`;
  }
  const params: Record<string, number> = {};
  for (let i = 0; i < names.length; i++) {
    const x = readParam(args[i], names[i]);
    if (typeof x === "string") return `${where}: ${x}`;
    params[names[i]] = x;
  }
  return { spec: { name, params }, where };
}

/** Squiggle's record form, name({key: value, ...}), with the keys of the object form. */
function parseRecordArgs(name: Exclude<Name, "mx">, arg: string, where: string): Parsed | string {
  if (name === "discrete" || name === "choice") return `${where}: expected ${name === "discrete" ? '"value: weight" pairs' : "values"}, e.g. "${EXAMPLES[name]}"`;
  if (!arg.endsWith("}")) return `${where}: expected a record {key: value, ...}`;
  const inner = arg.slice(1, -1);
  const entries = inner.trim() === "" ? [] : splitTop(inner);
  if (typeof entries === "string") return `${where}: ${entries}`;
  const params: Record<string, number> = {};
  for (const entry of entries) {
    const m = /^([A-Za-z_]\w*)\s*:([\s\S]*)$/.exec(entry);
    if (!m) return `${where}: expected "key: value" in the record, got "${entry}"`;
    if (Object.hasOwn(params, m[1])) return `${where}: ${m[1]} given twice`;
    const unknown = unknownKeyError([m[1]], keysOf(name));
    if (unknown !== undefined) return `${where}: ${unknown}`;
    const x = readParam(m[2], m[1]);
    if (typeof x === "string") return `${where}: ${x}`;
    params[m[1]] = x;
  }
  const keys = chooseKeySet(name as keyof typeof KEY_SETS, Object.keys(params));
  if (typeof keys === "string") return `${where}: ${keys}`;
  return { spec: { name, params }, where };
}

/** A list "[a, b, ...]" of the numbers `what`; an error message otherwise. */
function readList(text: string, what: string): number[] | string {
  const parts = splitTop(text.slice(1, -1));
  if (typeof parts === "string") return parts;
  const out: number[] = [];
  for (const part of parts) {
    const x = readParam(part, what);
    if (typeof x === "string") return x;
    out.push(x);
  }
  return out;
}

/** One component of a mixture: a number (a point mass) or any prior. */
function component(text: string): DistResult {
  const x = readNumber(text);
  return x === undefined ? parseDistribution(text) : build({ name: "pointmass", params: { value: x } }, `"${text}"`);
}

/** The arguments of mx(d1, d2, ..., [w1, w2, ...]) or mx([d1, d2, ...], [w1, w2, ...]). */
function parseMixtureArgs(args: string[], where: string): Parsed | string {
  let items = args;
  let weights: number[] | undefined;
  const last = items[items.length - 1];
  if (items.length > 1 && last.startsWith("[") && last.endsWith("]")) {
    const w = readList(last, "weight");
    if (typeof w === "string") return `${where}: ${w}`;
    weights = w;
    items = items.slice(0, -1);
  }
  if (items.length === 1 && items[0].startsWith("[") && items[0].endsWith("]")) {
    const inner = splitTop(items[0].slice(1, -1));
    if (typeof inner === "string") return `${where}: ${inner}`;
    items = inner;
  }
  if (items.length === 0 || items.some((t) => t === "")) return `${where}: expected components, e.g. "${EXAMPLES.mx}"`;
  const components: Distribution[] = [];
  for (const item of items) {
    const r = component(item);
    if (!r.ok) return `${where}: ${r.error}`;
    components.push(r.dist);
  }
  return { spec: { name: "mx", params: {}, components, weights }, where };
}
