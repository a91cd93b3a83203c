/**
 * The validator's note on states that stop at a bound through max(0, …)
 * without a cap there (src/model/bound-notes.ts): which forms it finds, and
 * that it stays quiet where there is no such bound or a cap is given.
 */
import { describe, expect, it } from "vitest";
import { compileModel } from "../src/model/compile.js";
import { uncappedBoundNotes } from "../src/model/bound-notes.js";

/** A one-state model with this rate (and extra derived quantities and state options). */
function notesFor(rate: string, opts: { derived?: string; cap?: string; other?: string } = {}): string[] {
  const text = [
    "name: b",
    "time: { start: 0, horizon: 10 }",
    "parameters:",
    '  C: { prior: "uniform(2, 4)" }',
    "  g: 1.5",
    ...(opts.derived ? ["derived:", opts.derived] : []),
    "state:",
    `  a: { initial: 0, rate: "${rate}"${opts.cap ? `, max: ${opts.cap}` : ""} }`,
    `  z: { initial: 0, rate: "${opts.other ?? "1"}" }`,
    "outputs:",
    '  o: "final(a)"',
  ].join("\n");
  return uncappedBoundNotes(compileModel(text, "b"));
}

describe("notes on uncapped bounds", () => {
  it("finds max(0, 1 − a/C), max(0, C − a), either argument order and through derived quantities", () => {
    for (const [rate, derived] of [
      ["g * max(0, 1 - a / C)", undefined],
      ["g * max(1 - a / C, 0)", undefined],
      ["g * max(0, C - a)", undefined],
      ["g * room", "  room: \"max(0, 1 - a / C)\""],
      ["g * r2", "  r2: \"2 * room\"\n  room: \"max(0, C - a)\""],
    ] as [string, string | undefined][]) {
      const notes = notesFor(rate, { derived });
      expect(notes, rate).toHaveLength(1);
      expect(notes[0]).toMatch(/^note: state a: its rate stops at a = C through max\(0, …\).*`max: C`/);
    }
  });

  it("names a constant derived bound, and a number", () => {
    expect(notesFor("g * max(0, 1 - a / top)", { derived: '  top: "2 * C"' })[0]).toContain("`max: top`");
    expect(notesFor("g * max(0, 3 - a)")[0]).toContain("`max: 3`");
  });

  it("is quiet with a cap, with a bound that moves, for another state's bound and for other maxima", () => {
    expect(notesFor("g * max(0, 1 - a / C)", { cap: "C" })).toEqual([]);
    expect(notesFor("g * max(0, 1 - a / z)")).toEqual([]);
    expect(notesFor("g * max(0, 1 - a / C - z)")).toEqual([]);
    expect(notesFor("g", { other: "max(0, 1 - a / C)" })).toEqual([]);
    expect(notesFor("g * max(0, a - C)")).toEqual([]);
    expect(notesFor("g * max(0.5, 1 - a / C)")).toEqual([]);
    expect(notesFor("g * max(0, 2 - a / C)")).toEqual([]);
  });
});
