// The README documents what the CLI does: every suite in the --suite list, every option of
// `simulate`, every exit code of EXIT. (Written after a newcomer found denominator, router and
// half of simulate's options missing.)
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { SUITES } from "../../properties/property.js";
import { EXIT } from "../../src/cli/io.js";
import { registerSimulateCommand } from "../../src/cli/simulate.js";
import { capture } from "../helpers/capture.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

describe("README", () => {
  it("the --suite list names every suite", () => {
    const line = /--suite ([a-z,]+)/.exec(readme)?.[1] ?? "";
    expect(line.split(",").sort()).toEqual([...SUITES].sort());
  });

  it("documents every option of simulate", () => {
    const program = new Command("commons-spec");
    registerSimulateCommand(program, capture(), { code: 0 });
    const simulate = program.commands.find((c) => c.name() === "simulate");
    const options = (simulate?.options ?? []).map((o) => o.long ?? "");
    expect(options.length).toBeGreaterThan(5);
    for (const o of options) expect(readme, o).toMatch(new RegExp(`${o}\\b`));
  });

  it("states the exit-code contract, every code of EXIT", () => {
    const section = readme.slice(readme.indexOf("### Exit codes and errors"));
    expect(section.length).toBeGreaterThan(0);
    for (const code of Object.values(EXIT))
      expect(section).toMatch(new RegExp(`\\n\\| ${code} \\|`));
    expect(section).toContain("COMMONS_SPEC_DEBUG=1");
  });
});
