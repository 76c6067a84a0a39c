/**
 * How the infra program's evaluation grows with the roster, under Pulumi's unit-test mocks.
 *
 *   ts-node --transpile-only bench/program-scale.ts [--sizes 10,100,1000,3000] [--repeat 1]
 *       [--modes ts-node,js] [--heap-mib 8192] [--profile [1000]] [--profile-mode ts-node]
 *
 * Each size runs in a fresh child process so peak RSS and JIT/GC state of one size do not
 * leak into the next. The timed window is the evaluation only (declare, resolve outputs,
 * drain the engine), not module loading, which the table reports separately.
 * --profile runs one more child under `node --cpu-prof` and prints self time by package,
 * for the evaluation window and for the whole process.
 *
 * Modes: "ts-node" is how the tests (and `pulumi up` on a .ts program) run it: ts-node's
 * source-map-support rewrites every `new Error().stack`. "js" is the same code precompiled by
 * tsc into a temporary directory and run by plain node; "js-sourcemaps" adds node's own
 * --enable-source-maps. "ts-node-nostacks" and "js-nostacks" set Error.stackTraceLimit = 0 for the
 * evaluation, to measure what the SDK's per-promise stack traces cost.
 * A size that runs out of memory is reported as such (and larger sizes skipped); --heap-mib
 * raises node's heap limit for the children.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { compileProject, REPO } from "./support/compile";
import { selfTimes, sumBy } from "./support/cpu-profile";
import { fmt, machineLine, median, table } from "./support/table";

interface ChildResult {
    students: number;
    loadMs: number;
    rosterMs: number;
    evalMs: number;
    resources: number;
    customResources: number;
    maxRssMiB: number;
    heapUsedMiB: number;
    /** process.hrtime in µs around the evaluation, to cut a CPU profile to it. */
    windowUs: { startUs: number; endUs: number };
}

const hrUs = () => Number(process.hrtime.bigint() / 1000n);

