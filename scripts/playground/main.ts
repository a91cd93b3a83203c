/**
 * The playground's one script. On the page it starts the controls (app.ts);
 * in a Web Worker (a blob: URL of this same script's text) it runs chunks of
 * draws for the page.
 */
import type { CompiledModel } from "../../src/model/types.js";
import { playgroundData, restoreEmbedded, runChunk, transferables, type ChunkJob } from "./engine.js";
import { startApp } from "./app.js";

declare const document: unknown;

if (typeof document === "undefined") {
  let model: CompiledModel | null = null;
  const scope = globalThis as unknown as { onmessage: ((e: { data: ChunkJob }) => void) | null; postMessage(m: unknown, t?: unknown[]): void };
  scope.onmessage = (e) => {
    const job = e.data;
    try {
      model ??= restoreEmbedded(playgroundData());
      const reply = runChunk(model, job);
      scope.postMessage(reply, transferables(reply));
    } catch (err) {
      scope.postMessage({ type: "error", gen: job.gen, message: (err as Error).message });
    }
  };
} else {
  startApp();
}
