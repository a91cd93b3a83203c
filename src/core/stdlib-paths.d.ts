// Types of the one @stdlib module rsi-sim imports by file path (its package's
// own types describe the directory, which node's ES module loader cannot import).
declare module "@stdlib/random/base/mt19937/lib/index.js" {
  /** A seeded MT19937 generator: `normalized()` gives a uniform in [0, 1). */
  interface Generator {
    normalized(): number;
  }
  const mt19937: { factory(opts: { seed: number | ArrayLike<number> }): Generator };
  export default mt19937;
}
