/**
 * Progress where people watch long work: a plain line about every 10% or
 * 10 s when stderr is not a terminal (a CI log, a batch job), silent for
 * short work and with --quiet or --no-progress; the time left from the
 * average rate since the start. And counts typed as people type them.
 */
import { describe, expect, it } from "vitest";
import { progressBar, timeLeft } from "../src/cli/progress.js";
import { intFlag } from "../src/cli/flags.js";

/** A progress reporter on a fake clock: advance it and update, collecting the lines. */
function fake(args: Record<string, unknown> = {}) {
  const lines: string[] = [];
  let t = 0;
  const bar = progressBar({ isTTY: false, stderr: (s) => void lines.push(s) }, args, "rsi-sim", "draws", () => t);
  return { lines, at: (seconds: number, done: number, total = 1000) => ((t = seconds * 1000), bar.update(done, total)) };
}

describe("progress when stderr is not a terminal", () => {
  it("says nothing for work that ends within 5 s", () => {
    const p = fake();
    for (let i = 1; i <= 10; i++) p.at(0.4 * i, 100 * i);
    expect(p.lines).toEqual([]);
  });

  it("prints a plain line at each further tenth of the work, and every 10 s between", () => {
    const p = fake();
    // 1,000 draws at 10 a second: 100 s in all
    for (let s = 1; s < 100; s++) p.at(s, 10 * s);
    expect(p.lines.length).toBeGreaterThanOrEqual(9);
    expect(p.lines.length).toBeLessThanOrEqual(11);
    expect(p.lines[0]).toBe("rsi-sim: 5% (50 of 1,000 draws), 5 s so far, about 1 min 35 s left\n");
    expect(p.lines.at(-1)).toMatch(/^rsi-sim: 9\d% \(9\d0 of 1,000 draws\), 9\d s so far, about \d+ s left\n$/);
    // slow work: a line every 10 s even within one tenth
    const slow = fake();
    for (let s = 1; s <= 60; s++) slow.at(s, s);
    expect(slow.lines.length).toBe(6);
  });

  it("--quiet and --no-progress silence it", () => {
    for (const args of [{ quiet: true }, { progress: false }]) {
      const p = fake(args);
      for (let s = 1; s < 100; s++) p.at(s, 10 * s);
      expect(p.lines).toEqual([]);
    }
  });

  it("the time left comes from the average rate since the start, so it does not jump with each chunk", () => {
    expect(timeLeft(250, 1000, 10)).toBe("about 30 s left");
    expect(timeLeft(100, 1000, 20)).toBe("about 3 min 0 s left");
    expect(timeLeft(0, 1000, 5)).toBe("time left unknown");
  });
});

describe("progress on a terminal", () => {
  it("draws a bar (cli-progress, loaded then) once the work has taken over 1 s, and no plain lines", () => {
    const lines: string[] = [];
    let t = 0;
    const bar = progressBar({ isTTY: true, stderr: (s) => void lines.push(s) }, {}, "rsi-sim", "draws", () => t);
    bar.update(100, 1000);
    t = 2000;
    expect(() => {
      bar.update(200, 1000);
      bar.update(1000, 1000);
      bar.stop();
    }).not.toThrow();
    expect(lines).toEqual([]);
  });
});

describe("counts as people type them", () => {
  it("accepts 10000, 10_000, 1e4 and 2.5e3; refuses fractions, negatives and words", () => {
    expect(intFlag("--samples", "10000", 1, 1)).toBe(10000);
    expect(intFlag("--samples", "10_000", 1, 1)).toBe(10000);
    expect(intFlag("--samples", "1e4", 1, 1)).toBe(10000);
    expect(intFlag("--samples", "1E4", 1, 1)).toBe(10000);
    expect(intFlag("--samples", "2.5e3", 1, 1)).toBe(2500);
    for (const bad of ["1.5", "2.5e0", "-5", "1e", "_1", "1__0", "ten", ""]) {
      expect(() => intFlag("--samples", bad, 1, 1), bad).toThrow(/--samples.*must be a positive integer/);
    }
    // one rule for numbers: decimal, whole when exactly whole, up to the limit
    expect(intFlag("--samples", "5.0", 1, 1)).toBe(5);
    expect(intFlag("--samples", "1e1", 1, 1)).toBe(10);
    expect(() => intFlag("--samples", "1e400", 1, 1)).toThrow(/--samples.*must be at most 9007199254740991/);
    expect(() => intFlag("--samples", "0x10", 1, 1)).toThrow(/--samples.*must be a decimal number/);
  });
});

describe("report file names", () => {
  it("--html must name an .html file", async () => {
    const { checkOutputs } = await import("../src/cli/io.js");
    expect(() => checkOutputs([{ flag: "--html", file: "r.pdf" }])).toThrow(/--html.*give a file name ending in \.html, got r\.pdf/);
    expect(() => checkOutputs([{ flag: "--html", file: "r.HTML" }])).not.toThrow();
    expect(() => checkOutputs([{ flag: "--html", file: "r.htm" }])).not.toThrow();
  });
});
