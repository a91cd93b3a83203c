/**
 * The intervals of a proportion and of a difference of paired proportions:
 * Tango's score interval for a sweep's and a comparison's paired difference
 * (against the value R's contingencytables tests, a 50-digit solve, its
 * closed form with no flip, its own statistic, and its exact coverage by
 * enumeration, where the Agresti–Min interval used before covered 86%),
 * and Wilson's interval with its ends exactly 0 and 1 at k = 0 and k = n.
 */
import { describe, expect, it } from "vitest";
import { differenceScore, pairedDifferenceInterval } from "../src/analysis/paired-score.js";
import { pairedDifference, pairedFromCounts } from "../src/analysis/sweep.js";
import { binaryFromCounts } from "../src/analysis/compare-stats.js";
import { wilson, Z95 } from "../src/analysis/stats.js";
import { summarizeColumn } from "../src/analysis/summary.js";
import { lgamma } from "../src/core/special/log-gamma.js";

const z = Z95;

/** The interval used before: Wald on the counts + ½ per cell (Agresti & Min 2005), clipped to [−1, 1]. */
function agrestiMin(n: number, up: number, down: number): [number, number] {
  const nt = n + 2;
  const dt = (up - down) / nt;
  const half = z * Math.sqrt(Math.max(0, (up + down + 1) / nt - dt * dt) / nt);
  return [Math.max(-1, dt - half), Math.min(1, dt + half)];
}

describe("Tango's score interval for a paired difference: its values", () => {
  it("gives the value R's contingencytables (Fagerland, Lydersen & Laake) tests for its example", () => {
    // Tango_asymptotic_score_CI_paired_2x2(cavo_2012), the table [[59, 6], [16, 80]]:
    // "estimate = -0.0621 (95% CI -0.1240 to -0.0054)"; n12 = 6 is `up`, n21 = 16 `down`
    const d = pairedFromCounts(161, 6, 16, 75, 65);
    expect(d.diff).toBeCloseTo(-0.0621, 4);
    expect(d.ci[0]).toBeCloseTo(-0.124, 4);
    expect(d.ci[1]).toBeCloseTo(-0.0054, 4);
    // and the comparison's difference is the same interval
    expect(binaryFromCounts(161, 6, 16, 75, 65).ci).toEqual(d.ci);
  });

  // test/reference/tango-truth.py: the ends solved by bisection in 50-digit arithmetic on the textbook
  // formula (the rows: n, up, down, lower, upper), including the Bentur et al. (2009) airway table
  // [[1, 1], [7, 12]] of the package's other example, no flip, n = 1 and all pairs flipped one way
  const truth: [number, number, number, string, string][] = [
    [161, 6, 16, "-0.1240234324640681608239802", "-0.005433395731677082296447059"],
    [21, 1, 7, "-0.5172322764213773646340419", "-0.02600303248086853603564245"],
    [200, 0, 0, "-0.01884532637726657792435202", "0.01884532637726657792435202"],
    [1, 0, 0, "-0.7934506856227626120324999", "0.7934506856227626120324999"],
    [1, 1, 0, "-0.5869013712455252240649999", "1.0"],
    [1, 0, 1, "-1.0", "0.5869013712455252240649999"],
    [5, 5, 0, "0.131035070433650359725921", "1.0"],
    [3, 1, 1, "-0.6924047419873768348823357", "0.6924047419873768348823357"],
    [10, 3, 7, "-0.7844174651873979580637498", "0.2064437050777093602360149"],
    [50, 49, 1, "0.7900911282072437035196801", "0.9929214814567075353027637"],
    [200, 2, 0, "-0.009033779641039243703595535", "0.03572176171617680868919232"],
    [1000, 3, 0, "-0.0008382387610117895041633009", "0.008783014053503174482159705"],
    [10000, 2, 0, "-0.0001840751703507311368388287", "0.0007289958440074674272529716"],
    [2000, 150, 140, "-0.01174664935883913620849884", "0.0217832699421737916178513"],
    [100000, 50, 10, "0.0002572081664827174107330852", "0.0005674330773369670364385115"],
    [40, 0, 40, "-1.0", "-0.8247567976054266923019716"],
  ];

  it.each(truth)("n = %i, up = %i, down = %i: the ends of a 50-digit solve to 1e-15", (n, up, down, lo, hi) => {
    const [l, u] = pairedDifferenceInterval(n, up, down);
    // measured: within 2e-17 of each (a few ulps)
    expect(Math.abs(l - Number(lo))).toBeLessThan(1e-15);
    expect(Math.abs(u - Number(hi))).toBeLessThan(1e-15);
    if (Number(lo) === -1) expect(l).toBe(-1);
    if (Number(hi) === 1) expect(u).toBe(1);
  });

  it("with no flip is ±z²/(n + z²), solved by hand from T (Agresti–Min's was ±z/(n + 2))", () => {
    for (const n of [1, 2, 7, 200, 1000, 2000, 10_000, 1e6]) {
      const end = (z * z) / (n + z * z);
      const [l, u] = pairedDifferenceInterval(n, 0, 0);
      expect(u / end - 1).toBeLessThan(1e-14);
      expect(u / end - 1).toBeGreaterThan(-1e-14);
      expect(-l / end - 1).toBeLessThan(1e-14);
      expect(-l / end - 1).toBeGreaterThan(-1e-14);
    }
    // at 200 draws, 0.0188: a true difference of 2/200 = 0.01 gives no flip in 13.4% of runs, and is inside;
    // Agresti–Min's ±1.96/202 = ±0.0097 was not
    expect(pairedDifferenceInterval(200, 0, 0)[1]).toBeGreaterThan(0.01);
    expect(agrestiMin(200, 0, 0)[1]).toBeLessThan(0.01);
  });

  it("n = 0: no interval ([NaN, NaN]), and no interval of draws per net flip", () => {
    expect(pairedDifferenceInterval(0, 0, 0).every(Number.isNaN)).toBe(true);
    const d = pairedFromCounts(0, 0, 0, 0, 0);
    expect(d.ci.every(Number.isNaN)).toBe(true);
    expect(Number.isNaN(d.diff)).toBe(true);
    const c = binaryFromCounts(0, 0, 0, 0, 0);
    expect([...c.ci, ...c.nnt_ci].every(Number.isNaN)).toBe(true);
  });

  it("is the sweep's paired difference between neighbouring points", () => {
    const x = Uint8Array.from([0, 0, 1, 1, 0, 0, 1, 0]);
    const y = Uint8Array.from([1, 0, 1, 0, 1, 0, 1, 0]);
    const ok = new Uint8Array(8);
    const d = pairedDifference(x, ok, y, ok);
    expect([d.n, d.up, d.down]).toEqual([8, 2, 1]);
    expect(d.ci).toEqual(pairedDifferenceInterval(8, 2, 1));
  });
});

