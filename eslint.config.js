// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", "reports/", ".stryker-tmp/", ".scratch/"] },
  {
    files: ["bin/**/*.js", "eslint.config.js"],
    languageOptions: { globals: { process: "readonly" } },
  },
  {
    // Node scripts run without a build: the CommonJS build step and the consumer test.
    files: ["scripts/**/*.mjs", "test/consumer/**/*.mjs"],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
      },
    },
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "ExportAllDeclaration", message: "Use named exports (no `export *`)." },
      ],
    },
  },
  {
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        {
          object: "Math",
          property: "random",
          message: "The core is deterministic: pass randomness in.",
        },
        { object: "Date", property: "now", message: "The core has no clock: pass time in." },
      ],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["node:*", "fs", "path", "os", "child_process"],
              message: "The core does no I/O.",
            },
            {
              group: [
                "../engine/*",
                "../verify/*",
                "../cli/*",
                "../../engine/*",
                "../../verify/*",
                "../../cli/*",
              ],
              message: "core imports nothing else of ours.",
            },
          ],
        },
      ],
    },
  },
);
