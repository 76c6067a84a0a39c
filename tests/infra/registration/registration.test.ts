import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { LAMBDA_BUNDLES } from "../../../build/bundle-lambda";
import { REGISTRATION_BUNDLE, registrationBundlePath } from "../../../infra/registration/bundle";
import { ENV } from "../../../infra/registration/records";
import { REGISTRATION_ROUTES } from "../../../infra/registration/registration";
import { workshopCodeHash } from "../../../infra/registration/workshop-code";
import { declareWorkshop } from "../../../infra/workshop";
import { testSettings, testStudents } from "../../fixtures/workshop";
import { ofType, resolve, runUnderMocks } from "../../support/pulumi-harness";

const T = {
    table: "aws:dynamodb/table:Table",
    item: "aws:dynamodb/tableItem:TableItem",
    api: "aws:apigatewayv2/api:Api",
    stage: "aws:apigatewayv2/stage:Stage",
    route: "aws:apigatewayv2/route:Route",
    integration: "aws:apigatewayv2/integration:Integration",
    fn: "aws:lambda/function:Function",
    permission: "aws:lambda/permission:Permission",
    policy: "aws:iam/rolePolicy:RolePolicy",
    code: "random:index/randomString:RandomString",
};

async function deploy(config: Record<string, string>, students = 3) {
    // A bundle of the right name, so the test does not depend on `npm run build` having run.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "registration-bundle-"));
    fs.mkdirSync(path.dirname(path.join(root, REGISTRATION_BUNDLE)), { recursive: true });
    fs.writeFileSync(path.join(root, REGISTRATION_BUNDLE), "exports.handler = async () => ({ statusCode: 200 });\n");
    const { resources, result } = await runUnderMocks(async () => {
        const declared = declareWorkshop(testSettings(config), testStudents(students), { registrationBundlePath: path.join(root, REGISTRATION_BUNDLE) });
        return {
            registration: declared.registration && await resolve(declared.registration),
            registrationCode: declared.registrationCode && await resolve(declared.registrationCode),
        };
    });
    return { resources, outputs: result };
}

