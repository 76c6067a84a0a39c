/**
 * The per-student time of the path `pulumi up` actually takes, before and after Pulumi.yaml
 * switched to the compiled program: Pulumi.yaml's runtime settings, the SDK's own program runner
 * (`@pulumi/pulumi/cmd/run`, what the Node.js language host starts, with its source-map-support
 * and inspector hooks), the entry named by `main`, under Pulumi's mocks instead of AWS
 * (tests/support/pulumi-program.ts). Each run is a fresh process, as each `pulumi up` is.
 *
 *   ts-node --transpile-only bench/pulumi-up-path.ts [--sizes 10,100,1000] [--repeat 1] [--no-compile-cost]
 *
 * before: Pulumi.yaml until this change (`main: infra/`, `typescript: true`): cmd/run registers
 *   ts-node, which type-checks every file it loads (Pulumi's default unless the tsconfig sets
 *   noCheck or PULUMI_NODEJS_TRANSPILE_ONLY=true).
 * compiled, main: dist/infra/: the tsc output named directly, for comparison: Pulumi's runner
 *   keeps its source-map-support, which maps the SDK's stack trace of every promise.
 * after: the project's Pulumi.yaml as it is (`main: build/program/`, `typescript: false`): the
 *   entry checks that dist/ is the build of the current sources, turns that mapping off, and runs dist/infra/.
 * Both with Pulumi.yaml's nodeargs (--max-old-space-size=8192), in a copy of the project (so
 * editing the working tree during a run cannot trigger a compile inside a measurement).
 * Then the compile step itself: the check when nothing changed, and an incremental build after
 * one infra/ file changed (in a copy of the project).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { compile } from "../build/compile";
import { rosterEntries, TEST_CONFIG } from "../tests/fixtures/workshop";
import { ProgramRunFailed, type ProgramRunResult, projectRuntime, type PulumiRuntime,runProgramAsPulumi } from "../tests/support/pulumi-program";
import { compileProject, REPO } from "./support/compile";
import { fmt, machineLine, median, table } from "./support/table";

function argValue(name: string): string | undefined {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
}

const after = projectRuntime(REPO);
/** Pulumi.yaml before this change (commit 545ef94): the TypeScript sources through ts-node. */
const before: PulumiRuntime = { main: "infra/", typescript: true, nodeargs: after.nodeargs };
/** The compiled program named directly (no freshness check, Pulumi's source-map-support left on). */
const distDirect: PulumiRuntime = { main: "dist/infra/", typescript: false, nodeargs: after.nodeargs };
const MODES: [string, PulumiRuntime][] = [
    ["before: ts-node (main: infra/)", before],
    ["compiled, main: dist/infra/", distDirect],
    ["after: compiled, main: build/program/", after],
];

/** What the program needs to compile and run, copied so edits to the working tree cannot reach a run. */
const PROJECT_FILES = ["infra", "driver", "build", "policies", "templates", "Pulumi.yaml", "package.json", "tsconfig.json", "tsconfig.build.json"];

function projectCopy(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-up-path-project-"));
    process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    for (const name of PROJECT_FILES) fs.cpSync(path.join(REPO, name), path.join(dir, name), { recursive: true });
    fs.symlinkSync(fs.realpathSync(path.join(REPO, "node_modules")), path.join(dir, "node_modules"));
    return dir;
}

function rosterFile(dir: string, count: number): string {
    const file = path.join(dir, `roster-${count}.yaml`);
    const lines = rosterEntries(count).map((e) => `  - email: ${e.fields.email}\n    name: ${e.fields.name}`);
    fs.writeFileSync(file, `students:\n${lines.join("\n")}\n`);
    return file;
}

type Run = ProgramRunResult | { failed: string };

function measure(project: string, runner: string, runtime: PulumiRuntime, roster: string, count: number): Run {
    try {
        return runProgramAsPulumi({
            projectDir: project, runtime,
            config: { ...TEST_CONFIG, rosterPath: roster, maxStudents: String(Math.max(count, 50)) },
        }, { file: runner });
    } catch (error) {
        if (error instanceof ProgramRunFailed) return { failed: error.message.split("\n").slice(0, 2).join(" ") };
        throw error;
    }
}

