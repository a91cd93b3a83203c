/**
 * rsi-sim's Mersenne Twister (src/core/random/mt19937.ts) must give, bit for
 * bit, the stream of @stdlib's MT19937 seeded the same way: every uniform of
 * every published run came from @stdlib/random-base-mt19937 (the same code as
 * the @stdlib/random namespace's random/base/mt19937), and every number
 * would move if one bit did. @stdlib stays a dev dependency as the reference.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { mt19937 } from "../src/core/random/mt19937.js";
import { fillUniforms, BLOCK } from "../src/sampling/stream.js";

const require = createRequire(import.meta.url);

interface Reference {
  factory(opts: { seed: number | ArrayLike<number> }): { (): number; normalized(): number };
}
const stdlib = require("@stdlib/random-base-mt19937") as Reference;

/** How many of n outputs (words or uniforms) differ between ours and @stdlib's. */
function differences(seed: number | number[], n: number, what: "normalized" | "word", reference: Reference = stdlib): number {
  const ours = mt19937(seed);
  const theirs = reference.factory({ seed });
  let differ = 0;
  for (let i = 0; i < n; i++) {
    const a = what === "word" ? ours.next() : ours.normalized();
    const b = what === "word" ? theirs() : theirs.normalized();
    if (a !== b) differ++;
  }
  return differ;
}

describe("MT19937", () => {
  it("gives @stdlib's 100,000 uniforms for seeds as rsi-sim sets them ([seed, block])", () => {
    const seeds = [[1, 0], [7, 3], [0, 0], [4294967295, 123456], [2 ** 31, 2 ** 31 - 1], [123456789, 1]];
    for (const seed of seeds) expect(differences(seed, 100_000, "normalized"), `seed ${seed}`).toBe(0);
  });

  it("gives @stdlib's uniforms for 200 random [seed, block] pairs (10,000 each, across the twist every 312 uniforms)", () => {
    let s = 12345;
    const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0);
    for (let k = 0; k < 200; k++) {
      const seed = [next(), next() % 100_000];
      expect(differences(seed, 10_000, "normalized"), `seed ${seed}`).toBe(0);
    }
  });

  it("gives @stdlib's 32-bit words for integer seeds (init_genrand) and for keys of 1 to 700 words (init_by_array)", () => {
    for (const seed of [1, 5489, 42, 2 ** 32 - 1, 2 ** 31]) expect(differences(seed, 100_000, "word"), `seed ${seed}`).toBe(0);
    for (const length of [1, 2, 3, 623, 624, 625, 700]) {
      const key = Array.from({ length }, (_, i) => (i * 2654435761 + length) >>> 0);
      expect(differences(key, 20_000, "word"), `key of ${length}`).toBe(0);
      expect(differences(key, 20_000, "normalized"), `key of ${length}`).toBe(0);
    }
  });

  it("matches the reference implementation's published output (mt19937ar.c, init_by_array {0x123, 0x234, 0x345, 0x456})", () => {
    // the first outputs of genrand_int32 in mt19937ar.out (Matsumoto & Nishimura, 2002)
    const gen = mt19937([0x123, 0x234, 0x345, 0x456]);
    expect([gen.next(), gen.next(), gen.next(), gen.next(), gen.next()]).toEqual([1067595299, 955945823, 477289528, 4107218783, 4228976476]);
  });

  it("is the @stdlib/random namespace's generator too (a development dependency)", () => {
    const namespace = require("@stdlib/random/base/mt19937/lib/index.js") as Reference;
    for (const seed of [[1, 0], [7, 3]]) expect(differences(seed, 100_000, "normalized", namespace)).toBe(0);
  });

  it("makes uniforms on the 2^-53 grid in [0, 1), and rejects bad seeds", () => {
    const gen = mt19937([3, 4]);
    for (let i = 0; i < 10_000; i++) {
      const u = gen.normalized();
      expect(u >= 0 && u < 1 && Number.isInteger(u * 2 ** 53)).toBe(true);
    }
    expect(() => mt19937(-1)).toThrow(RangeError);
    expect(() => mt19937(2 ** 32)).toThrow(RangeError);
    expect(() => mt19937(1.5)).toThrow(RangeError);
    expect(() => mt19937([])).toThrow(RangeError);
  });

  it("feeds fillUniforms: draw i's uniforms are @stdlib's stream [seed, block] at offset (i mod BLOCK)·perDraw", () => {
    const perDraw = 7;
    const first = 3 * BLOCK - 5;
    const count = 2 * BLOCK + 9;
    const out = new Float64Array(count * perDraw);
    fillUniforms(99, first, count, perDraw, out);
    for (const i of [first, 3 * BLOCK, first + count - 1]) {
      const b = Math.floor(i / BLOCK);
      const ref = stdlib.factory({ seed: [99, b] });
      for (let k = 0; k < (i - b * BLOCK) * perDraw; k++) ref.normalized();
      for (let j = 0; j < perDraw; j++) {
        const u = ref.normalized();
        expect(out[(i - first) * perDraw + j]).toBe(u === 0 ? 2 ** -54 : u);
      }
    }
  });
});
