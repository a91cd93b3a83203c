/**
 * How much two busy cores of this machine give, with no code of ours
 * shared between them: the same warm simulate() work in one process
 * alone, then in two separate processes at once (no threads, no shared
 * memory, nothing to coordinate). If the two cores were independent, two
 * processes would do twice the work in the same time; the printed ratio is
 * the throughput that two threads of one process can at best reach.
 *
 * Usage (after `npm run build`): node bench/cores.mjs [rounds] [draws]
 *
 * @example
 * node bench/cores.mjs 3 4000
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const rounds = Number(process.argv[2] ?? 3);
const draws = Number(process.argv[3] ?? 4000);

if (process.argv[4] === "--child") {
  const { loadModel } = await import("../dist/model/compile.js");
const { simulate } = await import("../dist/engine/simulate.js");
  const model = loadModel("rsi-core");
  simulate(model, { samples: 1e6, first: 0, count: 2000, seed: 1 }); // warm-up
  const t = performance.now();
  simulate(model, { samples: 1e6, first: 2000, count: draws, seed: 1 });
  console.log(performance.now() - t);
} else {
  const self = fileURLToPath(import.meta.url);
  const child = () =>
    new Promise((resolve, reject) => {
      const c = spawn(process.execPath, [self, String(rounds), String(draws), "--child"], { stdio: ["ignore", "pipe", "inherit"] });
      let out = "";
      c.stdout.on("data", (d) => (out += d));
      c.on("exit", (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`child exit ${code}`))));
    });
  const alone = [];
  const pair = [];
  for (let r = 0; r < rounds; r++) {
    alone.push(await child());
    const [a, b] = await Promise.all([child(), child()]);
    pair.push(Math.max(a, b));
  }
  const med = (xs) => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) / 2)];
  const ratios = alone.map((a, i) => (2 * a) / pair[i]);
  console.log(`${draws} warm draws of rsi-core: one process alone ${alone.map((x) => x.toFixed(0)).join(" ")} ms; two at once (the slower) ${pair.map((x) => x.toFixed(0)).join(" ")} ms`);
  console.log(`throughput of two processes against one: ${ratios.map((x) => x.toFixed(2)).join(" ")}x (median ${med(ratios).toFixed(2)}x; 2.00x if the cores were independent)`);
}
