/**
 * Starting points for test/reference/dists-truth.py: rsi-sim's gamma and
 * beta quantiles over the grid of test/dists.test.ts, written as JSON. The
 * Python script refines each to 60 digits with mpmath (Newton's method on
 * the mpmath incomplete gamma and beta functions), so the reference does
 * not depend on these starts being right, only near.
 *
 *   npx tsx test/reference/dists-truth-starts.mts > /tmp/starts.json
 *   python3 test/reference/dists-truth.py /tmp/starts.json test/reference/dists-truth.json
 */
import { betaQuantileFactory } from "../../src/core/dists/beta.js";
import { gammaQuantileFactory } from "../../src/core/dists/gamma.js";
const ps = [1e-300, 1e-100, 1e-30, 1e-12, 1e-6, 0.01, 0.3, 0.5, 0.7, 0.99, 1 - 1e-6, 1 - 1e-12];
const gs = [1e-3, 0.01, 0.1, 0.5, 1, 2.5, 10, 30, 100, 1e3, 1e4];
const bs = [0.01, 0.1, 0.5, 1, 2, 10, 30, 1e3, 1e4];
const gamma = [], beta = [];
for (const a of gs) { const q = gammaQuantileFactory(a, 1); for (const p of ps) gamma.push([a, p, q(p)]); }
for (const a of bs) for (const b of bs) { const q = betaQuantileFactory(a, b); for (const p of ps) beta.push([a, b, p, q(p)]); }
console.log(JSON.stringify({ gamma, beta }));
