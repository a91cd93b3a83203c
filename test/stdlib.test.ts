/**
 * rsi-sim draws its uniforms from @stdlib's Mersenne Twister through the
 * one-function package @stdlib/random-base-mt19937 (src/core/stdlib.ts), not
 * through the whole @stdlib/random namespace (an optional dependency, ~470 MB):
 * both must give the same stream, or every published number would move.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { mt19937 } from "../src/core/stdlib.js";

const require = createRequire(import.meta.url);

describe("the Mersenne Twister rsi-sim uses", () => {
  it("is @stdlib/random's: the same 100,000 uniforms for seeds as rsi-sim sets them ([seed, block])", () => {
    const namespace = require("@stdlib/random/base/mt19937/lib/index.js") as typeof mt19937;
    for (const seed of [[1, 0], [7, 3], [4294967295, 123456]]) {
      const a = mt19937.factory({ seed });
      const b = namespace.factory({ seed });
      let differ = 0;
      for (let i = 0; i < 100_000; i++) if (a.normalized() !== b.normalized()) differ++;
      expect(differ, `seed ${seed}`).toBe(0);
    }
  });
});
