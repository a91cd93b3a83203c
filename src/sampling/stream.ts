/**
 * Seeded uniform streams.
 *
 * Draw i's numbers depend only on (seed, i): draws are grouped in blocks of
 * BLOCK; block b is one MT19937 stream (src/core/random/mt19937.ts, the
 * same stream as stdlib-js's random/base/mt19937) seeded with the array
 * [seed, b], and draw i reads the fixed-length run of `perDraw` uniforms at
 * offset (i mod BLOCK)·perDraw in its block's stream. So the numbers do not
 * depend on the batch size, the order draws are run in, the number of workers
 * or shards. (A generator per draw would cost ~17 µs to create, more
 * than a whole draw of a small model; per block it costs 0.3 µs a draw.)
 *
 * No global generator is read or written anywhere.
 *
 * @example
 * const u = new Float64Array(3 * 10);
 * fillUniforms(1, 100, 3, 10, u); // draws 100..102, 10 uniforms each
 */
import { mt19937 } from "../core/random/mt19937.js";

/** Draws per stream block. Changing it changes every number: it is part of the file format. */
export const BLOCK = 64;
const TINY = 2 ** -54;

/** Check a seed: an integer in [0, 2^32). */
export function isValidSeed(seed: number): boolean {
  return Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32;
}

/**
 * Fill out[(i - first)·perDraw + j] with uniform j of draw i, for draws
 * first ≤ i < first + count. Values lie in the open interval (0, 1).
 */
export function fillUniforms(seed: number, first: number, count: number, perDraw: number, out: Float64Array): void {
  if (count <= 0 || perDraw <= 0) return;
  const last = first + count - 1;
  // block numbers by exact integer division (x − x mod BLOCK) / BLOCK: V8 optimises `/` for
  // whole results after the first chunks (first = 0) and deoptimised on the first fraction
  for (let b = (first - (first % BLOCK)) / BLOCK; b <= (last - (last % BLOCK)) / BLOCK; b++) {
    const gen = mt19937([seed >>> 0, b]);
    const blockFirst = b * BLOCK;
    const start = Math.max(first, blockFirst);
    const end = Math.min(last, blockFirst + BLOCK - 1);
    for (let skip = (start - blockFirst) * perDraw; skip > 0; skip--) gen.normalized();
    let o = (start - first) * perDraw;
    for (let n = (end - start + 1) * perDraw; n > 0; n--) {
      const u = gen.normalized();
      out[o++] = u === 0 ? TINY : u;
    }
  }
}
