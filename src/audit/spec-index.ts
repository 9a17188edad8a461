/**
 * What the claims catalogue may cite in spec/SPEC.md, read from its text: the numbered sections,
 * the invariant IDs of its tables, and its findings (paragraphs marked **Finding …** or
 * **Findings.**, with their numbered items).
 */

export interface SpecSection {
  /** "13.1", "6", … */
  readonly number: string;
  readonly title: string;
  /** 1-based line of the heading. */
  readonly line: number;
  /** The section's own text, up to the next heading of any level. */
  readonly body: string;
}

/** One finding of SPEC.md: a numbered item of a findings paragraph, or the whole paragraph. */
export interface SpecFinding {
  readonly section: string;
  /** The item's number; absent when the paragraph has no numbered items. */
  readonly item?: number;
  /** 1-based line of the paragraph's marker. */
  readonly line: number;
}

export interface SpecIndex {
  readonly sections: ReadonlyMap<string, SpecSection>;
  /** IDs of the invariant tables (`| ID | statement | checked by |`). */
  readonly invariantIds: ReadonlySet<string>;
  readonly findings: readonly SpecFinding[];
}

const HEADING = /^(#{2,6}) (\d+(?:\.\d+)*)\.?\s+(.*)$/;
const ROW = /^\| ([A-Z][A-Z0-9]*(?:-[A-Z]+)*-\d+) \| .+ \| .+ \|$/;
const MARKER = /^\*\*Findings?\b/;

/** The numbers of a findings paragraph's items — "(1) … (2) …" or "1. …" lines — if 1…n. */
function itemNumbers(paragraph: string): number[] {
  const nums = new Set<number>();
  for (const m of paragraph.matchAll(/\((\d+)\)/g)) nums.add(Number(m[1]));
  for (const m of paragraph.matchAll(/^(\d+)\.\s/gm)) nums.add(Number(m[1]));
  const sorted = [...nums].sort((a, b) => a - b);
  return sorted.every((n, i) => n === i + 1) ? sorted : [];
}

export function indexSpec(text: string): SpecIndex {
  const lines = text.split("\n");
  const sections = new Map<string, SpecSection>();
  const invariantIds = new Set<string>();
  const findings: SpecFinding[] = [];
  const headingLines: { number: string | null; line: number }[] = [];
  lines.forEach((l, i) => {
    const h = HEADING.exec(l);
    if (h !== null) headingLines.push({ number: h[2] ?? null, line: i });
    else if (/^#{1,6} /.test(l)) headingLines.push({ number: null, line: i });
    const row = ROW.exec(l);
    if (row !== null) invariantIds.add(row[1] as string);
  });
  headingLines.forEach((h, k) => {
    if (h.number === null) return;
    const end = headingLines[k + 1]?.line ?? lines.length;
    const title = HEADING.exec(lines[h.line] ?? "")?.[3] ?? "";
    const body = lines.slice(h.line + 1, end);
    sections.set(h.number, { number: h.number, title, line: h.line + 1, body: body.join("\n") });
    body.forEach((l, j) => {
      if (!MARKER.test(l)) return;
      // The paragraph runs to the next table, heading or bold paragraph marker.
      let stop = j + 1;
      while (stop < body.length && !/^(\||#|\*\*)/.test(body[stop] ?? "")) stop++;
      const paragraph = body.slice(j, stop).join("\n");
      const line = h.line + 1 + j + 1;
      const items = itemNumbers(paragraph);
      if (items.length === 0) findings.push({ section: h.number as string, line });
      else for (const item of items) findings.push({ section: h.number as string, item, line });
    });
  });
  return { sections, invariantIds, findings };
}

/** "§13.1 finding 3" / "§3 finding". */
export function findingLabel(f: {
  readonly section: string;
  readonly item?: number | undefined;
}): string {
  return f.item === undefined ? `§${f.section} finding` : `§${f.section} finding ${f.item}`;
}
