import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";

import { PROJECT_ROOT } from "../../infra/project-root";

const WORKFLOW = path.join(PROJECT_ROOT, ".github", "workflows", "deploy.yml");

interface Step { name?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown> }

describe("deploy workflow", () => {
    const text = fs.readFileSync(WORKFLOW, "utf8");
    const workflow = parse(text) as {
        on: { push: { branches: string[] } };
        jobs: { deploy: { environment: string; permissions: Record<string, string>; concurrency: { group: string; "cancel-in-progress": boolean }; steps: Step[] } };
    };
    const job = workflow.jobs.deploy;
    const step = (name: string) => job.steps.find((s) => s.name === name)!;

    it("runs on merge to main, inside the protected environment, with the write role through OIDC", () => {
        expect(workflow.on.push.branches).to.deep.equal(["main"]);
        expect(job.environment).to.equal("workshop");
        expect(job.permissions).to.deep.equal({ "id-token": "write", "contents": "read" });
        const aws = job.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))!;
        expect(aws.with!["role-to-assume"]).to.equal("${{ vars.AWS_DEPLOY_ROLE_ARN }}");
    });

    it("one run per stack at a time, and a running up is never cancelled", () => {
        expect(job.concurrency).to.deep.equal({ "group": "deploy-${{ matrix.stack }}", "cancel-in-progress": false });
    });

    it("runs up with --yes and its summary, then the welcome emails even after a failed up", () => {
        expect(step("Apply the roster (up)").run).to.contain('npm run --silent up -- --stack "$STACK_NAME" --yes --summary "$UP_SUMMARY"');
        const email = step("Welcome emails");
        expect(email.if).to.equal("${{ !cancelled() }}");
        expect(email.run).to.equal('npm run --silent email -- --stack "$STACK_NAME" --summary "$GITHUB_STEP_SUMMARY"');
    });

    /** The up step's script, run by bash as the runner runs it, with a stand-in `npm` exiting as told. */
    function runUpStep(exitCode: number, summary: string): { status: number | null; stdout: string; jobSummary: string } {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-step-"));
        const bin = path.join(dir, "bin");
        fs.mkdirSync(bin);
        fs.writeFileSync(path.join(bin, "npm"), `#!/bin/sh\nprintf '%s' '${summary}' > "$UP_SUMMARY"\nexit ${exitCode}\n`, { mode: 0o755 });
        const env = { PATH: `${bin}:${process.env.PATH}`, UP_SUMMARY: path.join(dir, "up.md"), GITHUB_STEP_SUMMARY: path.join(dir, "summary.md"), STACK_NAME: "nov" };
        // The runner's default shell for run steps: bash -e {0} (docs: jobs.<job_id>.steps[*].shell).
        const result = spawnSync("bash", ["-e", "-c", step("Apply the roster (up)").run!], { env, encoding: "utf8" });
        const jobSummary = fs.readFileSync(env.GITHUB_STEP_SUMMARY, "utf8");
        fs.rmSync(dir, { recursive: true, force: true });
        return { status: result.status, stdout: result.stdout, jobSummary };
    }

    it("exit 75 is a notice with the date to run again, not a failure; other failures stay red", () => {
        const waiting = runUpStep(75, "**Waiting until 2026-12-23:** 1 account(s) wait");
        expect(waiting.status).to.equal(0);
        expect(waiting.stdout).to.contain("::notice title=Accounts wait for the CloseAccount quota::Waiting until 2026-12-23: run this workflow again");
        expect(waiting.jobSummary).to.contain("Waiting until 2026-12-23");
        expect(runUpStep(1, "**Failed.**").status).to.equal(1);
        expect(runUpStep(0, "**Done.**").status).to.equal(0);
    });
});
