/**
 * Progress of long work on stderr, once the work has taken a while (short
 * runs stay quiet): on a terminal a bar (cli-progress) whose last line stays
 * when the work ends; elsewhere (a CI log, a batch job) a plain line about
 * every 10% or 10 s. The time left is estimated from the average rate since
 * the start, so it does not jump with each chunk's pace. `--no-progress` or
 * `--quiet` silences both.
 *
 * cli-progress (a CommonJS package) is loaded when a bar is first drawn: most
 * runs (short ones, --samples 1, a log or a pipe) never draw one, and loading
 * it is ~7 ms of each start-up.
 */
import { createRequire } from "node:module";
import type CliProgress from "cli-progress";

let cliProgress: typeof CliProgress | undefined;
/** The cli-progress package, loaded on first use. */
function barPackage(): typeof CliProgress {
  return (cliProgress ??= createRequire(import.meta.url)("cli-progress") as typeof CliProgress);
}

/** Seconds before the first sign of progress: a bar on a terminal, a line elsewhere. */
const BAR_AFTER = 1;
const LINE_AFTER = 5;
/** A plain line at least every this many seconds, and at each further tenth of the work. */
const LINE_EVERY = 10;

/** "about 3 min 20 s left", from the average rate so far. */
export function timeLeft(done: number, total: number, elapsed: number): string {
  if (done <= 0 || elapsed <= 0) return "time left unknown";
  const s = Math.round(((total - done) * elapsed) / done);
  return `about ${s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`} left`;
}

/** The progress of `total` units of work; `args` are the command's flags (--progress, --quiet). */
export function progressBar(io: { isTTY: boolean; stderr: (s: string) => void }, args: Record<string, unknown>, label = "rsi-sim", unit = "draws", now = () => Date.now()) {
  const enabled = args.progress !== false && args.quiet !== true;
  const start = now();
  let bar: CliProgress.SingleBar | null = null;
  let lastLine = -Infinity;
  let lastTenth = 0;
  const seconds = () => (now() - start) / 1000;
  const line = (done: number, total: number) => {
    const t = seconds();
    const tenth = Math.floor((10 * done) / total);
    if (t < LINE_AFTER || done >= total || (tenth <= lastTenth && t - lastLine < LINE_EVERY)) return;
    lastTenth = tenth;
    lastLine = t;
    io.stderr(`${label}: ${Math.floor((100 * done) / total)}% (${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} ${unit}), ${Math.round(t)} s so far, ${timeLeft(done, total, t)}\n`);
  };
  return {
    update: (done: number, total: number) => {
      if (!enabled || total <= 0) return;
      if (!io.isTTY) return line(done, total);
      if (!bar && seconds() > BAR_AFTER && done < total) {
        const { SingleBar, Presets } = barPackage();
        bar = new SingleBar(
          { stream: process.stderr, format: `${label} {bar} {percentage}% | {value}/{total} ${unit} | {left}`, hideCursor: true, clearOnComplete: false, stopOnComplete: true },
          Presets.shades_classic,
        );
        bar.start(total, done, { left: timeLeft(done, total, seconds()) });
      }
      bar?.update(done, { left: done >= total ? `done in ${Math.round(seconds())} s` : timeLeft(done, total, seconds()) });
    },
    stop: () => bar?.stop(),
  };
}
