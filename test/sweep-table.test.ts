/**
 * What the sweep table says: swept values outside a prior's support (and a
 * run's setting there), swept values printed so that each can be told
 * apart, a point where every draw failed, what pairing buys for the rows
 * shown, and where a grid's other changes are.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sweep, sweepShard } from "../src/app/sweep.js";
import { merge } from "../src/app/merge.js";
import { run } from "../src/app/run.js";
import { loadModel } from "../src/model/compile.js";
import { renderRun, renderSweep } from "../src/report/render.js";
import { pairingGain } from "../src/report/sweep-table.js";
import { valueLabels as sweptValueTexts } from "../src/report/values.js";
import type { PairedDifference, SweepDifference } from "../src/analysis/sweep.js";
import { precisionLine } from "../src/cli/precision.js";

const dir = mkdtempSync(path.join(tmpdir(), "rsi-sim-sweep-table-"));

/** A model file in the test's directory. */
function modelFile(name: string, text: string): string {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

/** One line: the table's words with its line breaks undone. */
const flat = (text: string) => text.replace(/\s*\n\s*/g, " ");

// flip is 1 in half the draws at every s, and a change of s flips about 2s of them each way: pairing does not help it
const WRAP = modelFile(
  "wrap",
  `name: wrap
title: outputs with closed forms
time: { start: 0, horizon: 10, unit: years }
solver: { max_step: 1 }
parameters:
  s: { value: 0.2, min: 0, max: 1, description: a shift }
  k: { prior: "uniform(0.2, 0.8)", min: 0, max: 1, description: a prior parameter }
  n: { prior: "discrete(1: 0.5, 3: 0.5)", description: a parameter with two values }
chance:
  u: { distribution: "uniform(0, 1)", description: a coin }
state:
  x: { initial: 0, rate: "1", unit: years }
hazards:
  ev: { rate: "s", terminal: true }
outputs:
  flip: { value: "(u + s) mod 1 < 0.5", headline: true, description: P = 0.5 at every s }
  fired: { value: "reached(ev)", headline: true, description: 1 - exp(-10 s) }
`,
);

// a state whose rate is NaN below s = 0.5: every draw fails there
const FAILING = modelFile(
  "failing",
  `name: failing
title: a state whose rate is not finite below s = 0.5
time: { start: 0, horizon: 10, unit: years }
parameters:
  s: { value: 1, min: 0, max: 2, description: a shift }
  k: { prior: "uniform(0, 1)", min: 0, max: 1, description: a prior parameter }
state:
  x: { initial: 0, rate: "sqrt(s - 0.5) + k", unit: years }
outputs:
  big: { value: "final(x) > 8", headline: true, description: x past 8 }
  xe: { value: "final(x)", headline: true, description: x at the end }
`,
);

describe("a swept value or a setting outside its prior's support", () => {
  it("is swept as run takes it (fixing one parameter leaves the others' draws as they were), and the table says it is a what-if", async () => {
    const s = await sweep({ param: "gamma", values: [0.1, 0.5, 2], samples: 60, outputs: ["loc"], workers: 1 });
    expect(s.result.swept[0].values).toEqual([0.1, 0.5, 2]);
    const table = flat(renderSweep(s, "table"));
    expect(table).toContain("gamma = 0.1, 2 are outside its prior's support [0.2, 1.5]: what-ifs the prior gives no weight");
    // the point at gamma = 0.1 is run 0.1's draws, byte for byte
    const alone = await run({ settings: { gamma: 0.1 }, samples: 60, outputs: ["loc"], workers: 1 });
    expect(s.result.points[0].outputs.loc).toEqual(alone.result.outputs.loc);
    // a setting of another parameter outside its prior's support, as the run table says it
    const set = await sweep({ param: "ratio", values: [20, 200], settings: { lambda: 0.1 }, samples: 20, outputs: ["loc"], workers: 1 });
    expect(flat(renderSweep(set, "table"))).toContain("set: lambda 0.1 lambda = 0.1 is outside its prior's support");
    // one value inside: no note
    const inside = await sweep({ param: "gamma", values: [0.3, 0.5], samples: 20, outputs: ["loc"], workers: 1 });
    expect(renderSweep(inside, "table")).not.toContain("prior gives no weight");
    // a model file of its own, the value below its uniform prior
    const k = await sweep({ model: WRAP, param: "k", values: [0.1, 0.5], samples: 20, workers: 1 });
    expect(flat(renderSweep(k, "table"))).toContain("k = 0.1 is outside its prior's support [0.2, 0.8]: a what-if the prior gives no weight");
    // a discrete prior: a value between its values is one it gives no weight either
    const n = await sweep({ model: WRAP, param: "n", values: [1, 2, 3], samples: 20, workers: 1 });
    expect(flat(renderSweep(n, "table"))).toContain("n = 2 is not among its prior's values (1, 3): a what-if the prior gives no weight");
  });

  it("the table of the sweep's merged shards says so too, as the single sweep's (and its note of an output past the horizon)", async () => {
    const opts = { param: "gamma", values: [0.1, 0.5], samples: 40, outputs: ["loc", "loc_by_2050"], horizon: 2045, workers: 1 };
    const single = renderSweep(await sweep(opts), "table");
    const shards = await Promise.all([1, 2].map(async (index) => ({ name: `s${index}.shard`, bytes: (await sweepShard(opts, { index, count: 2 })).bytes })));
    const merged = await merge(shards);
    expect(merged.kind).toBe("sweep");
    const table = renderSweep(merged as Extract<typeof merged, { kind: "sweep" }>, "table");
    expect(table).toBe(single);
    expect(flat(table)).toContain("gamma = 0.1 is outside its prior's support");
    expect(flat(table)).toContain("loc_by_2050 asks whether loss_of_control comes by 2050, past this run's horizon (2045)");
  });

  it("a value inside the span of a mixture's support where it has no weight is a what-if too (it had gone unnoted)", async () => {
    const { outsidePriorNote } = await import("../src/report/run-table.js");
    const { parseDistribution } = await import("../src/model/distributions.js");
    const prior = (text: string) => {
      const r = parseDistribution(text);
      if (!r.ok) throw new Error(r.error);
      return r.dist;
    };
    const gap = { name: "k", prior: prior("mx(uniform(1, 2), uniform(8, 9))") } as Parameters<typeof outsidePriorNote>[0];
    expect(outsidePriorNote(gap, [5])).toBe("k = 5 is in a gap of its prior mx(uniform(1, 2), uniform(8, 9)): a what-if the prior gives no weight");
    expect(outsidePriorNote(gap, [1.5, 8.5])).toBeNull();
    expect(outsidePriorNote(gap, [50])).toMatch(/^k = 50 is outside its prior's support \[1, 9\]/);
    const atoms = { name: "q", prior: prior("mx(2, 7)") } as Parameters<typeof outsidePriorNote>[0];
    expect(outsidePriorNote(atoms, [4])).toBe("q = 4 is not among its prior's values (2, 7): a what-if the prior gives no weight");
    expect(outsidePriorNote(atoms, [7])).toBeNull();
    const withAtom = { name: "r", prior: prior("mx(uniform(1, 2), 5)") } as Parameters<typeof outsidePriorNote>[0];
    expect(outsidePriorNote(withAtom, [5])).toBeNull();
    expect(outsidePriorNote(withAtom, [3])).toMatch(/^r = 3 is in a gap of its prior /);
  });

  it("the run table says so under its settings", async () => {
    const out = await run({ settings: { gamma: 0.1 }, samples: 20, workers: 1 });
    const table = flat(renderRun(out, "table"));
    expect(table).toContain("set: gamma = 0.1 gamma = 0.1 is outside its prior's support [0.2, 1.5]: a what-if the prior gives no weight");
    const inside = await run({ settings: { gamma: 0.5 }, samples: 20, workers: 1 });
    expect(renderRun(inside, "table")).not.toContain("prior gives no weight");
  });
});

describe("swept values as the table prints them", () => {
  it("the fewest significant digits (4 to 12) that tell them apart; short values as they are", () => {
    expect(sweptValueTexts([123456, 123457])).toEqual(["123456", "123457"]);
    expect(sweptValueTexts([200, 200.01, 200.02])).toEqual(["200", "200.01", "200.02"]);
    expect(sweptValueTexts([1, 20, 200, 2000])).toEqual(["1", "20", "200", "2000"]);
    expect(sweptValueTexts([1.5, 2.5])).toEqual(["1.5", "2.5"]);
    expect(sweptValueTexts([1, 10 ** 0.25, 10 ** 0.5])).toEqual(["1", "1.778", "3.162"]);
    expect(sweptValueTexts([1e-4, 1.5e-4])).toEqual(["1e-4", "1.5e-4"]);
    expect(sweptValueTexts([1e7, 1.0000001e7])).toEqual(["1e7", "1.0000001e7"]);
    // past 12 digits the values are not told apart: 12 is the most printed
    expect(sweptValueTexts([1, 1 + 1e-13])).toEqual(["1", "1"]);
  });

  it("in the table's rows and its paired changes", async () => {
    const s = await sweep({ param: "ratio", values: [200, 200.01, 200.02], samples: 20, outputs: ["loc"], workers: 1 });
    const rows = renderSweep(s, "table").split("\n").filter((l) => /^\s*200(\.0[12])?\s/.test(l));
    expect(rows.map((l) => l.trim().split(/\s+/)[0])).toEqual(["200", "200.01", "200.02", "200.01", "200.02"]);
  });
});

describe("a point where every draw failed", () => {
  it("prints — with no interval, for its probability, its median and its change", async () => {
    const s = await sweep({ model: FAILING, param: "s", values: [0.2, 1, 1.5], samples: 40, workers: 1 });
    expect(s.result.points[0].failed).toBe(40);
    const lines = renderSweep(s, "table").split("\n");
    const row = lines.find((l) => /^\s*0\.2\s/.test(l))!;
    expect(row.trim().split(/\s+/)).toEqual(["0.2", "—", "—"]);
    const change = lines.filter((l) => /^\s*1\s/.test(l)).at(-1)!;
    expect(change.trim().split(/\s+/)).toEqual(["1", "—"]);
    expect(renderSweep(s, "table")).not.toContain("[0.0–100]");
  });
});

/** A difference with these standard errors (the rest as a table reads it). */
function diff(se: number, se_unpaired: number): PairedDifference {
  return { n: 100, up: 5, down: 5, diff: 0, se, ci: [-0.1, 0.1], se_unpaired };
}
const along = (outputs: Record<string, PairedDifference>): SweepDifference => ({ along: "s", from: 0, to: 1, outputs });

describe("what pairing buys, said only where it is true", () => {
  it("far more, more, about as or less precisely, from the paired and unpaired standard errors of the rows shown", () => {
    expect(pairingGain(["a"], [along({ a: diff(0.01, 0.03) })])).toBe(
      "a change between points is measured far more precisely than the separate intervals suggest (standard error of the change in a: 1.00 points on average, against 3.00 if the points had independent draws)",
    );
    expect(pairingGain(["a"], [along({ a: diff(0.02, 0.03) })])).toMatch(/^a change between points is measured more precisely than the separate intervals suggest/);
    expect(pairingGain(["a"], [along({ a: diff(0.032, 0.0314) })])).toBe(
      "a change between points is measured about as precisely as independent draws would measure it (standard error of the change in a: 3.20 points on average, against 3.14 if the points had independent draws)",
    );
    // a paired error above the unpaired one (as a change in a share that moves both ways in many draws)
    expect(pairingGain(["a"], [along({ a: diff(0.0349, 0.0314) })])).toBe(
      "a change between points is measured less precisely than the separate intervals suggest (standard error of the change in a: 3.49 points on average, against 3.14 if the points had independent draws)",
    );
    const mixed = pairingGain(["a", "b"], [along({ a: diff(0.01, 0.03), b: diff(0.05, 0.03) })]);
    expect(mixed).toMatch(/^a change in a is measured far more precisely .*; a change in b is measured less precisely .*standard error of the change in b: 5\.00/);
    // no error to narrow: the share 0 or 1 at both points
    expect(pairingGain(["a"], [along({ a: diff(0, 0) })])).toMatch(/^no change shown here has a Monte Carlo error for pairing to narrow/);
  });

  it("the table of a sweep where pairing does not narrow the change does not say it does", async () => {
    const s = await sweep({ model: WRAP, param: "s", values: [0, 0.25], samples: 400, outputs: ["flip"], workers: 1 });
    const d = s.result.differences[0].outputs.flip;
    expect(d.se).toBeGreaterThan(0.9 * d.se_unpaired);
    const table = flat(renderSweep(s, "table"));
    expect(table).not.toContain("more precisely");
    expect(table).toMatch(/a change between points is measured (about as|less) precisely/);
    // rsi-core's loss of control along the ratio: pairing narrows it more than twice
    const core = await sweep({ param: "ratio", values: [20, 200], samples: 400, outputs: ["loc"], workers: 1 });
    expect(flat(renderSweep(core, "table"))).toContain("a change between points is measured far more precisely than the separate intervals suggest");
  });
});

describe("a grid's table", () => {
  it("says its paired changes are along the first parameter and where those along the second are", async () => {
    const s = await sweep({ param: "ratio", values: [20, 200], second: { param: "p_comply", values: [0, 1] }, samples: 40, outputs: ["loc"], workers: 1 });
    expect(s.result.differences.some((d) => d.along === "p_comply")).toBe(true);
    expect(flat(renderSweep(s, "table"))).toContain(
      'Only the changes along ratio are shown; the paired changes along p_comply (from the previous p_comply at each ratio) are in the JSON (--format json), in differences, those with "along": "p_comply".',
    );
    const one = await sweep({ param: "ratio", values: [20, 200], samples: 40, outputs: ["loc"], workers: 1 });
    expect(renderSweep(one, "table")).not.toContain("Only the changes along");
  });
});

describe("the --precision line", () => {
  const report = { target: 0.02, max_samples: 1e6, samples: 1000, stopped: "target" as const, half_width: 0.0186, worst: "loc", looks: [1000] };
  it("one look, or several; an output no draw defined has no half-width", () => {
    expect(precisionLine(report, "headline probability")).toBe(
      "--precision 0.02: stopped at 1000 draws after 1 look (1000): every headline probability's 95% half-width is at most 0.02; widest half-width 0.0186, loc",
    );
    expect(precisionLine({ ...report, looks: [1000, 4000], samples: 4000 }, "headline probability")).toContain("after 2 looks (1000, 4000)");
    expect(precisionLine({ ...report, stopped: "max-samples", half_width: Infinity, worst: "cond (defined in no draw)" }, "headline probability")).toBe(
      "--precision 0.02: stopped at 1000 draws after 1 look (1000): the cap (--max-samples 1000000) came first; no half-width for cond (defined in no draw)",
    );
  });
});
