import { MessageRejected, SESv2Client, TooManyRequestsException } from "@aws-sdk/client-sesv2";
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { EmailLedger,emailLedgerPath } from "../../../driver/email/ledger";
import { type OutgoingEmail, sesClient, sesMailer, type WelcomeMailer } from "../../../driver/email/mailer";
import { sendWelcomeEmails, type SendWelcomeEmailsOptions } from "../../../driver/email/send";
import type { WorkshopOutputs } from "../../../infra/outputs";
import { sampleStudent, sampleWorkshopOutputs } from "../../fixtures/outputs";
import { testAwsClients } from "../../support/aws";
import { type SesEmulator,startSesEmulator } from "../../support/ses-emulator";

const FROM = "workshop-mail@example.com";

function clientFor(emulator: SesEmulator): SESv2Client {
    return sesClient(testAwsClients({ SES_ENDPOINT: emulator.endpoint }));
}

/** Passes calls through to the emulator, except that `fail` may throw for a message first. */
function wrappedMailer(emulator: SesEmulator, fail: (email: OutgoingEmail) => Error | undefined): WelcomeMailer & { sends: string[] } {
    const real = sesMailer(clientFor(emulator));
    const sends: string[] = [];
    return {
        sends,
        account: () => real.account(),
        send: async (email) => {
            sends.push(email.to);
            const error = fail(email);
            if (error) throw error;
            return real.send(email);
        },
    };
}

function rejected(message: string): MessageRejected {
    return new MessageRejected({ message, $metadata: { httpStatusCode: 400 } });
}

