import { expect } from "chai";
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";

import { EmailLedger, LedgerDamagedError } from "../../../driver/email/ledger";
import { readEmailedMap } from "../../../driver/workshop-model/email-ledger";
import { dashboardModel } from "../../../driver/workshop-model/model";
import { PERIOD, spend, states } from "../../fixtures/dashboard";
import { fixtureOutputs } from "../../fixtures/outputs";

describe("dashboard email ledger", () => {
    let dir: string;
    beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), "dashboard-ledger-")); });
    afterEach(() => fs.rm(dir, { recursive: true, force: true }));

    it("counts sent emails only, and only for the account they were sent for", () => {
        const ledger = EmailLedger.load(path.join(dir, "email-ledger.json"));
        const record = (email: string, accountId: string, status: "sent" | "sending" | "failed") =>
            ({ email, accountId, status, attempts: 1, updatedAt: "2026-11-02T09:00:00Z", ...(status === "sent" ? { sentAt: "2026-11-02T09:00:00Z" } : {}) });
        ledger.put(record("Ada@Students.example", "111111111111", "sent"));
        ledger.put(record("grace@students.example", "999999999999", "sent"));
        ledger.put(record("linus@students.example", "333333333333", "sending"));
        ledger.put(record("margaret@students.example", "444444444444", "failed"));
        const model = dashboardModel(fixtureOutputs(), spend({}), PERIOD, states, readEmailedMap(ledger.filePath));
        expect(model.students.filter((s) => s.emailed).map((s) => s.email)).to.deep.equal(["ada@students.example"]);
    });
    it("reads a missing ledger as nobody emailed, but a damaged one is an error, never \"nobody emailed\"", async () => {
        expect(readEmailedMap(path.join(dir, "no-such-dir", "email-ledger.json"))).to.deep.equal({});
        for (const damaged of ["{ not json", JSON.stringify({ version: 1, records: [] })]) {
            await fs.writeFile(path.join(dir, "email-ledger.json"), damaged);
            expect(() => readEmailedMap(path.join(dir, "email-ledger.json"))).to.throw(LedgerDamagedError);
        }
    });
});
