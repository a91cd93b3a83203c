/**
 * rsi-core once automation has saturated: the Amdahl speed-ups must keep
 * their bound when the automated fraction rounds to 1.
 *
 * Written as 1 / ((1 − f) + f / A), the speed-up lost its bound once the
 * logistic f rounded to 1 (argument above ~37): 1 − f was exactly 0 and the
 * speed-up jumped to the AI advantage A (up to ~1e25). The model now writes
 * 1 − f as the logistic of the negated argument (`manual`, `manual_safety`).
 *
 * The check: the shipped model's equations, solved at rtol 1e-5 (atol 1e-8,
 * max_step 4: the model's setting before 2026-12-07; at the shipped rtol 3e-4
 * the solver's own per-draw error in the frontier reaches ~0.02 OOM, which is
 * not what this test is about), against a reference solved tightly (rtol 1e-11, max_step 0.25) whose four speed-ups
 * are replaced by an exact form written here, independent of either
 * logistic: 1 / ((1 − f) + f/A) = A·(1 + e^−x) / (1 + A·e^−x) with
 * x = (c − mid) / width. Both run a probe copy of the model in which the
 * loss of control is not terminal (so every run reaches the horizon) and
 * that reports the controllable frontier at the horizon and the cumulative
 * loss-of-control hazard; brakes are switched off (p_comply = 0) so that no
 * discrete event can separate the two runs. On the old formula 20 of the 155
 * saturated draws among the first 300 of seed 1 missed the frontier by more
 * than 0.01 OOM (by up to 27 OOM) and the hazard integral by up to 21%; on
 * the new, the largest errors are ~0.002 OOM and ~1e-4.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileModel } from "../src/model/compile.js";
import { simulate } from "../src/engine/simulate.js";
import { rsiCoreProbe } from "./helpers/rsi-core-probe.js";

const shipped = readFileSync(new URL("../models/rsi-core.yaml", import.meta.url), "utf8");

/** The model with a non-terminal loss of control and three more outputs. */
function probe(text: string): string {
  return rsiCoreProbe(
    text,
    '  frontier_end: { value: "final(frontier)" }\n' +
      '  loc_hazard: { value: "expected(loss_of_control)" }\n' +
      '  saturation: { value: "final((capability - safety_lag - auto_mid) / auto_width)" }\n',
  );
}

/** The probe with the four speed-ups in the exact form A·(1 + e^−x) / (1 + A·e^−x). */
function exact(text: string): string {
  const form = (c: string, adv: string) => {
    const e = `exp(min(700, (auto_mid - (${c})) / auto_width))`;
    return `${adv} * (1 + ${e}) / (1 + ${adv} * ${e})`;
  };
  const adv0 = "max(1, ai_adv0 * 10^(-eta * c20))";
  const forms: Record<string, string> = {
    speedup: form("capability", "ai_advantage"),
    speedup_today: form("0", adv0),
    speedup_safety: form("capability - safety_lag", "ai_advantage"),
    speedup_safety_today: form("0 - safety_lag", adv0),
  };
  let s = text;
  for (const [name, value] of Object.entries(forms)) {
    const line = new RegExp(`\\n {2}${name}:(?: \\{ value: "[^"]*"[^\\n]*\\}|\\n {4}value: "[^"]*")`);
    expect(line.test(s), name).toBe(true);
    s = s.replace(line, `\n  ${name}: { value: "${value}" }`);
  }
  return s;
}

describe("rsi-core after automation saturates", () => {
  it("matches a tightly solved exact reference: frontier at the horizon and the loss-of-control hazard integral", () => {
    const text = probe(shipped);
    const probe0 = compileModel(text, "rsi-core-probe");
    const model = { ...probe0, solver: { ...probe0.solver, rtol: 1e-5, atol: 1e-8, maxStep: 4 } };
    const ref0 = compileModel(exact(text), "rsi-core-exact");
    const ref = { ...ref0, solver: { ...ref0.solver, rtol: 1e-11, atol: 1e-13, maxStep: 0.25 } };
    const opts = { samples: 300, seed: 1, keepSeries: false, overrides: { p_comply: 0 } };
    const run = simulate(model, opts);
    expect(run.failures.count).toBe(0);
    const col = run.table.columns;
    let saturated = 0;
    let worstFrontier = 0;
    let worstHazard = 0;
    for (let i = 0; i < opts.samples; i++) {
      // the safety side's logistic argument past ~37: 1 − logistic rounds to 0 there
      if (!(col.saturation[i] > 37)) continue;
      saturated++;
      const r = simulate(ref, { ...opts, first: i, count: 1 });
      expect(r.failures.count).toBe(0);
      const frontier = Math.abs(col.frontier_end[i] - r.table.columns.frontier_end[0]);
      const hRef = r.table.columns.loc_hazard[0];
      const hazard = Math.abs(col.loc_hazard[i] - hRef) / Math.max(hRef, 1e-3);
      worstFrontier = Math.max(worstFrontier, frontier);
      worstHazard = Math.max(worstHazard, hazard);
    }
    expect(saturated).toBeGreaterThan(100);
    expect(worstFrontier).toBeLessThan(0.01); // OOM
    expect(worstHazard).toBeLessThan(1e-3); // relative (absolute below a cumulative hazard of 1e-3)
  });

  it("writes no 1 − logistic(…) in the shipped models", () => {
    for (const name of ["rsi-core", "forethought-sie"]) {
      const text = readFileSync(new URL(`../models/${name}.yaml`, import.meta.url), "utf8");
      expect(text).not.toMatch(/1\s*-\s*\(?\s*(logistic|automated)/);
    }
  });
});