describe("welcome emails against the SES emulator", function () {
    let emulator: SesEmulator;
    let dataDir: string;
    let ledgerPath: string;
    const outputs = sampleWorkshopOutputs(3);
    const run = (extra: Partial<SendWelcomeEmailsOptions> = {}) =>
        sendWelcomeEmails({ outputs, ledgerPath, ses: clientFor(emulator), from: FROM, ...extra });
    const recipients = async () => (await emulator.store()).emails.map((e) => e.destination.to.join(","));

    before(async () => {
        emulator = await startSesEmulator({ maxSendRate: 100 });
    });
    after(async () => {
        await emulator?.stop();
    });
    beforeEach(async () => {
        await emulator.clear();
        dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "welcome-emails-"));
        ledgerPath = emailLedgerPath(dataDir);
    });
    afterEach(() => {
        fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it("sends each student one email with their facts, as HTML and text, from the sender with the instructor as Reply-To", async () => {
        const report = await run();
        expect(report).to.include({ sent: 3, skipped: 0, failed: 0, ok: true });
        const { emails } = await emulator.store();
        expect(emails.map((e) => e.destination.to).sort()).to.deep.equal([["student1@example.com"], ["student2@example.com"], ["student3@example.com"]]);
        const email = emails.find((e) => e.destination.to[0] === "student2@example.com")!;
        expect(email.from).to.equal(FROM);
        expect(email.replyTo).to.deep.equal(["instructor@example.com"]);
        expect(email.subject).to.equal("serverless-101: your AWS account is ready, Student");
        for (const part of [email.body.html!, email.body.text!]) {
            expect(part).to.include("100000000002").and.include("https://d-0123456789.awsapps.com/start").and.include("$25.00");
        }
        expect(email.body.html).to.match(/^<!DOCTYPE html>/);
        const record = EmailLedger.load(ledgerPath).get("student2@example.com", "100000000002");
        expect(record).to.include({ status: "sent", messageId: email.messageId, attempts: 1 });
    });

    it("never sends twice: a second run skips everyone and SES stores no duplicate", async () => {
        await run();
        const second = await run();
        expect(second).to.include({ sent: 0, skipped: 3, ok: true });
        expect(second.account, "nothing to send, so SES is not even asked").to.equal(undefined);
        expect((await recipients()).sort()).to.deep.equal(["student1@example.com", "student2@example.com", "student3@example.com"]);
    });

    it("resends to one student on request, or to all", async () => {
        await run();
        const one = await run({ resend: ["STUDENT3@example.com"] });
        expect(one).to.include({ sent: 1, skipped: 2 });
        expect((await recipients()).filter((r) => r === "student3@example.com")).to.have.length(2);
        const all = await run({ resend: "all" });
        expect(all).to.include({ sent: 3, skipped: 0 });
        expect(await recipients()).to.have.length(7);
        expect(EmailLedger.load(ledgerPath).get("student3@example.com", "100000000003")!.attempts).to.equal(3);
    });

    it("refuses to resend to an email that is no student, before sending anything", async () => {
        let error: Error | undefined;
        await run({ resend: ["nobody@example.com"] }).catch((e: Error) => (error = e));
        expect(error?.message).to.match(/cannot resend to nobody@example.com: no student/);
        expect(await recipients()).to.deep.equal([]);
    });

    it("emails a student again when they come back with a new account", async () => {
        await run();
        const readded: WorkshopOutputs = { ...outputs, students: { ...outputs.students,
            "student1-at-example-com": sampleStudent("student1@example.com", "Student 1", "999999999999") } };
        const report = await run({ outputs: readded });
        expect(report).to.include({ sent: 1, skipped: 2 });
        const last = (await emulator.store()).emails.at(-1)!;
        expect(last.destination.to).to.deep.equal(["student1@example.com"]);
        expect(last.body.text).to.include("999999999999");
    });

    it("records an unverified recipient in the sandbox with advice, sends the others, and retries it next run", async () => {
        const sandbox = await startSesEmulator({ maxSendRate: 100, productionAccessEnabled: false });
        try {
            const failing = wrappedMailer(sandbox, (e) => e.to === "student2@example.com"
                ? rejected("Email address is not verified. The following identities failed the check in region US-EAST-1: student2@example.com")
                : undefined);
            const first = await sendWelcomeEmails({ outputs, ledgerPath, ses: failing, from: FROM });
            expect(first).to.include({ sent: 2, failed: 1, ok: false });
            expect(first.warnings.join("\n")).to.match(/SES is in the sandbox/);
            const failed = first.results.find((r) => r.status === "failed")!;
            expect(failed).to.include({ email: "student2@example.com", attempts: 1 });
            expect(failed.status === "failed" && failed.advice).to.match(/^SES is in the sandbox: verify student2@example.com .*request production access/);
            expect(EmailLedger.load(ledgerPath).get("student2@example.com", "100000000002"))
                .to.include({ status: "failed", attempts: 1 }).and.have.property("lastError").that.matches(/MessageRejected: Email address is not verified/);

            const retry = await sendWelcomeEmails({ outputs, ledgerPath, ses: clientFor(sandbox), from: FROM });
            expect(retry).to.include({ sent: 1, skipped: 2, failed: 0, ok: true });
            expect((await sandbox.store()).emails.map((e) => e.destination.to[0]).sort())
                .to.deep.equal(["student1@example.com", "student2@example.com", "student3@example.com"]);
            expect(EmailLedger.load(ledgerPath).get("student2@example.com", "100000000002")).to.include({ status: "sent", attempts: 2 });
        } finally {
            await sandbox.stop();
        }
    });

    it("retries throttling with backoff and delivers exactly once", async () => {
        let throttles = 2;
        const throttled = wrappedMailer(emulator, (e) => e.to === "student1@example.com" && throttles-- > 0
            ? new TooManyRequestsException({ message: "Maximum sending rate exceeded.", $metadata: { httpStatusCode: 429 } })
            : undefined);
        const report = await sendWelcomeEmails({ outputs, ledgerPath, ses: throttled, from: FROM,
            backoff: { baseDelayMs: 10, random: () => 0.5 } });
        expect(report).to.include({ sent: 3, failed: 0 });
        expect(report.results.find((r) => r.email === "student1@example.com")).to.include({ status: "sent", attempts: 3 });
        expect((await recipients()).filter((r) => r === "student1@example.com")).to.have.length(1);
    });

    it("gives up on throttling after the bound and leaves the email for the next run", async () => {
        const alwaysThrottled = wrappedMailer(emulator, (e) => e.to === "student3@example.com"
            ? new TooManyRequestsException({ message: "Maximum sending rate exceeded.", $metadata: { httpStatusCode: 429 } })
            : undefined);
        const report = await sendWelcomeEmails({ outputs, ledgerPath, ses: alwaysThrottled, from: FROM,
            backoff: { maxAttempts: 3, baseDelayMs: 1, random: () => 0 } });
        expect(alwaysThrottled.sends.filter((to) => to === "student3@example.com")).to.have.length(3);
        expect(report).to.include({ sent: 2, failed: 1 });
        expect(EmailLedger.load(ledgerPath).get("student3@example.com", "100000000003"))
            .to.include({ status: "failed", attempts: 3 }).and.have.property("lastError").that.matches(/after 3 attempts/);
    });

    it("stops at an unverified sender instead of failing every student one by one", async () => {
        const badSender = wrappedMailer(emulator, () =>
            rejected(`Email address is not verified. The following identities failed the check in region US-EAST-1: ${FROM}`));
        const report = await sendWelcomeEmails({ outputs, ledgerPath, ses: badSender, from: FROM });
        expect(badSender.sends).to.have.length(1);
        expect(report).to.include({ sent: 0, failed: 3 });
        for (const result of report.results) {
            expect(result.status === "failed" && result.advice).to.match(new RegExp(`sender ${FROM} is not a verified SES identity`));
        }
        expect(await recipients()).to.deep.equal([]);
    });

    it("holds an email a crashed run may have sent, until the instructor resends it", async () => {
        await run();
        const ledger = EmailLedger.load(ledgerPath);
        ledger.put({ ...ledger.get("student1@example.com", "100000000001")!, status: "sending" });
        await emulator.clear();

        const held = await run();
        expect(held).to.include({ sent: 0, failed: 1, ok: false });
        expect(held.results[0]).to.include({ email: "student1@example.com", status: "in-doubt" });
        expect(await recipients()).to.deep.equal([]);

        const resent = await run({ resend: ["student1@example.com"] });
        expect(resent).to.include({ sent: 1, ok: true });
        expect(await recipients()).to.deep.equal(["student1@example.com"]);
    });

    it("a run stopped while waiting for its pacing turn leaves nobody in doubt", async () => {
        // The clock never wakes the run from its first pacing wait, which comes after the first
        // email went out: the ledger on disk is then what a kill at that moment would leave.
        let waiting!: () => void;
        const reachedWait = new Promise<void>((resolve) => { waiting = resolve; });
        const frozen = { now: () => performance.now(), sleep: () => { waiting(); return new Promise<void>(() => undefined); } };
        void run({ maxSendRate: 1, clock: frozen });
        await reachedWait;
        const ledger = EmailLedger.load(ledgerPath);
        const statuses = ["100000000001", "100000000002", "100000000003"]
            .map((id, i) => ledger.get(`student${i + 1}@example.com`, id)?.status ?? "none");
        expect(statuses).to.deep.equal(["sent", "none", "none"]);
    });

    it("paces real sends to the account's MaxSendRate (2/s: 4 messages take at least 1.5 s)", async function () {
        const slow = await startSesEmulator({ maxSendRate: 2 });
        try {
            const started = performance.now();
            const report = await sendWelcomeEmails({ outputs: sampleWorkshopOutputs(4), ledgerPath, ses: clientFor(slow), from: FROM });
            const elapsed = (performance.now() - started) / 1000;
            expect(report).to.include({ sent: 4, sendRate: 2 });
            expect(report.account).to.include({ maxSendRate: 2, productionAccess: true });
            expect(elapsed).to.be.at.least(1.5);
            expect(elapsed, "paced, not stalled").to.be.below(2.5);
            expect((await slow.store()).emails).to.have.length(4);
        } finally {
            await slow.stop();
        }
    });
});
