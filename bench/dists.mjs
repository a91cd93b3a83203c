/**
 * CPU time of 10^6 quantile calls (and 10^6 uniforms) per family: rsi-sim's
 * own (dist/core/, from `npm run build`) against @stdlib's (a dev
 * dependency), interleaved in the same process, ROUNDS rounds (default 5),
 * each side warmed up first. Reports the minimum and median CPU seconds
 * (process.cpuUsage, user + sys) per 10^6 calls, and their ratio.
 *
 * @example
 * npm run build && node bench/dists.mjs 5
 */
import { createRequire } from "node:module";
import { mt19937 } from "../dist/core/random/mt19937.js";
import { betaQuantileFactory } from "../dist/core/dists/beta.js";
import { gammaQuantileFactory } from "../dist/core/dists/gamma.js";
import { triangularQuantileFactory } from "../dist/core/dists/triangular.js";
import { lognormalCdfFactory, normalCdf } from "../dist/core/dists/normal.js";
import { standardNormalQuantile } from "../dist/core/dists/normal-quantile.js";

const require = createRequire(import.meta.url);
const std = {
  mt19937: require("@stdlib/random-base-mt19937"),
  beta: require("@stdlib/stats-base-dists-beta-quantile"),
  gamma: require("@stdlib/stats-base-dists-gamma-quantile"),
  triangular: require("@stdlib/stats-base-dists-triangular-quantile"),
  normalQ: require("@stdlib/stats-base-dists-normal-quantile"),
  normalCdf: require("@stdlib/stats-base-dists-normal-cdf"),
  lognormalCdf: require("@stdlib/stats-base-dists-lognormal-cdf"),
};

const rounds = Number(process.argv[2] ?? 5);
const N = 1_000_000;
const u = new Float64Array(N);
{
  const g = mt19937([2026, 12]);
  for (let i = 0; i < N; i++) u[i] = g.normalized() || 2 ** -54;
}
const z = u.map((v) => standardNormalQuantile(v) * 2);

/** [label, ours, stdlib]: each a function of one number, over the 10^6 inputs. */
const cases = [
  ["beta(2, 2) quantile", betaQuantileFactory(2, 2), std.beta.factory(2, 2), u],
  ["beta(0.5, 0.5) quantile", betaQuantileFactory(0.5, 0.5), std.beta.factory(0.5, 0.5), u],
  ["beta(20, 300) quantile", betaQuantileFactory(20, 300), std.beta.factory(20, 300), u],
  ["gamma(2, 1) quantile", gammaQuantileFactory(2, 1), std.gamma.factory(2, 1), u],
  ["gamma(0.3, 1) quantile", gammaQuantileFactory(0.3, 1), std.gamma.factory(0.3, 1), u],
  ["gamma(50, 1) quantile", gammaQuantileFactory(50, 1), std.gamma.factory(50, 1), u],
  ["triangular(0, 1, 3) quantile", triangularQuantileFactory(0, 3, 1), std.triangular.factory(0, 3, 1), u],
  ["normal quantile (copula)", standardNormalQuantile, (p) => std.normalQ(p, 0, 1), u],
  ["normal CDF (copula)", (x) => normalCdf(x, 0, 1), (x) => std.normalCdf(x, 0, 1), z],
  ["lognormal CDF", lognormalCdfFactory(0, 1), std.lognormalCdf.factory(0, 1), z.map(Math.exp)],
];

function cpu(f, input) {
  const t0 = process.cpuUsage();
  let s = 0;
  for (let i = 0; i < input.length; i++) s += f(input[i]);
  const t = process.cpuUsage(t0);
  if (Number.isNaN(s)) throw new Error("NaN in a benchmark sum");
  return (t.user + t.system) / 1e6;
}

function uniforms(make) {
  return () => {
    const t0 = process.cpuUsage();
    let s = 0;
    for (let b = 0; b < N / 64 / 8; b++) {
      const g = make([7, b]);
      for (let i = 0; i < 64 * 8; i++) s += g.normalized();
    }
    const t = process.cpuUsage(t0);
    if (!(s > 0)) throw new Error("bad sum");
    return (t.user + t.system) / 1e6;
  };
}
const mtOurs = uniforms((seed) => mt19937(seed));
const mtStd = uniforms((seed) => std.mt19937.factory({ seed }));

const stats = (ts) => {
  const s = [...ts].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor((s.length - 1) / 2)] };
};
const report = (label, a, b) => {
  const x = stats(a);
  const y = stats(b);
  console.log(`| ${label} | ${x.min.toFixed(3)} / ${x.median.toFixed(3)} | ${y.min.toFixed(3)} / ${y.median.toFixed(3)} | ${(x.median / y.median).toFixed(2)} |`);
};

console.log(`CPU seconds per 10^6 calls, min / median of ${rounds} interleaved rounds (node ${process.version})`);
console.log("| case | rsi-sim | @stdlib | ratio (medians) |\n|---|---|---|---|");
{
  mtOurs();
  mtStd();
  const a = [];
  const b = [];
  for (let r = 0; r < rounds; r++) {
    a.push(mtOurs());
    b.push(mtStd());
  }
  report("10^6 uniforms: MT19937 in blocks of 512 (a generator per block, as stream.ts)", a, b);
}
for (const [label, ours, theirs, input] of cases) {
  const warm = input.subarray(0, 20000);
  cpu(ours, warm);
  cpu(theirs, warm);
  const a = [];
  const b = [];
  for (let r = 0; r < rounds; r++) {
    a.push(cpu(ours, input));
    b.push(cpu(theirs, input));
  }
  report(label, a, b);
}
