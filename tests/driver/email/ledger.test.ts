import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expect } from "chai";
import { emailedAt, readEmailedMap } from "../../../driver/dashboard/email-ledger";
import { EmailLedger, emailLedgerPath, type LedgerRecord } from "../../../driver/email/ledger";
import { planWelcomeEmails } from "../../../driver/email/plan";
import { withRunLock } from "../../../driver/email/run-lock";
import { welcomeInputs } from "../../../driver/email/welcome-input";
import { workshopDataDir } from "../../../driver/paths";
import { sampleWorkshopOutputs } from "../../fixtures/outputs";

const record = (email: string, accountId: string, status: LedgerRecord["status"]): LedgerRecord =>
    ({ email, accountId, status, attempts: 1, updatedAt: "2026-05-01T10:00:00.000Z" });

describe("email ledger", () => {
    let dir: string;
    let file: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "email-ledger-"));
        file = emailLedgerPath(workshopDataDir(dir, "dev"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("lives at <dataDir>/email-ledger.json", () => {
        expect(file).to.equal(path.join(dir, ".workshop", "dev", "email-ledger.json"));
    });

    it("is empty before the first run, and every put is on disk at once, leaving no temp file", () => {
        const ledger = EmailLedger.load(file);
        expect(ledger.all()).to.deep.equal([]);
        ledger.put(record("Ana@Example.com", "111111111111", "sent"));
        expect(EmailLedger.load(file).get("ana@example.com", "111111111111")).to.include({ status: "sent" });
        expect(fs.readdirSync(path.dirname(file))).to.deep.equal(["email-ledger.json"]);
    });

    it("keys records by email and account: a new account is a new record", () => {
        const ledger = EmailLedger.load(file);
        ledger.put(record("ana@example.com", "111111111111", "sent"));
        expect(ledger.get("ana@example.com", "222222222222")).to.equal(undefined);
        ledger.put(record("ana@example.com", "222222222222", "failed"));
        const reloaded = EmailLedger.load(file);
        expect(reloaded.all()).to.have.length(2);
        expect(reloaded.get("ana@example.com", "111111111111")).to.include({ status: "sent" });
        expect(reloaded.get("ana@example.com", "222222222222")).to.include({ status: "failed" });
    });

    it("is readable by the dashboard, which shows who was emailed", () => {
        const ledger = EmailLedger.load(file);
        ledger.put({ ...record("Ana@Example.com", "111111111111", "sent"), sentAt: "2026-05-01T10:00:00.000Z" });
        ledger.put(record("bo@example.com", "222222222222", "failed"));
        const emailed = readEmailedMap(file);
        expect(emailedAt(emailed, "ana@example.com", "111111111111")).to.equal("2026-05-01T10:00:00.000Z");
        expect(emailedAt(emailed, "bo@example.com", "222222222222")).to.equal(undefined);
    });

    it("refuses a damaged ledger instead of starting over (which would email everyone again)", () => {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, "{ not json");
        expect(() => EmailLedger.load(file)).to.throw(/not valid JSON[\s\S]*every student is emailed again/);
        fs.writeFileSync(file, JSON.stringify({ records: [] }));
        expect(() => EmailLedger.load(file)).to.throw(/not a version 1 ledger/);
    });

    it("plans new, failed, sent and in-doubt students each their own way", () => {
        const inputs = welcomeInputs(sampleWorkshopOutputs(4));
        const ledger = EmailLedger.load(file);
        ledger.put(record("student2@example.com", "100000000002", "failed"));
        ledger.put(record("student3@example.com", "100000000003", "sent"));
        ledger.put(record("student4@example.com", "100000000004", "sending"));
        const plan = planWelcomeEmails(inputs, ledger).map((p) => `${p.action}:${p.reason}`);
        expect(plan).to.deep.equal(["send:new", "send:retry-failed", "skip:already-sent", "hold:in-doubt"]);
        expect(planWelcomeEmails(inputs, ledger, "all").every((p) => p.action === "send")).to.equal(true);
    });

    it("lets only one run at a time hold the lock, and releases it when the run fails", async () => {
        let inner: unknown;
        await withRunLock(file, async () => {
            inner = await withRunLock(file, async () => "second").catch((e: Error) => e);
        });
        expect(String(inner)).to.match(/already in progress/);
        await withRunLock(file, async () => { throw new Error("boom"); }).catch(() => undefined);
        expect(fs.existsSync(`${file}.lock`)).to.equal(false);
    });

    it("takes over a lock left by a process that is gone", async () => {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(`${file}.lock`, "2147483646");
        expect(await withRunLock(file, async () => "ran")).to.equal("ran");
    });
});
