import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { bundleLambdas } from "../../../build/bundle-lambda";
import { PROJECT_ROOT } from "../../../infra/project-root";
import { REGISTRATION_BUNDLE } from "../../../infra/registration/bundle";
import { settingsEnvironment } from "../../../infra/registration/handler/settings";
import { RegistrationTable } from "../../../infra/registration/table";
import { workshopCodeHash } from "../../../infra/registration/workshop-code";
import { tokenIn } from "../../support/confirmation-link";
import { type DynamoDbEmulator, startDynamoDbEmulator } from "../../support/dynamodb-emulator";
import { FakeEngine, plainOutputs } from "../../support/fake-engine";
import { apiGatewayEvent, formPost } from "../../support/http-api-gateway";
import { runCli } from "../../support/run-cli";
import { type SesEmulator, startSesEmulator } from "../../support/ses-emulator";

type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

const TABLE = "k8s-nov-registrations";
const ROSTER = `# Kubernetes workshop, November
students:
  - email: grace@uni.example   # TA
    name: Grace Hopper
`;

/**
 * The whole path on local emulators: the function as esbuild bundles it for Lambda (its own SDK
 * clients, pointed at dynalite and aws-ses-v2-local by the SDK's AWS_ENDPOINT_URL_* variables),
 * then the driver's `roster pull` and `roster validate` against the same table.
 */
