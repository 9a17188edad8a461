import { describe, it } from "vitest";
import { exampleProperties } from "../../../properties/examples.js";
import { itcProperties } from "../../../properties/itc.js";
import { assertProperty } from "../../../properties/property.js";

describe("ITC invariants as run by commons-spec check (properties/itc.ts)", () => {
  for (const p of [...itcProperties(), ...exampleProperties().filter((x) => x.suite === "itc")]) {
    it(`${p.id} ${p.title}`, () => assertProperty(p));
  }
});
