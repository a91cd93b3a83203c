/**
 * Dependency order of definitions that refer to one another (derived
 * quantities, outputs): a depth-first topological order that reports a
 * cycle by its names.
 */

/** Depth-first topological order; calls onCycle with the cycle's names. */
export function topoOrder(names: string[], deps: Map<string, string[]>, onCycle: (cycle: string[]) => never): string[] {
  const state = new Map<string, 1 | 2>();
  const order: string[] = [];
  const stack: string[] = [];
  const visit = (n: string) => {
    const s = state.get(n);
    if (s === 2) return;
    if (s === 1) onCycle([...stack.slice(stack.indexOf(n)), n]);
    state.set(n, 1);
    stack.push(n);
    for (const d of deps.get(n) ?? []) visit(d);
    stack.pop();
    state.set(n, 2);
    order.push(n);
  };
  for (const n of names) visit(n);
  return order;
}
