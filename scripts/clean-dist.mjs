/**
 * Build step (before tsc): empty dist/, so that a module whose source was
 * deleted or moved does not linger in the built package.
 */
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

rmSync(fileURLToPath(new URL("../dist", import.meta.url)), { recursive: true, force: true });
