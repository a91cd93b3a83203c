/**
 * The playground's one script. On the page it starts the controls (app.ts);
 * in a Web Worker (a blob: URL of this same script's text) it runs chunks of
 * draws for the page.
 */
// first: Node's Math functions before any other module runs (libm.ts)
import "./libm-install.js";
import type { CompiledModel } from "../../src/model/types.js";
import { playgroundData, restoreEmbedded, runChunk, runCompare, transferables, type ChunkJob, type CompareJob } from "./engine.js";
import { startApp } from "./app.js";

declare const document: unknown;

if (typeof document === "undefined") {
  let model: CompiledModel | null = null;
  const scope = globalThis as unknown as { onmessage: ((e: { data: ChunkJob | CompareJob }) => void) | null; postMessage(m: unknown, t?: unknown[]): void };
  scope.onmessage = (e) => {
    const job = e.data;
    try {
      model ??= restoreEmbedded(playgroundData());
      if (job.type === "compare") scope.postMessage(runCompare(model, job));
      else {
        const reply = runChunk(model, job);
        scope.postMessage(reply, transferables(reply));
      }
    } catch (err) {
      scope.postMessage({ type: "error", gen: job.gen, message: (err as Error).message });
    }
  };
} else {
  startApp();
}
