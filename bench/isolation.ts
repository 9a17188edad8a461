/**
 * Wall time of `verify` isolated (a worker thread, the default) against `verify --in-process`,
 * measured side by side: the two runs alternate, N pairs per module, through the built binary
 * (run `npm run build` first). Also checks that both report the same outcomes.
 *
 *   npx tsx bench/isolation.ts [--pairs 5] [module …]
 */
import { spawnSync } from "node:child_process";

const args = process.argv.slice(2);
const pairsAt = args.indexOf("--pairs");
const pairs = pairsAt >= 0 ? Number(args[pairsAt + 1]) : 5;
const modules = args.filter((a, k) => !a.startsWith("--") && k !== pairsAt + 1);
if (modules.length === 0)
  modules.push("src/verify/reference.ts", "test/mutants/alloc-ignores-capacity.ts");

function run(module: string, inProcess: boolean): { ms: number; outcomes: unknown } {
  const argv = ["bin/commons-spec.js", "verify", module, "--json"];
  if (inProcess) argv.push("--in-process");
  const t = performance.now();
  const r = spawnSync(process.execPath, argv, { encoding: "utf8", maxBuffer: 1 << 28 });
  const ms = performance.now() - t;
  const parsed = JSON.parse(r.stdout) as { outcomes: { ms?: number }[] };
  return { ms, outcomes: parsed.outcomes.map(({ ms: _ms, ...o }) => o) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

for (const m of modules) {
  const iso: number[] = [];
  const inp: number[] = [];
  let same = true;
  for (let k = 0; k < pairs; k++) {
    // Alternate which goes first, so that drifting load does not favour one.
    const [a, b] =
      k % 2 === 0 ? [run(m, false), run(m, true)] : [run(m, true), run(m, false)].reverse();
    iso.push((a as { ms: number }).ms);
    inp.push((b as { ms: number }).ms);
    same &&= JSON.stringify(a?.outcomes) === JSON.stringify(b?.outcomes);
  }
  const ratios = iso.map((x, k) => x / (inp[k] ?? NaN));
  console.log(
    `${m}: isolated median ${(median(iso) / 1000).toFixed(2)} s, in-process median ${(median(inp) / 1000).toFixed(2)} s, ratio per pair median ${median(ratios).toFixed(2)} (min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)}), ${pairs} pairs; same outcomes: ${same}`,
  );
}
