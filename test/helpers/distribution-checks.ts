/**
 * What the distribution tests share: parsing helpers, the one-sample
 * Kolmogorov–Smirnov statistic and its 1% critical value, and reference
 * normal and lognormal CDFs written independently of src/model (Numerical
 * Recipes' erfc).
 */
import { parse as parseYaml } from "yaml";
import { distributionFromSpec, parseDistribution, type Distribution, type DistResult } from "../../src/model/distributions.js";

/** The distribution a text parses to (the test fails if it does not parse). */
export function dist(text: string): Distribution {
  const r = parseDistribution(text);
  if (!r.ok) throw new Error(`expected "${text}" to parse, got: ${r.error}`);
  return r.dist;
}

/** A YAML prior spec (an object or a string) read as distributionFromSpec reads it. */
export function fromYaml(src: string): DistResult {
  return distributionFromSpec(parseYaml(src));
}

/** The distribution a YAML prior spec gives (the test fails if it gives an error). */
export function yamlDist(src: string): Distribution {
  const r = fromYaml(src);
  if (!r.ok) throw new Error(`expected ${src} to give a distribution, got: ${r.error}`);
  return r.dist;
}

/** The error a text gives (the test fails if it parses). */
export function errorOf(r: DistResult): string {
  if (r.ok) throw new Error(`expected an error, got distribution ${r.dist.text}`);
  return r.error;
}

/** Draws per goodness-of-fit test. */
export const N = 20_000;
/** Kolmogorov–Smirnov 1% critical value for large n. */
export const KS_CRITICAL = 1.63 / Math.sqrt(N);

/** One-sample KS statistic D = sup |F_n(x) − F(x)|, with F's left limit F(x−) for distributions with jumps. */
export function ksStatistic(xs: number[], F: (x: number) => number, Fminus: (x: number) => number = F): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) d = Math.max(d, (i + 1) / n - F(sorted[i]), Fminus(sorted[i]) - i / n);
  return d;
}

/** erfc with fractional error < 1.2e-7 (Numerical Recipes' erfcc, Chebyshev fit). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
export const refNormal = (mean: number, sd: number) => (x: number) => 0.5 * erfc(-(x - mean) / (sd * Math.SQRT2));
export const refLognormal = (mu: number, sigma: number) => (x: number) => (x <= 0 ? 0 : refNormal(mu, sigma)(Math.log(x)));
