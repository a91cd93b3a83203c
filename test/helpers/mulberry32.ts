/**
 * mulberry32: a tiny seeded 32-bit generator for tests and the reference
 * implementations, independent of the project's own streams. Uniforms in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The same stream moved half a step up: uniforms strictly inside (0, 1). */
export function mulberry32Open(seed: number): () => number {
  const next = mulberry32(seed);
  return () => (next() * 4294967296 + 0.5) / 4294967296;
}