async function child(count: number): Promise<void> {
    const loadStart = performance.now();
    // Loaded here rather than at the top so their cost is reported apart from evaluation.
    /* eslint-disable @typescript-eslint/no-require-imports -- timed lazy loads */
    const { declareWorkshop } = require("../infra/workshop") as typeof import("../infra/workshop");
    const { testSettings, testStudents } = require("../tests/fixtures/workshop") as typeof import("../tests/fixtures/workshop");
    const { resolve, runUnderMocks } = require("../tests/support/pulumi-harness") as typeof import("../tests/support/pulumi-harness");
    /* eslint-enable @typescript-eslint/no-require-imports */
    const loadMs = performance.now() - loadStart;

    const rosterStart = performance.now();
    const settings = testSettings();
    const students = testStudents(count);
    const rosterMs = performance.now() - rosterStart;

    // The "-nostacks" modes: Pulumi's debuggablePromise records `new Error().stack` on every promise;
    // a limit of 0 makes that free. Resource source positions are unaffected (Resource.callsites
    // raises the limit itself).
    if (process.env.BENCH_STACK_TRACE_LIMIT !== undefined) Error.stackTraceLimit = Number(process.env.BENCH_STACK_TRACE_LIMIT);
    const startUs = hrUs();
    const evalStart = performance.now();
    // The same work as tests/infra-program.test.ts's deploy(): declare, resolve the outputs, drain.
    const { resources } = await runUnderMocks(async () => {
        const declared = declareWorkshop(settings, students);
        await resolve(declared.ouId);
        await resolve(declared.masterBudgetName);
        return Object.keys(await resolve(declared.students)).length;
    });
    const evalMs = performance.now() - evalStart;
    const endUs = hrUs();

    const result: ChildResult = {
        students: count, loadMs, rosterMs, evalMs,
        resources: resources.length,
        customResources: resources.filter((r) => r.custom).length,
        // maxRSS is in KiB on Linux.
        maxRssMiB: process.resourceUsage().maxRSS / 1024,
        heapUsedMiB: process.memoryUsage().heapUsed / 2 ** 20,
        windowUs: { startUs, endUs },
    };
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

type Mode = "ts-node" | "js" | "js-sourcemaps" | "ts-node-nostacks" | "js-nostacks";
const MODES: Mode[] = ["ts-node", "js", "js-sourcemaps", "ts-node-nostacks", "js-nostacks"];
/** Extra node flags for every child, e.g. --max-old-space-size from --heap-mib. */
const childFlags: string[] = [];

function compiled(): string {
    return compileProject().dir;
}

class ChildFailed extends Error {}

function runChild(count: number, mode: Mode, nodeFlags: string[] = []): ChildResult {
    const runner = mode.replace(/-nostacks$/, "");
    const entry = runner === "ts-node"
        ? ["-r", require.resolve("ts-node/register/transpile-only"), path.join(REPO, "bench", "program-scale.ts")]
        : [...(runner === "js-sourcemaps" ? ["--enable-source-maps"] : []), path.join(compiled(), "bench", "program-scale.js")];
    const run = spawnSync(process.execPath, [...childFlags, ...nodeFlags, ...entry, "--child", String(count)], {
        cwd: REPO, encoding: "utf8", maxBuffer: 64 * 2 ** 20,
        env: { ...process.env, ...(mode.endsWith("-nostacks") ? { BENCH_STACK_TRACE_LIMIT: "0" } : {}) },
    });
    const line = run.stdout.split("\n").find((l) => l.startsWith("RESULT "));
    if (run.status !== 0 || !line) {
        const oom = /heap out of memory/.test(run.stderr);
        throw new ChildFailed(oom ? "out of memory (V8 heap limit)" : `exit ${run.status ?? run.signal}: ${run.stderr.trim().split("\n").slice(-3).join(" | ")}`);
    }
    return JSON.parse(line.slice("RESULT ".length)) as ChildResult;
}

function argValue(name: string): string | undefined {
    const i = process.argv.indexOf(name);
    if (i < 0) return undefined;
    const next = process.argv[i + 1];
    return next && !next.startsWith("--") ? next : "";
}

function scale(sizes: number[], repeat: number, mode: Mode): ChildResult[] {
    const results: ChildResult[] = [];
    const failures: [number, string][] = [];
    process.stderr.write(`mode ${mode}\n`);
    for (const size of sizes) {
        let runs: ChildResult[];
        try {
            runs = Array.from({ length: repeat }, () => runChild(size, mode));
        } catch (error) {
            if (!(error instanceof ChildFailed)) throw error;
            // A larger roster would only fail the same way, later.
            for (const rest of sizes.slice(sizes.indexOf(size))) failures.push([rest, rest === size ? error.message : "not run (smaller size failed)"]);
            process.stderr.write(`  ${size} students: FAILED ${error.message}\n`);
            break;
        }
        // The median run by evaluation time, reported whole so its columns belong together.
        const mid = [...runs].sort((a, b) => a.evalMs - b.evalMs)[Math.floor(runs.length / 2)];
        results.push({ ...mid, maxRssMiB: median(runs.map((r) => r.maxRssMiB)) });
        process.stderr.write(`  ${size} students: ${runs.map((r) => fmt(r.evalMs, 0)).join(", ")} ms\n`);
    }
    const heap = childFlags.find((f) => f.startsWith("--max-old-space-size")) ?? "default V8 heap limit";
    console.log(`\nProgram evaluation under Pulumi mocks, mode ${mode}, ${heap}, one fresh child process per run, median of ${repeat}`);
    console.log(table(
        ["students", "eval ms", "ms/student", "marginal ms/student", "resources", "custom", "peak RSS MiB", "heap MiB", "load ms", "roster ms"],
        [...results.map((r, i) => [
            r.students, fmt(r.evalMs, 0), fmt(r.evalMs / r.students, 2),
            i === 0 ? "—" : fmt((r.evalMs - results[i - 1].evalMs) / (r.students - results[i - 1].students), 2),
            r.resources, r.customResources, fmt(r.maxRssMiB, 0), fmt(r.heapUsedMiB, 0), fmt(r.loadMs, 0), fmt(r.rosterMs, 1),
        ]), ...failures.map(([size]) => [size, "FAILED", "—", "—", "—", "—", "—", "—", "—", "—"])],
    ));
    for (const [size, why] of failures) console.log(`  ${size} students: ${why}`);
    if (results.length < 2) return results;
    console.log("\nGrowth from each size to the next (ratio of ratios: 1.0 = linear, above 1 = worse than linear)");
    console.log(table(
        ["from → to", "size ×", "time ×", "time ratio/size ratio", "resources ×", "RSS ×", "RSS above 1st size ×"],
        results.slice(1).map((r, i) => {
            const prev = results[i];
            const sizeX = r.students / prev.students;
            const timeX = r.evalMs / prev.evalMs;
            // RSS has a fixed floor (node + modules); growth of what is above the smallest run's RSS is the per-student part.
            const floor = results[0].maxRssMiB;
            const aboveX = i === 0 ? NaN : (r.maxRssMiB - floor) / (prev.maxRssMiB - floor);
            return [`${prev.students} → ${r.students}`, fmt(sizeX, 1), fmt(timeX, 2), fmt(timeX / sizeX, 2),
                fmt(r.resources / prev.resources, 2), fmt(r.maxRssMiB / prev.maxRssMiB, 2), Number.isNaN(aboveX) ? "—" : fmt(aboveX, 2)];
        }),
    ));
    return results;
}

function compareModes(byMode: Map<Mode, ChildResult[]>, sizes: number[]): void {
    const base = byMode.get("ts-node");
    if (!base || byMode.size < 2) return;
    console.log("\nEvaluation time by mode (ms; × = ts-node time / this mode's time)");
    const others = [...byMode.keys()].filter((m) => m !== "ts-node");
    const at = (m: Mode, students: number) => byMode.get(m)!.find((r) => r.students === students);
    console.log(table(["students", "ts-node ms", ...others.flatMap((m) => [`${m} ms`, `${m} ×`]), ...[...byMode.keys()].map((m) => `${m} RSS MiB`)],
        sizes.map((students) => {
            const r = at("ts-node", students);
            return [students, r ? fmt(r.evalMs, 0) : "FAILED",
                ...others.flatMap((m) => {
                    const other = at(m, students);
                    return other ? [fmt(other.evalMs, 0), r ? fmt(r.evalMs / other.evalMs, 1) : "—"] : ["FAILED", "—"];
                }),
                ...[...byMode.keys()].map((m) => (at(m, students) ? fmt(at(m, students)!.maxRssMiB, 0) : "—"))];
        })));
}

function profile(count: number, mode: Mode): void {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workshop-bench-prof-"));
    const result = runChild(count, mode, ["--cpu-prof", `--cpu-prof-dir=${dir}`]);
    const file = fs.readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
    if (!file) throw new Error(`no .cpuprofile in ${dir}`);
    const profilePath = path.join(dir, file);
    console.log(`\nCPU profile of ${count} students, mode ${mode} (node --cpu-prof): ${profilePath}`);
    console.log(`evaluation ${fmt(result.evalMs, 0)} ms (${fmt(result.evalMs / count, 2)} ms/student under the profiler), ` +
        `module load ${fmt(result.loadMs, 0)} ms, ${result.resources} resources`);

    for (const [label, window] of [["evaluation window only", result.windowUs], ["whole process", undefined]] as const) {
        const { totalMs, entries } = selfTimes(profilePath, window);
        console.log(`\nSelf time by package/part, ${label} (${fmt(totalMs, 0)} ms sampled)`);
        const groups = sumBy(entries, (e) => e.group);
        console.log(table(["group", "self ms", "share"], groups.filter(([, ms]) => ms / totalMs >= 0.003)
            .map(([group, ms]) => [group, fmt(ms, 0), `${fmt((100 * ms) / totalMs, 1)}%`])));
        if (window) {
            console.log(`\nTop functions by self time, ${label}`);
            const fns = sumBy(entries, (e) => `${e.fn}\t${e.group}`).slice(0, 25);
            console.log(table(["function", "group", "self ms", "share"], fns.map(([key, ms]) => {
                const [fn, group] = key.split("\t");
                return [fn.length > 90 ? `${fn.slice(0, 87)}...` : fn, group.replace(/ \(.*\)$/, ""), fmt(ms, 0), `${fmt((100 * ms) / totalMs, 1)}%`];
            })));
        }
    }
}

async function main(): Promise<void> {
    const childCount = argValue("--child");
    if (childCount !== undefined) return child(Number(childCount));

    console.log(`program-scale: ${machineLine()}`);
    const sizes = (argValue("--sizes") || "10,100,1000,3000").split(",").map(Number);
    const repeat = Number(argValue("--repeat") || 1);
    if (argValue("--heap-mib")) childFlags.push(`--max-old-space-size=${argValue("--heap-mib")}`);
    const modes = (argValue("--modes") || "ts-node,js").split(",") as Mode[];
    for (const mode of modes) if (!MODES.includes(mode)) throw new Error(`unknown mode ${mode}; one of ${MODES.join(", ")}`);
    const profileArg = argValue("--profile");
    if (profileArg === undefined || argValue("--sizes") !== undefined) {
        const byMode = new Map(modes.map((mode) => [mode, scale(sizes, repeat, mode)] as const));
        compareModes(byMode, sizes);
    }
    if (profileArg !== undefined) {
        const profileModes = (argValue("--profile-mode") || "ts-node").split(",") as Mode[];
        for (const mode of profileModes) profile(Number(profileArg || 1000), mode);
    }
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
