import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";

import { PROJECT_ROOT } from "../../infra/project-root";

const ROOT = PROJECT_ROOT;
const WORKFLOW = path.join(ROOT, ".github", "workflows", "preview.yml");
const VALIDATOR = path.join(ROOT, "node_modules", ".bin", "action-validator");

interface Step {
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
}

function validate(file: string): { status: number | null; output: string } {
    const result = spawnSync(VALIDATOR, [file], { encoding: "utf8" });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("preview workflow", () => {
    const text = fs.readFileSync(WORKFLOW, "utf8");
    const workflow = parse(text) as { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, { steps: Step[] }> };
    const steps = workflow.jobs.preview.steps;
    const step = (uses: string) => steps.find((s) => s.uses?.startsWith(uses));

    it("passes action-validator, and a broken copy does not", () => {
        const valid = validate(WORKFLOW);
        expect(valid.status, valid.output).to.equal(0);
        const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "workflow-")), "preview.yml");
        fs.writeFileSync(broken, text.replace("runs-on:", "runs-onn:"));
        expect(validate(broken).status).to.not.equal(0);
    });

    it("runs on pull requests with only the OIDC, read and PR-comment permissions", () => {
        expect(workflow.on).to.have.property("pull_request");
        expect(workflow.permissions).to.deep.equal({ "id-token": "write", "contents": "read", "pull-requests": "write" });
    });

    it("tests, then compiles the program, before it previews: checkout, node 20 with the npm cache, npm ci, npm test, npm run build", () => {
        expect(step("actions/checkout@")).not.to.equal(undefined);
        expect(step("actions/setup-node@")!.with).to.include({ "node-version": 20, "cache": "npm" });
        const runs = steps.map((s) => s.run).filter(Boolean);
        expect(runs).to.deep.equal(["npm ci", "npm test", "npm run build"]);
        const at = (run: string) => steps.findIndex((s) => s.run === run);
        const preview = steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@"));
        expect(at("npm test")).to.be.lessThan(at("npm run build"));
        expect(at("npm run build")).to.be.lessThan(preview);
    });

    it("previews what Pulumi.yaml runs: the compiled program, compiled by the build step's own script", () => {
        const project = parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { main: string; runtime: { options: { typescript: boolean } } };
        expect(project.runtime.options.typescript).to.equal(false);
        expect(project.main).to.equal("build/program/");
        const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
        expect(scripts.build).to.equal("node build/compile.js");
        expect(step("pulumi/actions@v6")!.with).not.to.have.property("work-dir");
    });

    it("gets AWS credentials through OIDC only, never long-lived keys", () => {
        const aws = step("aws-actions/configure-aws-credentials@")!;
        expect(aws.with!["role-to-assume"]).to.match(/^\$\{\{ vars\.[A-Z_]+ \}\}$/);
        expect(text).not.to.match(/aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/);
    });

    it("previews with pulumi/actions v6 on the S3 backend and comments the plan on the PR", () => {
        const pulumi = step("pulumi/actions@v6")!;
        expect(pulumi.with).to.include({ "command": "preview", "comment-on-pr": true });
        expect(pulumi.with!["stack-name"]).to.be.a("string").and.not.equal("");
        expect(pulumi.with!["cloud-url"]).to.match(/^\$\{\{ vars\.[A-Z_]+ \}\}$/);
        expect(pulumi.env!.PULUMI_CONFIG_PASSPHRASE).to.equal("${{ secrets.PULUMI_CONFIG_PASSPHRASE }}");
    });
});
