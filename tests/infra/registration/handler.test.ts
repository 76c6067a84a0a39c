import { GetItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { expect } from "chai";

import { handleRegistrationRequest, type RegistrationDeps } from "../../../infra/registration/handler/app";
import { registrationDeps } from "../../../infra/registration/handler/deps";
import type { RegistrationSettings } from "../../../infra/registration/handler/settings";
import { RECORD_KEYS } from "../../../infra/registration/records";
import { RegistrationTable } from "../../../infra/registration/table";
import { workshopCodeHash } from "../../../infra/registration/workshop-code";
import { linkIn, tokenIn } from "../../support/confirmation-link";
import { type DynamoDbEmulator, EMULATOR_CREDENTIALS, startDynamoDbEmulator } from "../../support/dynamodb-emulator";
import { apiGatewayEvent, formPost } from "../../support/http-api-gateway";
import { type SesEmulator, startSesEmulator } from "../../support/ses-emulator";

const CODE = "K7QX92MD";
const START = new Date("2026-11-23T09:00:00Z");
const HOUR = 3_600_000;

describe("the self-registration function on DynamoDB (dynalite) and SES (aws-ses-v2-local)", function () {
    let dynamodb: DynamoDbEmulator;
    let ses: SesEmulator;
    let tables = 0;
    let now: Date;
    let deps: RegistrationDeps;
    let settings: RegistrationSettings;

    before(async () => {
        [dynamodb, ses] = await Promise.all([startDynamoDbEmulator(), startSesEmulator()]);
    });
    after(async () => {
        await Promise.all([dynamodb?.stop(), ses?.stop()]);
    });

    async function setUp(overrides: Partial<RegistrationSettings> = {}): Promise<void> {
        const tableName = `registrations-${++tables}`;
        await dynamodb.createRegistrationTable(tableName);
        await ses.clear();
        now = START;
        settings = {
            tableName, workshopName: "k8s-nov", publicUrl: "https://abc123.execute-api.us-east-1.amazonaws.com", codeHash: workshopCodeHash(CODE),
            hashKey: "test-hash-key", sender: "workshop@school.example", instructorEmail: "teacher@school.example", maxStudents: 5,
            emailDomains: [], sourceHourlyCap: 20, globalHourlyCap: 100, ...overrides,
        };
        deps = registrationDeps(settings, {
            dynamodb: dynamodb.client(),
            ses: new SESv2Client({ endpoint: ses.endpoint, region: "us-east-1", credentials: EMULATOR_CREDENTIALS }),
        }, () => now);
    }
    beforeEach(() => setUp());

    const table = () => new RegistrationTable(dynamodb.client(), settings.tableName);
    const submit = (fields: Record<string, string>, sourceIp?: string) => handleRegistrationRequest(formPost("/", fields, sourceIp), deps);
    const ada = { name: "Ada Lovelace", email: "ada@uni.example", code: "k7qx-92md" };
    const emails = async () => (await ses.store()).emails;
    const tokenOf = async (to: string) => tokenIn((await emails()).filter((e) => e.destination.to.includes(to)).at(-1)?.body.text);
    const confirm = (token: string) => handleRegistrationRequest(formPost("/confirm", { token }), deps);
    const fieldError = (html: string, field: string) => new RegExp(`<p class="error" id="${field}-error">Error: ([^<]*)</p>`).exec(html)?.[1]
        ?.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");

    it("serves the form: name, email and workshop code, each with a label", async () => {
        const response = await handleRegistrationRequest(apiGatewayEvent({ method: "GET", url: "/" }), deps);
        expect(response.statusCode).to.equal(200);
        for (const field of ["name", "email", "code"]) expect(response.body).to.match(new RegExp(`<label for="${field}">`));
        expect(response.headers["content-security-policy"]).to.contain("default-src 'none'");
    });

    it("a valid submission sends one confirmation email from the workshop's sender, with a link that works 24 hours", async () => {
        const response = await submit(ada);
        expect(response.statusCode).to.equal(200);
        expect(response.body).to.contain("Check your inbox");
        const sent = await emails();
        expect(sent).to.have.length(1);
        expect(sent[0].from).to.equal("workshop@school.example");
        expect(sent[0].destination.to).to.deep.equal(["ada@uni.example"]);
        expect(sent[0].replyTo).to.deep.equal(["teacher@school.example"]);
        expect(linkIn(sent[0].body.text)).to.match(/^https:\/\/abc123\.execute-api\.us-east-1\.amazonaws\.com\/confirm\?token=/);
        expect(sent[0].body.text).to.contain("2026-11-24 09:00 UTC");
        const registrations = await table().registrations(now);
        expect(registrations.map((r) => [r.email, r.name, r.status])).to.deep.equal([["ada@uni.example", "Ada Lovelace", "pending"]]);
    });

    it("stores the token hashed: no item holds the token itself", async () => {
        await submit(ada);
        const token = await tokenOf("ada@uni.example");
        const { Items } = await dynamodb.client().send(new ScanCommand({ TableName: settings.tableName }));
        expect(JSON.stringify(Items)).not.to.contain(token);
        expect(JSON.stringify(Items)).to.contain((await table().registrations(now))[0].tokenHash);
    });

    it("a wrong or missing code sends nothing and says so next to the code field", async () => {
        const wrong = await submit({ ...ada, code: "AAAA-BBBB" });
        expect(wrong.statusCode).to.equal(400);
        expect(fieldError(wrong.body, "code")).to.equal("this is not the workshop code: check it with your instructor");
        expect(fieldError(wrong.body, "email")).to.equal(undefined);
        const missing = await submit({ ...ada, code: "" });
        expect(fieldError(missing.body, "code")).to.contain("missing workshop code");
        expect(await emails()).to.have.length(0);
        expect(await table().registrations(now)).to.have.length(0);
    });

    it("a bad email or name gets the roster's own messages next to the field, and the typed values back", async () => {
        const response = await submit({ name: "", email: "ada@uni", code: CODE });
        expect(response.statusCode).to.equal(400);
        expect(fieldError(response.body, "email")).to.equal('"ada@uni" is not a valid email address');
        expect(fieldError(response.body, "name")).to.equal("missing name (the student's display name)");
        expect(response.body).to.contain('value="ada@uni"');
        const bidi = await submit({ ...ada, name: "Ada\u202ELovelace" });
        expect(fieldError(bidi.body, "name")).to.contain("a bidirectional control character (U+202E)");
        expect(await emails()).to.have.length(0);
    });

    it("refuses an address outside registrationEmailDomains, naming the domains allowed", async () => {
        await setUp({ emailDomains: ["uni.example"] });
        const response = await submit({ ...ada, email: "ada@gmail.example" });
        expect(response.statusCode).to.equal(400);
        expect(fieldError(response.body, "email")).to.equal("only addresses at uni.example can register for this workshop");
        expect(await emails()).to.have.length(0);
        expect((await submit(ada)).statusCode).to.equal(200);
        expect(await emails()).to.have.length(1);
    });

    it("a second submission for an address with a live link answers the same and sends nothing; after 24 hours a new link goes out", async () => {
        const first = await submit(ada);
        const again = await submit({ ...ada, email: "ADA@uni.example", name: "Someone Else" });
        expect(again.statusCode).to.equal(first.statusCode);
        expect(again.body.replace(/ADA@/g, "ada@")).to.equal(first.body);
        expect(await emails()).to.have.length(1);
        now = new Date(START.getTime() + 24 * HOUR + 1000);
        expect((await submit(ada)).statusCode).to.equal(200);
        expect(await emails()).to.have.length(2);
    });

    it("a confirmed address answers like a new one and gets no email", async () => {
        await submit(ada);
        await confirm(await tokenOf("ada@uni.example"));
        const again = await submit(ada);
        expect(again.body).to.contain("Check your inbox");
        expect(await emails()).to.have.length(1);
    });

    it("stops at the per-source hourly cap, while another source still registers; the next hour opens again", async () => {
        await setUp({ sourceHourlyCap: 2 });
        expect((await submit({ ...ada, email: "a1@uni.example" }, "203.0.113.1")).statusCode).to.equal(200);
        expect((await submit({ ...ada, email: "a2@uni.example" }, "203.0.113.1")).statusCode).to.equal(200);
        const third = await submit({ ...ada, email: "a3@uni.example" }, "203.0.113.1");
        expect(third.statusCode).to.equal(429);
        expect(third.body).to.contain("try again in an hour");
        expect((await submit({ ...ada, email: "b1@uni.example" }, "203.0.113.2")).statusCode).to.equal(200);
        expect(await emails()).to.have.length(3);
        now = new Date(START.getTime() + HOUR);
        expect((await submit({ ...ada, email: "a3@uni.example" }, "203.0.113.1")).statusCode).to.equal(200);
    });

    it("stops at the global hourly cap whatever the source, and stores the caps with a TTL and without the address", async () => {
        await setUp({ globalHourlyCap: 2 });
        await submit({ ...ada, email: "a1@uni.example" }, "203.0.113.1");
        await submit({ ...ada, email: "a2@uni.example" }, "203.0.113.2");
        expect((await submit({ ...ada, email: "a3@uni.example" }, "203.0.113.3")).statusCode).to.equal(429);
        expect(await emails()).to.have.length(2);
        const { Item } = await dynamodb.client().send(new GetItemCommand({ TableName: settings.tableName, Key: { pk: { S: RECORD_KEYS.globalCap("2026-11-23T09") } } }));
        expect(Item?.count?.N).to.equal("2");
        expect(Number(Item?.expiresAt?.N)).to.equal(Date.parse("2026-11-23T11:00:00Z") / 1000);
        const { Items } = await dynamodb.client().send(new ScanCommand({ TableName: settings.tableName }));
        expect(JSON.stringify(Items)).not.to.contain("203.0.113.");
    });

    it("confirms with a valid link: a page with a button, then the registration is confirmed and takes a seat", async () => {
        await submit(ada);
        const token = await tokenOf("ada@uni.example");
        const opened = await handleRegistrationRequest(apiGatewayEvent({ method: "GET", url: `/confirm?token=${token}` }), deps);
        expect(opened.statusCode).to.equal(200);
        expect(opened.body).to.contain("Confirm my registration");
        expect((await table().registrations(now))[0].status).to.equal("pending");
        now = new Date(START.getTime() + HOUR);
        const confirmed = await confirm(token);
        expect(confirmed.statusCode).to.equal(200);
        expect(confirmed.body).to.contain("You are registered");
        const [record] = await table().registrations(now);
        expect(record.status).to.equal("confirmed");
        expect(record.confirmedAt).to.equal("2026-11-23T10:00:00.000Z");
        expect(await table().seatsTaken()).to.deep.equal({ roster: 0, confirmed: 1 });
    });

    it("refuses an expired link and a link used already, and an unknown one", async () => {
        await submit(ada);
        const token = await tokenOf("ada@uni.example");
        now = new Date(START.getTime() + 24 * HOUR);
        const expired = await confirm(token);
        expect(expired.statusCode).to.equal(410);
        expect(expired.body).to.contain("This link has expired");
        expect((await handleRegistrationRequest(apiGatewayEvent({ method: "GET", url: `/confirm?token=${token}` }), deps)).statusCode).to.equal(410);

        await submit({ ...ada, email: "bob@uni.example" });
        const bob = await tokenOf("bob@uni.example");
        expect((await confirm(bob)).statusCode).to.equal(200);
        const reused = await confirm(bob);
        expect(reused.body).to.contain("This link was used already");
        expect(await table().seatsTaken()).to.deep.equal({ roster: 0, confirmed: 1 });

        expect((await confirm("not-a-token")).statusCode).to.equal(404);
        expect((await confirm(`${bob}x`)).statusCode).to.equal(404);
    });

    it("closes after registrationClosesAt: no form, no email, no confirmation", async () => {
        await setUp({ closesAt: new Date(START.getTime() + HOUR) });
        await submit(ada);
        const token = await tokenOf("ada@uni.example");
        now = new Date(START.getTime() + HOUR);
        const page = await handleRegistrationRequest(apiGatewayEvent({ method: "GET", url: "/" }), deps);
        expect(page.statusCode).to.equal(403);
        expect(page.body).to.contain("Registration closed on 2026-11-23 10:00 UTC").and.not.contain("<form");
        expect((await submit({ ...ada, email: "late@uni.example" })).statusCode).to.equal(403);
        expect((await confirm(token)).statusCode).to.equal(403);
        expect(await emails()).to.have.length(1);
    });

    it("closes at maxStudents, counting the roster and the confirmed registrations", async () => {
        await setUp({ maxStudents: 3 });
        await table().setRosterStudents(2);
        await submit(ada);
        await submit({ ...ada, email: "bob@uni.example" });
        expect((await confirm(await tokenOf("ada@uni.example"))).statusCode).to.equal(200);
        const full = await confirm(await tokenOf("bob@uni.example"));
        expect(full.statusCode).to.equal(403);
        expect(full.body).to.contain("the workshop is full");
        expect((await submit({ ...ada, email: "carol@uni.example" })).statusCode).to.equal(403);
        expect(await emails()).to.have.length(2);
        expect(await table().seatsTaken()).to.deep.equal({ roster: 2, confirmed: 1 });
    });

    it("takes a registration back when SES refuses the email, so the student can try again", async () => {
        const failing: RegistrationDeps = { ...deps, send: async () => { throw Object.assign(new Error("Email address is not verified."), { name: "MessageRejected" }); } };
        const response = await handleRegistrationRequest(formPost("/", ada), failing);
        expect(response.statusCode).to.equal(503);
        expect(await table().registrations(now)).to.have.length(0);
        expect((await submit(ada)).statusCode).to.equal(200);
        expect(await emails()).to.have.length(1);
    });
});
