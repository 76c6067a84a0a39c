import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import yargs from "yargs";

import type { DriverContext } from "../../../driver/context";
import { emailLedgerPath } from "../../../driver/email/ledger";
import { sendStackWelcomeEmails } from "../../../driver/email/stack-emails";
import type { Engine, OutputMap } from "../../../driver/pulumi/engine";
import type { WorkshopOutputs } from "../../../infra/outputs";
import { sampleWorkshopOutputs } from "../../fixtures/outputs";
import { testAwsClients } from "../../support/aws";
import { driverCommand } from "../../support/driver-command";
import { freeLoopbackPort, type SesEmulator,startSesEmulator } from "../../support/ses-emulator";

function outputMap(outputs: WorkshopOutputs): OutputMap {
    return Object.fromEntries(Object.entries(outputs).map(([name, value]) => [name, { value, secret: false }]));
}

describe("email command", () => {
    let emulator: SesEmulator;
    let projectDir: string;
    let lines: string[];
    let warnings: string[];
    let config: Record<string, string>;
    let endpoint: string;
    let studentCount: number;

    const context = (): DriverContext => {
        const env = { AWS_REGION: "us-east-1", SES_ENDPOINT: endpoint, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" };
        return {
            engine: {
                description: "test stack",
                outputs: async () => outputMap(sampleWorkshopOutputs(studentCount, { budgetAlertThresholds: [25, 75], budgetFreeze: false })),
                getConfig: async (key: string) => config[key],
            } as Partial<Engine> as Engine,
            aws: testAwsClients(env),
            projectDir,
            stack: "dev",
            dataDir: path.join(projectDir, ".workshop", "dev"),
            log: (line) => lines.push(line),
            warn: (line) => warnings.push(line),
            confirm: async () => false,
            prompt: async () => undefined,
            env,
            now: () => new Date("2026-05-04T09:00:00Z"),
        };
    };
    async function email(...args: string[]): Promise<number> {
        process.exitCode = undefined;
        await yargs(["email", ...args]).command(driverCommand("email", async () => context())).strict()
            .fail((message, error) => { throw error ?? new Error(message); }).parseAsync();
        const code = Number(process.exitCode ?? 0);
        process.exitCode = undefined;
        return code;
    }
    const sentTo = async () => (await emulator.store()).emails.map((e) => `${e.from} -> ${e.destination.to.join(",")}`);

    before(async () => {
        emulator = await startSesEmulator();
    });
    after(async () => {
        await emulator?.stop();
    });
    beforeEach(async () => {
        await emulator.clear();
        projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "email-command-"));
        lines = [];
        warnings = [];
        endpoint = emulator.endpoint;
        studentCount = 2;
        config = { senderEmail: "no-reply@workshop.example" };
    });
    afterEach(() => fs.rmSync(projectDir, { recursive: true, force: true }));

    it("--dry-run renders and lists every email, sends nothing and writes no ledger", async () => {
        expect(await email("--dry-run")).to.equal(0);
        expect(lines.filter((l) => l.startsWith("would send"))).to.have.length(2);
        expect(lines.join("\n")).to.include("From no-reply@workshop.example").and.include("2 to send, 0 already sent");
        expect(await sentTo()).to.deep.equal([]);
        expect(fs.existsSync(emailLedgerPath(context().dataDir))).to.equal(false);
    });

    it("sends from the configured sender once, explaining the budget the stack outputs, and says so", async () => {
        expect(await email()).to.equal(0);
        expect((await sentTo()).sort()).to.deep.equal([
            "no-reply@workshop.example -> student1@example.com", "no-reply@workshop.example -> student2@example.com"]);
        const text = (await emulator.store()).emails[0].body.text!;
        expect(text).to.include("At 25% and 75% of it").and.include("At 100% the instructor is alerted");
        expect(lines.at(-1)).to.match(/^Welcome emails: 2 sent at up to 50\/s, 0 already sent, 0 need attention\.$/);

        expect(await email()).to.equal(0);
        expect(lines.at(-1)).to.equal("Welcome emails: 0 sent, 2 already sent, 0 need attention.");
        expect(await sentTo()).to.have.length(2);
        expect(await email("--all")).to.equal(0);
        expect(await sentTo()).to.have.length(4);
    });

    it("--summary appends the counts for a job summary, naming nobody", async () => {
        const summary = path.join(projectDir, "step-summary.md");
        fs.writeFileSync(summary, "### `up` for stack `dev`\n\n");
        expect(await email("--summary", summary)).to.equal(0);
        expect(await email("--summary", summary)).to.equal(0);
        const text = fs.readFileSync(summary, "utf8");
        expect(text.startsWith("### `up` for stack `dev`")).to.equal(true);
        expect(text).to.contain("**2 of 2** students have their welcome email: 2 sent now, 0 already sent earlier, 0 need attention.")
            .and.contain("**2 of 2** students have their welcome email: 0 sent now, 2 already sent earlier, 0 need attention.");
        expect(text).not.to.contain("@");
    });

    it("falls back to the instructor as sender when senderEmail is not set", async () => {
        delete config.senderEmail;
        await email("--resend", "student1@example.com");
        expect(await sentTo()).to.include("instructor@example.com -> student1@example.com");
    });

    it("has nothing to do before the first `up`, and needs no SES for it", async () => {
        studentCount = 0;
        expect(await email()).to.equal(0);
        expect(lines).to.deep.equal(["No students in the stack outputs yet: run `up` first."]);
        const report = await sendStackWelcomeEmails({ ...context(), env: {} }, sampleWorkshopOutputs(0, { instructorEmail: "" }));
        expect(report).to.deep.include({ sent: 0, failed: 0, ok: true, results: [] });
    });

    it("--preview writes one student's HTML to --out", async () => {
        const out = path.join(projectDir, "preview", "ana.html");
        expect(await email("--preview", "Student2@example.com", "--out", out)).to.equal(0);
        expect(fs.readFileSync(out, "utf8")).to.match(/^<!DOCTYPE html>/).and.include("100000000002");
        expect(await sentTo()).to.deep.equal([]);
    });

    it("fails with a clear message for an unknown student, and sets a non-zero exit code", async () => {
        expect(await email("--resend", "nobody@example.com")).to.equal(1);
        expect(warnings.join("\n")).to.match(/cannot resend to nobody@example.com: no student/);
        expect(await email("--preview", "nobody@example.com")).to.equal(1);
        expect(warnings.join("\n")).to.match(/no student with email nobody@example.com.*student1@example.com, student2@example.com/);
        expect(await email("--all", "--resend", "student1@example.com")).to.equal(1);
        expect(warnings.at(-1)).to.match(/--all already resends to every student/);
        expect(await email("--out", "x.html")).to.equal(1);
        expect(warnings.at(-1)).to.match(/--out is where --preview writes/);
        expect(await sentTo()).to.deep.equal([]);
    });

    it("refuses a sender that is not an email address", async () => {
        config.senderEmail = "not-an-email";
        expect(await email()).to.equal(1);
        expect(warnings.join("\n")).to.match(/sender "not-an-email" is not an email address/);
    });

    it("sets a non-zero exit code when sends fail, and records them for the next run", async () => {
        endpoint = `http://127.0.0.1:${await freeLoopbackPort()}`;
        expect(await email()).to.equal(1);
        expect(warnings.join("\n")).to.match(/could not read the SES account/).and.match(/failed +student1@example.com/);
        expect(lines.at(-1)).to.equal("Welcome emails: 0 sent at up to 1/s, 0 already sent, 2 need attention.");
        const ledger = JSON.parse(fs.readFileSync(emailLedgerPath(context().dataDir), "utf8"));
        expect(Object.values(ledger.records).map((r) => (r as { status: string }).status)).to.deep.equal(["failed", "failed"]);
    });
});
