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
 *   <continuous form> in [lo, hi]     truncation; lo may be -inf, hi may be inf
 *
 * The canonical texts "normal, 90% CI A to B" and "lognormal, 90% CI A to B"
 * produced in Distribution.text are accepted too, so text round-trips.
 */
import { build } from "./prior-build.js";
import { resolveName, unknownDistribution } from "./prior-names.js";
import { fail, fmt, type DistResult, type Name, type Spec } from "./prior-types.js";

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
};

/** Decimal numbers: 3, -1.5, 2e-3, .5, +4. */
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const NON_FINITE_RE = /^[+-]?(?:nan|inf|infinity)$/i;
const INF_RE = /^([+-]?)(?:inf|infinity)$/i;

/** A parsed form: its Spec, and how errors about it begin. */
type Parsed = { spec: Spec; where: string };

function readNumber(s: string): number | undefined {
  const t = s.trim();
  return NUMBER_RE.test(t) ? Number(t) : undefined;
}

/** Parse `s` as the parameter `what`; an error message on failure. */
function readParam(s: string, what: string): number | string {
  const t = s.trim();
  const x = readNumber(t);
  if (x !== undefined) return x;
  if (t === "") return `missing ${what}`;
  if (NON_FINITE_RE.test(t)) return `${what} must be a finite number, got "${t}"`;
  return `expected a number for ${what}, got "${t}"`;
}

/** A truncation bound: a number or ±inf. */
export function readBound(s: string): number | undefined {
  const t = s.trim();
  const inf = INF_RE.exec(t);
  if (inf) return inf[1] === "-" ? -Infinity : Infinity;
  return readNumber(t);
}

/** "A to B" -> [A, B], requiring A < B; an error message (unprefixed) otherwise. */
function readInterval(s: string): [number, number] | string {
  const m = /^([\s\S]*?)\bto\b([\s\S]*)$/i.exec(s);
  if (!m) return `expected an interval "A to B"`;
  const left = m[1].trim();
  const right = m[2].trim();
  if (left === "") return `expected a number before "to"`;
  const a = readNumber(left);
  if (a === undefined) return `expected a number before "to", got "${left}"`;
  if (right === "") return `expected a number after "to"`;
  const b = readNumber(right);
  if (b === undefined) return `expected a number after "to", got "${right}"`;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return "interval ends must be finite numbers";
  if (!(a < b)) return `the 5th percentile (${fmt(a)}) must be below the 95th (${fmt(b)})`;
  return [a, b];
}

/**
 * Parse a prior from text, e.g. "0.5 to 3", "beta(2, 5) in [0.1, 0.9]",
 * "discrete(1: 0.2, 2: 0.8)".  Errors are one line, prefixed by the offending form.
 */
export function parseDistribution(text: string): DistResult {
  if (typeof text !== "string") return fail("expected distribution text");
  const source = text.trim();
  if (source === "") return fail("empty distribution");

  // Optional truncation suffix: <body> in [lo, hi]
  let body = source;
  let truncation: [number, number] | undefined;
  const trunc = /^([\s\S]*\S)\s*\bin\b([\s\S]*)$/i.exec(source);
  if (trunc) {
    body = trunc[1].trim();
    const bounds = /^\s*\[([^,\]]*),([^,\]]*)\]\s*$/.exec(trunc[2]);
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
  if (call) return parseCall(call[1], call[2]);
  if (/^[A-Za-z_][\w-]*\s*\(/.test(body)) return `"${body}": missing closing ")"`;

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
  const args = argText.trim() === "" ? [] : argText.split(",").map((s) => s.trim());
  const where = `${rawName.toLowerCase()}(${args.join(", ")})`;

  if (name === "discrete") return parseDiscreteArgs(args, where);
  if (name === "choice") return parseChoiceArgs(args, where);

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
