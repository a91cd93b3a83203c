/**
 * `rsi-sim describe` prints each event's whole rule: its trigger, guard,
 * what it sets and for how long (it had printed only the trigger, so the
 * brakes' `if: lab_choice < p_comply` and `for: brake_years` were missing).
 */
import { describe, expect, it } from "vitest";
import { loadModel } from "../src/model/compile.js";
import { describeModel } from "../src/report/describe.js";

describe("describe", () => {
  it("prints each event's trigger, guard, settings and duration", () => {
    const text = describeModel(loadModel("rsi-core"));
    expect(text).toContain("  braking: on detected_warning if lab_choice < p_comply: growth_factor = 1 - brake_strength for brake_years — the labs slow capability growth for brake_years");
    expect(text).toContain("  funding_up: on detected_warning if lab_choice < p_comply: funding_multiplier = funding_response — ");
  });
});

describe("a model file's shown path", () => {
  it("is models/… relative to the shipped folder, subfolders kept (models/test/ishigami.yaml had shown as models/ishigami.yaml)", async () => {
    const { shownModelPath, MODELS_DIR } = await import("../src/model/locate.js");
    const path = await import("node:path");
    expect(shownModelPath(path.join(MODELS_DIR, "test", "ishigami.yaml"))).toBe(path.join("models", "test", "ishigami.yaml"));
    expect(shownModelPath(path.join(MODELS_DIR, "rsi-core.yaml"))).toBe(path.join("models", "rsi-core.yaml"));
    expect(shownModelPath(MODELS_DIR + "-other/x.yaml")).toBe(MODELS_DIR + "-other/x.yaml");
    expect(loadModel(path.join(MODELS_DIR, "test", "ishigami.yaml")).file).toBe(path.join("models", "test", "ishigami.yaml"));
  });
});
