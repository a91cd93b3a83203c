/**
 * A compiled model as plain data for a worker thread: its generated kernel
 * as source text and its priors as their canonical text (which parses back
 * to the same distribution). A worker rebuilds the model from it without
 * loading the YAML parser, the schema validator or mathjs, which would cost
 * it ~0.5 s before its first draw.
 */
import type { CompiledModel, ModelKernel, ParameterInfo } from "./types.js";
import { parseDistribution } from "./distributions.js";

export interface PortableModel extends Omit<CompiledModel, "kernel" | "parameters"> {
  kernelSource: string;
  parameters: (Omit<ParameterInfo, "prior"> & { priorCanonical?: string })[];
}

export function portableModel(m: CompiledModel): PortableModel {
  const { kernel, parameters, ...rest } = m;
  return {
    ...rest,
    kernelSource: kernel.source,
    parameters: parameters.map(({ prior, ...p }) => (prior ? { ...p, priorCanonical: prior.text } : p)),
  };
}

export function restoreModel(x: PortableModel): CompiledModel {
  const { kernelSource, parameters, ...rest } = x;
  const kernel = { ...(new Function(kernelSource)() as Omit<ModelKernel, "source">), source: kernelSource };
  return {
    ...rest,
    kernel,
    parameters: parameters.map(({ priorCanonical, ...p }) => {
      if (priorCanonical === undefined) return p;
      const r = parseDistribution(priorCanonical);
      if (!r.ok) throw new Error(`worker: cannot rebuild the prior of ${p.name} from "${priorCanonical}": ${r.error}`);
      return { ...p, prior: r.dist };
    }),
  };
}
