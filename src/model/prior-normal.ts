/**
 * The normal and lognormal families, each given by its parameters or by a
 * 90% interval (p5, p95); the quantile is AS241's (normal-quantile.ts).
 */
import { lognormalCdf, normalCdf } from "../core/stdlib.js";
import { standardNormalQuantile } from "./normal-quantile.js";
import { fmt, type Core } from "./prior-types.js";

/** z_0.95 = Φ^-1(0.95) ≈ 1.6449: a 90% central interval is mean ± z_0.95·sd. */
const Z95: number = standardNormalQuantile(0.95);

/** normal {mean, sd} or {p5, p95}; an error message on bad arguments. */
export function normalCore(p: Record<string, number>): Core | string {
  // From a 90% interval: mean = (p5 + p95)/2, sd = (p95 - p5) / (2 z_0.95).
  let mean: number, sd: number, p5: number, p95: number, text: string;
  if (p.p5 !== undefined) {
    p5 = p.p5;
    p95 = p.p95;
    if (!(p5 < p95)) return "p5 must be below p95";
    mean = (p5 + p95) / 2;
    sd = (p95 - p5) / (2 * Z95);
    text = `normal, 90% CI ${fmt(p5)} to ${fmt(p95)}`;
  } else {
    mean = p.mean;
    sd = p.sd;
    if (!(sd > 0)) return "sd must be positive";
    p5 = mean - Z95 * sd;
    p95 = mean + Z95 * sd;
    text = `normal(${fmt(mean)}, ${fmt(sd)})`;
  }
  // F(x) = Φ((x - mean)/sd),  F^-1(u) = mean + sd·Φ^-1(u)
  return {
    kind: "normal",
    text,
    args: { mean, sd, p5, p95 },
    quantile: (u) => mean + sd * standardNormalQuantile(u),
    cdf: normalCdf.factory(mean, sd),
    support: [-Infinity, Infinity],
    discrete: false,
  };
}

/** lognormal {mu, sigma} (of the natural log) or {p5, p95}; an error message on bad arguments. */
export function lognormalCore(p: Record<string, number>): Core | string {
  // ln X ~ N(mu, sigma).  From a 90% interval:
  //   mu = (ln p5 + ln p95)/2,  sigma = (ln p95 - ln p5) / (2 z_0.95);  median = e^mu = sqrt(p5·p95).
  let mu: number, sigma: number, p5: number, p95: number, text: string;
  if (p.p5 !== undefined) {
    p5 = p.p5;
    p95 = p.p95;
    if (!(p5 > 0)) return "p5 must be positive for a lognormal (use a normal for intervals reaching 0 or below)";
    if (!(p5 < p95)) return "p5 must be below p95";
    mu = (Math.log(p5) + Math.log(p95)) / 2;
    sigma = (Math.log(p95) - Math.log(p5)) / (2 * Z95);
    text = `lognormal, 90% CI ${fmt(p5)} to ${fmt(p95)}`;
  } else {
    mu = p.mu;
    sigma = p.sigma;
    if (!(sigma > 0)) return "sigma must be positive";
    p5 = Math.exp(mu - Z95 * sigma);
    p95 = Math.exp(mu + Z95 * sigma);
    text = `lognormal(${fmt(mu)}, ${fmt(sigma)})`;
  }
  // F(x) = Φ((ln x - mu)/sigma),  F^-1(u) = exp(mu + sigma·Φ^-1(u))
  return {
    kind: "lognormal",
    text,
    args: { mu, sigma, p5, p95 },
    quantile: (u) => Math.exp(mu + sigma * standardNormalQuantile(u)),
    cdf: lognormalCdf.factory(mu, sigma),
    support: [0, Infinity],
    discrete: false,
  };
}
