#!/usr/bin/env node
// The sensitivity sweep CI runs on every change: a funding-ratio sweep, a
// Morris screening and a small Sobol analysis of rsi-core through the real
// command (outcome level), then Morris, Sobol and the tornado of P(loc) at the
// probability level, checked against invariants the model must keep. Results (JSON,
// and HTML reports) are kept in test-artifacts/ci-sensitivity/ for a reader.
// Exit status 1 if any invariant breaks.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "test-artifacts", "ci-sensitivity");
mkdirSync(out, { recursive: true });
const bin = path.join(root, "bin", "rsi-sim.js");
let passed = 0;
let failed = 0;
const check = (ok, what) => {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
};
const rsi = (...args) => {
  const t = Date.now();
  const r = spawnSync(process.execPath, [bin, ...args, "--no-progress"], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) {
    console.error(r.stderr);
    throw new Error(`rsi-sim ${args.join(" ")} exited ${r.status}`);
  }
  console.log(`   rsi-sim ${args.join(" ")}  (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  return r;
};
const readJSON = (f) => JSON.parse(readFileSync(f, "utf8"));
const report = (json, html) => {
  const r = spawnSync(process.execPath, [bin, "report", json, "--html", html], { encoding: "utf8" });
  check(r.status === 0 && existsSync(html), `HTML report ${path.relative(root, html)}`);
};

// 1. P(loss of control) against the funding ratio, 10:1 to 1000:1
const sweepFile = path.join(out, "sweep-ratio.json");
rsi("sweep", "ratio", "--range", "10:1000", "--log", "--points", "5", "--samples", "2000", "--seed", "1", "--format", "json", "--out", sweepFile);
const sweep = readJSON(sweepFile);
const loc = sweep.points.map((p) => p.outputs.loc);
check(loc[loc.length - 1].ci[0] > loc[0].ci[1], `P(loc) rises from 10:1 (${loc[0].p.toFixed(3)}) to 1000:1 (${loc[loc.length - 1].p.toFixed(3)}) beyond the intervals`);
const steps = sweep.differences.filter((d) => d.along === "ratio").map((d) => d.outputs.loc);
check(steps.every((d) => d.ci[1] >= 0), "no step up in the ratio lowers P(loc) beyond its paired interval");
const sweepRuns = sweep.points.length * sweep.samples;
check(sweep.failed / sweepRuns < 0.001, `failed draws in the sweep below 0.1% (${sweep.failed} of ${sweepRuns})`);
report(sweepFile, path.join(out, "sweep-ratio.html"));

// 2. Morris screening of every uncertain parameter
const morrisFile = path.join(out, "morris.json");
rsi("sensitivity", "--method", "morris", "--level", "outcome", "--trajectories", "20", "--seed", "1", "--format", "json", "--out", morrisFile);
const morris = readJSON(morrisFile);
for (const [name, o] of Object.entries(morris.outputs)) {
  const idx = o.morris.indices;
  check(idx.every((i) => Number.isFinite(i.muStar) && i.muStar >= 0 && i.muStar_ci[0] <= i.muStar + 1e-12 && i.muStar <= i.muStar_ci[1] + 1e-12), `Morris ${name}: μ* finite, ≥ 0 and inside its interval for all ${idx.length} factors`);
}
check(morris.failed / morris.runs < 0.001, `failed runs in the Morris design below 0.1% (${morris.failed} of ${morris.runs})`);
report(morrisFile, path.join(out, "morris.html"));

// 3. Sobol indices lie in [0, 1] within their intervals. 372 indices are
// checked at once (on 2026-12-07: 6 outputs, 31 factors, S1 and ST), so each
// gets a 99.99% interval: by Bonferroni the chance that any true index falls
// outside its interval is at most 372 × 0.0001 = 3.7% (at 95% a score would
// fall outside by chance alone; at 99.9%, as before, one run in three could
// fail on noise). The count is taken from the result and the bound checked,
// so a model that gains outputs or factors says when 99.99% no longer does.
// An interval that far out needs many resamples: with 500, the ends were the
// most extreme resample or two, and on 2026-12-07 S1(danger_offset) of
// takeoff_years, -5.7e-5 with SE 2.7e-5 (solver noise of an output it does
// not move: ST 1.6e-7), got a 99.9% interval [-1.3e-4, -1.4e-6] from 500
// resamples and [-1.7e-4, 8.6e-6] from 4,000 (the command below with
// --resamples 4000 --conf-level 0.999, at 54d0456). 20,000 resamples take
// ~15 s.
// N = 1024, the default: at N = 512 (seed 1, 30 factors) S1(r_safe) of
// takeoff_years, an output undefined in a third of the runs, came out −0.004
// [−0.012, −0.0004], flagged by the analysis itself as not converged; at 1024
// and 2048 it is −0.001 [−0.006, 0.003] and −0.002 [−0.009, 0.001].
const sobolFile = path.join(out, "sobol.json");
const SOBOL_CONF = 0.9999;
rsi("sensitivity", "--method", "sobol", "--level", "outcome", "--samples", "1024", "--seed", "1", "--resamples", "20000", "--conf-level", String(SOBOL_CONF), "--format", "json", "--out", sobolFile);
const sobol = readJSON(sobolFile);
const nIndices = Object.values(sobol.outputs).reduce((n, o) => n + 2 * o.sobol.indices.length, 0);
const familyWise = nIndices * (1 - SOBOL_CONF);
check(familyWise <= 0.05, `the ${nIndices} Sobol indices' ${100 * SOBOL_CONF}% intervals have at most ${(100 * familyWise).toFixed(1)}% family-wise chance of a false failure (Bonferroni; at most 5%)`);
for (const [name, o] of Object.entries(sobol.outputs)) {
  const idx = o.sobol.indices;
  const inside = (v, ci) => ci[0] <= 1 && ci[1] >= 0 && Number.isFinite(v);
  const bad = idx.filter((i) => !inside(i.S1, i.S1_ci) || !inside(i.ST, i.ST_ci)).map((i) => i.name);
  check(bad.length === 0, `Sobol ${name}: every S1 and ST lies in [0, 1] within its interval${bad.length ? ` (not: ${bad.join(", ")})` : ""}`);
}
check(sobol.failed / sobol.runs < 0.001, `failed runs in the Sobol design below 0.1% (${sobol.failed} of ${sobol.runs})`);
report(sobolFile, path.join(out, "sobol.html"));

// 5. What drives P(loc): Morris, Sobol and the tornado at the probability level (the defaults:
// Morris r = 20 with K = 64 draws a point, Sobol N = 256 with K = 32, tornado 200 draws a point).
// lab_choice is chance (the draw's uniform behind `lab_choice < p_comply`), declared under `chance:`
// in models/rsi-core.yaml, not a parameter: it is never a factor, and is drawn in every inner draw
// like the hazards' thresholds.
const model = YAML.parse(readFileSync(path.join(root, "models", "rsi-core.yaml"), "utf8"));
const factors = Object.entries(model.parameters).filter(([, p]) => p.prior !== undefined).map(([n]) => n);
const prob = ["sensitivity", "--params", factors.join(","), "--seed", "1", "--format", "json"];
const pMorrisFile = path.join(out, "morris-probability.json");
rsi(...prob, "--method", "morris", "--outputs", "loc", "--out", pMorrisFile);
const pSobolFile = path.join(out, "sobol-probability.json");
rsi(...prob, "--method", "sobol", "--outputs", "loc", "--resamples", "500", "--out", pSobolFile);
const pOatFile = path.join(out, "oat-probability.json");
rsi(...prob, "--method", "oat", "--outputs", "loc,t_loc,brake", "--out", pOatFile);
const pMorris = readJSON(pMorrisFile);
const pSobol = readJSON(pSobolFile);
const pOat = readJSON(pOatFile);
check(pMorris.level === "probability" && pSobol.level === "probability" && pOat.level === "probability", `the defaults analyse P(loc | parameters) (K = ${pMorris.inner}, ${pSobol.inner}, ${pOat.inner})`);
const mu = Object.fromEntries(pMorris.outputs.loc.morris.indices.map((i) => [i.name, i]));
const st = pSobol.outputs.loc.sobol.indices;
const mattering = st.filter((i) => i.ST_ci[0] > 0.01).map((i) => i.name);
const dropped = mattering.filter((n) => !(mu[n].muStar > 0));
check(dropped.length === 0, `no factor whose Sobol ST interval for P(loc) lies above 0.01 (${mattering.length} of them) has μ* = 0 in Morris${dropped.length ? ` (μ* = 0: ${dropped.join(", ")})` : ""}`);
const topMorris = Object.values(mu).sort((a, b) => b.muStar - a.muStar).slice(0, 5).map((i) => i.name);
const topSobol = [...st].sort((a, b) => b.ST - a.ST).slice(0, 8).map((i) => i.name);
const outside = topMorris.filter((n) => !topSobol.includes(n));
check(outside.length === 0, `the top five Morris factors for P(loc) (${topMorris.join(", ")}) are within the top eight by Sobol ST${outside.length ? ` (not: ${outside.join(", ")})` : ""}`);
const BRAKES = ["warn_rate", "detect0", "deception", "brake_strength", "brake_years", "funding_response", "p_comply"];
const swing = (output, name) => Math.abs(pOat.outputs[output].oat.rows.find((r) => r.name === name).delta);
const still = BRAKES.filter((n) => !(swing("loc", n) > 0 || swing("t_loc", n) > 0));
check(still.length === 0, `the tornado's brake factors swing P(loc) or E[t_loc]${still.length ? ` (not: ${still.join(", ")})` : ""}`);
const pBrake = pOat.outputs.brake.oat.base;
check(pBrake > 0.05 && pBrake < 0.95, `at the tornado's base point brakes engage in a share of the worlds (${pBrake.toFixed(3)}), not in none or all`);
report(pSobolFile, path.join(out, "sobol-probability.html"));

// 4. The model's calibration rates at t = 0
// the draws CSV: comment lines first (#), then out.* and par.* columns
const csv = rsi("--samples", "1000", "--seed", "3", "--format", "csv").stdout.trim().split("\n").filter((l) => !l.startsWith("#"));
const head = csv[0].split(",");
const col = (row, name) => {
  const i = head.findIndex((h) => h === `out.${name}` || h === `par.${name}`);
  if (i < 0) throw new Error(`the draws CSV has no column out.${name} or par.${name}`);
  return Number(row[i]);
};
let worst = 0;
for (const line of csv.slice(1)) {
  const row = line.split(",");
  worst = Math.max(
    worst,
    Math.abs(col(row, "growth_compute0") - col(row, "g_spend") - col(row, "g_price")),
    Math.abs(col(row, "growth_software0") - col(row, "g_soft0")),
    Math.abs(col(row, "growth_frontier0") - col(row, "g_safe0")),
  );
}
check(worst < 1e-9, `calibration at t = 0 holds in every draw (largest error ${worst.toExponential(1)} OOM/yr)`);

console.log(`\nsensitivity sweep: ${passed} passed, ${failed} failed (results in ${path.relative(root, out)}/)`);
process.exit(failed > 0 ? 1 : 0);
