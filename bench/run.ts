/**
 * Runs every benchmark, one after the other, each in its own process (`npm run bench`).
 *
 *   ts-node --transpile-only bench/run.ts [--quick] [--only program-scale,pulumi-up-path,billed-requests,email-throughput,cli-startup,freeze-calls,meter-refresh]
 *
 * Full: about 45 minutes on 2 cores (program-scale's 3,000-student run alone takes minutes and,
 * at node's default heap limit, ends out of memory; pulumi-up-path runs 1,000 students three ways;
 * email-throughput sends 300 emails at 1/s).
 * --quick: 10-1,000 students, ts-node mode only; the pulumi up path at 10 and 100; 30 emails; 3 runs
 * per start-up timing (about 6 minutes).
 * Each script prints tables; nothing here passes or fails on a number.
 */
import { spawnSync } from "child_process";
import * as path from "path";

const quick = process.argv.includes("--quick");
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt >= 0 ? process.argv[onlyAt + 1].split(",") : undefined;

const benches: [string, string[]][] = [
    ["program-scale", quick ? ["--sizes", "10,100,1000", "--modes", "ts-node"] : []],
    ["pulumi-up-path", quick ? ["--sizes", "10,100", "--no-compile-cost"] : []],
    ["billed-requests", []],
    ["email-throughput", quick ? ["--quick"] : []],
    ["cli-startup", quick ? ["--runs", "3"] : []],
    ["freeze-calls", quick ? ["--sizes", "10,100"] : ["--sizes", "10,100,1000"]],
    ["meter-refresh", quick ? ["--sizes", "10,100"] : []],
];

let failed = 0;
for (const [name, args] of benches) {
    if (only && !only.includes(name)) continue;
    console.log(`\n=== bench/${name}.ts ${args.join(" ")}`.trimEnd());
    const started = performance.now();
    const run = spawnSync(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), path.join(__dirname, `${name}.ts`), ...args],
        { stdio: "inherit", env: { ...process.env, NODE_NO_WARNINGS: "1" } });
    console.log(`=== ${name}: ${((performance.now() - started) / 1000).toFixed(1)} s${run.status === 0 ? "" : `, exit ${run.status ?? run.signal}`}`);
    if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