function programPath(project: string, sizes: number[], repeat: number): void {
    const runner = path.join(compileProject().dir, "tests", "support", "pulumi-program.js");
    const build = compile(project);
    if (!build.ok) throw new Error(`the project does not compile:\n${build.output}`);
    process.stderr.write(`  built ${project}/dist\n`);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-up-path-"));
    process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));
    const results = new Map<string, Map<number, Run>>();
    for (const [label, runtime] of MODES) {
        const bySize = new Map<number, Run>();
        results.set(label, bySize);
        for (const count of sizes) {
            const roster = rosterFile(tmp, count);
            const runs = Array.from({ length: repeat }, () => measure(project, runner, runtime, roster, count));
            const ok = runs.filter((r): r is ProgramRunResult => !("failed" in r));
            const mid = ok.length ? [...ok].sort((a, b) => a.runMs - b.runMs)[Math.floor(ok.length / 2)] : runs[0];
            bySize.set(count, mid);
            process.stderr.write(`  ${label} ${count} students: ${runs.map((r) => ("failed" in r ? r.failed : `${fmt(r.runMs, 0)} ms`)).join(", ")}\n`);
        }
    }
    const cell = (r: Run | undefined, f: (r: ProgramRunResult) => string) => (!r ? "—" : "failed" in r ? `FAILED ${r.failed}` : f(r));
    console.log(`\nThe program as \`pulumi up\` runs it (cmd/run + Pulumi.yaml), under mocks; median of ${repeat}; ` +
        "run ms = module loading (and ts-node's type-checking) + evaluation; wall ms = the whole process");
    for (const [label] of MODES) {
        const bySize = results.get(label)!;
        console.log(`\n${label}`);
        console.log(table(["students", "resources", "run ms", "ms/student", "marginal ms/student", "wall ms", "peak RSS MiB"],
            sizes.map((count, i) => {
                const r = bySize.get(count);
                const prev = i > 0 ? bySize.get(sizes[i - 1]) : undefined;
                const marginal = r && prev && !("failed" in r) && !("failed" in prev)
                    ? fmt((r.runMs - prev.runMs) / (count - sizes[i - 1]), 1) : "—";
                return [count, cell(r, (x) => String(x.resources)), cell(r, (x) => fmt(x.runMs, 0)), cell(r, (x) => fmt(x.runMs / count, 1)),
                    marginal, cell(r, (x) => fmt(x.wallMs, 0)), cell(r, (x) => fmt(x.maxRssMiB, 0))];
            })));
    }
    const [[beforeLabel], , [afterLabel]] = MODES;
    console.log("\nbefore ÷ after");
    console.log(table(["students", "run ×", "wall ×", "peak RSS ×"], sizes.map((count) => {
        const b = results.get(beforeLabel)!.get(count);
        const a = results.get(afterLabel)!.get(count);
        if (!a || !b || "failed" in a || "failed" in b) return [count, "—", "—", "—"];
        return [count, fmt(b.runMs / a.runMs, 2), fmt(b.wallMs / a.wallMs, 2), fmt(b.maxRssMiB / a.maxRssMiB, 2)];
    })));
}

/** What the compile step costs: nothing to do (the usual case), a first build, and one infra/ file edited. */
function compileCost(built: string): void {
    const timeIt = (f: () => unknown) => { const t = performance.now(); f(); return performance.now() - t; };
    const check = median(Array.from({ length: 11 }, () => timeIt(() => compile(built))));
    const copy = projectCopy();
    const full = timeIt(() => compile(copy));
    fs.appendFileSync(path.join(copy, "infra", "naming.ts"), "\n// edited\n");
    const started = performance.now();
    const result = compile(copy);
    const incremental = performance.now() - started;
    console.log("\nThe compile step (build/compile.js), before each preview and up and in the program's entry");
    console.log(table(["case", "ms"], [
        ["dist/ current: hash the sources, compare with the stamp (median of 11)", fmt(check, 1)],
        ["first build of infra/ + driver/ (tsc -p tsconfig.build.json)", fmt(full, 0)],
        [`one infra/ file edited: incremental tsc${result.ok && result.compiled ? "" : " (FAILED)"}`, fmt(incremental, 0)],
    ]));
}

function main(): void {
    console.log(`pulumi-up-path: ${machineLine()}`);
    const sizes = (argValue("--sizes") ?? "10,100,1000").split(",").map(Number);
    const project = projectCopy();
    programPath(project, sizes, Number(argValue("--repeat") ?? 1));
    if (!process.argv.includes("--no-compile-cost")) compileCost(project);
}

main();
