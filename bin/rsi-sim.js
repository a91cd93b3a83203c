#!/usr/bin/env node
// rsi-sim command-line entry point (the compiled CLI lives in dist/).
// The worker threads a run will use start first, so that they load the engine
// while this thread loads the CLI and compiles the model (pool.js loads
// nothing but node's own modules).
import { prewarmFromArgs } from "../dist/parallel/pool.js";

const argv = process.argv.slice(2);
prewarmFromArgs(argv);
const { main } = await import("../dist/cli/main.js");
main(argv).then((code) => {
  process.exitCode = code;
});
