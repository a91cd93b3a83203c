/**
 * The normal and lognormal families, each given by its parameters, by a
 * central interval ({p5, p95}, {p10, p90} or {p25, p75}: Squiggle's forms)
 * or by its mean and standard deviation; the quantile is AS241's
 * (src/core/dists/normal-quantile.ts), the CDF erfc-based (src/core/dists/normal.ts).
 */
import { lognormalCdfFactory, normalCdfFactory } from "../core/dists/normal.js";
import { standardNormalQuantile } from "../core/dists/normal-quantile.js";
import { INTERVAL_KEYS } from "./prior-keys.js";
import { fmt, type Core } from "./prior-types.js";

/** z_0.95 = Φ^-1(0.95) ≈ 1.6449: a 90% central interval is mean ± z_0.95·sd. */
const Z95: number = standardNormalQuantile(0.95);

/** The central interval the params give, if any: its ends, keys and z = Φ^-1(upper level). */
function intervalOf(p: Record<string, number>): { lo: number; hi: number; keys: [string, string]; z: number } | undefined {
  for (const [a, b, level] of INTERVAL_KEYS) {
    if (p[a] !== undefined) return { lo: p[a], hi: p[b], keys: [a, b], z: standardNormalQuantile(1 - level) };
  }
  return undefined;
}

/** Squiggle's record text: "normal({p10: 1, p90: 5})". */
const recordText = (name: string, entries: [string, number][]): string =>
  `${name}({${entries.map(([k, v]) => `${k}: ${fmt(v)}`).join(", ")}})`;

/** The mean and sd of a normal from its params; an error message on bad ones. */
function normalParams(p: Record<string, number>): { mean: number; sd: number; text: string } | string {
  const iv = intervalOf(p);
  if (iv !== undefined) {
    // From a central interval: mean = (lo + hi)/2, sd = (hi - lo) / (2 z).
    const [a, b] = iv.keys;
    if (!(iv.lo < iv.hi)) return `${a} must be below ${b}`;
    const text = a === "p5" ? `normal, 90% CI ${fmt(iv.lo)} to ${fmt(iv.hi)}` : recordText("normal", [[a, iv.lo], [b, iv.hi]]);
    return { mean: (iv.lo + iv.hi) / 2, sd: (iv.hi - iv.lo) / (2 * iv.z), text };
  }
  const mean = p.mean;
  const sd = p.sd ?? p.stdev;
  if (!(sd > 0)) return `${p.sd !== undefined ? "sd" : "stdev"} must be positive`;
  return { mean, sd, text: `normal(${fmt(mean)}, ${fmt(sd)})` };
}

/** normal {mean, sd}, {mean, stdev}, {p5, p95}, {p10, p90} or {p25, p75}; an error message on bad arguments. */
export function normalCore(p: Record<string, number>): Core | string {
  const r = normalParams(p);
  if (typeof r === "string") return r;
  const { mean, sd, text } = r;
  const mirrored = normalCdfFactory(-mean, sd);
  // F(x) = Φ((x - mean)/sd),  F^-1(u) = mean + sd·Φ^-1(u)
  return {
    kind: "normal",
    text,
    args: { mean, sd, p5: p.p5 ?? mean - Z95 * sd, p95: p.p95 ?? mean + Z95 * sd },
    quantile: (u) => mean + sd * standardNormalQuantile(u),
    cdf: normalCdfFactory(mean, sd),
    // P(X > x) = Φ((mean - x)/sd), its inverse mean - sd·Φ^-1(q): the lower tail's accuracy, mirrored
    survival: (x) => mirrored(-x),
    survivalQuantile: (q) => mean - sd * standardNormalQuantile(q),
    support: [-Infinity, Infinity],
    discrete: false,
  };
}

/** The mu and sigma (of ln X) of a lognormal from its params; an error message on bad ones. */
function lognormalParams(p: Record<string, number>): { mu: number; sigma: number; text: string } | string {
  const iv = intervalOf(p);
  if (iv !== undefined) {
    // ln X ~ N(mu, sigma): mu = (ln lo + ln hi)/2, sigma = (ln hi - ln lo) / (2 z);  median = e^mu = sqrt(lo·hi).
    const [a, b] = iv.keys;
    if (!(iv.lo > 0)) return `${a} must be positive for a lognormal (use a normal for intervals reaching 0 or below)`;
    if (!(iv.lo < iv.hi)) return `${a} must be below ${b}`;
    const text = a === "p5" ? `lognormal, 90% CI ${fmt(iv.lo)} to ${fmt(iv.hi)}` : recordText("lognormal", [[a, iv.lo], [b, iv.hi]]);
    return { mu: (Math.log(iv.lo) + Math.log(iv.hi)) / 2, sigma: (Math.log(iv.hi) - Math.log(iv.lo)) / (2 * iv.z), text };
  }
  if (p.stdev !== undefined) {
    // From the mean m and sd s of X itself: sigma² = ln(1 + s²/m²), mu = ln m - sigma²/2.
    const { mean, stdev } = p;
    if (!(mean > 0)) return "mean must be positive for a lognormal";
    if (!(stdev > 0)) return "stdev must be positive";
    const s2 = Math.log1p((stdev / mean) ** 2);
    return { mu: Math.log(mean) - s2 / 2, sigma: Math.sqrt(s2), text: recordText("lognormal", [["mean", mean], ["stdev", stdev]]) };
  }
  if (!(p.sigma > 0)) return "sigma must be positive";
  return { mu: p.mu, sigma: p.sigma, text: `lognormal(${fmt(p.mu)}, ${fmt(p.sigma)})` };
}

/** lognormal {mu, sigma} (of the natural log), {mean, stdev}, {p5, p95}, {p10, p90} or {p25, p75}; an error message on bad arguments. */
export function lognormalCore(p: Record<string, number>): Core | string {
  const r = lognormalParams(p);
  if (typeof r === "string") return r;
  const { mu, sigma, text } = r;
  const mirrored = normalCdfFactory(-mu, sigma);
  // F(x) = Φ((ln x - mu)/sigma),  F^-1(u) = exp(mu + sigma·Φ^-1(u))
  return {
    kind: "lognormal",
    text,
    args: { mu, sigma, p5: p.p5 ?? Math.exp(mu - Z95 * sigma), p95: p.p95 ?? Math.exp(mu + Z95 * sigma) },
    quantile: (u) => Math.exp(mu + sigma * standardNormalQuantile(u)),
    cdf: lognormalCdfFactory(mu, sigma),
    // P(X > x) = Φ((mu - ln x)/sigma), its inverse exp(mu - sigma·Φ^-1(q))
    survival: (x) => (x <= 0 ? 1 : mirrored(-Math.log(x))),
    survivalQuantile: (q) => Math.exp(mu - sigma * standardNormalQuantile(q)),
    support: [0, Infinity],
    discrete: false,
  };
}
