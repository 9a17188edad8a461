/** Code-unit string comparison: the canonical order of ids everywhere in the core (SPEC.md §Canonical orders). */
export function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
