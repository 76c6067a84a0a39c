import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

import { PROJECT_ROOT } from "../../infra/project-root";

const ROOT = PROJECT_ROOT;
const WORKFLOW = path.join(ROOT, ".github", "workflows", "preview.yml");

interface Step {
    name?: string;
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
}

interface Job {
    needs?: string[];
    if?: string;
    permissions?: Record<string, string>;
    env?: Record<string, string>;
    strategy?: { matrix: Record<string, unknown> };
    steps: Step[];
}

describe("preview workflow", () => {
    const text = fs.readFileSync(WORKFLOW, "utf8");
    const workflow = parse(text) as { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, Job> };
    const { roster, test, preview } = workflow.jobs;
    const runs = (job: Job) => job.steps.map((s) => s.run).filter((run): run is string => !!run);
    const at = (job: Job, match: RegExp) => job.steps.findIndex((s) => match.test(s.run ?? s.uses ?? ""));

    it("runs on pull requests; only the preview job gets OIDC and may comment", () => {
        expect(workflow.on).to.have.property("pull_request");
        expect(workflow.permissions).to.deep.equal({ contents: "read" });
        expect(preview.permissions).to.deep.equal({ "id-token": "write", "contents": "read", "pull-requests": "write" });
        expect(roster.permissions).to.equal(undefined);
        expect(test.permissions).to.equal(undefined);
    });

    it("checks the roster with annotations, after masking the students in the log", () => {
        const masks = at(roster, /driver -- log-masks/);
        const check = at(roster, /driver -- roster validate --annotations --stack "\$\{\{ matrix\.stack \}\}"/);
        expect(masks).to.be.greaterThan(-1);
        expect(check).to.be.greaterThan(masks);
    });

    it("tests, then compiles the program, before it previews the code of this commit", () => {
        expect(runs(test)).to.deep.equal(["npm ci", "npm test"]);
        expect(preview.needs).to.deep.equal(["roster", "test"]);
        expect(at(preview, /^npm run build$/)).to.be.lessThan(at(preview, /npm run --silent preview/));
    });

    it("previews what Pulumi.yaml runs: the compiled program, compiled by the build step's own script", () => {
        const project = parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { main: string; runtime: { options: { typescript: boolean } } };
        expect(project.runtime.options.typescript).to.equal(false);
        expect(project.main).to.equal("build/program/");
        const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
        expect(scripts.build).to.equal("node build/compile.js");
    });

    it("assumes the read-only role through OIDC, never long-lived keys, and not for a fork", () => {
        const aws = preview.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))!;
        expect(aws.with!["role-to-assume"]).to.equal("${{ vars.AWS_PREVIEW_ROLE_ARN }}");
        expect(text).not.to.match(/aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/);
        expect(preview.if).to.equal("github.event.pull_request.head.repo.full_name == github.repository");
    });

    it("writes the Markdown plan to a file, never to the log, then the job summary, an artifact and one comment per stack", () => {
        expect(preview.strategy!.matrix.stack).to.equal("${{ fromJSON(vars.WORKSHOP_STACKS || '[\"dev\"]') }}");
        expect(preview.env!.PULUMI_BACKEND_URL).to.equal("${{ vars.PULUMI_BACKEND_URL }}");
        expect(preview.env!.PULUMI_CONFIG_PASSPHRASE).to.equal("${{ secrets.PULUMI_CONFIG_PASSPHRASE }}");
        const previewStep = preview.steps[at(preview, /npm run --silent preview/)];
        expect(previewStep.run).to.equal('npm run --silent preview -- --stack "$STACK_NAME" --markdown --emails "$PLAN_EMAILS" > "$PLAN_FILE"');
        expect(at(preview, /cat "\$PLAN_FILE" >> "\$GITHUB_STEP_SUMMARY"/)).to.be.greaterThan(at(preview, /npm run --silent preview/));
        const artifact = preview.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
        expect(artifact.with).to.include({ name: "workshop-plan-${{ matrix.stack }}", path: "${{ env.PLAN_FILE }}" });
        const comment = preview.steps[at(preview, /driver -- pr-comment/)];
        expect(comment.run).to.equal('npm run --silent driver -- pr-comment --stack "$STACK_NAME" --file "$PLAN_FILE"');
        expect(comment.env).to.deep.equal({ GITHUB_TOKEN: "${{ github.token }}" });
        expect(text).not.to.contain("pulumi/actions@v6\n        with:");
    });

    it("masks emails unless the repository opts in, and never in a public repository", () => {
        expect(preview.env!.PLAN_EMAILS).to.equal("${{ (vars.WORKSHOP_PR_FULL_EMAILS == 'true' && github.event.repository.private) && 'full' || 'masked' }}");
        expect(at(preview, /log-masks --stack "\$STACK_NAME" --stack-outputs/)).to.be.lessThan(at(preview, /npm run --silent preview/));
    });
});
