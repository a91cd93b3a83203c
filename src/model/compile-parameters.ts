/**
 * The parameters section (a fixed value or a prior, with optional bounds)
 * and the rank correlations among priors, checked to fit together.
 */
import { didYouMean } from "../core/suggest.js";
import { cholesky, pearsonFromSpearman } from "./correlation.js";
import { boundText, distributionFits, inBounds, rangeText } from "./bounds.js";
import { DISTRIBUTION_NAMES, distributionFromSpec, parseDistribution, readNumber, type Distribution } from "./distributions.js";
import { OBJECT_NAMES, type Raw, type Scope } from "./compile-scope.js";
import { zeroDraws } from "./prior-positive.js";
import type { CorrelationInfo, ParameterInfo } from "./types.js";

/** Compile every parameter into the scope (p slots 0 … n-1). */
export function compileParameters(s: Scope): void {
  for (const [name, spec] of Object.entries(s.raw.parameters as Raw)) {
    const entry = `parameters.${name}`;
    const obj = (typeof spec === "object" && spec !== null ? spec : typeof spec === "number" ? { value: spec } : { prior: spec }) as Raw;
    const info: ParameterInfo = {
      name,
      index: s.params.length,
      unit: obj.unit ?? "",
      description: obj.description ?? "",
      source: obj.source ?? "",
    };
    if (obj.value !== undefined && obj.prior !== undefined) s.fail(entry, 'give either "value" or "prior", not both');
    if (obj.value !== undefined && !Number.isFinite(obj.value)) s.fail(`${entry}.value`, "must be a finite number");
    compileBounds(s, entry, obj, info);
    if (obj.value !== undefined) {
      info.value = obj.value;
    } else if (obj.prior !== undefined) {
      compilePrior(s, entry, obj, info);
    } else {
      s.fail(entry, 'needs a "value" or a "prior"');
    }
    s.params.push(info);
  }
  s.pSize = s.params.length;
}

/** `min`/`max`, or `positive: true` (an exclusive lower bound 0), checked against a fixed value. */
function compileBounds(s: Scope, entry: string, obj: Raw, info: ParameterInfo): void {
  const positive = obj.positive === true;
  if (positive && obj.min !== undefined) s.fail(entry, 'give "positive: true" or "min", not both');
  if (obj.min === undefined && obj.max === undefined && !positive) return;
  info.bounds = [positive ? 0 : obj.min ?? -Infinity, obj.max ?? Infinity];
  if (positive) info.openMin = true;
  if (!(info.bounds[0] < info.bounds[1])) s.fail(entry, positive ? "max must be above 0 for a positive parameter" : "min must be below max");
  if (obj.value !== undefined && !inBounds(info, obj.value)) s.fail(`${entry}.value`, `${obj.value} is outside ${rangeText(info)}`);
}

/** A number written as text (`prior: "3"`, `"1e999"`): a fixed value. */

/**
 * A parameter's prior, checked against its bounds [min, max] the way a
 * fixed value is: a number written as text is a fixed value (finite, inside
 * the bounds); a continuous prior is truncated to the bounds (and may not be
 * truncated already: the range is given once); a discrete prior must take
 * only values inside them.
 */
function compilePrior(s: Scope, entry: string, obj: Raw, info: ParameterInfo): void {
  const prior = obj.prior;
  const bounds = info.bounds;
  const value = typeof prior === "string" ? readNumber(prior) : undefined;
  if (value !== undefined) {
    if (!Number.isFinite(value)) s.fail(`${entry}.prior`, `must be a finite number, got ${prior.trim()}`);
    if (!inBounds(info, value)) s.fail(`${entry}.prior`, `${value} is outside ${rangeText(info)}`);
    info.value = value;
    return;
  }
  checkPriorName(s, `${entry}.prior`, prior);
  const parse = (p: unknown) => (typeof p === "string" ? parseDistribution(p) : distributionFromSpec(p));
  const own = parse(prior);
  if (!own.ok) s.fail(`${entry}.prior`, own.error);
  let dist = own.dist;
  let text = typeof prior === "string" ? prior : dist.text;
  if (bounds) {
    const range = `[${bounds[0]}, ${bounds[1]}]`;
    if (dist.truncation && !(info.openMin && distributionFits(info, dist))) s.fail(`${entry}.prior`, `${dist.text} is already truncated; give the range once, as min/max or in the prior, not both`);
    // a value a prior takes with positive probability (a discrete choice, or a mixture's point masses) must be
    // inside the range: truncation cannot remove it from an open bound (positive: true excludes 0 itself)
    const outside = atoms(dist).find((v) => !inBounds(info, v));
    if (outside !== undefined) s.fail(`${entry}.prior`, `${dist.text} takes the value ${outside}, outside ${rangeText(info)}`);
    if (dist.discrete) {
      // every value inside: nothing to truncate
    } else if (info.openMin && distributionFits(info, dist)) {
      // a positive prior (lognormal, log-uniform, gamma …) on a positive parameter: nothing to truncate
    } else {
      const r = parse(typeof prior === "string" ? `${prior} in ${range}` : { ...(prior as Raw), truncate: bounds });
      if (!r.ok) s.fail(`${entry}.prior`, r.error);
      dist = r.dist;
      // the text shown (describe, --help) is the prior drawn from: with its truncation, so it parses back to it
      text = typeof prior === "string" ? `${prior.trim()} in [${boundText(bounds[0])}, ${boundText(bounds[1])}]` : dist.text;
    }
  }
  if (info.openMin) {
    const zero = zeroDraws(dist);
    if (zero !== undefined) s.fail(`${entry}.prior`, zero);
  }
  info.prior = dist;
  info.priorText = text;
}