describe("infra: self-registration under Pulumi mocks", function () {
    it("declares nothing of it unless registration is on", async () => {
        const { resources, outputs } = await deploy({});
        for (const type of Object.values(T).filter((t) => t !== T.code && t !== T.policy)) expect(ofType(resources, type), type).to.have.length(0);
        expect(resources.filter((r) => r.name.startsWith("registration"))).to.have.length(0);
        expect(outputs.registration).to.equal(undefined);
    });

    it("an on-demand table with TTL on expiresAt, and the roster's size in it", async () => {
        const { resources } = await deploy({ registration: "true" }, 3);
        const [table] = ofType(resources, T.table);
        expect(table.inputs.billingMode).to.equal("PAY_PER_REQUEST");
        expect(table.inputs.hashKey).to.equal("pk");
        expect(table.inputs.ttl).to.deep.equal({ attributeName: "expiresAt", enabled: true });
        const [item] = ofType(resources, T.item);
        expect(JSON.parse(item.inputs.item)).to.deep.equal({ pk: { S: "roster" }, students: { N: "3" } });
    });

    it("an HTTP API whose every route is throttled, the default route included, and proxied to the function (payload 2.0)", async () => {
        const { resources } = await deploy({ registration: "true" });
        expect(ofType(resources, T.api)[0].inputs.protocolType).to.equal("HTTP");
        expect(ofType(resources, T.route).map((r) => r.inputs.routeKey)).to.have.members(REGISTRATION_ROUTES.map((r) => r.routeKey));
        const [stage] = ofType(resources, T.stage);
        expect(stage.inputs.name).to.equal("$default");
        expect(stage.inputs.defaultRouteSettings).to.include({ throttlingRateLimit: 1, throttlingBurstLimit: 5 });
        const settings = stage.inputs.routeSettings as { routeKey: string; throttlingRateLimit: number; throttlingBurstLimit: number }[];
        expect(settings.map((s) => s.routeKey)).to.have.members(REGISTRATION_ROUTES.map((r) => r.routeKey));
        for (const s of settings) {
            expect(s.throttlingRateLimit).to.be.within(1, 5);
            expect(s.throttlingBurstLimit).to.be.within(1, 10);
        }
        expect(settings.find((s) => s.routeKey === "POST /")).to.include({ throttlingRateLimit: 1, throttlingBurstLimit: 5 });
        const [integration] = ofType(resources, T.integration);
        expect(integration.inputs).to.include({ integrationType: "AWS_PROXY", payloadFormatVersion: "2.0" });
        const [permission] = ofType(resources, T.permission);
        expect(permission.inputs.principal).to.equal("apigateway.amazonaws.com");
        expect(permission.inputs.sourceArn).to.match(/^arn:aws:execute-api:us-east-1:111111111111:\w+\/\*\/\*$/);
    });

    it("the function gets the code's hash, never the code, and the workshop's limits", async () => {
        const { resources, outputs } = await deploy({
            registration: "true", maxStudents: "40", registrationEmailDomains: "uni.example", registrationClosesAt: "2026-11-30T18:00:00Z",
            senderEmail: "workshop@school.example",
        });
        const [fn] = ofType(resources, T.fn);
        expect(fn.inputs.runtime).to.equal("nodejs22.x");
        expect(fn.inputs.handler).to.equal("index.handler");
        const env = fn.inputs.environment.variables as Record<string, string>;
        expect(outputs.registrationCode).to.match(/^[A-Z0-9]{8}$/);
        expect(env[ENV.codeHash]).to.equal(workshopCodeHash(outputs.registrationCode!));
        expect(Object.values(env)).not.to.include(outputs.registrationCode);
        expect(env).to.include({ [ENV.maxStudents]: "40", [ENV.emailDomains]: "uni.example", [ENV.closesAt]: "2026-11-30T18:00:00.000Z", [ENV.sender]: "workshop@school.example" });
        expect(env[ENV.publicUrl]).to.match(/^https:\/\/\w+\.execute-api\.us-east-1\.amazonaws\.com$/);
        expect(outputs.registration!.url).to.equal(`${env[ENV.publicUrl]}/`);
        expect(outputs.registration!.tableName).to.equal("k8s-nov-registrations");
        expect(outputs.registration!.region).to.equal("us-east-1");
    });

    it("the function may use its table, its logs, and send only as the sender to the allowed domains", async () => {
        const { resources } = await deploy({ registration: "true", registrationEmailDomains: "uni.example", senderEmail: "workshop@school.example" });
        const policy = JSON.parse(ofType(resources, T.policy).find((p) => p.name.startsWith("registration"))!.inputs.policy);
        const ses = policy.Statement.find((s: { Action: string }) => s.Action === "ses:SendEmail");
        expect(ses.Resource).to.equal("arn:aws:ses:us-east-1:111111111111:identity/*");
        expect(ses.Condition).to.deep.equal({
            StringEquals: { "ses:FromAddress": "workshop@school.example" },
            "ForAllValues:StringLike": { "ses:Recipients": ["*@uni.example"] },
        });
        const dynamo = policy.Statement.find((s: { Resource: string }) => s.Resource === "arn:aws:dynamodb:us-east-1:111111111111:table/k8s-nov-registrations");
        expect(dynamo.Action).to.have.members(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]);
    });

    it("a new code generation (registration rotate-code) changes the code's keepers, so the code is replaced", async () => {
        const first = await deploy({ registration: "true" });
        const rotated = await deploy({ registration: "true", registrationCodeGeneration: "20261123-1412" });
        const keepers = (r: typeof first) => ofType(r.resources, T.code).find((c) => c.name === "registration-code")!.inputs.keepers;
        expect(keepers(first)).to.deep.equal({ generation: "1" });
        expect(keepers(rotated)).to.deep.equal({ generation: "20261123-1412" });
    });

    it("the program looks for the bundle where the build writes it, and says how to build it when it is missing", () => {
        expect(LAMBDA_BUNDLES.map((b) => b.out)).to.deep.equal([REGISTRATION_BUNDLE]);
        expect(() => registrationBundlePath(fs.mkdtempSync(path.join(os.tmpdir(), "no-bundle-")))).to.throw(/run `npm run build`/);
    });
});
