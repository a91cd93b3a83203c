export function availableParallelism() {
  return Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1);
}
export default { availableParallelism };
