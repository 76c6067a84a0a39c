import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { compileProgram, ProgramCompileError } from "../../driver/pulumi/compile-program";
import { PROJECT_ROOT } from "../../infra/project-root";
import { TEST_CONFIG } from "../fixtures/workshop";
import { ProgramRunFailed, type ProgramRunResult,projectRuntime, runProgramAsPulumi } from "../support/pulumi-program";

/** What a copy of the project needs to compile and run its program (no driver/, to keep tsc short). */
const COPIED = ["infra", "build", "policies", "Pulumi.yaml", "package.json", "tsconfig.json", "tsconfig.build.json"];

function projectCopy(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "program-build-"));
    for (const name of COPIED) fs.cpSync(path.join(PROJECT_ROOT, name), path.join(dir, name), { recursive: true });
    fs.symlinkSync(fs.realpathSync(path.join(PROJECT_ROOT, "node_modules")), path.join(dir, "node_modules"));
    fs.writeFileSync(path.join(dir, "roster.yaml"), "students:\n  - email: ada@uni.example\n    name: Ada Lovelace\n  - email: grace@uni.example\n    name: Grace Hopper\n");
    return dir;
}

/** Changes the default student budget in the copy's infra/config.ts: an edit whose effect shows in the outputs. */
function setDefaultBudget(dir: string, usd: number): void {
    const file = path.join(dir, "infra", "config.ts");
    const text = fs.readFileSync(file, "utf8");
    const edited = text.replace(/(\bstudentBudgetUsd: )\d+,/, `$1${usd},`);
    expect(edited, "infra/config.ts no longer declares DEFAULTS.studentBudgetUsd").not.to.equal(text);
    fs.writeFileSync(file, edited);
}

const budgetsOf = (run: ProgramRunResult) =>
    Object.values(run.outputs.students as Record<string, { email: string; budgetLimitUsd: number }>).map((s) => [s.email, s.budgetLimitUsd]);

/** `pulumi preview` in the copy, minus the CLI: Pulumi.yaml's runtime and main, the SDK's own runner, mocks for AWS. */
const preview = (dir: string) => runProgramAsPulumi({ projectDir: dir, config: TEST_CONFIG });

describe("the program Pulumi runs is compiled, and never stale", function () {
    // Each tsc run parses @pulumi/aws's declarations: ~10 s of CPU, longer on a busy machine. So each path
    // compiles as few times as its cases need: the driver's step and the entry run the same build/compile.js,
    // which recompiles an edit the same way for both (the entry's case below), and the reasons it gives
    // for a rebuild are covered in freshness.test.ts.
    this.timeout(600_000);
    let dir: string;
    before(() => { dir = projectCopy(); });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("Pulumi.yaml runs plain JavaScript from build/program/, with the large heap", () => {
        expect(projectRuntime(PROJECT_ROOT)).to.deep.equal({ main: "build/program/", typescript: false, nodeargs: ["--max-old-space-size=8192"] });
    });

    it("the driver's compile step, then preview: the compiled program runs, reading the roster and policies from the project root", async () => {
        const lines: string[] = [];
        await compileProgram(dir, (line) => lines.push(line));
        expect(lines[0]).to.equal("Compiling infra/ and driver/ into dist/ (dist/ has not been built yet)...");
        const run = preview(dir);
        expect(budgetsOf(run)).to.deep.equal([["ada@uni.example", 25], ["grace@uni.example", 25]]);
        // Nothing from TypeScript: the entry, the build check, and dist/infra/ only.
        expect(run.loadedProjectFiles.filter((f) => f.endsWith(".ts"))).to.deep.equal([]);
        expect(run.loadedProjectFiles).to.include(path.join("dist", "infra", "index.js")).and.include(path.join("build", "program", "index.js"));
        expect(run.stderr).not.to.contain("Compiling");
        // Current now: the next compile step does nothing and says nothing.
        const again: string[] = [];
        await compileProgram(dir, (line) => again.push(line));
        expect(again).to.deep.equal([]);
    });

    it("edit infra/ and run a plain `pulumi preview` (no driver, no build): the entry compiles first, the edit is evaluated", () => {
        setDefaultBudget(dir, 37);
        const run = preview(dir);
        expect(run.stderr).to.contain("Compiling infra/ and driver/ into dist/ (infra/config.ts changed since the last build)...");
        expect(budgetsOf(run)).to.deep.equal([["ada@uni.example", 37], ["grace@uni.example", 37]]);
    });

    it("an edit that does not compile stops both paths with tsc's error; the last build is never run in its place", async () => {
        const file = path.join(dir, "infra", "config.ts");
        fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/(\bstudentBudgetUsd: )\d+,/, "$1\"forty\" * 2,"));
        const error = await compileProgram(dir, () => {}).catch((e: unknown) => e);
        expect(error).to.be.instanceOf(ProgramCompileError);
        expect((error as ProgramCompileError).diagnostics).to.match(/infra\/config\.ts\(\d+,\d+\): error TS\d+/);
        let failed: unknown;
        try {
            preview(dir);
        } catch (e) {
            failed = e;
        }
        expect(failed).to.be.instanceOf(ProgramRunFailed);
        expect((failed as ProgramRunFailed).stderr).to.contain("the program does not compile, so nothing was previewed or deployed")
            .and.match(/infra\/config\.ts\(\d+,\d+\): error TS\d+/);
    });
});
