/**
 * The cost of a cold JIT: 10,000 draws of rsi-core on one thread, twice in
 * one process (CPU time of each), so the first run pays for V8's compiles of
 * the engine and the model's kernel and the second runs compiled code. The
 * difference is what each CLI run pays that a warm process does not.
 *
 * @example
 * node bench/jit-cold.mjs [draws] [rounds]
 */
import { run, closeWorkers } from "../dist/index.js";

const draws = Number(process.argv[2] ?? 10000);
const rounds = Number(process.argv[3] ?? 2);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const times = [];
for (let r = 0; r < rounds; r++) {
  const c0 = cpu();
  await run({ samples: draws, seed: 1, workers: 1 });
  times.push(cpu() - c0);
}
await closeWorkers();
console.log(`rsi-core, ${draws} draws, one thread: CPU ${times.map((t) => t.toFixed(2)).join(", ")} s (first cold; cold − warm ${(times[0] - times.at(-1)).toFixed(2)} s)`);
