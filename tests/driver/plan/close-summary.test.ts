import { expect } from "chai";

import { closeExitCode, closeOutcome, closeSummary, WAITING_EXIT_CODE } from "../../../driver/plan/close-summary";
import type { UpdateResult } from "../../../driver/pulumi/engine";

const ACCOUNT = "aws:organizations/account:Account";
const students = ["ada", "grace", "linus", "alan"].map((n) => ({ key: `${n}-at-uni-example`, email: `${n}@uni.example`, name: n }));
const change = (name: string, type = ACCOUNT) => ({ urn: `urn:${type}::${name}`, type, name, op: "delete" as const });
const failure = (name: string, message: string, type = ACCOUNT) => ({ urn: `urn:${type}::${name}`, type, name, message });

function result(failures: UpdateResult["failures"]): UpdateResult {
    return {
        ok: failures.length === 0, failures, outputs: {},
        changes: students.map((s) => change(s.key)).concat(change("workshop", "aws:organizations/organizationalUnit:OrganizationalUnit")),
    };
}

describe("close summary", () => {
    const now = new Date("2026-11-23T12:00:00Z");

    it("counts closed accounts, those waiting for the quota and those still closing (PENDING_CLOSURE counts as closed)", () => {
        const r = result([
            failure("grace-at-uni-example", "deleting AWS Organizations Account (2): ConstraintViolationException: ... (CLOSE_ACCOUNT_QUOTA_EXCEEDED)"),
            failure("linus-at-uni-example", "waiting for AWS Organizations Account (3) delete: timeout while waiting for resource to be gone (last state: 'PENDING_CLOSURE', timeout: 30m0s)"),
        ]);
        const outcome = closeOutcome(r, students);
        expect(outcome).to.deep.equal({ closed: 2, refused: ["grace@uni.example"], queued: [], stillClosing: ["linus@uni.example"], otherFailures: 0 });
        expect(closeSummary(outcome, "destroy", now)).to.deep.equal([
            "Closed 2 account(s); 1 wait for the quota (grace@uni.example): run `npm run destroy` again after 2026-12-23; " +
            "1 were still closing when the wait ended (linus@uni.example): run `npm run destroy` again in a few minutes.",
        ]);
        expect(closeExitCode(r, outcome)).to.equal(WAITING_EXIT_CODE);
    });

    it("accounts the run did not reach after a refusal wait for the quota too", () => {
        const r = result([failure("grace-at-uni-example", "(CLOSE_ACCOUNT_QUOTA_EXCEEDED)")]);
        r.changes = r.changes.filter((c) => !["grace-at-uni-example", "alan-at-uni-example"].includes(c.name));
        const outcome = closeOutcome(r, students);
        expect(outcome).to.include({ closed: 2, otherFailures: 0 });
        expect(outcome.queued).to.deep.equal(["alan@uni.example"]);
        expect(closeSummary(outcome, "destroy", now)[0]).to.equal("Closed 2 account(s); 2 wait for the quota (1 refused by Organizations, " +
            "1 queued behind them: grace@uni.example, alan@uni.example): run `npm run destroy` again after 2026-12-23.");
    });

    it("a close refused at the account's gate (Pulumi forgot the account, the gate closes it) waits for the quota, not counted closed", () => {
        const GATE = "pulumi-nodejs:dynamic/workshop-accounts:AccountGate";
        const r = result([failure("grace-at-uni-example-gate", "ConstraintViolationException: ... (CLOSE_ACCOUNT_QUOTA_EXCEEDED)", GATE)]);
        const outcome = closeOutcome(r, students);
        expect(outcome).to.deep.equal({ closed: 3, refused: ["grace@uni.example"], queued: [], stillClosing: [], otherFailures: 0 });
        expect(closeExitCode(r, outcome)).to.equal(WAITING_EXIT_CODE);
    });

    it("any other failure is a failure", () => {
        const r = result([
            failure("grace-at-uni-example", "(CLOSE_ACCOUNT_QUOTA_EXCEEDED)"),
            failure("workshop", "OrganizationalUnitNotEmptyException", "aws:organizations/organizationalUnit:OrganizationalUnit"),
        ]);
        expect(closeExitCode(r, closeOutcome(r, students))).to.equal(1);
        expect(closeExitCode(result([]), closeOutcome(result([]), students))).to.equal(0);
        expect(closeSummary(closeOutcome(result([]), students), "up", now)).to.deep.equal(["Closed 4 account(s)."]);
    });
});
