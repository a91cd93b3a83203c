// Node's worker threads are never started in the browser: the playground runs Web Workers of its own.
export class Worker {
  constructor() {
    throw new Error("worker_threads are not available in the playground");
  }
}
export const parentPort = null;
export default { Worker, parentPort };
