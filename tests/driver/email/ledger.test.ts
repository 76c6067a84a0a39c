import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { EmailLedger, emailLedgerPath, LedgerDamagedError, type LedgerRecord } from "../../../driver/email/ledger";
import { planWelcomeEmails } from "../../../driver/email/plan";
import { withRunLock } from "../../../driver/email/run-lock";
import { welcomeInputs } from "../../../driver/email/welcome-input";
import { workshopDataDir } from "../../../driver/paths";
import { emailedAt, readEmailedMap } from "../../../driver/workshop-model/email-ledger";
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
        expect(() => EmailLedger.load(file)).to.throw(/version is missing/);
    });

    describe("checks the whole file and every record on load", () => {
        const valid = record("ana@example.com", "111111111111", "sent");
        const key = "ana@example.com 111111111111";
        const damaged: [string, string, RegExp][] = [
            ["records as a list", JSON.stringify({ version: 1, records: [] }), /records is a list; expected an object/],
            ["records null", JSON.stringify({ version: 1, records: null }), /records is null; expected an object/],
            ["the whole file null", "null", /the file holds null; expected an object/],
            ["the whole file a list", "[]", /the file holds a list; expected an object/],
            ["an empty file", "", /the file is empty/],
            ["a truncated file", JSON.stringify({ version: 1, records: { [key]: valid } }).slice(0, 40), /not valid JSON/],
            ["a later version", JSON.stringify({ version: 2, records: {} }), /version is 2; this driver reads version 1/],
            ["a record that is null", JSON.stringify({ version: 1, records: { [key]: null } }), /record "ana@example.com 111111111111" is null; expected an object/],
            ["an unknown status", JSON.stringify({ version: 1, records: { [key]: { ...valid, status: "snet" } } }),
                /record "ana@example.com 111111111111": status is "snet"; expected one of sending, sent, failed/],
            ["an email that is a number", JSON.stringify({ version: 1, records: { [key]: { ...valid, email: 42 } } }),
                /record "ana@example.com 111111111111": email is the number 42; expected text/],
            ["an account id that is missing", JSON.stringify({ version: 1, records: { [key]: { ...valid, accountId: undefined } } }),
                /record "ana@example.com 111111111111": accountId is missing; expected text/],
            ["attempts as text", JSON.stringify({ version: 1, records: { [key]: { ...valid, attempts: "1" } } }),
                /record "ana@example.com 111111111111": attempts is the text "1"; expected a whole number 0 or more/],
            ["a date that does not parse", JSON.stringify({ version: 1, records: { [key]: { ...valid, sentAt: "yesterday" } } }),
                /record "ana@example.com 111111111111": sentAt is "yesterday"; expected an ISO date/],
            ["a key that does not match its record", JSON.stringify({ version: 1, records: { "ana@example.com 222222222222": valid } }),
                /record "ana@example.com 222222222222" is for ana@example.com and account 111111111111; its key must be "ana@example.com 111111111111"/],
        ];
        for (const [what, text, problem] of damaged) {
            it(`refuses ${what}, naming the file, the problem and how to repair or move it aside`, () => {
                fs.mkdirSync(path.dirname(file), { recursive: true });
                fs.writeFileSync(file, text);
                let error: Error | undefined;
                try {
                    EmailLedger.load(file);
                } catch (e) {
                    error = e as Error;
                }
                expect(error, "loaded").to.be.instanceOf(LedgerDamagedError);
                expect(error!.message).to.match(problem);
                expect(error!.message).to.contain(`the email ledger ${file} `)
                    .and.contain(`mv ${file} ${file}.damaged`).and.contain("every student is emailed again");
                expect(fs.readFileSync(file, "utf8"), "the file is left as it was").to.equal(text);
            });
        }

        it("lists every problem of a file, up to a few", () => {
            fs.mkdirSync(path.dirname(file), { recursive: true });
            const records = Object.fromEntries(Array.from({ length: 8 }, (_, i) =>
                [`s${i}@example.com 111111111111`, { ...record(`s${i}@example.com`, "111111111111", "sent"), status: "lost" }]));
            fs.writeFileSync(file, JSON.stringify({ version: 1, records }));
            expect(() => EmailLedger.load(file)).to.throw(/s0@example.com[\s\S]*s4@example.com[\s\S]*and 3 more problem\(s\)/);
        });

        it("reads a ledger saved with a byte order mark (a Windows editor) and saves it without", () => {
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, "\uFEFF" + JSON.stringify({ version: 1, records: { [key]: valid } }));
            const ledger = EmailLedger.load(file);
            expect(ledger.get("ana@example.com", "111111111111")).to.deep.equal(valid);
            ledger.put(record("bo@example.com", "222222222222", "failed"));
            expect(fs.readFileSync(file, "utf8")).to.match(/^\{/);
        });

        it("keeps extra fields it does not know, and optional ones may be absent", () => {
            fs.mkdirSync(path.dirname(file), { recursive: true });
            const noted = { ...valid, messageId: "m-1", sentAt: "2026-05-01T10:00:00.000Z", note: "sent by hand" };
            fs.writeFileSync(file, JSON.stringify({ version: 1, records: { [key]: noted } }));
            expect(EmailLedger.load(file).get("ana@example.com", "111111111111")).to.deep.equal(noted);
        });
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
