#!/usr/bin/env node
// rsi-sim command-line entry point (the compiled CLI lives in dist/).
import { main } from "../dist/cli/main.js";

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
