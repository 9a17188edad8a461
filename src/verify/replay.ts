/** The replay commands printed with every counterexample (`check`, `verify`, `registerSuites`). */

/** A word for a POSIX shell: as is when it is safe, else in single quotes. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The one-line command that replays a counterexample: `<base> --only ID --seed S [--path P
 * [--failure-class C]]` — with the class it was reported under, so that a case showing several
 * defects replays the one reported.
 */
export function replayCommand(
  base: string,
  id: string,
  seed: number,
  path: string | undefined,
  failureClass?: string,
): string {
  const cls =
    path !== undefined && failureClass !== undefined
      ? ` --failure-class ${shellWord(failureClass)}`
      : "";
  return `${base} --only ${id} --seed ${seed}${path !== undefined ? ` --path ${path}` : ""}${cls}`;
}
