#!/usr/bin/env bash
# Mutation testing of src/core, one part (a file or glob) at a time, with Stryker's incremental
# mode: each part keeps its own incremental file in bench/mutation/, so a later run re-tests only
# the mutants whose code or covering tests changed. Usage: bench/mutation/run-part.sh NAME GLOB...
# e.g. bench/mutation/run-part.sh protocols-router src/core/protocols/router.ts
# STRYKER_FLAGS="--force" re-tests every mutant (needed when new tests target module-level
# constants: incremental mode keeps a static mutant's old result, having no covering test for it).
# STRYKER_VITEST_CONFIG=vitest.stryker-itc.config.ts runs only the ITC tests against the mutants
# (a lower bound of the score, much faster for src/core/itc).
set -euo pipefail
cd "$(dirname "$0")/../.."
name=$1; shift
mutate=$(printf '"%s",' "$@"); mutate="[${mutate%,}]"
mkdir -p reports/mutation
cfg=reports/mutation/$name.config.json
node -e '
  const base = JSON.parse(require("fs").readFileSync("stryker.config.json", "utf8"));
  const [name, mutate] = process.argv.slice(1);
  delete base.$schema;
  Object.assign(base, {
    mutate: JSON.parse(mutate),
    incremental: true,
    incrementalFile: `bench/mutation/${name}.incremental.json`,
    reporters: ["clear-text", "json"],
    jsonReporter: { fileName: `reports/mutation/${name}.json` },
    tempDirName: `.stryker-tmp-${name}`,
    // The sandboxes of other parts (runs in parallel) are not part of the project.
    ignorePatterns: ["/.stryker-tmp-*"],
  });
  if (process.env.STRYKER_VITEST_CONFIG) base.vitest = { configFile: process.env.STRYKER_VITEST_CONFIG };
  require("fs").writeFileSync(`reports/mutation/${name}.config.json`, JSON.stringify(base, null, 2));
' "$name" "$mutate"
# shellcheck disable=SC2086
npx stryker run "$cfg" ${STRYKER_FLAGS:-}
