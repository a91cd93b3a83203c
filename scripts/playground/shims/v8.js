export function setFlagsFromString() {}
export default { setFlagsFromString };
