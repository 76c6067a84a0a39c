import { expect } from "chai";
import * as fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { emailLedgerPath, ledgerKey } from "../../../driver/email/ledger";
import type { WelcomeMailer } from "../../../driver/email/mailer";
import { sendWelcomeEmails } from "../../../driver/email/send";
import { manualClock } from "../../../driver/time/clock";
import { sampleWorkshopOutputs } from "../../fixtures/outputs";

const outputs = sampleWorkshopOutputs(3);
const students = Object.values(outputs.students);

/** A record for one of the students, as a run of the driver writes it. */
const validRecord = fc.record({
    student: fc.constantFrom(...students),
    status: fc.constantFrom("sending", "sent", "failed"),
    attempts: fc.nat(4),
    sent: fc.boolean(),
}).map(({ student, status, attempts, sent }) => ({
    email: student.email, accountId: student.accountId, status, attempts, updatedAt: "2026-05-01T10:00:00.000Z",
    ...(status === "sent" && sent ? { messageId: `m-${student.accountId}`, sentAt: "2026-05-01T10:00:00.000Z" } : {}),
}));

const validLedger = fc.array(validRecord, { maxLength: 3 })
    .map((records) => ({ version: 1, records: Object.fromEntries(records.map((r) => [ledgerKey(r.email, r.accountId), r])) }));

/** One field of one record replaced by any JSON value: sometimes still valid, mostly not. */
const wrongTypes = fc.tuple(validLedger, fc.constantFrom("email", "accountId", "status", "attempts", "updatedAt", "sentAt", "messageId"),
    fc.jsonValue()).map(([ledger, field, value]) => {
    const [first] = Object.values(ledger.records) as Record<string, unknown>[];
    if (first) first[field] = value;
    return JSON.stringify(ledger);
});

const ledgerText = fc.oneof(
    validLedger.map((ledger) => JSON.stringify(ledger, null, 2)),
    fc.tuple(validLedger, fc.nat()).map(([ledger, cut]) => {
        const text = JSON.stringify(ledger);
        return text.slice(0, cut % text.length);
    }),
    wrongTypes,
    validLedger.map((ledger) => JSON.stringify({ ...ledger, records: Object.values(ledger.records) })),
    fc.constantFrom("", "null", "[]", "{}", "42", '"ledger"', '{"version":1}', '{"version":1,"records":[]}', '{"version":1,"records":null}',
        '{"version":"1","records":{}}', '{"version":2,"records":{}}'),
    validLedger.map((ledger) => `\uFEFF${JSON.stringify(ledger)}`),
    fc.jsonValue().map((value) => JSON.stringify(value)),
);

/** Counts every SendEmail; SES itself is never asked. */
function countingMailer(sends: string[]): WelcomeMailer {
    return {
        account: async () => ({ maxSendRate: 1000, productionAccess: true, sendingEnabled: true }),
        send: async (email) => {
            sends.push(email.to);
            return { messageId: `m-${sends.length}` };
        },
    };
}

describe("welcome emails over any ledger file (property)", () => {
    let dir: string;
    beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "ledger-property-")); });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("a run refuses before sending anything, or each student is emailed at most once over any number of runs", async () => {
        let example = 0;
        await fc.assert(fc.asyncProperty(ledgerText, fc.integer({ min: 1, max: 3 }), async (text, runs) => {
            const dataDir = path.join(dir, String(example++));
            const ledgerPath = emailLedgerPath(dataDir);
            fs.mkdirSync(dataDir, { recursive: true });
            fs.writeFileSync(ledgerPath, text);
            const sends: string[] = [];
            for (let run = 0; run < runs; run++) {
                const before = sends.length;
                try {
                    await sendWelcomeEmails({ outputs, ledgerPath, ses: countingMailer(sends), from: "workshop@example.com",
                        clock: manualClock(), now: () => new Date("2026-05-02T09:00:00Z") });
                } catch (error) {
                    expect(sends.length, "sent before refusing").to.equal(before);
                    expect((error as Error).message).to.contain(`the email ledger ${ledgerPath} `).and.contain("move it aside");
                    expect(error).not.to.be.instanceOf(TypeError);
                }
            }
            const twice = sends.filter((to, i) => sends.indexOf(to) !== i);
            expect(twice, `emailed twice from ${JSON.stringify(text)}`).to.deep.equal([]);
        }), { numRuns: 60 });
    });
});
