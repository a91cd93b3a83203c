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
