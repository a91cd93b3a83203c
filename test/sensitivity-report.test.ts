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
