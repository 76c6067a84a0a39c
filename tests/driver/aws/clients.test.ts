import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";

import { awsClients } from "../../../driver/aws/clients";
import { testAwsClients } from "../../support/aws";

describe("AWS client factory", () => {
    it("signs in with the environment's keys, else the stack's profile, and sends SES to its endpoint override", async () => {
        const keyed = awsClients({ env: { AWS_ACCESS_KEY_ID: "AKIA1", AWS_SECRET_ACCESS_KEY: "s" }, profile: "teacher" });
        expect((await keyed.client(OrganizationsClient).config.credentials()).accessKeyId).to.equal("AKIA1");
        expect(keyed.client(OrganizationsClient).config.profile).to.equal(undefined);
        expect(awsClients({ env: {}, profile: "teacher" }).client(OrganizationsClient).config.profile).to.equal("teacher");
        expect(awsClients({ env: { AWS_PROFILE: "mine" }, profile: "teacher" }).client(OrganizationsClient).config.profile).to.equal("mine");

        const ses = testAwsClients({ SES_ENDPOINT: "http://127.0.0.1:9999" }).client(SESv2Client);
        expect((await ses.config.endpoint!()).hostname).to.equal("127.0.0.1");
        expect(await testAwsClients().client(OrganizationsClient).config.region()).to.equal("us-east-1");
    });

    it("names the missing home region instead of guessing one", () => {
        expect(() => awsClients({ env: {} }).homeRegion()).to.throw(/AWS_REGION is not set/);
        expect(awsClients({ env: {}, region: "eu-west-1" }).homeRegion()).to.equal("eu-west-1");
    });

    describe("in a student account", () => {
        const sts = mockClient(STSClient);
        let now = Date.now();
        const session = (id: string, minutes: number) => ({
            Credentials: { AccessKeyId: id, SecretAccessKey: "s", SessionToken: "t", Expiration: new Date(now + minutes * 60_000) },
        });
        beforeEach(() => { sts.reset(); now = Date.now(); });
        after(() => sts.restore());

        it("assumes OrganizationAccountAccessRole once per account and reuses the session", async () => {
            sts.on(AssumeRoleCommand).resolvesOnce(session("ASIA-A", 60)).resolvesOnce(session("ASIA-B", 60));
            const aws = testAwsClients();
            const a1 = await aws.forAccount("111111111111").client(OrganizationsClient).config.credentials();
            const a2 = await aws.forAccount("111111111111").client(SESv2Client, { region: "eu-west-1" }).config.credentials();
            const b = await aws.forAccount("222222222222").client(OrganizationsClient).config.credentials();
            expect([a1.accessKeyId, a2.accessKeyId, b.accessKeyId]).to.deep.equal(["ASIA-A", "ASIA-A", "ASIA-B"]);
            expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn)).to.deep.equal([
                "arn:aws:iam::111111111111:role/OrganizationAccountAccessRole", "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole"]);
        });

        it("assumes again when the session is about to expire, and after a failure", async () => {
            sts.on(AssumeRoleCommand).rejectsOnce(new Error("AccessDenied")).resolvesOnce(session("ASIA-1", 2)).resolvesOnce(session("ASIA-2", 60));
            const provider = testAwsClients().forAccount("111111111111").client(OrganizationsClient).config.credentials;
            let failure = "";
            await provider().catch((e: Error) => { failure = e.message; });
            expect(failure).to.contain("AccessDenied");
            // ASIA-1 expires within the 5-minute renewal margin, so it is renewed before any call uses it.
            expect((await provider()).accessKeyId).to.equal("ASIA-2");
            expect((await provider()).accessKeyId).to.equal("ASIA-2");
            expect(sts.commandCalls(AssumeRoleCommand)).to.have.length(3);
        });
    });
});
