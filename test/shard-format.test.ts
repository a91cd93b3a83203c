/**
 * The binary shard file in the library (no CLI): the container's round trip
 * keeps every value's bits (binary8 only where that loses nothing), the
 * layout is the documented one (docs/shard-format.md), a run shard's
 * parameter columns sampled again are the very columns simulate() kept,
 * and a setting whose text does not give back its prior makes the writer
 * store them, so the merge stays exact.
 */
import { describe, expect, it } from "vitest";
import { encodeShardFile, float64Block, layoutProblem, openShardFile, uint8Block, type BlockEntry } from "../src/app/shard-binary.js";
import { planFromSettings, sampleParameterColumns } from "../src/app/shard-parameters.js";
import { loadModel } from "../src/model/compile.js";
import { parseDistribution } from "../src/model/distributions.js";
import { simulate } from "../src/engine/simulate.js";
import { merge } from "../src/app/merge.js";
import { run, runShard } from "../src/app/run.js";

const bits = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");
/** A double from its 64 bits (hex, big-endian). */
const fromBits = (hex: string) => Buffer.from(hex, "hex").readDoubleBE(0);

function open(header: Record<string, unknown>, blocks: (Float64Array | Uint8Array)[]) {
  const bytes = encodeShardFile(header, blocks);
  const file = openShardFile("t.shard", bytes);
  return { bytes, file, directory: file.header.blocks as BlockEntry[] };
}

describe("the container", () => {
  it("keeps every value's bits; binary8 only for columns of +0, 1 and the quiet NaN", () => {
    const otherNaN = fromBits("fff8000000000001");
    const zeroOne = Float64Array.from([0, 1, NaN, 1, 0]);
    const negativeZero = Float64Array.from([0, 1, -0]);
    const payload = Float64Array.from([1, otherNaN, 0]);
    const general = Float64Array.from([Math.PI, -Infinity, Infinity, 5e-324, -1e308]);
    const flags = Uint8Array.from([0, 1, 1]);
    const { bytes, file, directory } = open({ schema: "x" }, [zeroOne, negativeZero, payload, general, flags]);
    expect(directory.map((e) => e.type)).toEqual(["binary8", "float64", "float64", "float64", "uint8"]);
    [zeroOne, negativeZero, payload, general].forEach((col, i) => expect(bits(float64Block(file, directory[i]) as Float64Array)).toBe(bits(col)));
    expect([...uint8Block(file, directory[4])]).toEqual([0, 1, 1]);
    // the layout: preamble, header, blocks at multiples of 8, checksum
    const b = Buffer.from(bytes);
    expect(b.toString("latin1", 0, 8)).toBe("RSISHARD");
    expect(b.readUInt32LE(8)).toBe(1);
    expect(Number(b.readBigUInt64LE(16))).toBe(b.length);
    expect(file.dataStart % 8).toBe(0);
    expect(directory.map((e) => e.offset)).toEqual([0, 8, 32, 56, 96]);
    expect(b.length).toBe(file.dataStart + 104 + 32);
    expect(layoutProblem(file, directory)).toBeNull();
  });

  it("reports a binary8 byte it does not know, and a directory whose blocks are not where their sizes put them", () => {
    const { file, directory } = open({}, [Float64Array.from([0, 1, 1]), Float64Array.from([2, 3])]);
    file.bytes[file.dataStart + 1] = 7;
    expect(float64Block(file, directory[0])).toEqual({ badRow: 1, value: 7 });
    expect(layoutProblem(file, [{ ...directory[0] }, { ...directory[1], offset: 16 }])).toEqual(["blocks[1].offset", "16, but the blocks before it end at 8"]);
    expect(layoutProblem(file, [directory[0]])).toEqual(["blocks", expect.stringMatching(/^the blocks end at byte \d+ of the data, but the file's data run to \d+$/)]);
  });
});

describe("a run shard's parameter columns", () => {
  it("sampled again are, bit for bit, the columns simulate() kept (a range of draws, overrides, the copula)", () => {
    const model = loadModel("rsi-core");
    const r = parseDistribution("0.8 to 2");
    if (!r.ok) throw new Error(r.error);
    const overrides = { ratio: 50, r_soft: r.dist };
    const sim = simulate(model, { samples: 1000, seed: 17, overrides, first: 333, count: 300 });
    const plan = planFromSettings("t", model, sim.plan.settings);
    const again = sampleParameterColumns(model, plan, 17, 333, 300);
    expect(plan.names).toEqual(sim.table.parameters);
    again.forEach((c, j) => expect(bits(c)).toBe(bits(sim.table.parameterColumns[sim.table.parameters[j]])));
  });

  it("are stored when a setting's text would not sample back to its values, and merge exactly either way", async () => {
    const r = parseDistribution("0.8 to 2");
    if (!r.ok) throw new Error(r.error);
    // a prior that says it is another: sampling from its text would give other values
    const liar = Object.assign(Object.create(Object.getPrototypeOf(r.dist)), r.dist, { text: "lognormal, 90% CI 1 to 3" });
    for (const [settings, stored] of [[{ r_soft: "0.8 to 2" }, false], [{ r_soft: liar }, true]] as const) {
      const options = { samples: 400, seed: 5, workers: 1, settings };
      const shards = await Promise.all([1, 2].map((index) => runShard(options, { index, count: 2 })));
      const header = JSON.parse(Buffer.from(shards[0].bytes).subarray(24, 24 + Buffer.from(shards[0].bytes).readUInt32LE(12)).toString());
      expect(header.parameterColumns !== null).toBe(stored);
      const merged = await merge(shards.map((s, i) => ({ name: `s${i + 1}`, bytes: s.bytes })));
      const single = await run({ ...options, keepParameters: true });
      if (merged.kind !== "run") throw new Error(merged.kind);
      for (const name of single.sim.table.parameters) expect(bits(merged.sim.table.parameterColumns[name])).toBe(bits(single.sim.table.parameterColumns[name]));
      expect(JSON.stringify(merged.result)).toBe(JSON.stringify({ ...single.result, command: "" }));
    }
  }, 60_000);
});
