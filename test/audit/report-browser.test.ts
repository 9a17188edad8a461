/**
 * report.html seen in a real browser: Debian's chromium (scripts/install-chromium.sh; never a
 * browser download) driven headless by playwright-core opens the report of an audit and checks
 * that it loads with no console error and no request outside the file, that every figure has
 * rendered marks with a visible size, and that the ledger table has a row for every claim of the
 * catalogue (every claim of the selection when the audit ran with --only).
 *
 * It runs when COMMONS_SPEC_REPORT_DIR names an audit's output directory (CI: the quick audit's
 * reports/audit); without it the test is skipped. With it, a missing browser or report is a
 * failure, never a skip. CHROMIUM overrides the browser's path (default /usr/bin/chromium).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { loadClaims } from "../../src/audit/claims.js";
import type { Ledger } from "../../src/audit/ledger.js";

const dir = process.env.COMMONS_SPEC_REPORT_DIR;
const executable = process.env.CHROMIUM ?? "/usr/bin/chromium";

describe.skipIf(dir === undefined || dir === "")("report.html in headless Chromium", () => {
  it("loads with no console error, every figure has marks, the ledger has every claim", async () => {
    const out = resolve(dir as string);
    const page = join(out, "report.html");
    if (!existsSync(executable))
      throw new Error(
        `${executable} does not exist: install Debian's chromium with scripts/install-chromium.sh (or set CHROMIUM)`,
      );
    if (!existsSync(page))
      throw new Error(`${page} does not exist: run commons-spec audit --out ${dir as string}`);
    const ledger = JSON.parse(readFileSync(join(out, "ledger.json"), "utf8")) as Ledger;
    const expected = ledger.settings.only ?? loadClaims().claims.map((c) => c.id);
    const figureCsvs = readdirSync(join(out, "data")).filter((f) => f.startsWith("figure-"));

    const browser = await chromium.launch({
      executablePath: executable,
      // Root in CI containers has no user namespace for the sandbox; the page is our own file.
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    });
    try {
      const tab = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const problems: string[] = [];
      tab.on("console", (m) => {
        if (m.type() === "error" || m.type() === "warning")
          problems.push(`console ${m.type()}: ${m.text()}`);
      });
      tab.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
      const requests: string[] = [];
      tab.on("request", (r) => requests.push(r.url()));
      const response = await tab.goto(pathToFileURL(page).href, { waitUntil: "load" });
      expect(response === null || response.ok()).toBe(true);

      const rows = await tab.$$eval("#ledger-table tbody tr[data-claim]", (trs) =>
        trs.map((tr) => tr.getAttribute("data-claim")),
      );
      expect(rows).toEqual(expected);
      const sections = await tab.$$eval("article.claim", (as) =>
        as.map((a) => a.getAttribute("data-claim")),
      );
      expect(sections).toEqual(expected);

      const figures = await tab.$$eval("figure.fig", (fs) =>
        fs.map((f) => {
          const svg = f.querySelector("svg");
          const marks = [
            ...f.querySelectorAll(
              "g.mark-symbol path, g.mark-line path, g.mark-rule line, g.mark-tick rect, g.mark-rect path",
            ),
          ];
          const drawn = marks.filter((m) => {
            // In the page: an SVG graphics element (no DOM types in this project's tsconfig).
            const b = (m as unknown as { getBBox(): { width: number; height: number } }).getBBox();
            return b.width > 0 || b.height > 0;
          });
          const box = svg?.getBoundingClientRect();
          return {
            id: f.getAttribute("data-figure"),
            svg: svg !== null,
            width: box?.width ?? 0,
            height: box?.height ?? 0,
            marks: marks.length,
            drawn: drawn.length,
          };
        }),
      );
      expect(figures.length).toBeGreaterThan(0);
      expect(figures).toHaveLength(figureCsvs.length);
      for (const f of figures) {
        expect(f.svg, `${f.id}: inline SVG`).toBe(true);
        expect(f.width, `${f.id}: width`).toBeGreaterThan(100);
        expect(f.height, `${f.id}: height`).toBeGreaterThan(100);
        expect(f.drawn, `${f.id}: rendered marks`).toBeGreaterThan(0);
      }
      expect(problems).toEqual([]);
      expect(requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:"))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