/** The values a distribution takes with positive probability: a discrete one's values, a mixture's components' (point masses, choices). */
function atoms(d: Distribution): number[] {
  if (d.discrete) return d.values ?? [];
  return (d.components ?? []).flatMap(atoms);
}

/**
 * Refuse distribution names that are properties of every JS object
 * ("constructor", "__proto__", …): the distribution table would find them.
 */
export function checkPriorName(s: Scope, entry: string, prior: unknown): void {
  const word =
    typeof prior === "string"
      ? /^\s*([A-Za-z_][\w-]*)/.exec(prior)?.[1]
      : prior !== null && typeof prior === "object" && typeof (prior as Raw).dist === "string"
        ? ((prior as Raw).dist as string)
        : undefined;
  if (word === undefined || !OBJECT_NAMES.has(word.trim().toLowerCase())) return;
  const hint = didYouMean(word, DISTRIBUTION_NAMES);
  s.fail(entry, `unknown distribution "${word}"${hint ? ` (did you mean "${hint}"?)` : ""}`);
}

/** The correlations section: pairs of parameters with priors, each pair once. */
export function compileCorrelations(s: Scope): CorrelationInfo[] {
  const out: CorrelationInfo[] = [];
  const seen = new Set<string>();
  ((s.raw.correlations ?? []) as Raw[]).forEach((c, i) => {
    const entry = `correlations[${i}]`;
    const [a, b] = c.between as [string, string];
    for (const n of [a, b]) {
      const p = s.params.find((q) => q.name === n);
      if (!p && s.names.get(n) === "chance variable") s.fail(entry, `"${n}" is a chance variable; only parameters with a prior can be correlated`);
      if (!p) {
        const hint = didYouMean(n, s.params.map((q) => q.name));
        s.fail(entry, `unknown parameter "${n}"${hint ? ` (did you mean "${hint}"?)` : ""}`);
      }
      if (!p.prior) s.fail(entry, `"${n}" has a fixed value; only parameters with a prior can be correlated`);
    }
    if (a === b) s.fail(entry, `a parameter cannot be correlated with itself ("${a}")`);
    const key = [a, b].sort().join("|");
    if (seen.has(key)) s.fail(entry, `the pair ${a}, ${b} is given twice`);
    seen.add(key);
    out.push({ between: [a, b], rank: c.rank, why: c.why ?? "" });
  });
  checkCorrelationMatrix(s, out);
  return out;
}

/**
 * The rank correlations must fit together: the copula's correlation matrix
 * must be positive semi-definite (0.9, 0.9 and −0.9 among three parameters
 * cannot all hold). Checked here so the model fails when loaded, not when sampled.
 */
function checkCorrelationMatrix(s: Scope, list: CorrelationInfo[]): void {
  if (list.length < 2) return;
  const names = [...new Set(list.flatMap((c) => c.between))];
  const k = names.length;
  const m = new Float64Array(k * k);
  for (let i = 0; i < k; i++) m[i * k + i] = 1;
  for (const c of list) {
    const a = names.indexOf(c.between[0]);
    const b = names.indexOf(c.between[1]);
    m[a * k + b] = m[b * k + a] = pearsonFromSpearman(c.rank);
  }
  if (cholesky(m, k) === null) {
    const pairs = list.map((c) => `${c.between[0]}–${c.between[1]} ${c.rank}`).join(", ");
    s.fail("correlations", `the rank correlations among ${names.join(", ")} cannot all hold at once (${pairs}): the correlation matrix is not positive semi-definite`);
  }
}
