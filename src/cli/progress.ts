/**
 * A progress bar on stderr (cli-progress), shown only on a terminal and only
 * once the work has taken a second, so short runs and pipes stay quiet.
 */
import cliProgress from "cli-progress";

export function progressBar(io: { isTTY: boolean }, enabled: boolean, label = "rsi-sim", unit = "draws") {
  const start = Date.now();
  let bar: cliProgress.SingleBar | null = null;
  return {
    update: (done: number, total: number) => {
      if (!enabled || !io.isTTY) return;
      if (!bar && Date.now() - start > 1000 && done < total) {
        bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: `${label} {bar} {percentage}% | {value}/{total} ${unit} | eta {eta}s`, hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done);
      }
      bar?.update(done);
    },
    stop: () => bar?.stop(),
  };
}
