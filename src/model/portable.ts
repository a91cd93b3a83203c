/**
 * A compiled model as plain data for a worker thread: its generated kernel
 * as source text and its priors (and chance distributions) as their
 * canonical text (which parses back to the same distribution). A worker
 * rebuilds the model from it without loading the YAML parser, the schema
 * validator or mathjs, which would cost it ~0.5 s before its first draw.
 */
import type { ChanceInfo, CompiledModel, ModelKernel, ParameterInfo } from "./types.js";
import { parseDistribution, type Distribution } from "./distributions.js";

export interface PortableModel extends Omit<CompiledModel, "kernel" | "parameters" | "chance"> {
  kernelSource: string;
  parameters: (Omit<ParameterInfo, "prior"> & { priorCanonical?: string })[];
  chance: (Omit<ChanceInfo, "dist"> & { distCanonical: string })[];
}

export function portableModel(m: CompiledModel): PortableModel {
  const { kernel, parameters, chance, ...rest } = m;
  return {
    ...rest,
    kernelSource: kernel.source,
    parameters: parameters.map(({ prior, ...p }) => (prior ? { ...p, priorCanonical: prior.text } : p)),
    chance: chance.map(({ dist, ...c }) => ({ ...c, distCanonical: dist.text })),
  };
}

function rebuild(name: string, canonical: string): Distribution {
  const r = parseDistribution(canonical);
  if (!r.ok) throw new Error(`worker: cannot rebuild the distribution of ${name} from "${canonical}": ${r.error}`);
  return r.dist;
}

export function restoreModel(x: PortableModel): CompiledModel {
  const { kernelSource, parameters, chance, ...rest } = x;
  const kernel = { ...(new Function(kernelSource)() as Omit<ModelKernel, "source">), source: kernelSource };
  return {
    ...rest,
    kernel,
    parameters: parameters.map(({ priorCanonical, ...p }) => (priorCanonical === undefined ? p : { ...p, prior: rebuild(p.name, priorCanonical) })),
    chance: chance.map(({ distCanonical, ...c }) => ({ ...c, dist: rebuild(c.name, distCanonical) })),
  };
}
