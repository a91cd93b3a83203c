/**
 * The tornado's outputs in the HTML report: a calendar year keeps a decimal
 * (2031.4 and 2031.9 had both shown as 2031 beside a change of −0.5).
 */
import { describe, expect, it } from "vitest";
import { sensitivity } from "../src/app/sensitivity.js";
import { sensitivityReportHtml } from "../src/report/sensitivity.js";

describe("sensitivity report", () => {
  it("shows a year output at the tornado's ends with one decimal", async () => {
    const out = await sensitivity({ method: "oat", level: "outcome", samples: 40, outputs: ["t_loc"], params: ["gamma", "r_safe"], workers: 1 });
    const html = sensitivityReportHtml(out.result);
    const rows = out.result.outputs.t_loc.oat!.rows;
    for (const r of rows) {
      for (const v of [r.low, r.high]) if (typeof v === "number") expect(html).toContain(`>${v.toFixed(1)}<`);
    }
    expect(rows.some((r) => typeof r.low === "number" && r.low > 2000)).toBe(true);
  });
});

describe("sensitivity table", () => {
  it("says what unit Morris's μ* is in (1.05 for a probability had looked wrong)", async () => {
    const { formatSensitivityTable } = await import("../src/report/sensitivity-table.js");
    const out = await sensitivity({ method: "morris", level: "outcome", trajectories: 3, outputs: ["loc"], params: ["gamma", "r_safe"], workers: 1 });
    const t = formatSensitivityTable(out.result).replace(/\s+/g, " ");
    expect(t).toContain("μ*, μ, σ: of the elementary effects, in the output's units per half of a factor's probability mass (one step moves it by 1/2 in quantile)");
  });
});