describe("Tango's score interval for a paired difference: its properties on every table of n ≤ 40", () => {
  const tables: [number, number, number][] = [];
  for (let n = 1; n <= 40; n++) for (let up = 0; up <= n; up++) for (let down = 0; up + down <= n; down++) tables.push([n, up, down]);

  it("holds the estimate, lies within [−1, 1], is ±1 only where the estimate is, and mirrors exactly when up and down swap", () => {
    const wrong: string[] = [];
    for (const [n, up, down] of tables) {
      const [l, u] = pairedDifferenceInterval(n, up, down);
      const est = (up - down) / n;
      const [ml, mu] = pairedDifferenceInterval(n, down, up);
      const ok = l <= est && est <= u && l >= -1 && u <= 1 && (l === -1) === (down === n) && (u === 1) === (up === n) && ml === -u && mu === -l;
      if (!ok) wrong.push(`n ${n}, up ${up}, down ${down}: [${l}, ${u}], swapped [${ml}, ${mu}]`);
    }
    expect(tables.length).toBe(12_340);
    expect(wrong).toEqual([]);
  });

  it("its ends are where the score statistic is ±z, and the statistic falls as Δ grows (the bisection's premise)", () => {
    const wrong: string[] = [];
    for (const [n, up, down] of tables) {
      const [l, u] = pairedDifferenceInterval(n, up, down);
      const T = (d: number) => differenceScore(d, n, up, down);
      // each end is inside the acceptance region |T| ≤ z, the double a step outward (1 or 2 ulps) outside it
      // but for the rounding of T
      if (l > -1 && !(T(l) <= z && T(l - Number.EPSILON * Math.max(Math.abs(l), 0.5)) > z - 1e-9)) wrong.push(`lower end of ${n} ${up} ${down}`);
      if (u < 1 && !(T(u) >= -z && T(u + Number.EPSILON * Math.max(Math.abs(u), 0.5)) < -z + 1e-9)) wrong.push(`upper end of ${n} ${up} ${down}`);
      let last = Infinity;
      for (let k = 1; k < 400; k++) {
        const t = T(-1 + k / 200);
        if (!(t <= last)) wrong.push(`T of ${n} ${up} ${down} rises at ${-1 + k / 200}`);
        last = t;
      }
    }
    expect(wrong).toEqual([]);
  });
});

/** P(X = k) for X ~ Binomial(n, p), k = 0 … n, from logs (lgamma). */
function binomialPmf(n: number, p: number): Float64Array {
  const out = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) out[k] = Math.exp(lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p));
  return out;
}

/** Exact coverage of an interval of the difference when every flip goes one way: up ~ Binomial(n, d), down = 0 (a monotone effect, such as a constant hazard's rate swept). */
function oneWayCoverage(n: number, d: number, ends: [number, number][]): number {
  const pmf = binomialPmf(n, d);
  let covered = 0;
  for (let u = 0; u <= n; u++) if (ends[u][0] <= d && d <= ends[u][1]) covered += pmf[u];
  return covered;
}

