import { DescribeOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";

import { instructorPolicyCommand } from "../../../driver/commands/instructor-policy";
import { TEST_CONFIG } from "../../fixtures/workshop";
import { awsWith, testAwsClients } from "../../support/aws";
import { MockEngine } from "../../support/mock-engine";
import { runCli } from "../../support/run-cli";

describe("instructor-policy command", () => {
    let dir: string;
    const organizations = () => {
        const client = testAwsClients().client(OrganizationsClient);
        mockClient(client).on(DescribeOrganizationCommand).resolves({ Organization: { Id: "o-exampleorg1", MasterAccountId: "111111111111" } });
        return client;
    };
    const run = (...argv: string[]) => runCli(argv, {
        engine: new MockEngine(), context: { projectDir: dir, aws: awsWith(organizations()) }, commands: [instructorPolicyCommand],
    });

    beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "instructor-policy-")); });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("fills in the organization, the management account and the workshop", async () => {
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), stringify({ config: { "workshop-accounts:workshopName": TEST_CONFIG.workshopName } }));
        const result = await run("instructor-policy");
        expect(result.exitCode, result.stderr).to.equal(0);
        const policy = JSON.parse(result.stdout);
        const text = JSON.stringify(policy);
        expect(text).not.to.contain("${");
        expect(text).to.contain("o-exampleorg1").and.contain("arn:aws:iam::111111111111:role/k8s-nov-");
        expect(policy.Statement.length).to.be.greaterThan(5);
    });

    it("refuses without a workshop name to scope the policy to", async () => {
        const result = await run("instructor-policy");
        expect(result.exitCode).to.equal(1);
        expect(result.stderr).to.contain("sets no workshop-accounts:workshopName");
    });
});
