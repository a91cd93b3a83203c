/**
 * The fuzzer's randomness: a seeded generator (mulberry32) with the choices
 * the grammars make. Each case gets its own stream, derived from the run's
 * seed and the case's index, so a case is reproduced by its id alone,
 * whatever FUZZ_CASES is.
 */
import { mulberry32 } from "../helpers/mulberry32.js";

/** A 32-bit hash of the run's seed and a case index (splitmix-style mixing). */
export function subSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export class Rng {
  private readonly next: () => number;
  /**
   * How often the grammar takes its invalid branches: 1 as written, lower
   * for a mostly-valid case (so that enough cases get past the flags and
   * run the model). Set once per case.
   */
  badness = 1;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** A uniform in [0, 1). */
  float(): number {
    return this.next();
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  /** True with probability p, or nearer 1 when the case is mostly valid: "take the valid branch". */
  ok(p: number): boolean {
    return this.next() < 1 - (1 - p) * this.badness;
  }
  /** The weight of an invalid branch, scaled by the case's badness. */
  bad(weight: number): number {
    return weight * this.badness;
  }
  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** One of the generators, by weight: [[weight, make], …]. */
  weighted<T>(choices: readonly (readonly [number, () => T])[]): T {
    const total = choices.reduce((s, [w]) => s + w, 0);
    let u = this.next() * total;
    for (const [w, make] of choices) {
      if (u < w) return make();
      u -= w;
    }
    return choices[choices.length - 1][1]();
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}