describe("Tango's score interval for a paired difference: exact coverage by enumeration", () => {
  it.each([200, 1000])("n = %i, one-way effect with 2 expected flips: 98.4% (Agresti–Min: 86.5%, 86.4%), and at least 92.5% for every effect (Agresti–Min: 85.7%, 85.8%)", (n) => {
    const tango = Array.from({ length: n + 1 }, (_, u) => pairedFromCounts(n, u, 0, 0, u).ci);
    const old = Array.from({ length: n + 1 }, (_, u) => agrestiMin(n, u, 0));
    expect(binomialPmf(n, 2 / n).reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    // the case the Agresti–Min interval failed: exact coverage 0.8650 (n = 200) and 0.8639 (n = 1,000);
    // Tango's: 0.9840 and 0.9835 (conservative, as a score interval is with so few flips). A test that
    // would have failed before: pairedFromCounts gave Agresti–Min's interval
    const now = oneWayCoverage(n, 2 / n, tango);
    const before = oneWayCoverage(n, 2 / n, old);
    expect(before).toBeLessThan(0.87);
    expect(now).toBeGreaterThan(0.98);
    // the lowest coverage over effects of 0.05 to 50 expected flips: coverage jumps down where the effect
    // passes an interval's end, so its infimum is just past one of the ends. Tango's: 0.9296 (n = 200) and
    // 0.9285 (n = 1,000), near 4.1 expected flips; Agresti–Min's 0.8569 and 0.8579, near 1.95
    const infimum = (ends: [number, number][]) => {
      let lowest = 1;
      for (const [l, h] of ends) {
        for (const d of [h * (1 + 1e-12), l * (1 - 1e-12)]) if (d * n >= 0.05 && d * n <= 50) lowest = Math.min(lowest, oneWayCoverage(n, d, ends));
      }
      return lowest;
    };
    expect(infimum(tango)).toBeGreaterThan(0.925);
    expect(infimum(old)).toBeLessThan(0.86);
  });

  it("n = 200 with flips both ways (the trinomial of up, down and no flip): at least 93% on a grid of effects", () => {
    const n = 200;
    const cells: { up: number; down: number; ci: [number, number] }[] = [];
    for (let up = 0; up <= n; up++) for (let down = 0; up + down <= n; down++) cells.push({ up, down, ci: pairedDifferenceInterval(n, up, down) });
    const coverage = (p12: number, p21: number) => {
      const d = p12 - p21;
      const [l12, l21, l0] = [Math.log(p12), Math.log(p21), Math.log1p(-p12 - p21)];
      let covered = 0;
      let total = 0;
      for (const { up, down, ci } of cells) {
        const rest = n - up - down;
        const p = Math.exp(lgamma(n + 1) - lgamma(up + 1) - lgamma(down + 1) - lgamma(rest + 1) + up * l12 + down * l21 + rest * l0);
        total += p;
        if (ci[0] <= d && d <= ci[1]) covered += p;
      }
      expect(total).toBeCloseTo(1, 10);
      return covered;
    };
    // expected flips up and down (n·p12, n·p21); measured 0.9327 at (5.2, 0.52), the lowest of a 150-point grid
    // (Agresti–Min's lowest there: 0.866, with all flips one way)
    for (const [e12, e21] of [[5.2, 0.52], [5, 2], [2, 1], [1, 1], [10, 5], [20, 20], [40, 12], [80, 60]]) {
      expect(coverage(e12 / n, e21 / n), `${e12} ${e21}`).toBeGreaterThan(0.93);
    }
  });
});

describe("Wilson's interval", () => {
  it("is exactly 0 below at k = 0 and exactly 1 above at k = n, for every n = 1 … 100,000 (centre ∓ half missed by a rounding at 20,024 n below, 1.7e-18 at n = 200, and 31,305 above)", () => {
    let bad = 0;
    for (let n = 1; n <= 100_000; n++) {
      const [lo0, hi0] = wilson(0, n);
      const [loN, hiN] = wilson(n, n);
      if (lo0 !== 0 || hiN !== 1) bad++;
      // the other ends: z²/(n + z²) and n/(n + z²)
      const far = (z * z) / (n + z * z);
      if (Math.abs(hi0 - far) > 1e-15 || Math.abs(loN - (1 - far)) > 1e-15) bad++;
    }
    expect(bad).toBe(0);
    expect(wilson(0, 200)).toEqual([0, expect.closeTo(0.018845326377266, 14)]);
  });

  it("is what a summary's ci and ci_defined are, with the ends exact", () => {
    // 200 successful draws, the output 0 where defined (150 draws) and undefined (NaN) in 50
    const col = Float64Array.from({ length: 200 }, (_, i) => (i < 150 ? 0 : NaN));
    const s = summarizeColumn(col, "binary", 200);
    expect(s.ci).toEqual(wilson(0, 200));
    expect(s.ci_defined).toEqual(wilson(0, 150));
    expect(s.ci![0]).toBe(0);
    expect(s.ci_defined![0]).toBe(0);
    const all = summarizeColumn(new Float64Array(1000).fill(1), "binary", 1000);
    expect(all.ci![1]).toBe(1);
  });
});
