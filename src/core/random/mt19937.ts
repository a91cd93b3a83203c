/**
 * The 32-bit Mersenne Twister MT19937: M. Matsumoto and T. Nishimura,
 * "Mersenne Twister: a 623-dimensionally equidistributed uniform
 * pseudo-random number generator", ACM TOMACS 8(1), 3-30 (1998), with the
 * authors' 2002 seeding (init_genrand, init_by_array) and their 53-bit
 * uniform genrand_res53: (a·2^26 + b) / 2^53 from a = word >>> 5, b = word >>> 6.
 *
 * Every uniform rsi-sim draws comes from here, so the stream is part of the
 * file format: it is the same, bit for bit, as stdlib-js's
 * @stdlib/random/base/mt19937 seeded the same way (test/mt19937.test.ts checks it), which
 * made every number published before this module.
 *
 * @example
 * import { mt19937 } from "./mt19937.js";
 * const gen = mt19937([7, 0]); // seeded by init_by_array
 * gen.normalized(); // a uniform in [0, 1) on the grid of 2^-53
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const TWO_26 = 67108864;
const TWO_53_INV = 1 / 9007199254740992;

/** A seeded generator: `next()` gives a 32-bit word, `normalized()` a uniform in [0, 1) (53 bits). */
export interface Mt19937 {
  next(): number;
  normalized(): number;
}

/** init_genrand: the state from one 32-bit seed. */
function initGenrand(mt: Uint32Array, s: number): void {
  mt[0] = s >>> 0;
  for (let i = 1; i < N; i++) {
    const p = mt[i - 1] ^ (mt[i - 1] >>> 30);
    mt[i] = (Math.imul(p, 1812433253) + i) >>> 0;
  }
}

/** init_by_array: the state from a key of 32-bit words (each taken mod 2^32). */
function initByArray(mt: Uint32Array, key: ArrayLike<number>): void {
  initGenrand(mt, 19650218);
  const len = key.length;
  let i = 1;
  let j = 0;
  for (let k = N > len ? N : len; k > 0; k--) {
    const p = mt[i - 1] ^ (mt[i - 1] >>> 30);
    mt[i] = ((mt[i] ^ Math.imul(p, 1664525)) + (key[j] >>> 0) + j) >>> 0;
    i++;
    j++;
    if (i >= N) {
      mt[0] = mt[N - 1];
      i = 1;
    }
    if (j >= len) j = 0;
  }
  for (let k = N - 1; k > 0; k--) {
    const p = mt[i - 1] ^ (mt[i - 1] >>> 30);
    mt[i] = ((mt[i] ^ Math.imul(p, 1566083941)) - i) >>> 0;
    i++;
    if (i >= N) {
      mt[0] = mt[N - 1];
      i = 1;
    }
  }
  mt[0] = 0x80000000; // MSB is 1: a non-zero initial state
}

/** Regenerate all N words of the state. */
function twist(mt: Uint32Array): void {
  let i = 0;
  let y: number;
  for (; i < N - M; i++) {
    y = (mt[i] & UPPER_MASK) | (mt[i + 1] & LOWER_MASK);
    mt[i] = mt[i + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
  }
  for (; i < N - 1; i++) {
    y = (mt[i] & UPPER_MASK) | (mt[i + 1] & LOWER_MASK);
    mt[i] = mt[i + M - N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
  }
  y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
  mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
}

/**
 * A generator seeded with a 32-bit integer (init_genrand) or an array of
 * 32-bit words (init_by_array; a one-word array seeds as that integer, as
 * @stdlib/random does). Throws a RangeError on a seed outside [0, 2^32) or
 * an empty array.
 */
export function mt19937(seed: number | ArrayLike<number>): Mt19937 {
  const mt = new Uint32Array(N);
  if (typeof seed === "number") {
    if (!(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32)) throw new RangeError(`mt19937: seed must be an integer in [0, 2^32), not ${seed}`);
    initGenrand(mt, seed);
  } else {
    if (seed.length < 1) throw new RangeError("mt19937: a seed array must hold at least one word");
    if (seed.length === 1) initGenrand(mt, seed[0]);
    else initByArray(mt, seed);
  }
  let index = N;
  const next = (): number => {
    if (index >= N) {
      twist(mt);
      index = 0;
    }
    let r = mt[index++];
    // tempering
    r ^= r >>> 11;
    r ^= (r << 7) & 0x9d2c5680;
    r ^= (r << 15) & 0xefc60000;
    r ^= r >>> 18;
    return r >>> 0;
  };
  const normalized = (): number => {
    const a = next() >>> 5;
    const b = next() >>> 6;
    return (a * TWO_26 + b) * TWO_53_INV;
  };
  return { next, normalized };
}
