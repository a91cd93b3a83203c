import { describe, expect, it } from "vitest";
import {
  discreteDoublingTimes,
  FORETHOUGHT_CONDITIONS,
  mulberry32,
  outcomesFromDoublingTimes,
  requiredWholeDoublings,
  sampleForethoughtDraw,
  simulateContinuousClosedForm,
  simulateForethoughtDiscrete,
} from "./forethought-discrete.js";

const DRAWS = 30_000;
const SEED = 12345;

describe("Forethought discrete SIE reference (Davidson & Houlden 2025)", () => {
  it("uses the published code's whole-doubling thresholds", () => {
    const req = FORETHOUGHT_CONDITIONS.map(([, w, x]) => requiredWholeDoublings(w, x));
    expect(req).toEqual([24, 26, 80, 80]);
  });

  it("is deterministic for a seed, ordered as logic implies, and near the published numbers", () => {
    const t0 = performance.now();
    const a = simulateForethoughtDiscrete(DRAWS, SEED);
    const ms = performance.now() - t0;
    const b = simulateForethoughtDiscrete(DRAWS, SEED);
    const other = simulateForethoughtDiscrete(DRAWS, SEED + 1);

    console.log(
      `[forethought-discrete] draws=${a.draws} seed=${SEED} (${ms.toFixed(0)} ms)\n` +
        `  sie_12m_3x  = ${a.sie_12m_3x.toFixed(4)}   (published 0.57)\n` +
        `  sie_4m_10x  = ${a.sie_4m_10x.toFixed(4)}   (published 0.41)\n` +
        `  sie_12m_10x = ${a.sie_12m_10x.toFixed(4)}   (published 0.18)\n` +
        `  sie_4m_30x  = ${a.sie_4m_30x.toFixed(4)}   (published 0.12)`,
    );

    expect(b).toEqual(a);
    expect(other).not.toEqual(a);
    expect(a.draws).toBe(DRAWS);

    // Orderings that follow logically from the thresholds (24, 26, 80, 80 doublings):
    expect(a.sie_12m_3x).toBeGreaterThanOrEqual(a.sie_4m_10x);
    expect(a.sie_4m_10x).toBeGreaterThanOrEqual(a.sie_4m_30x);
    expect(a.sie_12m_3x).toBeGreaterThanOrEqual(a.sie_12m_10x);
    expect(a.sie_12m_10x).toBeGreaterThanOrEqual(a.sie_4m_30x);

    // Loose agreement with the paper's "Results" table (57% / 41% / 18% / 12%).
    expect(Math.abs(a.sie_12m_3x - 0.57)).toBeLessThan(0.03);
    expect(Math.abs(a.sie_4m_10x - 0.41)).toBeLessThan(0.03);
    expect(Math.abs(a.sie_12m_10x - 0.18)).toBeLessThan(0.03);
    expect(Math.abs(a.sie_4m_30x - 0.12)).toBeLessThan(0.03);
  });

  it("holds the logical implications draw by draw", () => {
    const rng = mulberry32(SEED);
    for (let i = 0; i < 5_000; i++) {
      const o = outcomesFromDoublingTimes(discreteDoublingTimes(sampleForethoughtDraw(rng)));
      if (o.sie_4m_10x) expect(o.sie_12m_3x).toBe(true);
      if (o.sie_4m_30x) expect(o.sie_4m_10x && o.sie_12m_10x).toBe(true);
      if (o.sie_12m_10x) expect(o.sie_12m_3x).toBe(true);
    }
  });

  it("is close to the continuous closed form on the same draws (printed for information)", () => {
    const n = 5_000;
    const disc = simulateForethoughtDiscrete(n, SEED);
    const cont = simulateContinuousClosedForm(n, SEED, 16);
    const keys = ["sie_12m_3x", "sie_4m_10x", "sie_12m_10x", "sie_4m_30x"] as const;
    const line = (name: string, p: Record<(typeof keys)[number], number>) =>
      `  ${name.padEnd(28)} ${keys.map((k) => p[k].toFixed(4)).join("  ")}`;
    console.log(
      `[forethought-discrete vs continuous] draws=${n} seed=${SEED}\n` +
        `  ${"".padEnd(28)} ${keys.join("  ")}\n` +
        line("discrete (their code)", disc) + "\n" +
        line("continuous, their metric", cont.discreteMetric) + "\n" +
        line("continuous, exact metric", cont.exactMetric),
    );
    for (const k of keys) {
      expect(Math.abs(disc[k] - cont.discreteMetric[k])).toBeLessThan(0.02);
      // Discrete stepping is slower on SIE paths (r0 > 1), so it never scores higher here.
      expect(disc[k]).toBeLessThanOrEqual(cont.discreteMetric[k] + 0.005);
    }
  });
});
