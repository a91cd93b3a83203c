// POSIX path functions enough for the bundled modules' load-time path arithmetic.
export function dirname(p) {
  const i = p.lastIndexOf("/");
  return i <= 0 ? "/" : p.slice(0, i);
}
export function join(...parts) {
  return normalize(parts.join("/"));
}
export function resolve(...parts) {
  return normalize(parts.join("/"));
}
export function normalize(p) {
  const out = [];
  for (const s of p.split("/")) {
    if (s === "" || s === ".") continue;
    if (s === "..") out.pop();
    else out.push(s);
  }
  return "/" + out.join("/");
}
export default { dirname, join, resolve, normalize };
