/**
 * Start-up cost as CPU time (user + sys of the child, from /usr/bin/time,
 * over BATCH runs in a row, default 10), interleaved: each round runs every
 * command's batch in turn, so a host whose
 * speed moves from minute to minute moves them all alike. Prints each
 * command's min and median CPU and wall time, and the ratio of each median
 * to the first command's (by default bare `node -e 0` against
 * `rsi-sim --samples 1 --workers 1`).
 *
 * @example
 * node bench/startup.mjs 20
 * node bench/startup.mjs 10 node "node -e 0" cli "node bin/rsi-sim.js --samples 1 --workers 1 --no-progress"
 */
import { spawnSync } from "node:child_process";

// each command runs BATCH times in a row per round (one /usr/bin/time over them), so that
// its 10 ms resolution is a tenth of that per run
const BATCH = Number(process.env.BATCH ?? 10);
const [roundsArg, ...pairs] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 20);
const commands = pairs.length > 0 ? pairs : ["node", "node -e 0", "rsi-sim", "node bin/rsi-sim.js --samples 1 --workers 1 --no-progress"];
if (!(rounds >= 1) || commands.length % 2 !== 0) {
  console.error('usage: node bench/startup.mjs ROUNDS [LABEL "COMMAND" …]');
  process.exit(2);
}
const runs = new Map();
for (let r = 0; r < rounds; r++) {
  for (let i = 0; i < commands.length; i += 2) {
    const t0 = process.hrtime.bigint();
    const loop = `for i in $(seq ${BATCH}); do ${commands[i + 1]} > /dev/null || exit 1; done`;
    const p = spawnSync("/usr/bin/time", ["-f", "%U %S", "sh", "-c", loop], { encoding: "utf8" });
    const wall = Number(process.hrtime.bigint() - t0) / 1e9 / BATCH;
    if (p.status !== 0) throw new Error(`${commands[i + 1]} failed: ${p.stderr}`);
    const [user, sys] = p.stderr.trim().split("\n").at(-1).split(" ").map(Number);
    runs.set(commands[i], [...(runs.get(commands[i]) ?? []), { cpu: (user + sys) / BATCH, wall }]);
  }
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
let peer;
for (const [label, rs] of runs) {
  const cpu = rs.map((r) => r.cpu);
  const wall = rs.map((r) => r.wall);
  const m = median(cpu);
  peer ??= m;
  console.log(
    `${label}: CPU min ${Math.min(...cpu).toFixed(3)} median ${m.toFixed(3)} s (${(m / peer).toFixed(2)}x the first); wall min ${Math.min(...wall).toFixed(3)} median ${median(wall).toFixed(3)} s (${rounds} rounds of ${BATCH} runs)`,
  );
}
