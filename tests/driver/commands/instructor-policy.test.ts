import {
    DescribeOrganizationCommand, ListOrganizationalUnitsForParentCommand, ListRootsCommand, OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";

import { TEST_CONFIG } from "../../fixtures/workshop";
import { awsWith, testAwsClients } from "../../support/aws";
import { MockEngine } from "../../support/mock-engine";
import { runCli } from "../../support/run-cli";

describe("instructor-policy command", () => {
    let dir: string;
    /** Two pages of OUs under the root; the Suspended OU on the second. */
    const organizations = (ous = [[{ Id: "ou-ab12-prod0001", Name: "Production" }], [{ Id: "ou-ab12-suspend1", Name: "Suspended" }]]) => {
        const client = testAwsClients().client(OrganizationsClient);
        const mock = mockClient(client);
        mock.on(DescribeOrganizationCommand).resolves({ Organization: { Id: "o-exampleorg1", MasterAccountId: "111111111111" } });
        mock.on(ListRootsCommand).resolves({ Roots: [{ Id: "r-ab12" }] });
        mock.on(ListOrganizationalUnitsForParentCommand, { ParentId: "r-ab12" }).callsFake(({ NextToken }: { NextToken?: string }) => {
            const page = NextToken ? Number(NextToken) : 0;
            return { OrganizationalUnits: ous[page] ?? [], ...(page + 1 < ous.length ? { NextToken: String(page + 1) } : {}) };
        });
        return { client, mock };
    };
    let org: ReturnType<typeof organizations>;
    const run = (...argv: string[]) => runCli(argv, {
        engine: new MockEngine(), context: { projectDir: dir, aws: awsWith(org.client) },
    });
    const writeStack = (config: Record<string, string>) => fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"),
        stringify({ config: Object.fromEntries(Object.entries(config).map(([key, value]) => [`workshop-accounts:${key}`, value])) }));
    /** The resources the policy lets accounts be moved into besides the workshop's own tagged OU. */
    const moveTargets = (policy: { Statement: { Action: unknown; Resource: unknown; Condition?: unknown }[] }) =>
        // The statement that names MoveAccount's places by ARN, not the one allowing it on what carries the workshop tag.
        policy.Statement.filter((s) => [s.Action].flat().includes("organizations:MoveAccount") && !JSON.stringify(s.Condition ?? {}).includes("aws:ResourceTag"))
            .flatMap((s) => [s.Resource].flat());

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "instructor-policy-"));
        org = organizations();
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("fills in the organization, the management account and the workshop", async () => {
        writeStack({ workshopName: TEST_CONFIG.workshopName });
        const result = await run("instructor-policy");
        expect(result.exitCode, result.stderr).to.equal(0);
        const policy = JSON.parse(result.stdout);
        const text = JSON.stringify(policy);
        expect(text).not.to.contain("${");
        expect(text).to.contain("o-exampleorg1").and.contain("arn:aws:iam::111111111111:role/k8s-nov-");
        expect(text).to.contain('"aws:RequestTag/workshop":"k8s-nov"').and.contain('"aws:ResourceTag/workshop":"k8s-nov"');
        expect(policy.Statement.length).to.be.greaterThan(5);
    });

    it("lets accounts move only into the Suspended OU it finds under the root (every page read), besides the root they are created in", async () => {
        writeStack({ workshopName: TEST_CONFIG.workshopName });
        const result = await run("instructor-policy");
        expect(result.exitCode, result.stderr).to.equal(0);
        expect(moveTargets(JSON.parse(result.stdout))).to.deep.equal([
            "arn:aws:organizations::111111111111:root/o-exampleorg1/*", "arn:aws:organizations::111111111111:ou/o-exampleorg1/ou-ab12-suspend1",
        ]);
    });

    it("takes the parking OU from suspendedOuId without looking for one", async () => {
        writeStack({ workshopName: TEST_CONFIG.workshopName, suspendedOuId: "ou-ab12-parking1" });
        const result = await run("instructor-policy");
        expect(result.exitCode, result.stderr).to.equal(0);
        expect(moveTargets(JSON.parse(result.stdout))).to.include("arn:aws:organizations::111111111111:ou/o-exampleorg1/ou-ab12-parking1");
        expect(org.mock.commandCalls(ListOrganizationalUnitsForParentCommand)).to.have.length(0);
    });

    it("refuses a suspendedOuId that is not an OU id, and an organization without a Suspended OU", async () => {
        writeStack({ workshopName: TEST_CONFIG.workshopName, suspendedOuId: "r-ab12" });
        const bad = await run("instructor-policy");
        expect(bad.exitCode).to.equal(1);
        expect(bad.stderr).to.contain("suspendedOuId must be an OU id").and.contain('"r-ab12"');

        writeStack({ workshopName: TEST_CONFIG.workshopName });
        org = organizations([[{ Id: "ou-ab12-prod0001", Name: "Production" }]]);
        const missing = await run("instructor-policy");
        expect(missing.exitCode).to.equal(1);
        expect(missing.stderr).to.contain('no OU named "Suspended"').and.contain("suspendedOuId");
    });

    it("refuses without a workshop name to scope the policy to", async () => {
        const result = await run("instructor-policy");
        expect(result.exitCode).to.equal(1);
        expect(result.stderr).to.contain("sets no workshop-accounts:workshopName");
    });

    it("--preview prints the read-only policy for the pull-request role, scoped to the S3 state backend", async () => {
        const result = await run("instructor-policy", "--preview", "--backend", "s3://workshop-state/k8s?region=eu-west-1");
        expect(result.exitCode, result.stderr).to.equal(0);
        const policy = JSON.parse(result.stdout) as { Statement: { Sid: string; Action: string | string[]; Resource: string | string[] }[] };
        const text = JSON.stringify(policy);
        expect(text).not.to.contain("${");
        expect(policy.Statement.find((s) => s.Sid === "ReadTheStackState")!.Resource).to.equal("arn:aws:s3:::workshop-state/k8s/*");
        expect(text).to.contain("arn:aws:organizations::111111111111:root/o-exampleorg1/*");
        expect(policy.Statement.flatMap((s) => s.Action)).to.not.include("organizations:CreateAccount");

        const local = await run("instructor-policy", "--preview");
        expect(local.exitCode, local.stderr).to.equal(0);
        expect(JSON.parse(local.stdout).Statement.map((s: { Sid: string }) => s.Sid)).to.deep.equal(["ReadTheOrganizationForThePreview", "FindTheSuspendedOu"]);
        expect(local.stderr).to.contain("No s3:// state backend given");
    });
});