describe("self-registration end to end: register, confirm, roster pull, roster validate", function () {
    let dynamodb: DynamoDbEmulator;
    let ses: SesEmulator;
    let handler: Handler;
    let projectDir: string;
    const saved = { ...process.env };

    before(async () => {
        [dynamodb, ses] = await Promise.all([startDynamoDbEmulator(), startSesEmulator()]);
        await dynamodb.createRegistrationTable(TABLE);
        bundleLambdas(PROJECT_ROOT);
        Object.assign(process.env, {
            AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_REGION: "us-east-1",
            AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint, AWS_ENDPOINT_URL_SESV2: ses.endpoint,
            ...settingsEnvironment({
                tableName: TABLE, workshopName: "k8s-nov", publicUrl: "https://abc123.execute-api.us-east-1.amazonaws.com", codeHash: workshopCodeHash("K7QX92MD"),
                hashKey: "key", sender: "workshop@school.example", instructorEmail: "teacher@school.example", maxStudents: 10,
                emailDomains: ["uni.example"], sourceHourlyCap: 20, globalHourlyCap: 100,
            }),
        });
        const bundle = path.join(PROJECT_ROOT, REGISTRATION_BUNDLE);
        delete require.cache[bundle];
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        handler = (require(bundle) as { handler: Handler }).handler;
        projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "registration-flow-"));
        fs.writeFileSync(path.join(projectDir, "roster.yaml"), ROSTER);
    });
    after(async () => {
        for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
        Object.assign(process.env, saved);
        await Promise.all([dynamodb?.stop(), ses?.stop()]);
    });

    const engine = () => new FakeEngine({ outputs: plainOutputs({
        workshopName: "k8s-nov", registration: { url: "https://abc123.execute-api.us-east-1.amazonaws.com/", tableName: TABLE, region: "us-east-1" },
    }) });
    const cli = (argv: string[]) => runCli(argv, {
        engine: engine(), context: { projectDir, env: { AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint }, now: () => new Date() },
    });

    async function registerAndConfirm(name: string, email: string): Promise<void> {
        const submitted = await handler(formPost("/", { name, email, code: "k7qx 92md" }));
        expect(submitted.statusCode, String(submitted.body)).to.equal(200);
        const mail = (await ses.store()).emails.filter((e) => e.destination.to.includes(email)).at(-1);
        const token = tokenIn(mail?.body.text);
        expect((await handler(apiGatewayEvent({ method: "GET", url: `/confirm?token=${token}` }))).statusCode).to.equal(200);
        const confirmed = await handler(formPost("/confirm", { token }));
        expect(confirmed.body).to.contain("You are registered");
    }

    it("the bundled function registers and confirms; roster pull lists and merges them with comments kept; roster validate is clean", async () => {
        await registerAndConfirm("Ada Lovelace", "ada@uni.example");
        await registerAndConfirm("José Álvarez", "jose@uni.example");
        // Pending only: not pulled.
        expect((await handler(formPost("/", { name: "Bob Pending", email: "bob@uni.example", code: "K7QX92MD" }))).statusCode).to.equal(200);

        const status = await runCli(["status"], { engine: engine(), context: { projectDir, env: { AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint }, now: () => new Date() } });
        expect(status.stdout).to.contain("1 pending, 2 confirmed");

        const pull = await cli(["roster", "pull"]);
        expect(pull.exitCode, pull.stderr).to.equal(0);
        expect(pull.stdout).to.match(/\+ Ada Lovelace <ada@uni\.example> {2}confirmed \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
        expect(pull.stdout).to.contain("+ José Álvarez <jose@uni.example>");
        expect(pull.stdout).to.contain("Added 2 student(s) to roster.yaml");
        const roster = fs.readFileSync(path.join(projectDir, "roster.yaml"), "utf8");
        expect(roster).to.match(/^# Kubernetes workshop, November\nstudents:\n {2}- email: grace@uni\.example +# TA\n {4}name: Grace Hopper\n/);
        expect(roster).to.contain("email: ada@uni.example").and.contain("name: José Álvarez").and.not.contain("bob@");

        const validate = await cli(["roster", "validate"]);
        expect(validate.exitCode, validate.stderr).to.equal(0);
        expect(validate.stdout).to.contain("3 student(s), no problems");

        // Pulled registrations are deleted; the pending one stays; the roster's size is the function's new count.
        const table = new RegistrationTable(dynamodb.client(), TABLE);
        expect((await table.registrations(new Date())).map((r) => [r.email, r.status])).to.deep.equal([["bob@uni.example", "pending"]]);
        expect(await table.pulledCount()).to.equal(2);
        expect(await table.seatsTaken()).to.deep.equal({ roster: 3, confirmed: 0 });
        expect((await cli(["roster", "pull"])).stdout).to.contain("No confirmed registrations to pull.");
        expect((await cli(["status"])).stdout).to.contain("1 pending, 0 confirmed, 2 pulled");
    });

    it("add-student running during the pull loses nothing: every student lands once", async () => {
        await registerAndConfirm("Carol Shaw", "carol@uni.example");
        await registerAndConfirm("Dan Ingalls", "dan@uni.example");
        const [pull, ...added] = await Promise.all([
            cli(["roster", "pull"]),
            cli(["add-student", "erin@uni.example", "--name", "Erin Catto"]),
            cli(["add-student", "frank@uni.example", "--name", "Frank Gray"]),
        ]);
        expect(pull.exitCode, pull.stderr).to.equal(0);
        for (const run of added) expect(run.exitCode, run.stderr).to.equal(0);
        const roster = fs.readFileSync(path.join(projectDir, "roster.yaml"), "utf8");
        for (const email of ["grace", "ada", "jose", "carol", "dan", "erin", "frank"]) {
            expect(roster.match(new RegExp(`email: ${email}@uni\\.example`, "g")), email).to.have.length(1);
        }
        const validate = await cli(["roster", "validate"]);
        expect(validate.exitCode, validate.stderr).to.equal(0);
        expect(validate.stdout).to.contain("7 student(s), no problems");
    });

    it("a pull the roster cannot take (over maxStudents) changes nothing and marks nothing", async () => {
        fs.writeFileSync(path.join(projectDir, "Pulumi.dev.yaml"), "config:\n  workshop-accounts:maxStudents: 7\n");
        await registerAndConfirm("Gina Trapani", "gina@uni.example");
        const before = fs.readFileSync(path.join(projectDir, "roster.yaml"), "utf8");
        const pull = await cli(["roster", "pull"]);
        expect(pull.exitCode).to.equal(1);
        expect(pull.stderr).to.contain("maxStudents").and.contain("No registration was marked pulled");
        expect(fs.readFileSync(path.join(projectDir, "roster.yaml"), "utf8")).to.equal(before);
        const table = new RegistrationTable(dynamodb.client(), TABLE);
        expect((await table.registrations(new Date())).filter((r) => r.status === "confirmed").map((r) => r.email)).to.deep.equal(["gina@uni.example"]);
        fs.rmSync(path.join(projectDir, "Pulumi.dev.yaml"));
    });
});
